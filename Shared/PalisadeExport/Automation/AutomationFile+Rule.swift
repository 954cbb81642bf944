import Foundation
import PalisadeModel
import PalisadeSchedule
import Yams

extension AutomationFile {
    /// Walks one `automations:` entry.
    struct RuleReader {
        let reader: YAMLReader

        func rule(_ node: Node, index: Int) throws(ExportFileError) -> AutomationRule {
            let m = try reader.mapping(node, "automations[\(index)]", allowed: AutomationFile.ruleKeys)
            guard let nameNode = m["name"] else {
                throw reader.invalid(node, "automations[\(index)] has no 'name' (a unique name such as critical-findings-to-oncall)")
            }
            let name = try reader.string(nameNode, "automations[\(index)].name")
            guard name.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
                throw reader.invalid(nameNode, "automation name '\(name)' must be 1-64 letters, digits, '.', '_' or '-'")
            }
            guard let triggerNode = m["trigger"] else {
                throw reader.invalid(node, "automation '\(name)' has no 'trigger' (e.g. 'trigger: { on: [finding.new] }')")
            }
            let trigger = try TriggerReader(reader: reader, rule: name).trigger(triggerNode)
            var rule = AutomationRule(name: name, trigger: trigger, actions: [], line: node.mark?.line)
            if let n = m["enabled"] { rule.enabled = try reader.bool(n, "\(name).enabled") }
            if let n = m["throttle"] { rule.throttle = try throttle(n, "\(name).throttle") }
            if let n = m["batch"] { rule.batch = try batch(n, "\(name).batch") }
            guard let actionsNode = m["actions"], let list = actionsNode.sequence, !list.isEmpty else {
                throw reader.invalid(m["actions"] ?? node, "automation '\(name)' has no actions; add at least one, e.g. "
                                     + "'actions: [{ webhook: { url: \"https://hooks.example/x\" } }]'")
            }
            let actionReader = ActionReader(reader: reader, rule: name, scheduled: trigger.events.contains(.schedule))
            for (i, a) in list.enumerated() { rule.actions.append(try actionReader.action(a, index: i)) }
            return rule
        }

        func throttle(_ node: Node, _ label: String) throws(ExportFileError) -> Throttle {
            let m = try reader.mapping(node, label, allowed: ["max", "per"])
            guard let maxNode = m["max"], let perNode = m["per"] else {
                throw reader.invalid(node, "\(label) needs 'max' and 'per', e.g. '{ max: 10, per: 1h }'")
            }
            return Throttle(max: try reader.int(maxNode, "\(label).max", in: 1...1_000_000),
                            perSeconds: try reader.seconds(perNode, "\(label).per", min: 1))
        }

        func batch(_ node: Node, _ label: String) throws(ExportFileError) -> Batch {
            let m = try reader.mapping(node, label, allowed: ["window", "max"])
            guard let windowNode = m["window"] else {
                throw reader.invalid(node, "\(label) needs 'window', e.g. '{ window: 5m, max: 50 }'")
            }
            var batch = Batch(windowSeconds: try reader.seconds(windowNode, "\(label).window", min: 1))
            if let n = m["max"] { batch.max = try reader.int(n, "\(label).max", in: 1...100_000) }
            return batch
        }
    }
}
