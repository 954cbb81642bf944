import Foundation
import Yams

extension AutomationFile {
    /// Walks one entry of a rule's `actions:` — a mapping with exactly one action kind as its key.
    struct ActionReader {
        let reader: YAMLReader
        let rule: String
        let scheduled: Bool

        func action(_ node: Node, index: Int) throws(ExportFileError) -> AutomationAction {
            let label = "\(rule).actions[\(index)]"
            let kinds = AutomationAction.kinds.joined(separator: ", ")
            let m = try reader.mapping(node, label, allowed: AutomationAction.kinds)
            let present = (node.mapping ?? Node.Mapping([])).compactMap { $0.key.scalar?.string }
            guard let kind = present.first else {
                throw reader.invalid(node, "\(label) names no action; write one of: \(kinds)")
            }
            guard present.count == 1 else {
                let second = reader.keyNode(node, present[1]) ?? node
                throw reader.invalid(second, "\(label) names two actions (\(present.joined(separator: ", "))); "
                                     + "each list entry is one action — start another with '- \(present[1]): …'")
            }
            let body = m[kind]!
            let l = "\(label).\(kind)"
            switch kind {
            case "webhook": return try webhook(body, l)
            case "syslog": return try syslog(body, l)
            case "email": return try email(body, l)
            case "ticket":
                let t = try reader.mapping(body, l, allowed: ["system"])
                guard let s = t["system"] else { throw reader.invalid(body, "\(l) needs 'system: servicenow' or 'system: jira'") }
                return .ticket(system: try oneOf(s, "\(l).system", AutomationAction.ticketSystems))
            default:
                if body.null == nil { _ = try reader.mapping(body, l, allowed: []) }
                return .remediationPlan
            }
        }

        func webhook(_ node: Node, _ label: String) throws(ExportFileError) -> AutomationAction {
            let m = try reader.mapping(node, label, allowed: ["url", "secret"])
            guard let urlNode = m["url"] else { throw reader.invalid(node, "\(label) needs 'url: https://…'") }
            let url = try reader.nonEmptyString(urlNode, "\(label).url")
            guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let host = u.host, !host.isEmpty
            else { throw reader.invalid(urlNode, "\(label).url '\(url)' is not an http(s) URL (e.g. https://hooks.example/x)") }
            return .webhook(url: url, secret: try m["secret"].map { n throws(ExportFileError) in
                try reader.secret(n, "\(label).secret")
            })
        }

        func syslog(_ node: Node, _ label: String) throws(ExportFileError) -> AutomationAction {
            let m = try reader.mapping(node, label, allowed: ["address", "format", "ca"])
            guard let addressNode = m["address"] else {
                throw reader.invalid(node, "\(label) needs 'address', e.g. 'tls://logs.example:6514'")
            }
            let address = try reader.nonEmptyString(addressNode, "\(label).address")
            let schemes = AutomationAction.syslogSchemes
            guard let u = URL(string: address), let scheme = u.scheme?.lowercased(), schemes.contains(scheme) else {
                throw reader.invalid(addressNode, "\(label).address '\(address)' must start with "
                                     + schemes.map { "\($0)://" }.joined(separator: ", ") + " (e.g. tls://logs.example:6514)")
            }
            guard let host = u.host, !host.isEmpty, u.port != nil else {
                throw reader.invalid(addressNode, "\(label).address '\(address)' needs a host and a port, e.g. \(scheme)://logs.example:"
                                     + (scheme == "tls" ? "6514" : "514"))
            }
            let format = try m["format"].map { n throws(ExportFileError) in
                try oneOf(n, "\(label).format", AutomationAction.syslogFormats)
            } ?? "rfc5424"
            var ca: String?
            if let n = m["ca"] {
                guard scheme == "tls" else {
                    throw reader.invalid(reader.keyNode(node, "ca") ?? n, "\(label).ca verifies a TLS receiver; "
                                         + "it needs a tls:// address (this one is \(scheme)://)")
                }
                ca = try reader.nonEmptyString(n, "\(label).ca")
            }
            return .syslog(address: address, format: format, caFile: ca)
        }

        func email(_ node: Node, _ label: String) throws(ExportFileError) -> AutomationAction {
            let m = try reader.mapping(node, label, allowed: ["to", "subject", "digest", "overdueOnly"])
            var to: [String] = []
            if let n = m["to"] {
                to = try reader.strings(n, "\(label).to", example: "[secops@example.com]")
                for (address, item) in zip(to, n.sequence ?? [n])
                where address.range(of: #"^[^@\s]+@[^@\s]+$"#, options: .regularExpression) == nil {
                    throw reader.invalid(item, "\(label).to: '\(address)' is not an e-mail address")
                }
            }
            var subject: String?
            if let n = m["subject"] {
                let s = try reader.nonEmptyString(n, "\(label).subject")
                let placeholders = s.matches(of: /\{[^}]*\}/).map { String($0.output) }
                if let unknown = placeholders.first(where: { !AutomationAction.subjectPlaceholders.contains($0) }) {
                    throw reader.invalid(n, "\(label).subject uses '\(unknown)'; the placeholders are "
                                         + AutomationAction.subjectPlaceholders.joined(separator: " "))
                }
                subject = s
            }
            var digest: AutomationAction.Digest?
            if let n = m["digest"] {
                digest = try reader.choice(n, "\(label).digest", AutomationAction.Digest.self)
                guard scheduled else {
                    throw reader.invalid(n, "\(label).digest: a digest is sent on a schedule, not per event; "
                                         + "put it in a rule with 'on: [schedule]' and 'every: 7d' or 'cron: \"0 8 * * 1\"'")
                }
            }
            if let n = m["overdueOnly"], try reader.bool(n, "\(label).overdueOnly") {
                guard digest == .governanceOwners || digest == .governanceOverdue else {
                    throw reader.invalid(n, "\(label).overdueOnly belongs to the manager digest: "
                                         + "'digest: governance-owners, overdueOnly: true, to: [manager@example.com]'")
                }
                digest = .governanceOverdue
            }
            switch digest {
            case .governanceOwners?:
                if let n = m["to"] {
                    throw reader.invalid(reader.keyNode(node, "to") ?? n, "\(label): the owner digest goes to each item's "
                                         + "owner, so it takes no 'to'; for a manager digest of overdue items add 'overdueOnly: true'")
                }
            case .governanceOverdue?, nil:
                guard !to.isEmpty else {
                    let what = digest == nil ? "" : " (the manager digest of overdue items)"
                    throw reader.invalid(m["to"] ?? node, "\(label)\(what) needs 'to: [address, …]'; only "
                                         + "'digest: governance-owners' finds its recipients itself")
                }
            }
            return .email(to: to, subject: subject, digest: digest)
        }

        func oneOf(_ node: Node, _ label: String, _ values: [String]) throws(ExportFileError) -> String {
            let text = try reader.string(node, label)
            guard values.contains(text) else {
                throw reader.invalid(node, "\(label) '\(text)' is not valid; expected one of: \(values.joined(separator: ", "))")
            }
            return text
        }
    }
}
