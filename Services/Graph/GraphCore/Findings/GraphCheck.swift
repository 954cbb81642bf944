import Foundation
import PalisadeBenchmark
import PalisadeModel

/// A benchmark check the security graph decides (`evaluator: graph`): which resources it applies to and the rule.
public struct GraphCheck: Sendable, Hashable {
    public var id: String
    /// Every graph node of this kind is an applicable resource: it gets a verdict.
    public var resourceType: String
    public var rule: GraphRule

    public init(id: String, resourceType: String, rule: GraphRule) {
        self.id = id
        self.resourceType = resourceType
        self.rule = rule
    }

    /// The graph check a check's metadata describes; nil for checks the assessor evaluates.
    public init?(_ metadata: CheckMetadata) {
        guard metadata.evaluator == .graph, let rule = metadata.graph else { return nil }
        self.init(id: metadata.id, resourceType: metadata.resourceType, rule: rule)
    }

    /// The graph checks of the benchmark the assessor runs: built-in checks plus the user's check directories
    /// (`<home>/palisade.yaml`, `PALISADE_CHECKS_DIR`), loaded the way the assessor loads them, so both sides agree
    /// on which checks are graph-decided.
    public static func load(home: URL, environment: [String: String]) throws -> [GraphCheck] {
        let settings = try AssessmentSettings.load(home: home, environment: environment)
        let benchmark = try Benchmark.load(builtIn: true, extraDirectories: settings.checkDirectories)
        return benchmark.graphChecks.compactMap { GraphCheck($0.metadata) }
    }
}
