import Foundation

/// The mute rules of one file, indexed for matching every finding of a scan.
///
/// Rules are kept in file order; the first rule (in that order) that mutes a finding is the one recorded.
/// Rules whose `check` criterion is a list of exact ids are indexed by check id, so a finding is only
/// compared with the rules that name its check plus the rules that do not name checks exactly (globs,
/// regexes, or no `check` criterion): the cost per finding does not grow with unrelated rules.
public struct MuteRules: Sendable {
    public let rules: [MuteRule]
    /// The file the rules were loaded from ("" when built in code).
    public let file: String
    /// Check id → indices (ascending) of the rules that name it exactly.
    private let byCheck: [String: [Int]]
    /// Indices (ascending) of the rules that may match any check.
    private let anyCheck: [Int]

    public static let none = MuteRules([], file: "")

    /// Rules in file order. Ids should be unique (the loader enforces it).
    public init(_ rules: [MuteRule], file: String = "") {
        self.rules = rules
        self.file = file
        var byCheck: [String: [Int]] = [:]
        var anyCheck: [Int] = []
        for (i, rule) in rules.enumerated() {
            if let ids = rule.match.check?.exactValues {
                for id in ids where byCheck[id]?.last != i { byCheck[id, default: []].append(i) }
            } else {
                anyCheck.append(i)
            }
        }
        self.byCheck = byCheck
        self.anyCheck = anyCheck
    }

    public var isEmpty: Bool { rules.isEmpty }

    public func rule(id: String) -> MuteRule? { rules.first { $0.id == id } }

    /// The first rule, in file order, that mutes `subject` at `now`; nil when none does. Expired rules
    /// (`now >= expires`) never match.
    public func match(_ subject: MuteSubject, now: Date) -> MuteRule? {
        if rules.isEmpty { return nil }
        let named = byCheck[subject.checkID] ?? []
        // Rules are borrowed in place through the buffer: no retain and release per rule tried.
        let found: Int? = rules.withUnsafeBufferPointer { rules in
            // Merge the two ascending index lists so that file order decides.
            var a = 0, b = 0
            while a < named.count || b < anyCheck.count {
                let i: Int
                if b == anyCheck.count || (a < named.count && named[a] < anyCheck[b]) {
                    i = named[a]
                    a += 1
                } else {
                    i = anyCheck[b]
                    b += 1
                }
                if rules[i].mutes(subject, now: now) { return i }
            }
            return nil
        }
        return found.map { rules[$0] }
    }

    /// Rules that have lapsed at `now` (soonest-expired first): their findings re-open at the next assessment.
    public func expired(now: Date) -> [MuteRule] {
        rules.filter { $0.isExpired(at: now) }.sorted { $0.expires < $1.expires }
    }

    /// Rules still in force at `now` that lapse within `days` days (soonest first), so owners can renew or fix.
    public func expiringWithin(days: Int, now: Date) -> [MuteRule] {
        let horizon = now.addingTimeInterval(Double(days) * 86_400)
        return rules.filter { !$0.isExpired(at: now) && $0.expires <= horizon }.sorted { $0.expires < $1.expires }
    }
}
