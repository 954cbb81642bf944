import Foundation
import PalisadeModel
import PalisadeSchedule
import Yams

extension AutomationFile {
    /// Walks one rule's `trigger:`.
    struct TriggerReader {
        let reader: YAMLReader
        let rule: String

        func trigger(_ node: Node) throws(ExportFileError) -> AutomationTrigger {
            let label = "\(rule).trigger"
            let m = try reader.mapping(node, label, allowed: AutomationFile.triggerKeys)
            let valid = AutomationTrigger.Event.allCases.map(\.rawValue).joined(separator: ", ")
            guard let onNode = m["on"] else {
                throw reader.invalid(node, "\(label) has no 'on'; list the events that fire it, any of: \(valid)")
            }
            var t = AutomationTrigger(events: try events(onNode, "\(label).on", valid: valid))
            try checkApplies(node, t.events)

            if let n = m["minSeverity"] { t.minSeverity = try reader.severity(n, "\(label).minSeverity") }
            if let n = m["checks"] { t.checks = try reader.strings(n, "\(label).checks", example: "[s3.bucket.public-access-block]") }
            if let n = m["accounts"] {
                t.accounts = try reader.strings(n, "\(label).accounts", example: "[\"123456789012\"]")
            }
            if let n = m["tags"] { t.tags = try tags(n, "\(label).tags") }
            if let n = m["scoreDrop"] { t.scoreDrop = try reader.double(n, "\(label).scoreDrop", in: 0.01...100) }
            if let n = m["minRisk"] { t.minRisk = try reader.severity(n, "\(label).minRisk") }
            if let n = m["standards"] { t.standards = try reader.strings(n, "\(label).standards", example: "[cis-aws-3.0]") }
            if let n = m["filter"] { t.filter = try reader.filter(n, "\(label).filter") }
            t.schedule = try cadence(node, m, events: t.events)
            return t
        }

        func events(_ node: Node, _ label: String, valid: String) throws(ExportFileError) -> Set<AutomationTrigger.Event> {
            let items = node.sequence ?? [node]
            guard !items.isEmpty else { throw reader.invalid(node, "\(label) is empty; list at least one of: \(valid)") }
            var out: Set<AutomationTrigger.Event> = []
            for item in items {
                let text = try reader.nonEmptyString(item, "each entry of \(label)")
                guard let e = AutomationTrigger.Event(rawValue: text) else {
                    throw reader.invalid(item, "unknown trigger event '\(text)' in \(label); expected any of: \(valid)")
                }
                out.insert(e)
            }
            if out.contains(.schedule), out.count > 1 {
                throw reader.invalid(node, "\(label): 'schedule' runs the rule on its own clock and cannot be combined "
                                     + "with other events; write a second rule for "
                                     + out.subtracting([.schedule]).map(\.rawValue).sorted().joined(separator: ", "))
            }
            return out
        }

        /// Every condition present must narrow at least one of the rule's events.
        func checkApplies(_ node: Node, _ events: Set<AutomationTrigger.Event>) throws(ExportFileError) {
            let on = events.map(\.rawValue).sorted().joined(separator: ", ")
            for c in AutomationTrigger.Condition.allCases {
                guard let key = reader.keyNode(node, c.rawValue), c.events.isDisjoint(with: events) else { continue }
                let applies = AutomationTrigger.Event.allCases.filter(c.events.contains).map(\.rawValue)
                    .joined(separator: ", ")
                throw reader.invalid(key, "'\(c.rawValue)' applies only to \(applies), and \(rule) is on \(on); "
                                     + "add one of those to 'on' or remove '\(c.rawValue)'")
            }
        }

        func tags(_ node: Node, _ label: String) throws(ExportFileError) -> [String: String] {
            guard let pairs = node.mapping else {
                throw reader.invalid(node, "\(label) must be a mapping of tag key to value, e.g. '{ env: prod }'")
            }
            var out: [String: String] = [:]
            for (k, v) in pairs {
                let key = try reader.nonEmptyString(k, "a tag key in \(label)")
                out[key] = try reader.string(v, "\(label).\(key)")
            }
            return out
        }

        func cadence(_ node: Node, _ m: [String: Node], events: Set<AutomationTrigger.Event>)
            throws(ExportFileError) -> Cadence?
        {
            let label = "\(rule).trigger"
            guard events.contains(.schedule) else {
                for key in ["every", "cron"] {
                    if let k = reader.keyNode(node, key) {
                        throw reader.invalid(k, "'\(key)' only applies to scheduled rules; write 'on: [schedule]' "
                                             + "(the rule then runs on this clock and no event fires it) or remove '\(key)'")
                    }
                }
                return nil
            }
            switch (m["every"], m["cron"]) {
            case let (every?, nil):
                let text = try reader.string(every, "\(label).every")
                guard let seconds = Cadence.parseInterval(text), seconds >= 60 else {
                    throw reader.invalid(every, "\(label).every '\(text)' must be an interval of at least 1m, such as 1h, 1d or 7d")
                }
                return .every(seconds: seconds)
            case let (nil, cron?):
                let text = try reader.string(cron, "\(label).cron")
                do { return .cron(try CronExpression(text)) } catch {
                    throw reader.invalid(cron, "\(label).cron '\(text)': \(error.message) (five fields, UTC, e.g. \"0 8 * * 1\")")
                }
            case (_?, _?):
                throw reader.invalid(reader.keyNode(node, "cron") ?? node,
                                     "\(label) has both 'every' and 'cron'; keep exactly one")
            case (nil, nil):
                throw reader.invalid(node, "\(label) is on 'schedule' but says not when; add 'every: 7d' or "
                                     + "'cron: \"0 8 * * 1\"' (UTC)")
            }
        }
    }
}
