import Foundation
import Yams

/// Reads a mute file's YAML nodes into rules, with errors at the offending node's line and column.
struct MuteFileReader {
    let file: String

    static let ruleFields = ["id", "reason", "owner", "expires", "match"]
    static let matchFields = ["provider", "account", "region", "check", "resource", "resourceName", "resourceType",
                              "tags"]
    static let patternKinds = MutePattern.Kind.allCases.map(\.rawValue)
    /// Likely names for a field that are too far from it for a spelling suggestion.
    static let aliases = [
        "arn": "resource", "resourceid": "resource", "resourcearn": "resource", "resource_id": "resource",
        "checkid": "check", "check_id": "check", "checks": "check", "accountid": "account", "account_id": "account",
        "type": "resourceType", "name": "resourceName", "expiry": "expires", "expiration": "expires",
        "until": "expires", "justification": "reason", "comment": "reason", "description": "reason",
    ]

    func error(at node: Node?, code: String = "benchmark.mutes.invalid", _ message: String) -> BenchmarkError {
        BenchmarkError(code: code, file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1,
                       message: message)
    }

    // MARK: Rules

    func rule(_ node: Node) throws(BenchmarkError) -> MuteRule {
        guard let map = node.mapping else {
            throw error(at: node, "expected a rule: a mapping with id, reason, owner, expires and match")
        }
        try rejectUnknownKeys(map, allowed: Self.ruleFields, what: "rule field",
                              misplaced: Set(Self.matchFields), misplacedHint: "belongs under 'match:'")
        let id = try string("id", in: map, at: node)
        guard id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw error(at: map["id"], "rule id '\(id)' may only contain a-z, 0-9 and '-' (e.g. office-bastion-ssh)")
        }
        let reason = try string("reason", in: map, at: node, hint: "say why the risk is accepted (and where it is tracked)")
        let owner = try string("owner", in: map, at: node, hint: "who answers for this exception, e.g. alice@example.com")
        let expiresText = try string("expires", in: map, at: node, hint: "a date like 2027-03-31; mutes must lapse")
        let expires: Date
        switch MuteExpiry.parse(expiresText) {
        case .success(let d): expires = d
        case .failure(let e): throw error(at: map["expires"], e.message)
        }
        guard let matchNode = map["match"], !Self.isNull(matchNode) else {
            throw error(at: node, "rule '\(id)' needs a 'match' with at least one of \(Self.matchFields.joined(separator: ", "))")
        }
        let match = try self.match(matchNode, ruleID: id)
        return MuteRule(id: id, reason: reason, owner: owner, expires: expires, expiresText: expiresText,
                        match: match, line: node.mark?.line ?? 0)
    }

    func match(_ node: Node, ruleID: String) throws(BenchmarkError) -> MuteMatch {
        guard let map = node.mapping else {
            throw error(at: node, "expected 'match' to be a mapping of fields (\(Self.matchFields.joined(separator: ", ")))")
        }
        try rejectUnknownKeys(map, allowed: Self.matchFields, what: "match field",
                              misplaced: Set(Self.ruleFields), misplacedHint: "belongs to the rule, not under 'match:'")
        var m = MuteMatch()
        func field(_ key: String) throws(BenchmarkError) -> MutePatterns? {
            guard let v = map[key] else { return nil }
            return try patterns(v, field: key)
        }
        m.provider = try field("provider")
        m.account = try field("account")
        m.region = try field("region")
        m.check = try field("check")
        m.resource = try field("resource")
        m.resourceName = try field("resourceName")
        m.resourceType = try field("resourceType")
        if let t = map["tags"] { m.tags = try tags(t) }
        if m.matchesEverything {
            throw error(at: node, "the match of rule '\(ruleID)' would mute everything: "
                + (map.count == 0 ? "give" : "narrow it with") + " at least one field that selects findings, e.g. check, account or resource")
        }
        return m
    }

    func tags(_ node: Node) throws(BenchmarkError) -> [MuteMatch.Tag] {
        guard let map = node.mapping, map.count > 0 else {
            throw error(at: node, "expected 'tags' to be a non-empty mapping of tag key to value pattern, e.g. {env: dev, team: \"*\"}")
        }
        var out: [MuteMatch.Tag] = []
        for (k, v) in map {
            guard let key = Self.text(k), !key.isEmpty else {
                throw error(at: k, "expected a tag key (a plain string)")
            }
            if Self.isNull(v) {
                throw error(at: k, "tag '\(key)' needs a value pattern; use \"*\" to require only that the key exists")
            }
            out.append(.init(key: key, value: try patterns(v, field: "tags.\(key)")))
        }
        return out
    }

    // MARK: Patterns

    /// A pattern, or a list of patterns (any may match).
    func patterns(_ node: Node, field: String) throws(BenchmarkError) -> MutePatterns {
        if let seq = node.sequence {
            guard seq.count > 0 else { throw error(at: node, "'\(field)' is an empty list: give at least one pattern") }
            var out: [MutePattern] = []
            for item in seq {
                guard item.sequence == nil else { throw error(at: item, "'\(field)': lists cannot be nested") }
                out.append(try pattern(item, field: field))
            }
            return MutePatterns(out)
        }
        return MutePatterns([try pattern(node, field: field)])
    }

    func pattern(_ node: Node, field: String) throws(BenchmarkError) -> MutePattern {
        let kind: MutePattern.Kind?
        let valueNode: Node
        if let map = node.mapping {
            let keys = map.keys.compactMap(Self.text)
            guard map.count == 1, let key = keys.first else {
                throw error(at: node, "'\(field)': expected one of {regex: \"...\"}, {glob: \"...\"} or {exact: \"...\"}")
            }
            try rejectUnknownKeys(map, allowed: Self.patternKinds, what: "pattern kind")
            kind = MutePattern.Kind(rawValue: key)
            valueNode = map.values.first!
        } else {
            kind = nil
            valueNode = node
        }
        guard let text = Self.text(valueNode) else {
            throw error(at: valueNode, "'\(field)' needs a pattern (a string), found "
                + (Self.isNull(valueNode) ? "nothing" : "a \(valueNode.mapping != nil ? "mapping" : "list")"))
        }
        guard !text.isEmpty else {
            throw error(at: valueNode, "'\(field)' has an empty pattern: remove the field or give a value")
        }
        do throws(MutePattern.Invalid) {
            switch kind {
            case nil: return try MutePattern(plain: text)
            case .exact: return MutePattern(exact: text)
            case .glob: return try MutePattern(glob: text)
            case .regex: return try MutePattern(regex: text)
            }
        } catch {
            throw self.error(at: valueNode, "'\(field)': \(error.message)")
        }
    }

    // MARK: Fields

    func string(_ key: String, in map: Node.Mapping, at node: Node, hint: String? = nil) throws(BenchmarkError) -> String {
        guard let v = map[key], !Self.isNull(v) else {
            throw error(at: node, "rule is missing '\(key)'" + (hint.map { ": \($0)" } ?? ""))
        }
        guard let s = Self.text(v), !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw error(at: v, "expected '\(key)' to be a non-empty string" + (hint.map { ": \($0)" } ?? ""))
        }
        return s
    }

    func rejectUnknownKeys(_ map: Node.Mapping, allowed: [String], what: String, misplaced: Set<String> = [],
                           misplacedHint: String = "") throws(BenchmarkError)
    {
        for key in map.keys {
            guard let k = Self.text(key) else { throw error(at: key, "expected a \(what) name") }
            if allowed.contains(k) { continue }
            if misplaced.contains(k) { throw error(at: key, "'\(k)' \(misplacedHint)") }
            var message = "unknown \(what) '\(k)'"
            if let s = Self.suggestion(for: k, among: allowed) { message += ": did you mean '\(s)'?" }
            throw error(at: key, message + " (expected one of \(allowed.joined(separator: ", ")))")
        }
    }

    static func suggestion(for key: String, among allowed: [String]) -> String? {
        let k = key.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "")
        if let a = aliases[key.lowercased()] ?? aliases[k], allowed.contains(a) { return a }
        let scored = allowed.map { (name: $0, d: distance(k, $0.lowercased())) }
        guard let best = scored.min(by: { $0.d < $1.d }), best.d <= max(1, min(3, best.name.count / 3)) else { return nil }
        return best.name
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }

    // MARK: YAML

    /// A scalar's text; nil for null, mappings and lists.
    static func text(_ node: Node) -> String? {
        guard let s = node.scalar, !isNull(node) else { return nil }
        return s.string
    }

    static func isNull(_ node: Node) -> Bool {
        guard let s = node.scalar else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    static func compose(_ text: String, file: String) throws(BenchmarkError) -> Node? {
        do { return try Yams.compose(yaml: text) } catch let e as YamlError {
            var line = 0, column = 0
            var message = "not valid YAML: \(e)"
            switch e {
            case .scanner(_, _, let m, _), .parser(_, _, let m, _), .composer(_, _, let m, _):
                line = m.line
                column = m.column
            case .duplicatedKeysInMapping(let keys, let context):
                line = context.mark.line
                column = context.mark.column
                message = "the key\(keys.count == 1 ? "" : "s") \(keys.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "appear\(keys.count == 1 ? "s" : "") twice in one mapping: keep one"
            default: break
            }
            throw BenchmarkError(code: "benchmark.mutes.yaml", file: file, line: line, column: column, message: message)
        } catch {
            throw BenchmarkError(code: "benchmark.mutes.yaml", file: file, message: "not valid YAML: \(error)")
        }
    }
}
