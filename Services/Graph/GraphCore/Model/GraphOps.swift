import Foundation
import PalisadeModel

/// What builders write into: the accumulator itself, or a recording of the same calls (`GraphOps`).
protocol GraphSink {
    mutating func addNode(_ node: GraphNode)
    mutating func addEdge(_ edge: GraphEdge)
    mutating func addInsight(_ nodeID: String, _ insight: NodeInsight)
    mutating func problem(_ resource: String, _ element: String, _ reason: String)
}

extension GraphAccumulator: GraphSink {}

/// The calls a part of a build made, in order. Parts computed in parallel are replayed into the accumulator in a
/// fixed order, so the graph is exactly the one a sequential build makes (the accumulator's merging depends on order).
struct GraphOps: GraphSink, Sendable {
    enum Op: Sendable {
        case node(GraphNode)
        case edge(GraphEdge)
        case insight(String, NodeInsight)
        case problem(GraphProblem)
    }

    private(set) var ops: [Op] = []

    mutating func addNode(_ node: GraphNode) { ops.append(.node(node)) }
    mutating func addEdge(_ edge: GraphEdge) { ops.append(.edge(edge)) }
    mutating func addInsight(_ nodeID: String, _ insight: NodeInsight) { ops.append(.insight(nodeID, insight)) }
    mutating func problem(_ resource: String, _ element: String, _ reason: String) {
        ops.append(.problem(GraphProblem(resource: resource, element: element, reason: reason)))
    }

    /// Replays the parts in order, releasing each once replayed (at 1,000,000 resources they hold millions of edges).
    static func replay(_ parts: inout [GraphOps], into g: inout GraphAccumulator) {
        for i in parts.indices {
            parts[i].replay(into: &g)
            parts[i] = GraphOps()
        }
    }

    func replay(into g: inout GraphAccumulator) {
        for op in ops {
            switch op {
            case .node(let n): g.addNode(n)
            case .edge(let e): g.addEdge(e)
            case .insight(let id, let i): g.addInsight(id, i)
            case .problem(let p): g.problem(p.resource, p.element, p.reason)
            }
        }
    }
}

/// Runs `body` over contiguous slices of `0..<count` on every core and returns the results in slice order. For the
/// builders' independent per-principal work; the caller combines the results in that order.
enum ParallelSlices {
    static func map<T: Sendable>(count: Int, minimumSlice: Int = 64,
                                 _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, minimumSlice)))
        let slices = (0..<workers).map { w in (count * w / workers)..<(count * (w + 1) / workers) }
        guard workers > 1 else { return [body(0..<count)] }
        let results = Slots<T>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in results.set(w, body(slices[w])) }
        return results.values
    }

    private final class Slots<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [T?]
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: T) {
            lock.lock()
            items[i] = value
            lock.unlock()
        }
        var values: [T] { items.map { $0! } }
    }
}
