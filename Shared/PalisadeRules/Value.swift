import PalisadeModel

/// A run-time value of the check language. JSON shapes plus two more: a related resource (member
/// access reads its properties, honouring its `unknown` map) and `unknown` (could not be read, with why).
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([JSONValue])
    case object([String: JSONValue])
    indirect case resource(Resource)
    case resources([Resource])
    case unknown(String)

    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a)
        case .object(let o): self = .object(o)
        }
    }

    /// The JSON form, for values that have one (not unknown, not resources).
    public var json: JSONValue? {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        case .list(let a): .array(a)
        case .object(let o): .object(o)
        case .resource, .resources, .unknown: nil
        }
    }

    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .list: "list"
        case .object: "object"
        case .resource: "resource"
        case .resources: "list of resources"
        case .unknown: "unknown"
        }
    }

    var isUnknown: Bool { if case .unknown = self { return true }; return false }

    /// Number of elements when the value is a list (null counts as an empty list), else nil.
    var elementCount: Int? {
        switch self {
        case .list(let a): a.count
        case .resources(let r): r.count
        case .null: 0
        default: nil
        }
    }

    /// Element `i` of a list value (only valid when `elementCount` is non-nil and `i` in range).
    func element(_ i: Int) -> Value {
        switch self {
        case .list(let a): Value(a[i])
        case .resources(let r): .resource(r[i])
        default: .null
        }
    }

    /// A property of a resource as the check language sees it: unknown when the connector could not read it,
    /// null when absent.
    static func property(_ key: String, of resource: Resource) -> Value {
        if let reason = resource.unknown[key] { return .unknown("\(key) is unknown: \(reason)") }
        return resource.properties[key].map(Value.init) ?? .null
    }
}

/// A run-time failure of an expression (a type error, a bad argument): the check yields `error`.
public struct EvalError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(message) (at \(location))" }
}
