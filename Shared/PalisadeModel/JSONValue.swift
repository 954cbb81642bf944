import Foundation

/// A JSON value: the shape of every raw cloud property, policy document and event payload.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// Follows a dotted path (`acl.grants`); `nil` when any step is missing.
    public func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") {
            current = current?[String(part)]
        }
        return current
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var doubleValue: Double? { if case .number(let n) = self { return n }; return nil }
    public var intValue: Int? { doubleValue.map { Int($0) } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }
}

extension CodingUserInfoKey {
    /// Set (to `true`) on a `JSONDecoder`: the data is JSON, whose decoder tells the types apart strictly, so
    /// `JSONValue` may try the common types first. Not for YAML and other decoders that read any scalar as a string.
    public static let jsonValueFromJSON = CodingUserInfoKey(rawValue: "palisade.jsonValue.fromJSON")!
}

extension JSONDecoder {
    /// A decoder for JSON text with `JSONValue`'s fast path on (`CodingUserInfoKey.jsonValueFromJSON`).
    public static func forJSONValues() -> JSONDecoder {
        let d = JSONDecoder()
        d.userInfo[.jsonValueFromJSON] = true
        return d
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        // Every type tried and missed costs a thrown DecodingError (with its coding path). From JSON — strict
        // types — strings and objects, the most common nodes of cloud properties and policy documents, go first
        // (≈4× faster on policy documents); other decoders keep the order that reads `true`/`42` as bool/number.
        if decoder.userInfo[.jsonValueFromJSON] as? Bool == true {
            if c.decodeNil() { self = .null }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let o = try? c.decode([String: JSONValue].self) { self = .object(o) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value") }
            return
        }
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else if let o = try? c.decode([String: JSONValue].self) { self = .object(o) }
        else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// Parses JSON text (policy documents arrive URL-encoded JSON strings from IAM).
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder.forJSONValues().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Canonical JSON text: sorted keys, so equal values give equal bytes (content hashes rely on it) — the text
    /// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes, by `JSONText` (`null` for a number that is
    /// not finite, which JSON cannot hold).
    public func canonicalData() -> Data {
        (try? JSONText.data(self)) ?? Data("null".utf8)
    }
}
