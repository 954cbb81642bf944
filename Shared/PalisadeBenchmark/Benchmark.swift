import Foundation
import PalisadeModel
import PalisadeRules

/// The loaded benchmark: every check compiled once, grouped by resource type, plus the relations checks may read
/// and the compliance standards they map to.
public struct Benchmark: Sendable {
    /// Every check, whoever decides it, sorted by id.
    public let checks: [Check]
    /// The checks the assessor evaluates itself (`evaluator: expression`); `checks(for:)` returns only these.
    public let expressionChecks: [Check]
    /// The checks the security graph decides (`evaluator: graph`): their findings arrive as the graph's verdicts.
    public let graphChecks: [Check]
    public let resolver: RelationResolver
    /// The standards catalogs (built-in and custom), sorted by id.
    public let standards: [Standard]
    private let byType: [String: [Check]]
    private let relatedByType: [String: Set<String>]
    private let byRequirement: [StandardRef: [Check]]

    public init(checks: [Check], relations: [Relation], standards: [Standard] = []) {
        self.checks = Self.sharingApplicability(checks).sorted { $0.id < $1.id }
        self.resolver = RelationResolver(relations)
        self.standards = standards.sorted { $0.id < $1.id }
        self.expressionChecks = self.checks.filter { !$0.isGraphDecided }
        self.graphChecks = self.checks.filter(\.isGraphDecided)
        self.byType = Dictionary(grouping: self.expressionChecks, by: \.metadata.resourceType)
        self.relatedByType = byType.mapValues { $0.reduce(into: Set<String>()) { $0.formUnion($1.relatedNames) } }
        var byRequirement: [StandardRef: [Check]] = [:]
        for check in self.checks {
            for ref in Set(check.metadata.standards.compactMap(StandardRef.init)) { byRequirement[ref, default: []].append(check) }
        }
        self.byRequirement = byRequirement
    }

    /// Checks of one resource type with the same applicability condition (same source) share its outcome per resource.
    private static func sharingApplicability(_ checks: [Check]) -> [Check] {
        var keys: [String: Int] = [:]
        var counts: [String: Int] = [:]
        func group(_ c: Check) -> String? { c.applies.map { c.metadata.resourceType + "\u{0}" + $0.condensedSource } }
        for c in checks { if let g = group(c) { counts[g, default: 0] += 1 } }
        return checks.map { c in
            guard let g = group(c), counts[g, default: 0] > 1 else { return c }
            let key = keys[g] ?? keys.count
            keys[g] = key
            return c.sharingApplies(key)
        }
    }

    /// The checks that map themselves to `requirement` (through their `standards` list), sorted by id.
    /// Empty for a manual requirement and for one no check covers.
    public func checks(for requirement: StandardRef) -> [Check] { byRequirement[requirement] ?? [] }

    /// Every requirement some check maps to, with those checks.
    public var checksByRequirement: [StandardRef: [Check]] { byRequirement }

    public func standard(id: String) -> Standard? { standards.first { $0.id == id } }

    /// The checks the assessor evaluates on resources of `type` (not the graph-decided ones).
    public func checks(for type: String) -> [Check] { byType[type] ?? [] }

    /// The relations the checks on resources of `type` read, together.
    public func relatedNames(for type: String) -> Set<String> { relatedByType[type] ?? [] }

    /// Resource types that have at least one check the assessor evaluates.
    public var resourceTypes: Set<String> { Set(byType.keys) }

    public func check(id: String) -> Check? { checks.first { $0.id == id } }

    /// Whether a check file is one of the built-in checks (not a user's `--checks-dir` check).
    public static func isBuiltIn(_ check: Check) -> Bool {
        guard let data = Bundle.module.resourceURL?.appendingPathComponent("Data").path else { return false }
        return check.file.hasPrefix(data)
    }

    /// Loads the built-in checks (when `builtIn`) and every `*.yaml`/`*.yml` in `extraDirectories`, with the
    /// built-in standards catalogs (always) and any in `standardsDirectories`. Fails on the first bad file with
    /// `file:line:column` and what was expected — including a check's `standards` entry that names an unknown
    /// standard or requirement, and a catalog that defines a requirement twice.
    public static func load(builtIn: Bool = true, extraDirectories: [URL] = [],
                            standardsDirectories: [URL] = []) throws(BenchmarkError) -> Benchmark {
        var directories: [URL] = []
        var relations: [Relation] = []
        guard let data = Bundle.module.resourceURL?.appendingPathComponent("Data") else {
            throw BenchmarkError(code: "benchmark.builtin.missing", file: "Data",
                                 message: "the built-in benchmark data is not in the module bundle")
        }
        let standards = try Standard.loadAll([data.appendingPathComponent("standards")] + standardsDirectories)
        let index = StandardIndex(standards)
        if builtIn {
            directories.append(data.appendingPathComponent("checks/aws"))
            relations += try CheckFile.loadRelations(data.appendingPathComponent("relations/aws.yaml"))
        }
        directories += extraDirectories
        var checks: [Check] = []
        var seen: [String: String] = [:]
        for dir in directories {
            for file in try yamlFiles(in: dir) {
                let check = try CheckFile.load(file, standards: index)
                if let other = seen[check.id] {
                    throw BenchmarkError(code: "benchmark.check.duplicate", file: file.path, line: 1, column: 1,
                                         message: "check id '\(check.id)' is already defined in \(other)")
                }
                seen[check.id] = file.path
                checks.append(check)
            }
        }
        let resolver = RelationResolver(relations)
        for check in checks {
            for name in check.relatedNames.sorted()
            where resolver.relation(name, for: check.metadata.resourceType) == nil {
                let known = resolver.relations[check.metadata.resourceType]?.keys.sorted() ?? []
                throw BenchmarkError(
                    code: "benchmark.check.invalid", file: check.file, line: 1, column: 1,
                    message: "related.\(name) is not defined for \(check.metadata.resourceType) (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            }
        }
        return Benchmark(checks: checks, relations: relations, standards: standards)
    }

    static func yamlFiles(in dir: URL) throws(BenchmarkError) -> [URL] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir.path) } catch {
            throw BenchmarkError(code: "benchmark.directory.unreadable", file: dir.path,
                                 message: "cannot list the check directory: \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { dir.appendingPathComponent($0) }
    }
}
