/// Best paths from one entry node to every target it reaches — a shortest-path search (Dial's bucket queue
/// over small integer weights) bounded by `maxHops`: each node is settled once and each of its edges relaxed
/// once, so one search costs O(nodes reached + edges explored). No trail is copied: a path is read back from
/// the predecessor slots only for the targets found.
///
/// "Most dangerous" = the cheapest: a definite edge costs 2, an edge that hangs on an undecided condition costs
/// 2 + `conditionalPenalty`, so a definite route wins over a conditional one and a shorter over a longer. Per target
/// the most valuable access wins (administer > write > get secret > read > decrypt), then the lower cost.
///
/// The per-node scratch state lives in manually allocated buffers stamped with a search generation: nothing is
/// cleared between searches and no copy-on-write check runs in the inner loop.
public struct PathSearch {
    public static let definiteCost: UInt16 = 2
    public static let conditionalPenalty: UInt16 = 6

    public let graph: CompactGraph
    public let maxHops: Int
    /// Per node: whether reaching it ends a path (account, sensitive store, secret, key, exposed database).
    public let isTarget: [Bool]
    /// Slots removed by a fix plan under test (empty in normal use).
    public var removed: Set<Int32> = []
    private let scratch: Scratch

    public struct Hit: Sendable, Hashable {
        public var target: Int32
        /// The slot of the edge that reached the target.
        public var lastSlot: Int32
        public var cost: UInt16
        public var accessRank: Int
        /// The node the last edge leaves from.
        public var lastFrom: Int32
    }

    /// Per node, for the current search: when it was reached (stamp = generation), at what cost, in how many
    /// hops, by which slot from which node.
    struct NodeState {
        var stamp: UInt32 = 0
        var cost: UInt16 = 0
        var hops: UInt8 = 0
        var via: Int32 = -1
        var from: Int32 = -1
    }

    /// Per target node: the best way in found by the current search.
    struct HitState {
        var stamp: UInt32 = 0
        var rank: UInt8 = 0
        var cost: UInt16 = 0
        var slot: Int32 = -1
        var from: Int32 = -1
    }

    final class Scratch {
        let count: Int
        let nodes: UnsafeMutablePointer<NodeState>
        let hits: UnsafeMutablePointer<HitState>
        let bucketCount: Int
        var generation: UInt32 = 0

        init(count: Int, bucketCount: Int) {
            self.count = count
            nodes = .allocate(capacity: max(count, 1))
            nodes.initialize(repeating: NodeState(), count: max(count, 1))
            hits = .allocate(capacity: max(count, 1))
            hits.initialize(repeating: HitState(), count: max(count, 1))
            self.bucketCount = bucketCount
        }

        deinit {
            nodes.deallocate()
            hits.deallocate()
        }
    }

    public init(graph: CompactGraph, isTarget: [Bool], maxHops: Int = 8) {
        precondition(isTarget.count == graph.nodeCount, "one target flag per node")
        precondition(maxHops < 255, "hops are counted in a byte")
        self.graph = graph
        self.maxHops = maxHops
        self.isTarget = isTarget
        let maxCost = maxHops * Int(Self.definiteCost + Self.conditionalPenalty) + 1
        scratch = Scratch(count: graph.nodeCount, bucketCount: maxCost + 1)
    }

    /// Edges explored by the last search (for the benchmark's figures).
    public private(set) var explored = 0

    /// Every target reachable from `source` within `maxHops`, with the best way in.
    public mutating func search(from source: Int32) -> [Hit] {
        let sc = scratch
        var gen = sc.generation &+ 1
        if gen == 0 {  // wrapped: clear once every 4 billion searches
            for i in 0..<sc.count { sc.nodes[i].stamp = 0; sc.hits[i].stamp = 0 }
            gen = 1
        }
        sc.generation = gen
        // Buckets are local: mutating them through the shared scratch object would check exclusivity per access.
        var buckets = [[Int32]](repeating: [], count: sc.bucketCount)
        let nodes = sc.nodes, hitState = sc.hits
        let offsets = graph.offsets, targets = graph.targets, kinds = graph.kinds, conditional = graph.conditional
        let checkRemoved = !removed.isEmpty
        let hopLimit = UInt8(maxHops)
        var explored = 0
        var touched: [Int32] = []
        let s = Int(source)
        nodes[s] = NodeState(stamp: gen, cost: 0, hops: 0, via: -1, from: -1)
        buckets[0].append(source)
        var b = 0
        while b < buckets.count {
            guard let u32 = buckets[b].popLast() else { b += 1; continue }
            let u = Int(u32)
            let here = nodes[u]
            guard here.cost == UInt16(b) else { continue }  // a stale entry: settled earlier at a lower cost
            if here.hops >= hopLimit { continue }
            let lo = Int(offsets[u]), hi = Int(offsets[u + 1])
            for slot in lo..<hi {
                if checkRemoved && removed.contains(Int32(slot)) { continue }
                explored += 1
                let v = Int(targets[slot])
                if v == s { continue }
                let kind = kinds[slot]
                let c = here.cost + Self.definiteCost + (conditional[slot] ? Self.conditionalPenalty : 0)
                if isTarget[v] {
                    let rank = UInt8(kind.accessRank)
                    let old = hitState[v]
                    if old.stamp != gen {
                        touched.append(Int32(v))
                        hitState[v] = HitState(stamp: gen, rank: rank, cost: c, slot: Int32(slot), from: u32)
                    } else if rank > old.rank || (rank == old.rank && c < old.cost) {
                        hitState[v] = HitState(stamp: gen, rank: rank, cost: c, slot: Int32(slot), from: u32)
                    }
                }
                guard kind.isMovement else { continue }
                if nodes[v].stamp == gen && nodes[v].cost <= c { continue }
                nodes[v] = NodeState(stamp: gen, cost: c, hops: here.hops + 1, via: Int32(slot), from: u32)
                buckets[Int(c)].append(Int32(v))
            }
        }
        self.explored = explored
        touched.sort()
        return touched.map { t in
            let h = hitState[Int(t)]
            return Hit(target: t, lastSlot: h.slot, cost: h.cost, accessRank: Int(h.rank), lastFrom: h.from)
        }
    }

    /// Appends the slots from the source to `hit.target`, in order, to `arena`; valid until the next search.
    /// One shared arena for all paths: no array per path.
    public func appendSlots(to hit: Hit, into arena: inout [Int32]) -> Range<Int> {
        let nodes = scratch.nodes
        let count = Int(nodes[Int(hit.lastFrom)].hops) + 1
        let start = arena.count
        for _ in 0..<count { arena.append(0) }
        arena.withUnsafeMutableBufferPointer { out in
            var i = start + count - 1
            out[i] = hit.lastSlot
            var at = Int(hit.lastFrom)
            while nodes[at].via >= 0 {
                i -= 1
                out[i] = nodes[at].via
                at = Int(nodes[at].from)
            }
        }
        return start..<(start + count)
    }

    /// The slots from the source to `hit.target`, in order.
    public func slots(to hit: Hit) -> [Int32] {
        var arena: [Int32] = []
        _ = appendSlots(to: hit, into: &arena)
        return arena
    }
}
