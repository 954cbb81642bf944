import Foundation
import PalisadeModel
import Yams

/// Reads `governance.yaml`, the governance rules (see docs/governance.md):
///
/// ```yaml
/// rules:
///   - id: prod-critical
///     priority: 10
///     scope: { accounts: ["123456789012"], regions: [us-east-1], tags: { env: prod } }
///     target: { minSeverity: high }
///     owner: { fromTag: owner, fallback: secops@example.com }
///     remediationDays: 30
///     gracePeriod: true
///     mode: onlyUnassigned
/// ```
///
/// Every problem is a `GovernanceFileError` with the file, line and column of the offending node.
public enum GovernanceRuleFile {
    public static let topKeys = ["rules"]
    public static let ruleKeys = ["id", "priority", "description", "scope", "target", "owner", "remediationDays",
                                  "gracePeriod", "mode"]
    public static let scopeKeys = ["accounts", "excludeAccounts", "regions", "tags"]
    public static let targetKeys = ["severity", "minSeverity", "checks", "controls"]
    public static let ownerKeys = ["fromTag", "fallback", "email"]
    public static let priorityRange = 1...1000
    public static let remediationDaysRange = 1...365

    /// The rules in the file at `path`, sorted by priority.
    public static func load(path: String) throws(GovernanceFileError) -> [GovernanceRule] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "does not exist"
            throw GovernanceFileError(code: .unreadable, file: path,
                                      message: "governance rules file \(reason); expected a YAML file with 'rules:'")
        }
        return try parse(yaml: text, file: path)
    }

    /// The rules in `yaml`, sorted by priority (none for an empty document). `file` only labels errors.
    public static func parse(yaml: String, file: String) throws(GovernanceFileError) -> [GovernanceRule] {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw syntaxError(error, file: file)
        }
        guard let root, root.null == nil else { return [] }
        let reader = Reader(file: file)
        let top = try reader.mapping(root, "the file", allowed: topKeys)
        guard let section = top["rules"], section.null == nil else { return [] }
        guard let list = section.sequence else {
            throw reader.invalid(section, "'rules' must be a list of rules, each starting with '- id:'")
        }
        var out: [GovernanceRule] = []
        var ids: [String: Int] = [:]
        var priorities: [Int: (id: String, line: Int)] = [:]
        for (i, item) in list.enumerated() {
            let rule = try reader.rule(item, index: i)
            let line = item.mark?.line ?? 0
            if let first = ids[rule.id] {
                throw reader.invalid(item, "rule id '\(rule.id)' is used twice (first on line \(first)); ids must be unique")
            }
            if let first = priorities[rule.priority] {
                let at = reader.mapping(item)?["priority"] ?? item
                throw reader.invalid(at, "priority \(rule.priority) of rule '\(rule.id)' is already used by rule "
                                     + "'\(first.id)' (line \(first.line)); priorities must be unique")
            }
            ids[rule.id] = line
            priorities[rule.priority] = (rule.id, line)
            out.append(rule)
        }
        return GovernanceRules.sorted(out)
    }

    static func syntaxError(_ error: any Error, file: String) -> GovernanceFileError {
        func make(_ problem: String, _ mark: Mark) -> GovernanceFileError {
            GovernanceFileError(code: .syntax, file: file, line: mark.line, column: mark.column,
                                message: "YAML syntax error: \(problem)")
        }
        switch error as? YamlError {
        case let .scanner(_, problem, mark, _)?: return make(problem, mark)
        case let .parser(_, problem, mark, _)?: return make(problem, mark)
        case let .composer(_, problem, mark, _)?: return make(problem, mark)
        case let .duplicatedKeysInMapping(duplicates, context)?:
            return make("duplicate keys \(duplicates.joined(separator: ", ")) in one mapping", context.mark)
        default:
            return GovernanceFileError(code: .syntax, file: file, message: "YAML syntax error: \(error)")
        }
    }
}
