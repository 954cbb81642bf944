/// What one query may use (docs/explorer.md § Budgets). Rows past `maxRows` are cut off and the reply says
/// `truncated`; running past the time budget or holding more than `maxBindings` rows while matching stops the
/// query with `graph.query.budget`.
public struct ExplorerLimits: Codable, Sendable, Hashable {
    public var maxRows: Int
    public var timeoutMilliseconds: Int
    public var maxBindings: Int

    public static let defaultRows = 1_000
    public static let defaultTimeoutMilliseconds = 10_000
    public static let defaultBindings = 1_000_000
    /// Ceilings a request cannot raise past.
    public static let ceiling = ExplorerLimits(maxRows: 100_000, timeoutMilliseconds: 120_000, maxBindings: 20_000_000)

    public init(maxRows: Int = defaultRows, timeoutMilliseconds: Int = defaultTimeoutMilliseconds,
                maxBindings: Int = defaultBindings) {
        self.maxRows = maxRows
        self.timeoutMilliseconds = timeoutMilliseconds
        self.maxBindings = maxBindings
    }

    /// Each limit brought within 1…ceiling.
    public var clamped: ExplorerLimits {
        ExplorerLimits(maxRows: min(max(maxRows, 1), Self.ceiling.maxRows),
                       timeoutMilliseconds: min(max(timeoutMilliseconds, 1), Self.ceiling.timeoutMilliseconds),
                       maxBindings: min(max(maxBindings, 1), Self.ceiling.maxBindings))
    }
}

/// Counts what a running query uses and stops it when a budget is spent. The clock is injected (elapsed time
/// since the query started) so tests trip the time budget without waiting.
final class Budget {
    let limits: ExplorerLimits
    private let elapsed: () -> Duration
    private(set) var nodesVisited = 0
    private(set) var bindings = 0
    private var ticks = 0

    init(_ limits: ExplorerLimits, elapsed: @escaping () -> Duration) {
        self.limits = limits
        self.elapsed = elapsed
    }

    /// A node or relationship looked at.
    func visit() throws(ExplorerError) {
        nodesVisited += 1
        try tick()
    }

    /// `n` rows held (a match, a projected row, a collected value).
    func bind(_ n: Int = 1) throws(ExplorerError) {
        bindings += n
        guard bindings <= limits.maxBindings else {
            throw ExplorerError(code: ExplorerError.budgetCode, message: """
                memory budget exceeded: the query held more than \(limits.maxBindings) bindings (rows while \
                matching); narrow it (labels, property filters, fewer hops, an earlier LIMIT) or raise the budget \
                (limits.maxBindings; CLI --max-bindings, at most \(ExplorerLimits.ceiling.maxBindings))
                """)
        }
        try tick()
    }

    private func tick() throws(ExplorerError) {
        ticks += 1
        if ticks & 255 == 0 { try checkTime() }
    }

    func checkTime() throws(ExplorerError) {
        let ms = elapsed() / .milliseconds(1)
        guard ms <= Double(limits.timeoutMilliseconds) else {
            throw ExplorerError(code: ExplorerError.budgetCode, message: """
                time budget exceeded: the query ran longer than \(limits.timeoutMilliseconds) ms; narrow it \
                (labels, property filters, fewer hops) or raise the budget (limits.timeoutMilliseconds; CLI \
                --time-budget, at most \(ExplorerLimits.ceiling.timeoutMilliseconds) ms)
                """)
        }
    }
}
