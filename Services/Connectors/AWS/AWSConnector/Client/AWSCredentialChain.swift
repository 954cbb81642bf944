import Foundation

/// Resolves credentials and region the way the AWS CLI does, minus SSO/process/IMDS providers:
/// 1. an explicit profile (argument, else `AWS_PROFILE` when no keys are in the environment) read
///    from `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`) and `~/.aws/config` (`AWS_CONFIG_FILE`);
/// 2. otherwise `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`;
/// 3. otherwise the `default` profile from the files.
/// Region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
public struct AWSCredentialChain: Sendable {
    public var environment: [String: String]
    public var homeDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String = NSHomeDirectory()) {
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    public func resolve(profile explicitProfile: String? = nil) throws -> AWSIdentityConfig {
        let envProfile = env("AWS_PROFILE")
        let profile = explicitProfile.flatMap { $0.isEmpty ? nil : $0 } ?? envProfile ?? "default"
        let credentialsPath = env("AWS_SHARED_CREDENTIALS_FILE") ?? homeDirectory + "/.aws/credentials"
        let configPath = env("AWS_CONFIG_FILE") ?? homeDirectory + "/.aws/config"
        let credentialsFile = try Self.readINI(credentialsPath)
        let configFile = try Self.readINI(configPath)
        let fromCredentials = credentialsFile[profile] ?? [:]
        let fromConfig = configFile[profile == "default" ? "default" : "profile \(profile)"]
            ?? configFile[profile] ?? [:]
        let region = env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? fromConfig["region"] ?? fromCredentials["region"]

        let profileChosen = explicitProfile.map { !$0.isEmpty } ?? false
        if !profileChosen, let key = env("AWS_ACCESS_KEY_ID"), let secret = env("AWS_SECRET_ACCESS_KEY") {
            let creds = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: env("AWS_SESSION_TOKEN"),
                                       source: "environment")
            return AWSIdentityConfig(credentials: creds, region: region, profile: profile)
        }
        for (section, path) in [(fromCredentials, credentialsPath), (fromConfig, configPath)] {
            if let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"],
               !key.isEmpty, !secret.isEmpty {
                let creds = AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                                           sessionToken: section["aws_session_token"] ?? section["aws_security_token"],
                                           source: "profile \(profile) (\(path))")
                return AWSIdentityConfig(credentials: creds, region: region, profile: profile)
            }
        }
        throw AWSError.noCredentials(profile: profile)
    }

    private func env(_ key: String) -> String? {
        environment[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// Sections of an INI file (`[name]` → key → value); a missing file is empty, an unreadable one an error.
    static func readINI(_ path: String) throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AWSError(code: "connector.aws.credentials.unreadable",
                           message: "cannot read \(path): check its permissions and that it is UTF-8 text")
        }
        return parseINI(text)
    }

    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                    .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sections[section]?[key] = value
        }
        return sections
    }
}
