import Foundation
import PalisadeModel

/// The IAM credential report (GetCredentialReport's CSV), parsed without I/O.
///
/// Every column becomes a camelCase key (`access_key_1_last_rotated` → `accessKey1LastRotated`); columns ending
/// in `_active` or `_enabled` become booleans. Three placeholder values become null, each meaning something
/// different that the column's neighbours tell apart:
/// - `N/A`: does not apply (no password, no such key, key never used, never rotated);
/// - `not_supported`: AWS does not report it for this row (the root user's `password_enabled`,
///   `password_last_changed` and `password_next_rotation`; last-used region/service of an unused key);
/// - `no_information`: not used since AWS started tracking (October 2014 for passwords, April 2015 for keys).
public struct IAMCredentialReport: Sendable, Hashable {
    /// The row AWS writes for the account's root user.
    public static let rootUserName = "<root_account>"
    /// Placeholder cell values that stand for "no value".
    public static let placeholders: Set<String> = ["N/A", "not_supported", "no_information"]

    /// Column names as AWS sends them.
    public var columns: [String]
    /// Each row's cells by column name, verbatim.
    public var rows: [[String: String]]

    /// Parses the CSV text (a header line, then one line per user; AWS quotes no cell).
    public init(csv: String) throws {
        let lines = csv.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard let header = lines.first else {
            throw AWSError(code: "connector.aws.response.invalid", message: "credential report is empty",
                           operation: "iam:GetCredentialReport")
        }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard columns.contains("user"), columns.contains("arn") else {
            throw AWSError(code: "connector.aws.response.invalid",
                           message: "credential report header lacks user/arn: \(header.prefix(80))",
                           operation: "iam:GetCredentialReport")
        }
        rows = lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(zip(columns, cells), uniquingKeysWith: { first, _ in first })
        }
        self.columns = columns
    }

    /// GetCredentialReport's `Content` (base64) → report.
    public init(base64 content: String) throws {
        guard let data = Data(base64Encoded: content, options: .ignoreUnknownCharacters) else {
            throw AWSError(code: "connector.aws.response.invalid", message: "credential report is not base64",
                           operation: "iam:GetCredentialReport")
        }
        try self.init(csv: String(decoding: data, as: UTF8.self))
    }

    /// GetCredentialReport's answer with its parsed report, shared by the IAM collectors of a scan.
    public struct Answer: Sendable, Hashable {
        public var answer: XMLNode
        public var report: IAMCredentialReport
    }

    /// The row of the user with this ARN, when the report has one.
    public func row(arn: String) -> [String: String]? { rows.first { $0["arn"] == arn } }

    /// The root user's row, when the report has one.
    public var root: [String: String]? { rows.first { $0["user"] == Self.rootUserName } }

    /// One row normalized: camelCase keys, booleans, placeholders → null.
    public func normalized(_ row: [String: String]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for column in columns { out[Self.key(column)] = Self.value(column, row[column]) }
        return .object(out)
    }

    /// `access_key_1_last_used_date` → `accessKey1LastUsedDate`.
    public static func key(_ column: String) -> String {
        let parts = column.split(separator: "_").map(String.init)
        guard let first = parts.first else { return column }
        return first + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A cell's value: null for a missing cell or placeholder, a boolean for `*_active`/`*_enabled`, else the text.
    public static func value(_ column: String, _ cell: String?) -> JSONValue {
        guard let cell, !cell.isEmpty, !placeholders.contains(cell) else { return .null }
        if column.hasSuffix("_active") || column.hasSuffix("_enabled") {
            switch cell.lowercased() {
            case "true": return true
            case "false": return false
            default: return .null
            }
        }
        return .string(cell)
    }
}
