import Foundation
import PalisadeModel

extension JSONValue {
    /// An AWS timestamp as an ISO-8601 string: the JSON protocols send epoch seconds (a number), the XML and
    /// REST-JSON protocols already send text (kept as is). Missing → null.
    static func isoDate(_ value: JSONValue?) -> JSONValue {
        switch value {
        case .number(let seconds)?:
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            return .string(f.string(from: Date(timeIntervalSince1970: seconds)))
        case .string(let s)? where !s.isEmpty: return .string(s)
        default: return .null
        }
    }

    /// A field of an API object as it is, or null when the API left it out (never a guessed default).
    static func field(_ value: JSONValue?) -> JSONValue { value ?? .null }

    /// The strings of an array field; an absent field is an empty list only where AWS documents that an
    /// omitted list means none (callers say so).
    static func strings(_ value: JSONValue?) -> JSONValue {
        .array((value?.arrayValue ?? []).filter { $0.stringValue != nil })
    }
}

extension XMLNode {
    /// A child's `true`/`false` as a JSON boolean, or null when missing or not a boolean.
    func jsonBool(_ path: String) -> JSONValue { bool(path).map { .bool($0) } ?? .null }

    /// A child's number as JSON, or null.
    func jsonNumber(_ path: String) -> JSONValue { string(path).flatMap(Double.init).map { .number($0) } ?? .null }

    /// The texts of a `member`/`item` list as a JSON array of strings (an absent list is empty).
    func jsonStrings(_ path: String) -> JSONValue { .array(list(path).map { .string($0.text) }) }
}
