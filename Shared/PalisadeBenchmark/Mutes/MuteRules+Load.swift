import Foundation
import Yams

extension MuteRules {
    /// Loads and validates a mute file (YAML). Any mistake — a missing reason, owner or expiry, a bad date,
    /// an invalid regex, an unknown field, a match that would mute everything, a duplicate id — is an error
    /// at its `file:line:column`; nothing is loaded partially.
    public static func load(url: URL) throws(BenchmarkError) -> MuteRules {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw BenchmarkError(code: "benchmark.mutes.unreadable", file: url.path,
                                 message: "cannot read: \(error.localizedDescription)")
        }
        return try load(yaml: text, file: url.path)
    }

    /// Like `load(url:)`, but a file that does not exist means no mutes (the default `<data dir>/mutes.yaml`
    /// is optional). A file that exists and cannot be read or validated is still an error.
    public static func loadIfPresent(url: URL) throws(BenchmarkError) -> MuteRules {
        guard FileManager.default.fileExists(atPath: url.path) else { return MuteRules([], file: url.path) }
        return try load(url: url)
    }

    /// Loads and validates mute rules from YAML text; `file` names it in errors.
    public static func load(yaml: String, file: String) throws(BenchmarkError) -> MuteRules {
        guard let root = try MuteFileReader.compose(yaml, file: file) else { return MuteRules([], file: file) }
        let r = MuteFileReader(file: file)
        guard let top = root.mapping else {
            throw r.error(at: root, "expected a mapping with a 'rules' list")
        }
        try r.rejectUnknownKeys(top, allowed: ["rules"], what: "top-level field")
        guard let rulesNode = top["rules"] else {
            throw r.error(at: root, "expected a 'rules' list")
        }
        if MuteFileReader.isNull(rulesNode) { return MuteRules([], file: file) }
        guard let items = rulesNode.sequence else {
            throw r.error(at: rulesNode, "expected 'rules' to be a list of rules (each starting with '- id: ...')")
        }
        var rules: [MuteRule] = []
        var lineOfID: [String: Int] = [:]
        for item in items {
            let rule = try r.rule(item)
            if let first = lineOfID[rule.id] {
                throw r.error(at: item.mapping?["id"], code: "benchmark.mutes.duplicate",
                              "duplicate rule id '\(rule.id)' (first used at line \(first)): give each rule its own id")
            }
            lineOfID[rule.id] = rule.line
            rules.append(rule)
        }
        return MuteRules(rules, file: file)
    }
}
