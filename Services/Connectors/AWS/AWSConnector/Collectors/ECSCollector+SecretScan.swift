import Crypto
import Foundation

// A private copy of the EC2 family's `Collectors/SecretScan.swift` (same name and API) until that branch
// lands; the lead keeps one of the two.

/// Finds secret-looking material in configuration text (environment variables, user data) without keeping it:
/// callers store the names of the patterns found and a SHA-256, never the text.
enum SecretScan {
    /// Pattern name → regular expression. Names are what resources record.
    static let patterns: [(name: String, regex: String)] = [
        ("aws-access-key-id", #"(AKIA|ASIA)[0-9A-Z]{16}"#),
        ("aws-secret-access-key", #"(?i)aws_?secret_?(access_?)?key["']?\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}"#),
        ("private-key", #"-----BEGIN [A-Z ]*PRIVATE KEY-----"#),
        ("password-assignment", #"(?i)(password|passwd|pwd)["']?\s*[=:]\s*["']?[^\s"']+"#),
        ("github-token", #"gh[pousr]_[A-Za-z0-9]{36}"#),
        ("slack-token", #"xox[baprs]-[A-Za-z0-9-]{10,}"#),
    ]

    /// Names of the patterns found in `text`, in the order of `patterns`.
    static func findings(in text: String) -> [String] {
        patterns.compactMap { p in
            guard let regex = try? Regex(p.regex) else { return nil }
            return text.contains(regex) ? p.name : nil
        }
    }

    /// Lowercase hex SHA-256 of the UTF-8 text: lets a reviewer compare values without seeing them.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
