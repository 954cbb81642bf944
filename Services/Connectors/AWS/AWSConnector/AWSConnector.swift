// AWSConnector
