import Foundation
import PalisadeModel
import Synchronization

/// The security graph compiled for queries: nodes and relationships by integer index, their labels, types and
/// properties, adjacency lists both ways, a per-label index, and per-(label, property) value indexes built on
/// first use and kept. Immutable once built (the value indexes fill in behind a lock), so one instance serves
/// every query against the same stored graph version.
public final class ExplorerGraph: Sendable {
    let nodeIDs: [String]
    let nodeNames: [String]
    let nodeKinds: [String]
    /// Label ids of each node (its kind's label first).
    let nodeLabels: [[Int32]]
    let nodeProperties: [[String: Value]]
    let idIndex: [String: Int32]

    let labelNames: [String]
    let labelIndex: [String: Int32]
    /// Nodes per label id, ascending.
    let byLabel: [[Int32]]

    let edgeSrc: [Int32]
    let edgeDst: [Int32]
    let edgeType: [Int32]
    let edgeProperties: [[String: Value]]
    let typeNames: [String]
    let typeIndex: [String: Int32]

    /// Compressed adjacency: edges leaving node n are `outEdges[outOffsets[n]..<outOffsets[n+1]]`.
    let outOffsets: [Int32]
    let outEdges: [Int32]
    let inOffsets: [Int32]
    let inEdges: [Int32]

    private let valueIndexes = Mutex<[IndexKey: [Value: [Int32]]]>([:])
    /// Relationship property → value → relationship ids, built on first use.
    private let edgeIndexes = Mutex<[String: [Value: [Int32]]]>([:])

    struct IndexKey: Hashable { var label: Int32; var property: String }

    public var nodeCount: Int { nodeIDs.count }
    public var relationshipCount: Int { edgeSrc.count }

    public convenience init(_ graph: SecurityGraph) { self.init([graph]) }

    /// Compiles one or more account graphs into one (nodes shared by id, such as `internet`, appear once).
    public init(_ graphs: [SecurityGraph]) {
        var ids: [String] = [], names: [String] = [], kinds: [String] = [], props: [[String: Value]] = []
        var labelsOf: [[Int32]] = []
        var index: [String: Int32] = [:]
        var labelNames: [String] = [], labelIndex: [String: Int32] = [:]
        func labelID(_ l: String) -> Int32 {
            if let i = labelIndex[l] { return i }
            let i = Int32(labelNames.count)
            labelNames.append(l)
            labelIndex[l] = i
            return i
        }
        for kind in ExplorerVocabulary.knownKinds { _ = labelID(ExplorerVocabulary.label(kind: kind)) }
        for c in ExplorerVocabulary.categories { _ = labelID(c) }
        for g in graphs {
            for n in g.nodes where index[n.id] == nil {
                index[n.id] = Int32(ids.count)
                ids.append(n.id)
                names.append(n.label)
                kinds.append(n.kind)
                labelsOf.append(ExplorerVocabulary.labels(kind: n.kind).map(labelID))
                props.append(Self.properties(n))
            }
        }
        var byLabel = [[Int32]](repeating: [], count: labelNames.count)
        for (n, ls) in labelsOf.enumerated() { for l in ls { byLabel[Int(l)].append(Int32(n)) } }

        var typeNames: [String] = [], typeIndex: [String: Int32] = [:]
        for k in ExplorerVocabulary.edgeKinds {
            typeIndex[ExplorerVocabulary.type(kind: k)] = Int32(typeNames.count)
            typeNames.append(ExplorerVocabulary.type(kind: k))
        }
        var src: [Int32] = [], dst: [Int32] = [], type: [Int32] = [], eprops: [[String: Value]] = []
        func addType(_ kind: String) -> Int32 {
            let t = ExplorerVocabulary.type(kind: kind)
            if let i = typeIndex[t] { return i }
            let i = Int32(typeNames.count)
            typeNames.append(t)
            typeIndex[t] = i
            return i
        }
        for g in graphs {
            for e in g.edges {
                guard let s = index[e.src], let d = index[e.dst] else { continue }
                src.append(s)
                dst.append(d)
                type.append(addType(e.kind))
                eprops.append(Self.properties(e))
            }
        }
        // encrypts: a key's `protects_sensitive_data` insight names the store or secret it encrypts.
        var byAccountName: [String: [Int32]] = [:]
        for (i, p) in props.enumerated() where p["sensitive"] == .bool(true) || p["holdsSecrets"] == .bool(true) {
            if case .string(let account) = p["account"] ?? .null { byAccountName[account + "\u{0}" + names[i], default: []].append(Int32(i)) }
        }
        let encrypts = addType(ExplorerVocabulary.encrypts)
        for g in graphs {
            for n in g.nodes where !n.insights.isEmpty {
                guard let k = index[n.id] else { continue }
                for insight in n.insights where insight.kind == GraphVocabulary.protectsSensitiveData
                    && insight.detail.hasPrefix("encrypts ") {
                    let name = String(insight.detail.dropFirst("encrypts ".count))
                    for d in byAccountName[n.account + "\u{0}" + name] ?? [] where d != k {
                        src.append(k)
                        dst.append(d)
                        type.append(encrypts)
                        eprops.append(["evidence": .string("\(n.label) encrypts \(name) (key insight)"),
                                       "conditional": .bool(false), "conditions": .list([]), "method": .null,
                                       "permissions": .list([]), "ports": .list([]), "unknown": .null,
                                       "fixes": .list([]), "details": .list([])])
                    }
                }
            }
        }
        (outOffsets, outEdges) = Self.adjacency(count: ids.count, ends: src)
        (inOffsets, inEdges) = Self.adjacency(count: ids.count, ends: dst)

        nodeIDs = ids
        nodeNames = names
        nodeKinds = kinds
        nodeLabels = labelsOf
        nodeProperties = props
        idIndex = index
        self.labelNames = labelNames
        self.labelIndex = labelIndex
        self.byLabel = byLabel
        edgeSrc = src
        edgeDst = dst
        edgeType = type
        edgeProperties = eprops
        self.typeNames = typeNames
        self.typeIndex = typeIndex
    }

    /// Counting sort of edge ids by one end: CSR offsets and edge ids.
    private static func adjacency(count: Int, ends: [Int32]) -> ([Int32], [Int32]) {
        var offsets = [Int32](repeating: 0, count: count + 1)
        for e in ends { offsets[Int(e) + 1] += 1 }
        for i in 0..<count { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var edges = [Int32](repeating: 0, count: ends.count)
        for (i, e) in ends.enumerated() {
            edges[Int(fill[Int(e)])] = Int32(i)
            fill[Int(e)] += 1
        }
        return (offsets, edges)
    }

    static func properties(_ n: GraphNode) -> [String: Value] {
        var p: [String: Value] = [
            "id": .string(n.id), "name": .string(n.label), "kind": .string(n.kind),
            "account": n.account.isEmpty ? .null : .string(n.account),
            "region": n.region.isEmpty ? .null : .string(n.region),
            "insights": .list(n.insights.map { .string($0.kind) }),
        ]
        for (insight, property) in ExplorerVocabulary.insightProperties {
            p[property] = .bool(n.insight(insight) != nil)
        }
        let ports = n.insight(GraphVocabulary.internetExposed)?.detail ?? ""
        p["exposedPorts"] = .list(ports.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }
            .filter { $0 != .string("") })
        p["sensitiveReason"] = n.insight(GraphVocabulary.sensitiveData).map { .string($0.detail) } ?? .null
        p["findings"] = n.insight(GraphVocabulary.highSeverityFindings).map { .string($0.detail) } ?? .null
        return p
    }

    static func properties(_ e: GraphEdge) -> [String: Value] {
        [
            "evidence": .string(e.evidence), "conditional": .bool(e.conditional),
            "conditions": .list(e.conditions.map(Value.string)), "method": e.method.map(Value.string) ?? .null,
            "permissions": .list(e.permissions.map(Value.string)), "ports": .list(e.ports.map(Value.string)),
            "unknown": e.unknown.map(Value.string) ?? .null,
            "fixes": .list(e.details.compactMap(\.fix).map(Value.string)),
            "details": .list(e.details.map { .string($0.detail) }),
        ]
    }

    // MARK: lookups

    func hasLabel(_ node: Int32, _ label: Int32) -> Bool { nodeLabels[Int(node)].contains(label) }

    /// Nodes of `label` (or every node, `label` nil) whose `property` equals `value`: from the (label, property)
    /// index, built on first use.
    func nodes(label: Int32?, property: String, equals value: Value) -> [Int32] {
        let key = IndexKey(label: label ?? -1, property: property)
        if let hit = valueIndexes.withLock({ $0[key] }) { return hit[value.groupKey] ?? [] }
        var built: [Value: [Int32]] = [:]
        let members: [Int32] = label.map { byLabel[Int($0)] } ?? Array(0..<Int32(nodeIDs.count))
        for n in members {
            let v = nodeProperties[Int(n)][property] ?? .null
            guard !v.isNull else { continue }
            built[v.groupKey, default: []].append(n)
        }
        valueIndexes.withLock { $0[key] = built }
        return built[value.groupKey] ?? []
    }

    /// Relationships whose `property` equals `value` (and whose type `types` admits): from the relationship
    /// property index, built on first use.
    func relationships(property: String, equals value: Value, types: [Bool]?) -> [Int32] {
        let index: [Value: [Int32]]
        if let hit = edgeIndexes.withLock({ $0[property] }) {
            index = hit
        } else {
            var built: [Value: [Int32]] = [:]
            for (e, p) in edgeProperties.enumerated() {
                guard let v = p[property], !v.isNull else { continue }
                built[v.groupKey, default: []].append(Int32(e))
            }
            edgeIndexes.withLock { $0[property] = built }
            index = built
        }
        let all = index[value.groupKey] ?? []
        guard let types else { return all }
        return all.filter { types[Int(edgeType[Int($0)])] }
    }

    /// Labels present in this graph (with at least one node), sorted.
    var presentLabels: [String] { labelNames.indices.filter { !byLabel[$0].isEmpty }.map { labelNames[$0] }.sorted() }

    func node(id: String) -> Int32? { idIndex[id] }
}
