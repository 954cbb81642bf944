/// The executable form of a query: one step per clause over row slots (docs/explorer.md § Planner).
struct Plan: Sendable {
    var steps: [PlanStep]
    var columns: [String]
    /// What the planner decided, one line per operator (`explain`).
    var description: [String]
}

enum PlanStep: Sendable {
    case match(MatchPlan)
    case project(ProjectionPlan)
}

struct MatchPlan: Sendable {
    var optional: Bool
    var parts: [PartPlan]
    var predicate: CExpr?
    /// Row width after the match (new variables appended).
    var width: Int
}

/// Where a pattern starts.
enum Anchor: Sendable {
    /// A variable bound by an earlier clause or pattern.
    case bound(Int)
    /// The (label, property) value index.
    case index(label: Int32?, property: String, value: Value)
    case label(Int32)
    /// The ends of the relationships an adjacent relationship's property constraint admits.
    case ends([Int32], String)
    case all
}

struct NodeSpec: Sendable {
    var slot: Int?
    /// The slot already holds this node when the executor reaches it (same variable earlier).
    var bound: Bool
    var labels: [Int32]
    var properties: [(String, CExpr)]
    var text: String
}

struct RelSpec: Sendable {
    var slot: Int?
    var bound: Bool
    /// Allowed types as a mask over type ids; nil = any.
    var types: [Bool]?
    var direction: Direction
    var hops: ClosedRange<Int>?
    var properties: [(String, CExpr)]
    var text: String
    /// Predicates every relationship must pass, over a one-slot row holding it (pushed down from
    /// `WHERE all(r IN relationships(p) WHERE …)`).
    var filters: [CExpr] = []
}

/// One pattern part: nodes[0] rels[0] nodes[1] …; the executor starts at `anchor` and makes `moves` in order.
struct PartPlan: Sendable {
    var nodes: [NodeSpec]
    var rels: [RelSpec]
    var anchorNode: Int
    var anchor: Anchor
    /// (relationship index, forward): forward goes nodes[i] → nodes[i+1] as written, backward the other way.
    var moves: [(Int, Bool)]
    var pathSlot: Int?
    var estimate: Int
}

struct ProjectionPlan: Sendable {
    var isReturn: Bool
    var items: [CExpr]
    var names: [String]
    var aggregates: [AggregateSpec]
    /// Items without aggregates: the grouping keys when `aggregates` is not empty.
    var keyItems: [Int]
    var distinct: Bool
    var order: [(CExpr, Bool)]
    /// ORDER BY reads input variables too: rows are sorted as output ++ input.
    var orderOnCombined: Bool
    var skip: CExpr?
    var limit: CExpr?
    var predicate: CExpr?
    var width: Int
}
