import Foundation
import PalisadeModel

/// Small readers shared by the JSON-protocol collectors (ECS, DynamoDB, Secrets Manager, SQS, Config,
/// GuardDuty, Security Hub, Organizations).
enum AWSJSON {
    /// A timestamp as an ISO-8601 string: the JSON protocols send epoch seconds (`1700000000.123`),
    /// REST-JSON services send ISO strings already. Missing → null.
    static func date(_ value: JSONValue?) -> JSONValue {
        switch value {
        case .number(let seconds)?:
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            return .string(formatter.string(from: Date(timeIntervalSince1970: seconds)))
        case .string(let s)? where !s.isEmpty: return .string(s)
        default: return .null
        }
    }

    /// Tags from `[{"key": k, "value": v}]` (ECS) or `[{"Key": k, "Value": v}]` (most others) or a map (SQS).
    static func tags(_ value: JSONValue?) -> [String: String] {
        if let map = value?.objectValue {
            return map.compactMapValues { $0.stringValue }
        }
        var tags: [String: String] = [:]
        for t in value?.arrayValue ?? [] {
            if let k = (t["Key"] ?? t["key"])?.stringValue { tags[k] = (t["Value"] ?? t["value"])?.stringValue ?? "" }
        }
        return tags
    }

    /// A string field that is present and not empty.
    static func string(_ value: JSONValue?) -> String? {
        value?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The value, or null when missing.
    static func value(_ value: JSONValue?) -> JSONValue { value ?? .null }

    /// A number field, or null (numbers sent as strings, as SNS and SQS attributes are, are converted).
    static func number(_ value: JSONValue?) -> JSONValue {
        switch value {
        case .number(let n)?: return .number(n)
        case .string(let s)?: return Double(s).map { .number($0) } ?? .null
        default: return .null
        }
    }

    /// The last `/`-separated part of an ARN or URL.
    static func lastComponent(_ s: String) -> String {
        s.split(separator: "/").last.map(String.init) ?? s
    }
}
