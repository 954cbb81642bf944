import Foundation
import Yams

/// Where a credential comes from — never palisade.yaml itself: an environment variable of the export service, or a
/// file readable only by its owner (mode 0600 or stricter). Resolved when it is used, so a rotated file takes effect.
public enum SecretRef: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    case file(String)

    public struct Missing: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The secret's value. The error names where it was looked for, never a value.
    public func resolve(environment env: [String: String] = ProcessInfo.processInfo.environment) throws(Missing) -> String {
        switch self {
        case .environment(let name):
            guard let v = env[name], !v.isEmpty else {
                throw Missing(description: "environment variable \(name) is not set for palisade-export; export it before `palisade up` (or use a secret file)")
            }
            return v
        case .file(let path):
            var st = stat()
            guard stat(path, &st) == 0 else { throw Missing(description: "secret file \(path) does not exist") }
            guard st.st_mode & 0o077 == 0 else {
                throw Missing(description: "secret file \(path) is readable by group or others; run chmod 600 \(path)")
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Missing(description: "secret file \(path) cannot be read as UTF-8 text")
            }
            let v = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !v.isEmpty else { throw Missing(description: "secret file \(path) is empty") }
            return v
        }
    }

    /// "env PALISADE_WEBHOOK_SECRET" / "file /etc/palisade/hook.secret" — safe to print.
    public var description: String {
        switch self {
        case .environment(let n): return "env \(n)"
        case .file(let p): return "file \(p)"
        }
    }
}

extension YAMLReader {
    /// `{ env: NAME }` or `{ file: /path }`.
    public func secret(_ node: Node, _ label: String) throws(ExportFileError) -> SecretRef {
        let m = try mapping(node, label, allowed: ["env", "file"])
        if let n = m["env"], m["file"] == nil { return .environment(try nonEmptyString(n, "\(label).env")) }
        if let n = m["file"], m["env"] == nil { return .file(try nonEmptyString(n, "\(label).file")) }
        throw invalid(node, "\(label) needs exactly one of 'env: VARIABLE' or 'file: /path/to/secret' (a secret is never written in palisade.yaml)")
    }

    /// A filter: a list of rule sets `- rules: [{property, operator, value}, …]`.
    public func filter(_ node: Node, _ label: String) throws(ExportFileError) -> ExportFilter {
        guard let sets = node.sequence else {
            throw invalid(node, "\(label) must be a list of rule sets, e.g. '- rules: [{property: severity, operator: GreaterThanOrEqual, value: high}]'")
        }
        var out: [[ExportFilter.Rule]] = []
        for (i, setNode) in sets.enumerated() {
            let setLabel = "\(label)[\(i)]"
            let m = try mapping(setNode, setLabel, allowed: ["rules"])
            guard let rulesNode = m["rules"], let rules = rulesNode.sequence, !rules.isEmpty else {
                throw invalid(setNode, "\(setLabel) needs 'rules:' with at least one {property, operator, value}")
            }
            var set: [ExportFilter.Rule] = []
            for (j, r) in rules.enumerated() {
                let rl = "\(setLabel).rules[\(j)]"
                let rm = try mapping(r, rl, allowed: ["property", "operator", "value"])
                guard let p = rm["property"], let o = rm["operator"], let v = rm["value"] else {
                    throw invalid(r, "\(rl) needs property, operator and value")
                }
                let property = try nonEmptyString(p, "\(rl).property")
                let known = ExportFilter.properties.contains(property) || property.hasPrefix("tags.")
                    || property.hasPrefix("data.")
                guard known else {
                    throw invalid(p, "\(rl).property '\(property)' is not a record property; expected one of: "
                                  + ExportFilter.properties.joined(separator: ", ") + " or data.<path>")
                }
                set.append(ExportFilter.Rule(property: property,
                                             op: try choice(o, "\(rl).operator", ExportFilter.Operator.self),
                                             value: try string(v, "\(rl).value")))
            }
            out.append(set)
        }
        return ExportFilter(ruleSets: out)
    }
}
