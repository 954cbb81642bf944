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
    /// The CSR slot that reached the node (-1: the source), and the node it came from.
    private var via: [Int32]
    private var from: [Int32]
    /// Per target node: the best way in found by the current search (valid when `hitStamp` is the generation).
    private var hitStamp: [UInt32]
    private var hitRank: [UInt8]
    private var hitCost: [UInt16]
    private var hitSlot: [Int32]
    private var hitFrom: [Int32]
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
        /// The node the last edge leaves from.
        public var lastFrom: Int32
    }

    public init(graph: CompactGraph, isTarget: [Bool], maxHops: Int = 8) {
        self.graph = graph
        self.maxHops = maxHops
        self.isTarget = isTarget
        stamp = [UInt32](repeating: 0, count: graph.nodeCount)
        cost = [UInt16](repeating: 0, count: graph.nodeCount)
        hops = [UInt8](repeating: 0, count: graph.nodeCount)
        via = [Int32](repeating: -1, count: graph.nodeCount)
        from = [Int32](repeating: -1, count: graph.nodeCount)
        hitStamp = [UInt32](repeating: 0, count: graph.nodeCount)
        hitRank = [UInt8](repeating: 0, count: graph.nodeCount)
        hitCost = [UInt16](repeating: 0, count: graph.nodeCount)
        hitSlot = [Int32](repeating: -1, count: graph.nodeCount)
        hitFrom = [Int32](repeating: -1, count: graph.nodeCount)
        let maxCost = maxHops * Int(Self.definiteCost + Self.conditionalPenalty) + 1
        buckets = Array(repeating: [], count: maxCost + 1)
    }

    /// Edges explored by the last search (for the benchmark's figures).
    public private(set) var explored = 0

    /// Every target reachable from `source` within `maxHops`, with the best way in.
    public mutating func search(from source: Int32) -> [Hit] {
        generation &+= 1
        if generation == 0 {  // wrapped: clear once every 4 billion searches
            for i in stamp.indices { stamp[i] = 0; hitStamp[i] = 0 }
            generation = 1
        }
        explored = 0
        var touched: [Int32] = []
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
                    let rank = UInt8(kind.accessRank)
                    if hitStamp[v] != generation {
                        hitStamp[v] = generation
                        touched.append(Int32(v))
                        hitRank[v] = rank; hitCost[v] = c; hitSlot[v] = Int32(slot); hitFrom[v] = Int32(u)
                    } else if rank > hitRank[v] || (rank == hitRank[v] && c < hitCost[v]) {
                        hitRank[v] = rank; hitCost[v] = c; hitSlot[v] = Int32(slot); hitFrom[v] = Int32(u)
                    }
                }
                guard kind.isMovement else { continue }
                if stamp[v] == generation && cost[v] <= c { continue }
                stamp[v] = generation
                cost[v] = c
                hops[v] = hops[u] + 1
                via[v] = Int32(slot)
                from[v] = Int32(u)
                buckets[Int(c)].append(Int32(v))
            }
        }
        touched.sort()
        return touched.map { t in
            Hit(target: t, lastSlot: hitSlot[Int(t)], cost: hitCost[Int(t)], accessRank: Int(hitRank[Int(t)]),
                lastFrom: hitFrom[Int(t)])
        }
    }

    /// The slots from the source to `hit.target`, in order. Valid until the next search.
    public func slots(to hit: Hit) -> [Int32] {
        var out = [hit.lastSlot]
        var at = Int(hit.lastFrom)
        while via[at] >= 0 {
            out.append(via[at])
            at = Int(from[at])
        }
        return out.reversed()
    }
}
