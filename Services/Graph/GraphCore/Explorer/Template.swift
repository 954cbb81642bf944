import Foundation
import PalisadeModel

/// A saved explorer question: a name to ask it by, what it answers, its parameters with their defaults, and the
/// query in the explorer's language (docs/explorer.md § Templates).
public struct ExplorerTemplate: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var description: String
        /// Also tells how a value given as text is read (a list default splits text on commas).
        public var defaultValue: JSONValue

        public init(_ name: String, _ description: String, default value: JSONValue) {
            self.name = name
            self.description = description
            defaultValue = value
        }
    }

    public var name: String
    public var title: String
    public var description: String
    public var parameters: [Parameter]
    public var query: String

    public init(name: String, title: String, description: String, parameters: [Parameter] = [], query: String) {
        self.name = name
        self.title = title
        self.description = description
        self.parameters = parameters
        self.query = query
    }

    public static func named(_ name: String) -> ExplorerTemplate? { builtIn.first { $0.name == name } }

    /// The parameters to run with: defaults, overridden by typed `values`, then by `text` read as each default's
    /// type. An unknown name is a `graph.query.parameter` error naming the template's parameters.
    public func arguments(_ values: [String: JSONValue], text: [String: String]) throws(ExplorerError) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for p in parameters { out[p.name] = p.defaultValue }
        let known = parameters.map(\.name)
        for name in Array(values.keys) + Array(text.keys) where !known.contains(name) {
            throw ExplorerError(code: ExplorerError.parameterCode, message: """
                template \(self.name) has no parameter '\(name)'; \
                \(known.isEmpty ? "it takes none" : "its parameters: " + known.joined(separator: ", "))
                """)
        }
        for (k, v) in values { out[k] = v }
        for (k, v) in text {
            out[k] = Self.read(v, like: parameters.first { $0.name == k }?.defaultValue ?? .null)
        }
        return out
    }

    /// Text as a parameter value: shaped like `example` (list, number, boolean) when it has a shape, else
    /// inferred (`42`, `1.5`, `true`, `null`, `[a, b]`, otherwise a string).
    public static func read(_ text: String, like example: JSONValue = .null) -> JSONValue {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch example {
        case .array(let items):
            let body = t.hasPrefix("[") && t.hasSuffix("]") ? String(t.dropFirst().dropLast()) : t
            if body.isEmpty { return .array([]) }
            return .array(body.split(separator: ",").map { read(String($0), like: items.first ?? .null) })
        case .number: return Double(t).map(JSONValue.number) ?? .string(text)
        case .bool: return t.lowercased() == "true" ? .bool(true) : t.lowercased() == "false" ? .bool(false) : .string(text)
        case .string: return .string(text)
        default:
            if t.hasPrefix("[") && t.hasSuffix("]") { return read(t, like: .array([])) }
            if t == "null" { return .null }
            if t == "true" || t == "false" { return .bool(t == "true") }
            if let d = Double(t), t.first.map({ $0.isNumber || $0 == "-" }) == true { return .number(d) }
            if t.count >= 2, t.first == "'", t.last == "'" { return .string(String(t.dropFirst().dropLast())) }
            return .string(text)
        }
    }
}
