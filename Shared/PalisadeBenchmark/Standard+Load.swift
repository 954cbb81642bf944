import Foundation
import Yams

extension Standard {
    /// Loads one catalog file (YAML), reporting errors at their line and column. The `id` must equal the
    /// file name and requirement ids must be unique.
    static func load(_ url: URL) throws(BenchmarkError) -> Standard {
        let file = url.path
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw BenchmarkError(code: "benchmark.standard.unreadable", file: file, message: "cannot read: \(error.localizedDescription)")
        }
        let root: Node?
        do { root = try CheckFile.compose(text, file: file) } catch { throw BenchmarkError(code: "benchmark.standard.yaml", file: error.file, line: error.line, column: error.column, message: error.message) }
        guard let root, case .mapping = root else {
            throw BenchmarkError(code: "benchmark.standard.invalid", file: file, line: 1, column: 1,
                                 message: "expected a mapping with id, title, version, publisher, url and requirements")
        }
        func fail(_ node: Node?, _ message: String, code: String = "benchmark.standard.invalid") -> BenchmarkError {
            BenchmarkError(code: code, file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
        }
        func string(_ key: String, in parent: Node) throws(BenchmarkError) -> String {
            guard let value = parent[key] else { throw fail(parent, "expected a '\(key)' field") }
            guard let s = value.scalar?.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail(value, "expected '\(key)' to be a non-empty string")
            }
            return s
        }
        let id = try string("id", in: root)
        let expectedID = url.deletingPathExtension().lastPathComponent
        guard id == expectedID else { throw fail(root["id"], "id '\(id)' must match the file name '\(expectedID)'") }
        guard let list = root["requirements"], let items = list.sequence else {
            throw fail(root["requirements"] ?? root, "expected 'requirements', a list of {id, title, section, manual}")
        }
        var requirements: [Requirement] = []
        var seen: [String: Int] = [:]
        for item in items {
            guard case .mapping = item else { throw fail(item, "expected a requirement {id, title, section, manual}") }
            let rid = try string("id", in: item)
            if let line = seen[rid] {
                throw fail(item["id"], "requirement '\(rid)' is already defined at line \(line)", code: "benchmark.standard.duplicate")
            }
            seen[rid] = item["id"]?.mark?.line ?? 0
            guard let manualNode = item["manual"], let manual = manualNode.scalar.flatMap({ Bool($0.string) }) else {
                throw fail(item["manual"] ?? item, "expected 'manual: true' or 'manual: false' on requirement '\(rid)'")
            }
            requirements.append(Requirement(id: rid, title: try string("title", in: item),
                                            section: item["section"]?.scalar?.string, manual: manual))
        }
        return Standard(id: id, title: try string("title", in: root), version: try string("version", in: root),
                        publisher: try string("publisher", in: root), url: try string("url", in: root),
                        requirements: requirements)
    }

    /// Every catalog (`*.yaml`/`*.yml`) in `directories`; a standard id defined twice fails.
    static func loadAll(_ directories: [URL]) throws(BenchmarkError) -> [Standard] {
        var standards: [Standard] = []
        var seen: [String: String] = [:]
        for dir in directories {
            for file in try Benchmark.yamlFiles(in: dir) {
                let standard = try load(file)
                if let other = seen[standard.id] {
                    throw BenchmarkError(code: "benchmark.standard.duplicate", file: file.path, line: 1, column: 1,
                                         message: "standard '\(standard.id)' is already defined in \(other)")
                }
                seen[standard.id] = file.path
                standards.append(standard)
            }
        }
        return standards
    }
}

/// Which requirement ids each loaded standard has, for validating check references at load.
struct StandardIndex: Sendable {
    private let requirements: [String: Set<String>]

    init(_ standards: [Standard]) {
        var byID: [String: Set<String>] = [:]
        for s in standards { byID[s.id] = Set(s.requirements.map(\.id)) }
        requirements = byID
    }

    /// Nil when `ref` names a loaded standard and one of its requirements; otherwise what is wrong.
    func problem(with ref: StandardRef) -> String? {
        guard let ids = requirements[ref.standard] else {
            return "unknown standard '\(ref.standard)' in \"\(ref)\" (known: \(requirements.keys.sorted().joined(separator: ", ")))"
        }
        return ids.contains(ref.requirement) ? nil : "\(ref.standard) has no requirement '\(ref.requirement)' (\"\(ref)\")"
    }
}
