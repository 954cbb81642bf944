/// The attack-path search on the compact graph alone — what the service runs for an account and the benchmark
/// runs for a million-node organization. Strings, evidence and titles are added afterwards, only for the paths
/// found (`AttackPathFinder`).
public struct PathEngine: Sendable {
    public let graph: CompactGraph
    public let flags: [NodeFlags]
    public let internet: Int32
    public let anyPrincipal: Int32
    public let entries: [Entry]
    /// One-step paths: a slot from the internet or any principal straight to a target (public sensitive bucket,
    /// exposed database).
    public let direct: [Int32]

    public struct Entry: Sendable, Hashable {
        public var kind: EntryKind
        public var source: Int32
        /// The slot that exposes the source (internet → it, any principal → it); -1 for a leaked-key holder.
        public var prefix: Int32
    }

    /// `internet` / `anyPrincipal`: their node numbers, or -1 when the graph has none.
    public init(graph: CompactGraph, flags: [NodeFlags], internet: Int32, anyPrincipal: Int32) {
        self.graph = graph
        self.flags = flags
        self.internet = internet
        self.anyPrincipal = anyPrincipal
        var entries: [Entry] = []
        var direct: [Int32] = []
        var exposed = [Bool](repeating: false, count: graph.nodeCount)
        for (start, kindOf) in [(internet, EntryKind.internetExposed), (anyPrincipal, .anyPrincipalTrust)] where start >= 0 {
            for slot in Int(graph.offsets[Int(start)])..<Int(graph.offsets[Int(start) + 1]) {
                let dst = graph.targets[slot]
                let kind = graph.kinds[slot]
                let f = flags[Int(dst)]
                if f.isTarget || (kind == .exposes && f.contains(.dataStore)) { direct.append(Int32(slot)) }
                if kind.isMovement {
                    entries.append(Entry(kind: kindOf, source: dst, prefix: Int32(slot)))
                    if start == internet { exposed[Int(dst)] = true }
                }
            }
        }
        var holder = [Bool](repeating: false, count: graph.nodeCount)
        for slot in 0..<graph.edgeCount where graph.kinds[slot] == .canAuthenticateAs {
            let src = Int(graph.sourceOf(Int32(slot)))
            if !exposed[src] && !holder[src] {
                holder[src] = true
                entries.append(Entry(kind: .leakedCredentials, source: Int32(src), prefix: -1))
            }
        }
        self.entries = entries
        self.direct = direct
    }

    /// Reachability alone: the searches from every entry, counting the (entry, target) pairs, without keeping
    /// paths (what the benchmark compares with networkx).
    public func reachablePairs(maxHops: Int = 8) -> (pairs: Int, explored: Int) {
        var search = PathSearch(graph: graph, isTarget: flags.map(\.isTarget), maxHops: maxHops)
        var pairs = 0, explored = 0
        for entry in entries {
            pairs += search.search(from: entry.source).count
            explored += search.explored
        }
        return (pairs, explored)
    }

    /// Every (entry, target) pair's most dangerous path. `removed`: slots a fix plan takes away.
    public func run(maxHops: Int = 8, removed: Set<Int32> = []) -> PathSet {
        var search = PathSearch(graph: graph, isTarget: flags.map(\.isTarget), maxHops: maxHops)
        search.removed = removed
        var set = PathSet()
        for slot in direct where !removed.contains(slot) {
            let src = graph.sourceOf(slot)
            set.paths.append(CompactPath(entry: src == internet ? .internetExposed : .publicAccess, prefix: slot,
                                         source: graph.targets[Int(slot)], range: 0..<0, arena: set.arena, flags: flags,
                                         graph: graph))
        }
        for entry in entries where entry.prefix < 0 || !removed.contains(entry.prefix) {
            let hits = search.search(from: entry.source)
            set.explored += search.explored
            for hit in hits {
                let range = search.appendSlots(to: hit, into: &set.arena)
                set.paths.append(CompactPath(entry: entry.kind, prefix: entry.prefix, source: entry.source, range: range,
                                             arena: set.arena, flags: flags, graph: graph))
            }
        }
        return set
    }
}

/// What the search knows about a node.
public struct NodeFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let account = NodeFlags(rawValue: 1)
    public static let sensitive = NodeFlags(rawValue: 2)
    public static let secret = NodeFlags(rawValue: 4)
    public static let protectsSensitive = NodeFlags(rawValue: 8)
    /// Has failing findings of severity high or above.
    public static let vulnerable = NodeFlags(rawValue: 16)
    public static let dataStore = NodeFlags(rawValue: 32)

    /// Reaching the node ends a path.
    public var isTarget: Bool { !isDisjoint(with: [.account, .sensitive, .secret, .protectsSensitive]) }
}

public enum EntryKind: UInt8, Sendable, Hashable {
    case internetExposed, publicAccess, leakedCredentials, anyPrincipalTrust

    public var name: String {
        switch self {
        case .internetExposed: return "internet_exposed"
        case .publicAccess: return "public_access"
        case .leakedCredentials: return "leaked_credentials"
        case .anyPrincipalTrust: return "any_principal_trust"
        }
    }
}

/// The paths of one run: each path's slots live in one shared arena.
public struct PathSet: Sendable {
    public var paths: [CompactPath] = []
    public var arena: [Int32] = []
    /// Edges explored by all searches together.
    public var explored = 0

    public func slots(_ p: CompactPath) -> ArraySlice<Int32> { arena[Int(p.start)..<Int(p.start + p.count)] }
}

/// A path as slots of the compact graph (a range of its `PathSet`'s arena), with its risk scored on the spot.
public struct CompactPath: Sendable, Hashable {
    public var entry: EntryKind
    public var prefix: Int32
    public var source: Int32
    public var start: Int32
    public var count: Int32
    public var target: Int32
    public var lastKind: EdgeCode
    public var conditional: Bool
    public var lateral: Bool
    public var risk: PathRisk.Score

    init(entry: EntryKind, prefix: Int32, source: Int32, range: Range<Int>, arena: [Int32], flags: [NodeFlags],
         graph: CompactGraph) {
        self.entry = entry
        self.prefix = prefix
        self.source = source
        start = Int32(range.lowerBound)
        count = Int32(range.count)
        let slots = arena[range]
        let last = slots.last ?? prefix
        target = graph.targets[Int(last)]
        lastKind = graph.kinds[Int(last)]
        var conditional = prefix >= 0 && graph.conditional[Int(prefix)]
        var lateral = false
        for s in slots {
            if graph.conditional[Int(s)] { conditional = true }
            switch graph.kinds[Int(s)] {
            case .canReach, .canAssume, .canEscalate, .canAuthenticateAs, .forwardsTo: lateral = true
            default: break
            }
        }
        self.conditional = conditional
        self.lateral = lateral
        risk = PathRisk.score(entry: entry, entryFlags: flags[Int(source)], targetFlags: flags[Int(target)],
                              lastKind: lastKind, direct: slots.isEmpty, conditional: conditional)
    }
}
