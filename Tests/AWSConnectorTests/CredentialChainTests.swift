import Foundation
import Testing
@testable import AWSConnector

@Suite struct CredentialChainTests {
    /// A temp home with ~/.aws/credentials and ~/.aws/config.
    func home(credentials: String, config: String = "") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aws-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try credentials.write(to: dir.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try config.write(to: dir.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        return dir.path
    }

    let credentialsText = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secretdefault

        [audit]
        aws_access_key_id=AKIDAUDIT
        aws_secret_access_key=secretaudit
        aws_session_token = tokenaudit
        """
    let configText = """
        [default]
        region = eu-west-1
        [profile audit]
        region = ap-southeast-2
        """

    @Test func defaultProfileFromFilesWithRegionFromConfig() throws {
        let chain = AWSCredentialChain(environment: [:], homeDirectory: try home(credentials: credentialsText, config: configText))
        let id = try chain.resolve()
        #expect(id.credentials.accessKeyID == "AKIDDEFAULT")
        #expect(id.credentials.secretAccessKey == "secretdefault")
        #expect(id.credentials.sessionToken == nil)
        #expect(id.region == "eu-west-1")
    }

    @Test func explicitProfileWinsOverEnvironmentKeysAndCarriesSessionToken() throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secretenv"]
        let chain = AWSCredentialChain(environment: env, homeDirectory: try home(credentials: credentialsText, config: configText))
        let id = try chain.resolve(profile: "audit")
        #expect(id.credentials.accessKeyID == "AKIDAUDIT")
        #expect(id.credentials.sessionToken == "tokenaudit")
        #expect(id.region == "ap-southeast-2")
        #expect(id.profile == "audit")
    }

    @Test func awsProfileVariableSelectsTheProfile() throws {
        let chain = AWSCredentialChain(environment: ["AWS_PROFILE": "audit"],
                                       homeDirectory: try home(credentials: credentialsText, config: configText))
        #expect(try chain.resolve().credentials.accessKeyID == "AKIDAUDIT")
    }

    @Test func environmentKeysWithSessionTokenAndRegion() throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secretenv", "AWS_SESSION_TOKEN": "tok",
                   "AWS_REGION": "us-west-2"]
        let id = try AWSCredentialChain(environment: env, homeDirectory: try home(credentials: credentialsText)).resolve()
        #expect(id.credentials.accessKeyID == "AKIDENV")
        #expect(id.credentials.sessionToken == "tok")
        #expect(id.credentials.source == "environment")
        #expect(id.region == "us-west-2")
    }

    @Test func fileLocationsFromEnvironment() throws {
        let dir = try home(credentials: "")
        let creds = dir + "/elsewhere-credentials"
        try "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n".write(toFile: creds, atomically: true, encoding: .utf8)
        let conf = dir + "/elsewhere-config"
        try "[profile ci]\nregion = sa-east-1\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let env = ["AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": conf, "AWS_PROFILE": "ci"]
        let id = try AWSCredentialChain(environment: env, homeDirectory: dir).resolve()
        #expect(id.credentials.accessKeyID == "AKIDCI")
        #expect(id.region == "sa-east-1")
    }

    @Test func missingCredentialsGiveAClearError() throws {
        let chain = AWSCredentialChain(environment: [:], homeDirectory: try home(credentials: credentialsText))
        do {
            _ = try chain.resolve(profile: "nosuch")
            Issue.record("expected an error")
        } catch let e as AWSError {
            #expect(e.code == "connector.aws.credentials.missing")
            #expect(e.message == "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or configure "
                + "~/.aws/credentials (profile nosuch)")
        }
    }

    @Test func endpointResolution() throws {
        #expect(try AWSEndpoints.resolve(requested: nil, environment: [:]).url(service: "ec2", region: "eu-west-1")
            .absoluteString == "https://ec2.eu-west-1.amazonaws.com")
        #expect(try AWSEndpoints.resolve(requested: nil, environment: [:]).url(service: "iam", region: "eu-west-1")
            .absoluteString == "https://iam.amazonaws.com")
        let env = ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"]
        #expect(try AWSEndpoints.resolve(requested: nil, environment: env).url(service: "s3", region: "x").absoluteString
            == "http://127.0.0.1:5000")
        #expect(try AWSEndpoints.resolve(requested: "http://10.0.0.1:1", environment: env).custom?.absoluteString
            == "http://10.0.0.1:1")
        #expect(throws: AWSError.self) { try AWSEndpoints.resolve(requested: "not a url", environment: [:]) }
    }
}
