/// Best paths from one entry node to every target it reaches — a shortest-path search (Dial's bucket queue
/// over small integer weights) bounded by `maxHops`: each node is settled once and each of its edges relaxed
/// once, so one search costs O(nodes reached + edges explored). No trail is copied: a path is read back from
/// the predecessor slots only for the targets found.
///
/// "Most dangerous" = the cheapest: a definite edge costs 2, an edge that hangs on an undecided condition costs
/// 2 + `conditionalPenalty`, so a definite route wins over a conditional one and a shorter over a longer. Per target
/// the most valuable access wins (administer > write > get secret > read > decrypt), then the lower cost.
public struct PathSearch {
    public static let definiteCost: UInt16 = 2
    public static let conditionalPenalty: UInt16 = 6

    public let graph: CompactGraph
    public let maxHops: Int
    /// Per node: whether reaching it ends a path (account, sensitive store, secret, key, exposed database).
    public let isTarget: [Bool]

    private var stamp: [UInt32]
    private var cost: [UInt16]
    private var hops: [UInt8]
    /// The CSR slot that reached the node (-1: the source).
    private var via: [Int32]
    private var generation: UInt32 = 0
    private var buckets: [[Int32]]
    /// Slots removed by a fix plan under test (empty in normal use).
    public var removed: Set<Int32> = []

    public struct Hit: Sendable, Hashable {
        public var target: Int32
        /// The slot of the edge that reached the target.
        public var lastSlot: Int32
        public var cost: UInt16
        public var accessRank: Int
    }

    public init(graph: CompactGraph, isTarget: [Bool], maxHops: Int = 8) {
        self.graph = graph
        self.maxHops = maxHops
        self.isTarget = isTarget
        stamp = [UInt32](repeating: 0, count: graph.nodeCount)
        cost = [UInt16](repeating: 0, count: graph.nodeCount)
        hops = [UInt8](repeating: 0, count: graph.nodeCount)
        via = [Int32](repeating: -1, count: graph.nodeCount)
        let maxCost = maxHops * Int(Self.definiteCost + Self.conditionalPenalty) + 1
        buckets = Array(repeating: [], count: maxCost + 1)
    }

    /// Edges explored by the last search (for the benchmark's figures).
    public private(set) var explored = 0

    /// Every target reachable from `source` within `maxHops`, with the best way in.
    public mutating func search(from source: Int32) -> [Hit] {
        generation &+= 1
        if generation == 0 {  // wrapped: clear once every 4 billion searches
            for i in stamp.indices { stamp[i] = 0 }
            generation = 1
        }
        explored = 0
        var best: [Int32: Hit] = [:]
        let s = Int(source)
        stamp[s] = generation
        cost[s] = 0
        hops[s] = 0
        via[s] = -1
        buckets[0].append(source)
        var b = 0
        while b < buckets.count {
            guard let u32 = buckets[b].popLast() else { b += 1; continue }
            let u = Int(u32)
            guard cost[u] == UInt16(b) else { continue }  // a stale entry: settled earlier at a lower cost
            if hops[u] >= UInt8(maxHops) { continue }
            let lo = Int(graph.offsets[u]), hi = Int(graph.offsets[u + 1])
            var slot = lo
            while slot < hi {
                defer { slot += 1 }
                if !removed.isEmpty && removed.contains(Int32(slot)) { continue }
                explored += 1
                let v = Int(graph.targets[slot])
                if v == s { continue }
                let kind = graph.kinds[slot]
                let w = Self.definiteCost + (graph.conditional[slot] ? Self.conditionalPenalty : 0)
                let c = cost[u] + w
                if isTarget[v] {
                    let hit = Hit(target: Int32(v), lastSlot: Int32(slot), cost: c, accessRank: kind.accessRank)
                    if let old = best[Int32(v)] {
                        if (hit.accessRank, -Int(hit.cost)) > (old.accessRank, -Int(old.cost)) { best[Int32(v)] = hit }
                    } else {
                        best[Int32(v)] = hit
                    }
                }
                guard kind.isMovement else { continue }
                if stamp[v] == generation && cost[v] <= c { continue }
                stamp[v] = generation
                cost[v] = c
                hops[v] = hops[u] + 1
                via[v] = Int32(slot)
                buckets[Int(c)].append(Int32(v))
            }
        }
        return best.values.sorted { $0.target < $1.target }
    }

    /// The slots from the source to `hit.target`, in order. Valid until the next search.
    public func slots(to hit: Hit) -> [Int32] {
        var out = [hit.lastSlot]
        var at = Int(graph.sourceOf(hit.lastSlot))
        while via[at] >= 0 {
            out.append(via[at])
            at = Int(graph.sourceOf(via[at]))
        }
        return out.reversed()
    }
}
