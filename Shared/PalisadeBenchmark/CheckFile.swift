import Foundation
import PalisadeModel
import PalisadeRules
import Yams

/// Parses one check file (YAML) into a compiled `Check`, reporting errors at their line and column.
enum CheckFile {
    /// With `standards`, every `standards` entry must name a loaded standard and one of its requirements;
    /// an error points at the entry.
    static func load(_ url: URL, standards: StandardIndex? = nil) throws(BenchmarkError) -> Check {
        let file = url.path
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw BenchmarkError(code: "benchmark.check.unreadable", file: file, message: "cannot read: \(error.localizedDescription)")
        }
        let root = try compose(text, file: file)
        guard let root, case .mapping = root else {
            throw BenchmarkError(code: "benchmark.check.invalid", file: file, line: 1, column: 1,
                                 message: "expected a mapping with id, title, severity, resource, control, assert, ...")
        }
        let r = Reader(root: root, file: file, lines: text.components(separatedBy: "\n"))
        let id = try r.string("id")
        let expectedID = url.deletingPathExtension().lastPathComponent
        guard id == expectedID else {
            throw r.error(at: root["id"], "id '\(id)' must match the file name '\(expectedID)'")
        }
        let severityText = try r.string("severity")
        guard let severity = Severity(rawValue: severityText) else {
            throw r.error(at: root["severity"],
                          "unknown severity '\(severityText)': expected one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let control = try r.string("control")
        guard Control.benchmark(id: control) != nil else {
            throw r.error(at: root["control"],
                          "unknown control '\(control)': expected one of \(Control.benchmark.map(\.id).joined(separator: ", "))")
        }
        let remediation = root["remediation"]
        guard let remediation, case .mapping = remediation else {
            throw r.error(at: root, "expected 'remediation' with text, cli and terraform")
        }
        let remedy = Remediation(text: try r.string("text", in: remediation),
                                 cli: r.optionalString("cli", in: remediation) ?? "",
                                 terraform: r.optionalString("terraform", in: remediation) ?? "")
        let index = standards
        var standards: [String] = []
        if let node = root["standards"] {
            guard let seq = node.sequence else { throw r.error(at: node, "expected 'standards' to be a list of strings") }
            for item in seq {
                guard let s = item.string, let ref = StandardRef(s) else {
                    throw r.error(at: item, "expected a standard reference STANDARD:REQUIREMENT like \"cis-aws-3.0:1.10\"")
                }
                if let problem = index?.problem(with: ref) { throw r.error(at: item, problem) }
                standards.append(s)
            }
        }
        let evaluator = try r.evaluator()
        let graph = evaluator == .graph ? try r.graphRule() : nil
        let metadata = CheckMetadata(
            id: id, title: try r.string("title"), severity: severity, resourceType: try r.string("resource"),
            controlID: control, rationale: try r.string("rationale"), remediation: remedy, standards: standards,
            evaluator: evaluator, graph: graph)
        if evaluator == .graph {
            // The graph decides: an expression here would never run, so it is refused rather than ignored.
            for key in ["assert", "applies"] where root[key] != nil {
                throw r.error(at: root[key], "a check with 'evaluator: graph' is decided by the security graph; remove '\(key)'")
            }
            return Check(metadata: metadata, applies: nil, assertion: nil, file: file)
        }
        if let node = root["graph"] { throw r.error(at: node, "'graph' is only for checks with 'evaluator: graph'") }
        let applies = try root["applies"].map { (n) throws(BenchmarkError) in try r.expression(n, key: "applies") }
        guard let assertNode = root["assert"] else { throw r.error(at: root, "expected 'assert' (the check expression)") }
        return Check(metadata: metadata, applies: applies, assertion: try r.expression(assertNode, key: "assert"),
                     file: file)
    }

    static func loadRelations(_ url: URL) throws(BenchmarkError) -> [Relation] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw BenchmarkError(code: "benchmark.relations.unreadable", file: url.path,
                                 message: "cannot read: \(error.localizedDescription)")
        }
        let relations: [Relation]
        do { relations = try YAMLDecoder().decode([Relation].self, from: text) } catch {
            throw BenchmarkError(code: "benchmark.relations.invalid", file: url.path, message: "\(error)")
        }
        for r in relations where (r.path == nil) != r.isAccountWide {
            throw BenchmarkError(code: "benchmark.relations.invalid", file: url.path,
                                 message: "relation '\(r.name)' from \(r.from): give either 'path' (a link property) or 'scope: account', not both or neither")
        }
        return relations
    }

    static func compose(_ text: String, file: String) throws(BenchmarkError) -> Node? {
        do { return try Yams.compose(yaml: text) } catch let e as YamlError {
            var line = 0, column = 0
            switch e {
            case .scanner(_, _, let m, _), .parser(_, _, let m, _), .composer(_, _, let m, _):
                line = m.line
                column = m.column
            default: break
            }
            throw BenchmarkError(code: "benchmark.check.yaml", file: file, line: line, column: column,
                                 message: "not valid YAML: \(e)")
        } catch {
            throw BenchmarkError(code: "benchmark.check.yaml", file: file, message: "not valid YAML: \(error)")
        }
    }
}

/// Field access on a check file's YAML with positioned errors.
private struct Reader {
    let root: Node
    let file: String
    let lines: [String]

    func error(at node: Node?, _ message: String) -> BenchmarkError {
        BenchmarkError(code: "benchmark.check.invalid", file: file, line: node?.mark?.line ?? 1,
                       column: node?.mark?.column ?? 1, message: message)
    }

    func string(_ key: String, in node: Node? = nil) throws(BenchmarkError) -> String {
        let parent = node ?? root
        guard let value = parent[key] else { throw error(at: parent, "expected a '\(key)' field") }
        guard let s = value.scalar?.string, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw error(at: value, "expected '\(key)' to be a non-empty string")
        }
        return s
    }

    func optionalString(_ key: String, in node: Node) -> String? { node[key]?.scalar?.string }

    /// `evaluator: expression` (the default) or `evaluator: graph`.
    func evaluator() throws(BenchmarkError) -> CheckEvaluator {
        guard let node = root["evaluator"] else { return .expression }
        guard let text = node.scalar?.string, let value = CheckEvaluator(rawValue: text) else {
            throw error(at: node, "unknown evaluator '\(node.scalar?.string ?? "")': expected \(CheckEvaluator.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        return value
    }

    /// `graph: {rule: internet_exposure, ports: ["tcp/22"]}` — the rule the security graph decides.
    func graphRule() throws(BenchmarkError) -> GraphRule {
        guard let node = root["graph"], case .mapping = node else {
            throw error(at: root["graph"] ?? root,
                        "expected 'graph' with the rule the security graph decides (rule: \(GraphRule.Kind.allCases.map(\.rawValue).joined(separator: " | ")))")
        }
        let name = try string("rule", in: node)
        guard let kind = GraphRule.Kind(rawValue: name) else {
            throw error(at: node["rule"], "unknown graph rule '\(name)': expected one of \(GraphRule.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var ports: [PortRange] = []
        if let list = node["ports"] {
            guard let seq = list.sequence else { throw error(at: list, "expected 'ports' to be a list like [\"tcp/22\"]") }
            for item in seq {
                // In a check file the protocol and its ports are spelt out (`tcp/22`), so a typo is not a protocol.
                guard let text = item.string, text.contains("/") || text.lowercased() == "all", let port = PortRange(text) else {
                    throw error(at: item, "expected a port range like \"tcp/22\" or \"tcp/1433-1434\"")
                }
                ports.append(port)
            }
        }
        if kind == .internetExposure, ports.isEmpty {
            throw error(at: node, "graph rule internet_exposure needs 'ports' (the ports that count, e.g. [\"tcp/22\"])")
        }
        if kind != .internetExposure, let list = node["ports"] {
            throw error(at: list, "graph rule \(kind.rawValue) takes no 'ports'")
        }
        for key in node.mapping?.keys.compactMap(\.string) ?? [] where !["rule", "ports"].contains(key) {
            throw error(at: node[key], "unknown key '\(key)' in 'graph': expected rule and ports")
        }
        return GraphRule(rule: kind, ports: ports)
    }

    /// Compiles an expression scalar, mapping its positions back to the file.
    func expression(_ node: Node, key: String) throws(BenchmarkError) -> CheckExpression {
        guard let scalar = node.scalar else { throw error(at: node, "expected '\(key)' to be an expression string") }
        var origin = SourceLocation(line: scalar.mark?.line ?? 1, column: scalar.mark?.column ?? 1)
        var continuation: Int?
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            origin.column += 1
        case .literal, .folded:
            // Content starts on the line after the indicator, at the block's indentation.
            var lineIndex = scalar.mark?.line ?? 1
            while lineIndex < lines.count, lines[lineIndex].trimmingCharacters(in: .whitespaces).isEmpty { lineIndex += 1 }
            let indent = lineIndex < lines.count ? lines[lineIndex].prefix { $0 == " " }.count : 0
            origin = SourceLocation(line: lineIndex + 1, column: indent + 1)
            continuation = indent + 1
        default:
            break
        }
        do throws(RuleError) {
            return try CheckExpression(scalar.string, origin: origin, continuationColumn: continuation)
        } catch {
            throw BenchmarkError(code: "benchmark.check.invalid", file: file, line: error.location.line,
                                 column: error.location.column, message: "in '\(key)': \(error.message)")
        }
    }
}
