/// The graph as the search sees it: nodes are integers, edges live in compressed sparse rows (one array of
/// targets sorted by source, one offset per node), built in O(nodes + edges) by a counting sort. Only edges
/// an attacker moves along or that reach a target are kept; evidence stays with `SecurityGraph`.
public struct CompactGraph: Sendable {
    public let nodeCount: Int
    /// `offsets[n] ..< offsets[n + 1]` are the slots of node `n`'s outgoing edges.
    public let offsets: [Int32]
    public let targets: [Int32]
    public let kinds: [EdgeCode]
    /// Per slot: the edge's index in the edge list it was built from.
    public let edgeIndex: [Int32]
    /// Per slot: the edge depends on an undecided condition.
    public let conditional: [Bool]

    /// Edge list in parallel arrays (what the builder or the benchmark generator produces).
    public struct EdgeList: Sendable {
        public var src: [Int32] = []
        public var dst: [Int32] = []
        public var kind: [EdgeCode] = []
        public var conditional: [Bool] = []
        public init() {}
        public mutating func reserve(_ n: Int) {
            src.reserveCapacity(n); dst.reserveCapacity(n); kind.reserveCapacity(n); conditional.reserveCapacity(n)
        }
        public mutating func append(_ s: Int32, _ d: Int32, _ k: EdgeCode, conditional c: Bool = false) {
            src.append(s); dst.append(d); kind.append(k); conditional.append(c)
        }
        public var count: Int { src.count }
    }

    public init(nodeCount: Int, edges: EdgeList) {
        self.nodeCount = nodeCount
        var counts = [Int32](repeating: 0, count: nodeCount + 1)
        var kept = 0
        for i in 0..<edges.count where edges.kind[i].searched {
            counts[Int(edges.src[i]) + 1] += 1
            kept += 1
        }
        for n in 0..<nodeCount { counts[n + 1] += counts[n] }
        offsets = counts
        var next = counts
        var t = [Int32](repeating: 0, count: kept)
        var k = [EdgeCode](repeating: .exposes, count: kept)
        var ix = [Int32](repeating: 0, count: kept)
        var c = [Bool](repeating: false, count: kept)
        for i in 0..<edges.count where edges.kind[i].searched {
            let s = Int(edges.src[i])
            let slot = Int(next[s])
            next[s] += 1
            t[slot] = edges.dst[i]
            k[slot] = edges.kind[i]
            ix[slot] = Int32(i)
            c[slot] = edges.conditional[i]
        }
        targets = t
        kinds = k
        edgeIndex = ix
        conditional = c
    }

    public var edgeCount: Int { targets.count }

    /// The source node of a slot (binary search over the offsets).
    public func sourceOf(_ slot: Int32) -> Int32 {
        var lo = 0, hi = nodeCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if offsets[mid + 1] <= slot { lo = mid + 1 } else { hi = mid }
        }
        return Int32(lo)
    }
}

/// Edge kinds as the search knows them. `structural` edges (contains, protects, member_of, routes_to, can_pass)
/// are for the explorer and are not searched.
public enum EdgeCode: UInt8, Sendable, CaseIterable {
    case exposes, canReach, forwardsTo, hasRole, canAssume, canAuthenticateAs, canEscalate
    case canRead, canWrite, canDecrypt, canGetSecret, administers
    case structural

    public init(_ kind: String) {
        switch kind {
        case GraphVocabulary.exposes: self = .exposes
        case GraphVocabulary.canReach: self = .canReach
        case GraphVocabulary.forwardsTo: self = .forwardsTo
        case GraphVocabulary.hasRole: self = .hasRole
        case GraphVocabulary.canAssume: self = .canAssume
        case GraphVocabulary.canAuthenticateAs: self = .canAuthenticateAs
        case GraphVocabulary.canEscalate: self = .canEscalate
        case GraphVocabulary.canRead: self = .canRead
        case GraphVocabulary.canWrite: self = .canWrite
        case GraphVocabulary.canDecrypt: self = .canDecrypt
        case GraphVocabulary.canGetSecret: self = .canGetSecret
        case GraphVocabulary.administers: self = .administers
        default: self = .structural
        }
    }

    public var searched: Bool { self != .structural }
    /// The attacker continues from the destination (otherwise the edge only reaches a target).
    public var isMovement: Bool { rawValue <= EdgeCode.canEscalate.rawValue }
    /// How much the access is worth when it ends a path (higher = more dangerous).
    public var accessRank: Int {
        switch self {
        case .administers, .canEscalate: return 5
        case .canWrite: return 4
        case .canGetSecret: return 3
        case .canRead: return 2
        case .canDecrypt: return 1
        default: return 0
        }
    }
}
