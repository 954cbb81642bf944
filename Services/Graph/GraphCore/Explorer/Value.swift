import Foundation
import PalisadeModel

/// A value during a query: openCypher's null, booleans, integers, floats, strings, lists, maps, and the graph's
/// nodes, relationships and paths (by index into `ExplorerGraph`).
enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case map([String: Value])
    case node(Int32)
    case relationship(Int32)
    case path(PathValue)

    var isNull: Bool { if case .null = self { return true }; return false }

    /// Type name in error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "float"
        case .string: "string"
        case .list: "list"
        case .map: "map"
        case .node: "node"
        case .relationship: "relationship"
        case .path: "path"
        }
    }

    /// The value as a literal in query text.
    var literalText: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .list(let l): "[" + l.map(\.literalText).joined(separator: ", ") + "]"
        case .map(let m): "{" + m.keys.sorted().map { "\($0): \(m[$0]!.literalText)" }.joined(separator: ", ") + "}"
        case .node(let n): "node(\(n))"
        case .relationship(let r): "relationship(\(r))"
        case .path(let p): "path(\(p.nodes.count) nodes)"
        }
    }

    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { self = .int(Int(n)) } else { self = .double(n) }
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(Value.init(json:)))
        case .object(let o): self = .map(o.mapValues(Value.init(json:)))
        }
    }

    var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    // MARK: equality and order (openCypher: comparing with null gives null)

    /// `a = b`: nil when either side is null (or a list holding null decides nothing).
    func equals(_ other: Value) -> Bool? {
        switch (self, other) {
        case (.null, _), (_, .null): return nil
        case (.int(let a), .int(let b)): return a == b
        case (.int, .double), (.double, .int), (.double, .double): return number == other.number
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            var unknown = false
            for (x, y) in zip(a, b) {
                switch x.equals(y) {
                case .some(false): return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        case (.map(let a), .map(let b)):
            guard Set(a.keys) == Set(b.keys) else { return false }
            var unknown = false
            for (k, x) in a {
                switch x.equals(b[k] ?? .null) {
                case .some(false): return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        default: return self == other
        }
    }

    /// `<`-style comparison of two values of comparable types (numbers, strings, booleans); nil otherwise.
    func compare(_ other: Value) -> Int? {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (!a ? -1 : 1)
        default:
            guard let a = number, let b = other.number else { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    /// The total order ORDER BY uses: values of different types sort by type (maps, nodes, relationships, lists,
    /// paths, strings, booleans, numbers), null last.
    static func orderCompare(_ a: Value, _ b: Value) -> Int {
        let ra = a.orderRank, rb = b.orderRank
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                let c = orderCompare(p, q)
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.node(let x), .node(let y)), (.relationship(let x), .relationship(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.path(let x), .path(let y)):
            return orderCompare(.list(x.nodes.map(Value.node)), .list(y.nodes.map(Value.node)))
        case (.map(let x), .map(let y)):
            return orderCompare(.list(x.keys.sorted().map(Value.string)), .list(y.keys.sorted().map(Value.string)))
        default:
            if let d = a.number, let e = b.number, d.isNaN || e.isNaN { return d.isNaN ? (e.isNaN ? 0 : 1) : -1 }
            return a.compare(b) ?? 0
        }
    }

    private var orderRank: Int {
        switch self {
        case .map: 0
        case .node: 1
        case .relationship: 2
        case .list: 3
        case .path: 4
        case .string: 5
        case .bool: 6
        case .int, .double: 7
        case .null: 8
        }
    }

    /// Grouping key: integers and floats of the same value group together.
    var groupKey: Value {
        switch self {
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return .int(Int(d))
        case .list(let l): return .list(l.map(\.groupKey))
        case .map(let m): return .map(m.mapValues(\.groupKey))
        default: return self
        }
    }
}

/// A path: nodes[0], rels[0], nodes[1], … (rels.count == nodes.count - 1).
struct PathValue: Sendable, Hashable {
    var nodes: [Int32]
    var relationships: [Int32]
}
