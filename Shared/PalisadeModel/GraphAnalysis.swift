/// A node many attack paths run through (docs/graph.md § Choke points).
public struct ChokePoint: Codable, Sendable, Hashable {
    public var node: GraphNode
    /// Paths through the node, and how many of them are critical / high.
    public var paths: Int
    public var critical: Int
    public var high: Int
    /// The worst risk among them.
    public var risk: Severity
    /// Fixes on the node's own edges that the paths use (what to do here).
    public var fixes: [String]
    public var pathIDs: [String]

    public init(node: GraphNode, paths: Int, critical: Int, high: Int, risk: Severity, fixes: [String],
                pathIDs: [String]) {
        self.node = node
        self.paths = paths
        self.critical = critical
        self.high = high
        self.risk = risk
        self.fixes = fixes
        self.pathIDs = pathIDs
    }
}

/// One fix of a fix plan: a concrete element to remove or change, and what it breaks.
public struct PlannedFix: Codable, Sendable, Hashable {
    /// The stable fix id (`sg-rule:…`, `policy-statement:…`, `check:…`).
    public var fix: String
    /// What to do, in words (the element and where it is).
    public var action: String
    /// The benchmark checks whose remediation this is, and their failing findings.
    public var checks: [String]
    public var findings: [String]
    /// Critical/high paths this fix breaks (alone or as part of the plan).
    public var pathIDs: [String]

    public init(fix: String, action: String, checks: [String], findings: [String], pathIDs: [String]) {
        self.fix = fix
        self.action = action
        self.checks = checks
        self.findings = findings
        self.pathIDs = pathIDs
    }
}

/// The smallest set of fixes that breaks every critical and high path (docs/graph.md § Fix plan).
public struct FixPlan: Codable, Sendable, Hashable {
    public var fixes: [PlannedFix]
    /// `exact` (a proven minimum) or `greedy` (a hitting set within ln(n)+1 of the minimum).
    public var method: String
    /// Critical and high paths the plan covers.
    public var pathsCovered: Int
    /// Paths no fix can break (an edge with no fixable element), with why.
    public var unbreakable: [String]
    /// Verification rounds: the graph was searched again with the plan applied until no critical/high
    /// (entry, target) pair was still connected.
    public var rounds: Int

    public init(fixes: [PlannedFix], method: String, pathsCovered: Int, unbreakable: [String], rounds: Int) {
        self.fixes = fixes
        self.method = method
        self.pathsCovered = pathsCovered
        self.unbreakable = unbreakable
        self.rounds = rounds
    }

    public static let empty = FixPlan(fixes: [], method: "exact", pathsCovered: 0, unbreakable: [], rounds: 0)
}
