import Foundation
import PalisadeModel
import Yams

extension GovernanceRuleFile {
    /// Walks one `rules:` entry, keeping the line and column of every problem.
    struct Reader {
        let file: String

        func rule(_ node: Node, index: Int) throws(GovernanceFileError) -> GovernanceRule {
            var label = "rules[\(index)]"
            let m = try mapping(node, label, allowed: GovernanceRuleFile.ruleKeys)
            guard let idNode = m["id"] else { throw invalid(node, "\(label) has no 'id' (e.g. 'id: prod-critical')") }
            let id = try string(idNode, "\(label).id")
            guard id.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
                throw invalid(idNode, "rule id '\(id)' must be 1-64 letters, digits, '.', '_' or '-'")
            }
            label = id
            guard let priorityNode = m["priority"] else {
                throw invalid(node, "rule '\(id)' has no 'priority' (a whole number 1-1000, 1 = evaluated first)")
            }
            let priority = try int(priorityNode, "\(label).priority", in: GovernanceRuleFile.priorityRange)
            let description = try m["description"].map { n throws(GovernanceFileError) in
                try string(n, "\(label).description")
            }
            let scope = try m["scope"].map { n throws(GovernanceFileError) in try self.scope(n, label) }
                ?? GovernanceRule.Scope()
            guard let targetNode = m["target"] else {
                throw invalid(node, "rule '\(id)' has no 'target' (at least one of severity, minSeverity, checks, controls)")
            }
            let target = try self.target(targetNode, label)
            guard let ownerNode = m["owner"] else {
                throw invalid(node, "rule '\(id)' has no 'owner' (fromTag with an optional fallback, or email)")
            }
            let owner = try self.owner(ownerNode, label)
            guard let daysNode = m["remediationDays"] else {
                throw invalid(node, "rule '\(id)' has no 'remediationDays' (a whole number of days 1-365)")
            }
            let days = try int(daysNode, "\(label).remediationDays", in: GovernanceRuleFile.remediationDaysRange)
            let grace = try m["gracePeriod"].map { n throws(GovernanceFileError) in
                try bool(n, "\(label).gracePeriod")
            } ?? false
            var mode = GovernanceRule.Mode.onlyUnassigned
            if let n = m["mode"] {
                let text = try string(n, "\(label).mode")
                guard let parsed = GovernanceRule.Mode(rawValue: text) else {
                    throw invalid(n, "\(label).mode '\(text)' is not a mode; expected one of: "
                                  + GovernanceRule.Mode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                mode = parsed
            }
            return GovernanceRule(id: id, priority: priority, description: description, scope: scope, target: target,
                                  owner: owner, remediationDays: days, gracePeriod: grace, mode: mode)
        }

        func scope(_ node: Node, _ rule: String) throws(GovernanceFileError) -> GovernanceRule.Scope {
            let label = "\(rule).scope"
            let m = try mapping(node, label, allowed: GovernanceRuleFile.scopeKeys)
            var scope = GovernanceRule.Scope()
            if let n = m["accounts"] { scope.accounts = try strings(n, "\(label).accounts", example: #"["123456789012"]"#) }
            if let n = m["excludeAccounts"] {
                scope.excludeAccounts = try strings(n, "\(label).excludeAccounts", example: #"["123456789012"]"#)
            }
            if let n = m["regions"] { scope.regions = try strings(n, "\(label).regions", example: "[us-east-1]") }
            if let n = m["tags"] {
                guard let pairs = n.mapping else {
                    throw invalid(n, "\(label).tags must be a mapping of tag key to value, e.g. { env: prod }")
                }
                for (k, v) in pairs {
                    let key = try string(k, "a tag key in \(label).tags")
                    guard !key.isEmpty else { throw invalid(k, "\(label).tags has an empty tag key") }
                    scope.tags[key] = try string(v, "\(label).tags.\(key)")
                }
            }
            return scope
        }

        func target(_ node: Node, _ rule: String) throws(GovernanceFileError) -> GovernanceRule.Target {
            let label = "\(rule).target"
            let m = try mapping(node, label, allowed: GovernanceRuleFile.targetKeys)
            var target = GovernanceRule.Target()
            switch (m["severity"], m["minSeverity"]) {
            case (_?, _?):
                throw invalid(node, "\(label) has both 'severity' and 'minSeverity'; keep one")
            case let (list?, nil):
                guard let items = list.sequence else {
                    throw invalid(list, "\(label).severity must be a list, e.g. [high, critical] (or use minSeverity: high)")
                }
                for item in items { target.severities.insert(try severity(item, "\(label).severity")) }
            case let (nil, minimum?):
                target.severities = GovernanceRule.Target.severities(atLeast: try severity(minimum, "\(label).minSeverity"))
            case (nil, nil):
                break
            }
            if let n = m["checks"] { target.checks = try strings(n, "\(label).checks", example: "[aws-s3-bucket-public-read]") }
            if let n = m["controls"] { target.controls = try strings(n, "\(label).controls", example: "[data-protection]") }
            guard !target.isEmpty else {
                throw invalid(node, "\(label) is empty; give at least one of severity, minSeverity, checks, controls")
            }
            return target
        }

        func owner(_ node: Node, _ rule: String) throws(GovernanceFileError) -> GovernanceRule.Owner {
            let label = "\(rule).owner"
            let m = try mapping(node, label, allowed: GovernanceRuleFile.ownerKeys)
            switch (m["fromTag"], m["email"]) {
            case let (tagNode?, nil):
                let tag = try string(tagNode, "\(label).fromTag")
                guard !tag.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw invalid(tagNode, "\(label).fromTag must be a resource tag key, e.g. owner")
                }
                let fallback = try m["fallback"].map { n throws(GovernanceFileError) in
                    try email(n, "\(label).fallback")
                }
                return .fromTag(key: tag, fallback: fallback)
            case let (nil, emailNode?):
                if let f = m["fallback"] {
                    throw invalid(f, "\(label).fallback only goes with fromTag; a fixed 'email' needs no fallback")
                }
                return .email(address: try email(emailNode, "\(label).email"))
            case (_?, _?):
                throw invalid(node, "\(label) has both 'fromTag' and 'email'; keep one (use 'fallback' for the "
                              + "address used when the tag is absent)")
            case (nil, nil):
                throw invalid(node, "\(label) needs 'fromTag: <tag key>' (with an optional 'fallback: <email>') "
                              + "or 'email: <address>'")
            }
        }

        // MARK: - Values

        /// The node's keys, each checked against `allowed`.
        func mapping(_ node: Node, _ label: String, allowed: [String]) throws(GovernanceFileError) -> [String: Node] {
            guard let m = node.mapping else {
                throw invalid(node, "\(label) must be a mapping with keys: \(allowed.joined(separator: ", "))")
            }
            var out: [String: Node] = [:]
            for (k, v) in m {
                guard let key = k.scalar?.string else { throw invalid(k, "\(label) has a key that is not a plain word") }
                guard allowed.contains(key) else {
                    throw invalid(k, "unknown key '\(key)' in \(label); expected one of: \(allowed.joined(separator: ", "))")
                }
                out[key] = v
            }
            return out
        }

        /// The node's keys, unchecked (nil when it is not a mapping).
        func mapping(_ node: Node) -> [String: Node]? {
            guard let m = node.mapping else { return nil }
            var out: [String: Node] = [:]
            for (k, v) in m { if let key = k.scalar?.string { out[key] = v } }
            return out
        }

        func string(_ node: Node, _ label: String) throws(GovernanceFileError) -> String {
            guard let s = node.scalar, node.null == nil else { throw invalid(node, "\(label) must be a string") }
            return s.string
        }

        func strings(_ node: Node, _ label: String, example: String) throws(GovernanceFileError) -> [String] {
            guard let seq = node.sequence else { throw invalid(node, "\(label) must be a list, e.g. \(example)") }
            var out: [String] = []
            for item in seq {
                let s = try string(item, "each entry of \(label)")
                guard !s.isEmpty else { throw invalid(item, "\(label) has an empty entry") }
                out.append(s)
            }
            return out
        }

        func int(_ node: Node, _ label: String, in range: ClosedRange<Int>) throws(GovernanceFileError) -> Int {
            guard node.scalar != nil, let value = node.int, range.contains(value) else {
                let got = node.scalar.map { " (got '\($0.string)')" } ?? ""
                throw invalid(node, "\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound)\(got)")
            }
            return value
        }

        func bool(_ node: Node, _ label: String) throws(GovernanceFileError) -> Bool {
            guard let b = node.bool else { throw invalid(node, "\(label) must be true or false") }
            return b
        }

        func severity(_ node: Node, _ label: String) throws(GovernanceFileError) -> Severity {
            let text = try string(node, label)
            guard let s = Severity(rawValue: text) else {
                throw invalid(node, "\(label) '\(text)' is not a severity; expected one of: "
                              + Severity.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return s
        }

        func email(_ node: Node, _ label: String) throws(GovernanceFileError) -> String {
            let text = try string(node, label)
            guard text.range(of: #"^[^@\s]+@[^@\s]+$"#, options: .regularExpression) != nil else {
                throw invalid(node, "\(label) '\(text)' is not an email address (expected e.g. secops@example.com)")
            }
            return text
        }

        func invalid(_ node: Node, _ message: String) -> GovernanceFileError {
            GovernanceFileError(code: .invalid, file: file, line: node.mark?.line, column: node.mark?.column,
                                message: message)
        }
    }
}
