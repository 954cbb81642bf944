import Crypto
import Foundation
import PalisadeModel

/// Looks at text that may hold secrets (EC2 user data, Lambda environment, container environment) without
/// keeping it: collectors store only whether it is present, its SHA-256, the names of the secret-like
/// patterns found in it and the AWS access key ids it mentions — never the text or any other matched value.
public enum SecretScan {
    /// Pattern name → regular expression. Names, not matches, are what a resource records.
    public static let patterns: [(name: String, regex: String)] = [
        ("aws-access-key-id", #"\b(A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[0-9A-Z]{16}\b"#),
        ("aws-secret-access-key", #"(?i)aws_secret_access_key\s*[=:]"#),
        ("private-key", #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"#),
        ("password-assignment", #"(?i)(password|passwd)\s*[=:]\s*\S"#),
        ("secret-assignment", #"(?i)(secret|token|api[_-]?key)\s*[=:]\s*\S"#),
        ("url-credentials", #"[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"#),
        ("github-token", #"gh[pousr]_[A-Za-z0-9]{36}"#),
        ("slack-token", #"xox[abposr]-[A-Za-z0-9-]{10,}"#),
    ]

    /// Names of the patterns found in `text`, in the order of `patterns`.
    public static func findings(in text: String) -> [String] {
        patterns.compactMap { p in
            guard let regex = try? Regex(p.regex) else { return nil }
            return text.contains(regex) ? p.name : nil
        }
    }

    /// Access key ids (`AKIA…` long-term, `ASIA…` temporary: the prefix and 16 upper-case letters or digits) in
    /// `text`, sorted and unique. A key id is an identifier — IAM lists it, CloudTrail logs it — so it may be
    /// stored to tie a leak to the key's user; the secret access key next to it never is.
    public static func accessKeyIds(in text: String) -> [String] {
        Set(text.matches(of: accessKeyID).map { String($0.output) }).sorted()
    }

    /// Sorted unique access key ids over several texts.
    public static func accessKeyIds(in texts: some Sequence<String>) -> [String] {
        Set(texts.flatMap { accessKeyIds(in: $0) }).sorted()
    }

    nonisolated(unsafe) private static let accessKeyID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/

    /// Lowercase hex SHA-256 of the text's UTF-8 bytes.
    public static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// `{present, sha256, secretPatterns, accessKeyIds}` for base64 text as EC2 returns user data (nil or empty: not present).
    /// Undecodable base64 is hashed as given and scanned as text.
    static func summary(base64 text: String?) -> JSONValue {
        guard let text, !text.isEmpty else {
            return ["present": false, "sha256": nil, "secretPatterns": [], "accessKeyIds": []]
        }
        let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) ?? Data(text.utf8)
        let decoded = String(decoding: data, as: UTF8.self)
        return ["present": true, "sha256": .string(sha256(data)),
                "secretPatterns": .array(findings(in: decoded).map { .string($0) }),
                "accessKeyIds": .array(accessKeyIds(in: decoded).map { .string($0) })]
    }
}
