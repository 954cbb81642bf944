import Foundation
import PalisadeModel
import PalisadeRules

/// The loaded benchmark: every check compiled once, grouped by resource type, plus the relations checks may read.
public struct Benchmark: Sendable {
    public let checks: [Check]
    public let resolver: RelationResolver
    private let byType: [String: [Check]]

    public init(checks: [Check], relations: [Relation]) {
        self.checks = checks.sorted { $0.id < $1.id }
        self.resolver = RelationResolver(relations)
        self.byType = Dictionary(grouping: self.checks, by: \.metadata.resourceType)
    }

    /// The checks that run on resources of `type`.
    public func checks(for type: String) -> [Check] { byType[type] ?? [] }

    /// Resource types that have at least one check.
    public var resourceTypes: Set<String> { Set(byType.keys) }

    public func check(id: String) -> Check? { checks.first { $0.id == id } }

    /// Loads the built-in checks (when `builtIn`) and every `*.yaml`/`*.yml` in `extraDirectories`.
    /// Fails on the first bad file with `file:line:column` and what was expected.
    public static func load(builtIn: Bool = true, extraDirectories: [URL] = []) throws(BenchmarkError) -> Benchmark {
        var directories: [URL] = []
        var relations: [Relation] = []
        if builtIn {
            guard let data = Bundle.module.resourceURL?.appendingPathComponent("Data") else {
                throw BenchmarkError(code: "benchmark.builtin.missing", file: "Data",
                                     message: "the built-in benchmark data is not in the module bundle")
            }
            directories.append(data.appendingPathComponent("checks/aws"))
            relations += try CheckFile.loadRelations(data.appendingPathComponent("relations/aws.yaml"))
        }
        directories += extraDirectories
        var checks: [Check] = []
        var seen: [String: String] = [:]
        for dir in directories {
            for file in try yamlFiles(in: dir) {
                let check = try CheckFile.load(file)
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
        return Benchmark(checks: checks, relations: relations)
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
