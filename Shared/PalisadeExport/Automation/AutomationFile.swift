import Foundation
import Yams

/// Reads workflow automation rules: the `automations:` section of palisade.yaml, or a file of its own whose only top
/// key is `automations:`. Every problem carries the file, line and column.
public enum AutomationFile {
    public static let sectionKey = "automations"

    /// A standalone file (top key `automations:`; other top keys rejected).
    public static func load(path: String) throws(ExportFileError) -> [AutomationRule] {
        try parse(yaml: try YAMLReader.text(path: path, what: "the automation rules file"), file: path)
    }

    public static func parse(yaml: String, file: String) throws(ExportFileError) -> [AutomationRule] {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(yaml) else { return [] }
        let top = try reader.mapping(root, "the automation rules file", allowed: [sectionKey])
        guard let section = top[sectionKey] else {
            throw reader.invalid(root, "the automation rules file needs the top key '\(sectionKey):' with a list of rules")
        }
        return try self.section(section, reader: reader)
    }

    /// The `automations:` node of a larger file (palisade.yaml), read with that file's YAMLReader.
    public static func section(_ node: Node, reader: YAMLReader) throws(ExportFileError) -> [AutomationRule] {
        if node.null != nil { return [] }
        guard let entries = node.sequence else {
            throw reader.invalid(node, "'\(sectionKey)' must be a list of rules, each starting with '- name: …'")
        }
        var rules: [AutomationRule] = []
        var firstLine: [String: Int] = [:]
        for (i, entry) in entries.enumerated() {
            let rule = try RuleReader(reader: reader).rule(entry, index: i)
            if let earlier = firstLine[rule.name] {
                let nameNode = reader.keys(entry)["name"] ?? entry
                throw reader.invalid(nameNode, "automation name '\(rule.name)' is used twice (first on line \(earlier)); "
                                     + "names must be unique, runs are recorded under them")
            }
            firstLine[rule.name] = rule.line ?? i + 1
            rules.append(rule)
        }
        return rules
    }

    static let ruleKeys = ["name", "enabled", "trigger", "throttle", "batch", "actions"]
    static let triggerKeys = ["on"] + AutomationTrigger.Condition.allCases.map(\.rawValue) + ["every", "cron"]
}

extension YAMLReader {
    /// The key node of `key` in a mapping (to point an error at the key rather than its value).
    func keyNode(_ node: Node, _ key: String) -> Node? {
        node.mapping?.first { $0.key.scalar?.string == key }?.key
    }
}
