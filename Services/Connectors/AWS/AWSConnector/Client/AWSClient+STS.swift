import Foundation

extension AWSClient {
    /// STS AssumeRole: temporary credentials for `roleARN` (1 hour). The returned client shares this one's
    /// endpoints, transport, retry policy and throttle.
    public func assumingRole(_ roleARN: String, sessionName: String, region: String) async throws -> AWSClient {
        let doc = try await query(service: "sts", region: region, action: "AssumeRole", version: "2011-06-15",
                                  params: [("RoleArn", roleARN), ("RoleSessionName", sessionName),
                                           ("DurationSeconds", "3600")])
        guard let creds = doc.at("AssumeRoleResult/Credentials"), let key = creds.string("AccessKeyId"),
              let secret = creds.string("SecretAccessKey"), !key.isEmpty, !secret.isEmpty else {
            throw AWSError(code: "connector.aws.response.invalid", message: "AssumeRole returned no credentials",
                           operation: "sts:AssumeRole")
        }
        return with(credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                                                sessionToken: creds.string("SessionToken"),
                                                source: "assumed role \(roleARN)"))
    }
}
