import Foundation
import PalisadeModel
import PalisadeProtocol

/// The JSON of the graph's `nodes` and `edges` rows, by hand (`JSONText`): every rebuild writes every node and edge of
/// the account (885,585 edges at 100,000 resources) and the explorer reads them all back to compile the graph;
/// `JSONEncoder`/`JSONDecoder` per row was ~50 s of a 100,000-resource rebuild (decision 0013), building a
/// `JSONValue` tree per row still most of the rows' commit. Written: the object
/// `Wire.encoder` makes (same keys; nil optionals left out). Read: what the `Codable` conformances accept — a row of
/// any other shape (an older version's) goes to `Wire.decoder`.
enum GraphRowJSON {
    /// The text `JSONText.data(json(n))` gives, written straight into bytes (keys in byte order).
    static func data(_ n: GraphNode) -> Data {
        var o = JSONBytes(capacity: 256)
        o.byte(UInt8(ascii: "{"))
        o.key("account"); o.string(n.account)
        o.comma(); o.key("id"); o.string(n.id)
        o.comma(); o.key("insights"); o.byte(UInt8(ascii: "["))
        for (i, insight) in n.insights.enumerated() {
            if i > 0 { o.comma() }
            o.byte(UInt8(ascii: "{"))
            o.key("detail"); o.string(insight.detail)
            o.comma(); o.key("kind"); o.string(insight.kind)
            o.byte(UInt8(ascii: "}"))
        }
        o.byte(UInt8(ascii: "]"))
        o.comma(); o.key("kind"); o.string(n.kind)
        o.comma(); o.key("label"); o.string(n.label)
        o.comma(); o.key("region"); o.string(n.region)
        o.byte(UInt8(ascii: "}"))
        return Data(o.bytes)
    }

    /// The text `JSONText.data(json(e))` gives, written straight into bytes (the rows' largest cost otherwise).
    static func data(_ e: GraphEdge) -> Data {
        var o = JSONBytes(capacity: 768)
        o.byte(UInt8(ascii: "{"))
        o.key("conditional"); o.bool(e.conditional)
        o.comma(); o.key("conditions"); o.strings(e.conditions)
        o.comma(); o.key("details"); o.byte(UInt8(ascii: "["))
        for (i, d) in e.details.enumerated() {
            if i > 0 { o.comma() }
            o.byte(UInt8(ascii: "{"))
            if let c = d.chain { o.key("chain"); o.integer(c); o.comma() }
            o.key("checks"); o.strings(d.checks)
            o.comma(); o.key("detail"); o.string(d.detail)
            if let f = d.fix { o.comma(); o.key("fix"); o.string(f) }
            o.comma(); o.key("kind"); o.string(d.kind)
            o.comma(); o.key("source"); o.string(d.source)
            o.byte(UInt8(ascii: "}"))
        }
        o.byte(UInt8(ascii: "]"))
        o.comma(); o.key("dst"); o.string(e.dst)
        o.comma(); o.key("evidence"); o.string(e.evidence)
        o.comma(); o.key("kind"); o.string(e.kind)
        if let m = e.method { o.comma(); o.key("method"); o.string(m) }
        o.comma(); o.key("permissions"); o.strings(e.permissions)
        o.comma(); o.key("ports"); o.strings(e.ports)
        o.comma(); o.key("src"); o.string(e.src)
        if let u = e.unknown { o.comma(); o.key("unknown"); o.string(u) }
        o.byte(UInt8(ascii: "}"))
        return Data(o.bytes)
    }

    static func node(_ data: Data) throws -> GraphNode {
        if let v = try? JSONText.parse(data), let n = node(v) { return n }
        return try Wire.decoder.decode(GraphNode.self, from: data)
    }

    static func edge(_ data: Data) throws -> GraphEdge {
        if let v = try? JSONText.parse(data), let e = edge(v) { return e }
        return try Wire.decoder.decode(GraphEdge.self, from: data)
    }

    static func json(_ n: GraphNode) -> JSONValue {
        .object(["id": .string(n.id), "kind": .string(n.kind), "label": .string(n.label), "account": .string(n.account),
                 "region": .string(n.region),
                 "insights": .array(n.insights.map { .object(["kind": .string($0.kind), "detail": .string($0.detail)]) })])
    }

    static func json(_ e: GraphEdge) -> JSONValue {
        var o: [String: JSONValue] = [
            "src": .string(e.src), "dst": .string(e.dst), "kind": .string(e.kind), "evidence": .string(e.evidence),
            "details": .array(e.details.map(json)), "ports": strings(e.ports), "conditional": .bool(e.conditional),
            "conditions": strings(e.conditions), "permissions": strings(e.permissions),
        ]
        if let m = e.method { o["method"] = .string(m) }
        if let u = e.unknown { o["unknown"] = .string(u) }
        return .object(o)
    }

    static func json(_ d: EdgeEvidence) -> JSONValue {
        var o: [String: JSONValue] = ["kind": .string(d.kind), "source": .string(d.source), "detail": .string(d.detail),
                                      "checks": strings(d.checks)]
        if let f = d.fix { o["fix"] = .string(f) }
        if let c = d.chain { o["chain"] = .number(Double(c)) }
        return .object(o)
    }

    static func node(_ v: JSONValue) -> GraphNode? {
        guard case .object(let o) = v, case .string(let id)? = o["id"], case .string(let kind)? = o["kind"],
              case .string(let label)? = o["label"], let account = optionalString(o["account"]),
              let region = optionalString(o["region"]) else { return nil }
        var insights: [NodeInsight] = []
        switch o["insights"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .object(let i) = item, case .string(let k)? = i["kind"], case .string(let d)? = i["detail"]
                else { return nil }
                insights.append(NodeInsight(kind: k, detail: d))
            }
        default: return nil
        }
        return GraphNode(id: id, kind: kind, label: label, account: account ?? "", region: region ?? "",
                         insights: insights)
    }

    static func edge(_ v: JSONValue) -> GraphEdge? {
        guard case .object(let o) = v, case .string(let src)? = o["src"], case .string(let dst)? = o["dst"],
              case .string(let kind)? = o["kind"], case .string(let evidence)? = o["evidence"],
              let ports = stringArray(o["ports"]), let conditions = stringArray(o["conditions"]),
              let permissions = stringArray(o["permissions"]), let method = optionalString(o["method"]),
              let unknown = optionalString(o["unknown"]) else { return nil }
        var conditional = false
        switch o["conditional"] {
        case nil, .null?: break
        case .bool(let b)?: conditional = b
        default: return nil
        }
        var details: [EdgeEvidence] = []
        switch o["details"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard let d = Self.evidence(item) else { return nil }
                details.append(d)
            }
        default: return nil
        }
        return GraphEdge(src: src, dst: dst, kind: kind, evidence: evidence, details: details, ports: ports ?? [],
                         conditional: conditional, conditions: conditions ?? [], method: method,
                         permissions: permissions ?? [], unknown: unknown)
    }

    /// `EdgeEvidence`'s synthesized `Codable`: `checks` required, `fix` and `chain` optional.
    static func evidence(_ v: JSONValue) -> EdgeEvidence? {
        guard case .object(let o) = v, case .string(let kind)? = o["kind"], case .string(let source)? = o["source"],
              case .string(let detail)? = o["detail"], let shape = stringArray(o["checks"]), let checks = shape,
              let fix = optionalString(o["fix"]) else { return nil }
        var chain: Int?
        switch o["chain"] {
        case nil, .null?: chain = nil
        case .number(let c)?: guard let c = Int(exactly: c) else { return nil }; chain = c
        default: return nil
        }
        return EdgeEvidence(kind: kind, source: source, detail: detail, fix: fix, checks: checks, chain: chain)
    }

    private static func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }

    /// Absent or null → `.some(nil)`; a string → `.some(s)`; anything else → nil (not this shape).
    private static func optionalString(_ v: JSONValue?) -> String?? {
        switch v {
        case nil, .null?: return .some(nil)
        case .string(let s)?: return .some(s)
        default: return nil
        }
    }

    /// Absent or null → `.some(nil)`; an array of strings → `.some(a)`; anything else → nil.
    private static func stringArray(_ v: JSONValue?) -> [String]?? {
        switch v {
        case nil, .null?: return .some(nil)
        case .array(let items)?:
            var out: [String] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case .string(let s) = item else { return nil }
                out.append(s)
            }
            return .some(out)
        default: return nil
        }
    }
}
