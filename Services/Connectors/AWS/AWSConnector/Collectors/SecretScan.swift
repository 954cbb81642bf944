import Crypto
import Foundation

/// Looks for secret-like text without keeping it: connectors store which patterns matched and a SHA-256,
/// never the value (Lambda environment variables, user data, container environments).
/// NOTE: the EC2 collector branch adds the same helper; keep one when both land.
enum SecretScan {
    /// (finding name, regular expression). Names are stable: checks and exports refer to them.
    static let patterns: [(String, String)] = [
        ("aws-access-key-id", #"(A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[0-9A-Z]{16}"#),
        ("aws-secret-access-key", #"(?i)aws.{0,20}(secret|private).{0,20}[=:]\s*['"]?[A-Za-z0-9/+=]{40}"#),
        ("private-key", #"-----BEGIN [A-Z ]*PRIVATE KEY-----"#),
        ("password-assignment", #"(?i)(password|passwd|pwd)\s*[=:]"#),
        ("secret-assignment", #"(?i)(secret|token|api[_-]?key)\s*[=:]\s*\S{8,}"#),
        ("github-token", #"gh[pousr]_[A-Za-z0-9]{36}"#),
        ("slack-token", #"xox[abposr]-[A-Za-z0-9-]{10,}"#),
        ("url-credentials", #"[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"#),
    ]

    /// Names of the patterns found in `text`, in the order of `patterns`.
    static func findings(in text: String) -> [String] {
        patterns.compactMap { name, pattern in
            text.range(of: pattern, options: .regularExpression) == nil ? nil : name
        }
    }

    /// Lower-case hex SHA-256 of the UTF-8 text: tells a changed value from an unchanged one without storing it.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
