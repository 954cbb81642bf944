import Foundation

extension Evaluator {
    /// The scalar built-ins. Null in, null out (except `coalesce` and `exists`).
    func call(_ fn: Functions.Scalar, _ args: [Value]) throws(ExplorerError) -> Value {
        let a = args.first ?? .null
        func bad() -> ExplorerError { .type("\(fn.rawValue)() cannot take a \(a.typeName)") }
        switch fn {
        case .coalesce: return args.first { !$0.isNull } ?? .null
        case .exists: return .bool(!a.isNull)
        default: break
        }
        if a.isNull { return .null }
        switch fn {
        case .id:
            switch a {
            case .node(let n): return .string(graph.nodeIDs[Int(n)])
            case .relationship(let r):
                let s = graph.nodeIDs[Int(graph.edgeSrc[Int(r)])], d = graph.nodeIDs[Int(graph.edgeDst[Int(r)])]
                return .string("\(s) \(graph.typeNames[Int(graph.edgeType[Int(r)])]) \(d)")
            default: throw bad()
            }
        case .labels:
            guard case .node(let n) = a else { throw bad() }
            return .list(graph.nodeLabels[Int(n)].map { .string(graph.labelNames[Int($0)]) })
        case .type:
            guard case .relationship(let r) = a else { throw bad() }
            return .string(graph.typeNames[Int(graph.edgeType[Int(r)])])
        case .properties:
            switch a {
            case .node(let n): return .map(graph.nodeProperties[Int(n)])
            case .relationship(let r): return .map(graph.edgeProperties[Int(r)])
            case .map: return a
            default: throw bad()
            }
        case .keys:
            switch a {
            case .node(let n): return .list(graph.nodeProperties[Int(n)].keys.sorted().map(Value.string))
            case .relationship(let r): return .list(graph.edgeProperties[Int(r)].keys.sorted().map(Value.string))
            case .map(let m): return .list(m.keys.sorted().map(Value.string))
            default: throw bad()
            }
        case .size:
            switch a {
            case .list(let l): return .int(l.count)
            case .string(let s): return .int(s.count)
            case .map(let m): return .int(m.count)
            case .path(let p): return .int(p.relationships.count)
            default: throw bad()
            }
        case .length:
            switch a {
            case .path(let p): return .int(p.relationships.count)
            case .list(let l): return .int(l.count)
            case .string(let s): return .int(s.count)
            default: throw bad()
            }
        case .nodes:
            guard case .path(let p) = a else { throw bad() }
            return .list(p.nodes.map(Value.node))
        case .relationships:
            guard case .path(let p) = a else { throw bad() }
            return .list(p.relationships.map(Value.relationship))
        case .startnode, .endnode:
            guard case .relationship(let r) = a else { throw bad() }
            return .node(fn == .startnode ? graph.edgeSrc[Int(r)] : graph.edgeDst[Int(r)])
        case .head, .last, .tail:
            guard case .list(let l) = a else { throw bad() }
            switch fn {
            case .head: return l.first ?? .null
            case .last: return l.last ?? .null
            default: return .list(Array(l.dropFirst()))
            }
        case .tolower, .toupper, .trim:
            guard case .string(let s) = a else { throw bad() }
            switch fn {
            case .tolower: return .string(s.lowercased())
            case .toupper: return .string(s.uppercased())
            default: return .string(s.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        case .tostring:
            switch a {
            case .string: return a
            case .int(let i): return .string("\(i)")
            case .double(let d): return .string("\(d)")
            case .bool(let b): return .string(b ? "true" : "false")
            default: throw bad()
            }
        case .tointeger:
            switch a {
            case .int: return a
            case .double(let d): return d.isFinite && abs(d) < 9.0e18 ? .int(Int(d)) : .null
            case .string(let s): return Int(s.trimmingCharacters(in: .whitespaces)).map(Value.int)
                ?? Double(s).flatMap { $0.isFinite && abs($0) < 9.0e18 ? Value.int(Int($0)) : nil } ?? .null
            default: throw bad()
            }
        case .tofloat:
            switch a {
            case .int(let i): return .double(Double(i))
            case .double: return a
            case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces)).map(Value.double) ?? .null
            default: throw bad()
            }
        case .abs:
            switch a {
            case .int(let i): return .int(i == Int.min ? i : Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default: throw bad()
            }
        case .split:
            guard case .string(let s) = a, case .string(let sep) = args[1] else {
                if args[1].isNull { return .null }
                throw bad()
            }
            guard !sep.isEmpty else { return .list(s.map { .string(String($0)) }) }
            return .list(s.components(separatedBy: sep).map(Value.string))
        case .replace:
            guard case .string(let s) = a, case .string(let from) = args[1], case .string(let to) = args[2] else {
                if args[1].isNull || args[2].isNull { return .null }
                throw bad()
            }
            return .string(from.isEmpty ? s : s.replacingOccurrences(of: from, with: to))
        case .coalesce, .exists: return .null
        }
    }
}
