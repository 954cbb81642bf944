import Logging

/// Wall time of each phase of a graph rebuild, logged with "graph built" as `graph.ms.<phase>` so an operator (and
/// the 1,000,000-resource bench) can see where a rebuild spends its time without a profiler.
struct PhaseTimes {
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private(set) var metadata: Logger.Metadata = [:]

    init() { last = clock.now }

    mutating func lap(_ phase: String) {
        let now = clock.now
        let elapsed = now - last
        let ms = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        metadata["graph.ms.\(phase)"] = "\(ms)"
        last = now
    }
}
