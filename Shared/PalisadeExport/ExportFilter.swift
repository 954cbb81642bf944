import Foundation
import PalisadeModel

/// Which records a sink or automation takes, the way Defender's continuous export filters: rule sets OR'ed, the rules
/// inside a set AND'ed. No rule sets: every record.
public struct ExportFilter: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equals = "Equals", notEquals = "NotEquals", contains = "Contains", startsWith = "StartsWith",
             endsWith = "EndsWith", greaterThan = "GreaterThan", greaterThanOrEqual = "GreaterThanOrEqual",
             lesserThan = "LesserThan", lesserThanOrEqual = "LesserThanOrEqual"
    }

    public struct Rule: Sendable, Hashable {
        /// A record property (see `ExportFilter.properties`).
        public var property: String
        public var op: Operator
        public var value: String

        public init(property: String, op: Operator, value: String) {
            self.property = property
            self.op = op
            self.value = value
        }
    }

    public var ruleSets: [[Rule]]

    public init(ruleSets: [[Rule]] = []) { self.ruleSets = ruleSets }

    public static let all = ExportFilter()

    /// The properties a rule may name. `tags.<key>` reads the resource's tag (when the export service knows it).
    public static let properties = [
        "kind", "key", "provider", "account", "severity", "title", "snapshot", "checkID", "controlID", "resourceID",
        "resourceType", "region", "status", "lifecycle", "risk", "standard", "requirement", "owner", "tags.<key>",
    ]

    /// Whether a rule reads a resource tag (only then does the caller need to look the tags up).
    public var usesTags: Bool { ruleSets.contains { $0.contains { $0.property.hasPrefix("tags.") } } }

    public func matches(_ r: ExportRecord, tags: [String: String] = [:]) -> Bool {
        ruleSets.isEmpty || ruleSets.contains { set in set.allSatisfy { $0.matches(r, tags: tags) } }
    }
}

extension ExportFilter.Rule {
    public func matches(_ r: ExportRecord, tags: [String: String]) -> Bool {
        let actual = ExportRecordProperties.value(property, of: r, tags: tags)
        if property == "severity" || property == "risk", let rank = Self.rank(value) {
            guard let a = actual.flatMap(Self.rank) else { return op == .notEquals }
            return compare(a, rank)
        }
        guard let actual else { return op == .notEquals }
        switch op {
        case .equals: return actual.caseInsensitiveCompare(value) == .orderedSame
        case .notEquals: return actual.caseInsensitiveCompare(value) != .orderedSame
        case .contains: return actual.range(of: value, options: .caseInsensitive) != nil
        case .startsWith: return actual.lowercased().hasPrefix(value.lowercased())
        case .endsWith: return actual.lowercased().hasSuffix(value.lowercased())
        case .greaterThan, .greaterThanOrEqual, .lesserThan, .lesserThanOrEqual:
            if let a = Double(actual), let b = Double(value) { return compare(a, b) }
            return compare(actual, value)
        }
    }

    private func compare<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch op {
        case .equals: return a == b
        case .notEquals: return a != b
        case .greaterThan: return a > b
        case .greaterThanOrEqual: return a >= b
        case .lesserThan: return a < b
        case .lesserThanOrEqual: return a <= b
        case .contains, .startsWith, .endsWith: return false
        }
    }

    static func rank(_ text: String) -> Int? { Severity(rawValue: text.lowercased())?.rank }
}

/// A record's named properties as text, for filters and triggers.
public enum ExportRecordProperties {
    public static func value(_ property: String, of r: ExportRecord, tags: [String: String]) -> String? {
        if property.hasPrefix("tags.") { return tags[String(property.dropFirst(5))] }
        if property.hasPrefix("data.") {
            let v = r.data.value(at: String(property.dropFirst(5)))
            return v?.stringValue ?? v?.doubleValue.map { String($0) } ?? v?.boolValue.map { String($0) }
        }
        let f = r.finding
        switch property {
        case "kind": return r.kind.rawValue
        case "key": return r.key
        case "provider": return r.provider
        case "account": return r.account
        case "severity", "risk": return r.severity?.rawValue
        case "title": return r.title
        case "snapshot": return r.snapshot ? "true" : "false"
        case "checkID": return f?.checkID
        case "controlID": return f?.controlID
        case "resourceID": return f?.resourceID ?? r.data["resourceID"]?.stringValue
        case "resourceType": return f?.resourceType
        case "region": return f?.region
        case "status": return f?.status.rawValue ?? r.data["to"]?.stringValue
        case "lifecycle": return f?.lifecycle.rawValue
        case "standard": return r.data["standard"]?.stringValue
        case "requirement": return r.data["requirement"]?.stringValue
        case "owner": return r.data["assignment"]?["owner"]?.stringValue
        default: return nil
        }
    }
}
