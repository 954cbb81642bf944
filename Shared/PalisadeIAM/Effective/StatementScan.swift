import Foundation
import PalisadeModel

/// One statement that applies to a request: where it is, how its principal named the caller, and the condition
/// clauses the configuration could not decide (empty: it applies for certain).
struct StatementHit: Sendable, Hashable {
    var ref: StatementRef
    var match: PrincipalMatch
    var open: [String]
}

/// A way the request can be allowed: the statements it rests on and the clauses it still hangs on. Routes combine
/// with `and` (every layer must allow) and `or` (either grant suffices); a route with no open clause is definite.
struct Route: Sendable, Hashable {
    var refs: [StatementRef]
    var open: [String]

    static let unlimited = Route(refs: [], open: [])

    /// The route an Allow layer gives: nil when no statement applies; definite when one applies for certain
    /// (only the definite statements are listed then).
    static func allow(_ hits: [StatementHit]) -> Route? {
        guard !hits.isEmpty else { return nil }
        let definite = hits.filter { $0.open.isEmpty }
        if !definite.isEmpty { return Route(refs: definite.map(\.ref), open: []) }
        return Route(refs: hits.map(\.ref), open: unique(hits.flatMap(\.open)))
    }

    static func and(_ a: Route?, _ b: Route?) -> Route? {
        guard let a, let b else { return nil }
        return Route(refs: unique(a.refs + b.refs), open: unique(a.open + b.open))
    }

    static func or(_ a: Route?, _ b: Route?) -> Route? {
        guard let a else { return b }
        guard let b else { return a }
        let definite = a.open.isEmpty || b.open.isEmpty
        let refs = definite ? (a.open.isEmpty ? a.refs : []) + (b.open.isEmpty ? b.refs : []) : a.refs + b.refs
        return Route(refs: unique(refs), open: definite ? [] : unique(a.open + b.open))
    }

    static func unique<T: Hashable>(_ xs: [T]) -> [T] {
        var seen = Set<T>()
        return xs.filter { seen.insert($0).inserted }
    }
}

enum StatementScan {
    /// The statements of `policy` with `effect` that apply to `principal` doing `action` on `resource`.
    /// `skip` holds statement indexes set aside (S3 Block Public Access).
    static func hits(_ policy: SourcedPolicy, effect: PolicyEffect, principal: PrincipalPolicies, action: String,
                     resource: String, context: RequestContext, resourcePolicy: Bool,
                     skip: Set<Int> = []) -> [StatementHit] {
        var out: [StatementHit] = []
        for (i, s) in policy.document.statements.enumerated() where s.effect == effect && !skip.contains(i) {
            guard s.coversAction(action), let r = s.resourceMatch(resource) else { continue }
            let match: PrincipalMatch
            if resourcePolicy {
                guard let m = PrincipalMatch.of(s, principal) else { continue }
                match = m
            } else {
                match = .direct(sessionARN: false)
            }
            let (truth, open) = ConditionEvaluator.undecided(s.conditions, context: context)
            if truth == .false { continue }
            var rendered = open.map(ConditionEvaluator.render)
            if r == .conditional { rendered.append("policy variable in Resource of \(label(policy, i, s))") }
            out.append(StatementHit(ref: StatementRef(source: policy.source, policyName: policy.name, index: i,
                                                      sid: s.sid, effect: s.effect),
                                    match: match, open: rendered))
        }
        return out
    }

    static func label(_ p: SourcedPolicy, _ i: Int, _ s: PolicyStatement) -> String {
        "\(p.name) Statement[\(i)]" + (s.sid.map { " (Sid \($0))" } ?? "")
    }

    /// The context a decision is made in: the principal's known keys, the caller's extra keys, the resource's
    /// account, and now (`aws:CurrentTime`, `aws:EpochTime`) unless the caller fixed them.
    static func context(_ p: PrincipalPolicies, _ r: ResourceSide, _ extra: RequestContext) -> RequestContext {
        var c = p.context
        c.merge(extra)
        c.setIfAbsent(lowercased: "aws:resourceaccount", [r.account])
        c.setIfAbsent(lowercased: "aws:principalisawsservice", [p.kind == .service ? "true" : "false"])
        if c["aws:currenttime"] == nil {
            let now: Date
            if let epoch = c["aws:epochtime"]?.first.flatMap(Double.init) { now = Date(timeIntervalSince1970: epoch) }
            else { now = Date() }
            let text = CurrentTimeText.shared.text(now)
            c.setIfAbsent(lowercased: "aws:currenttime", [text.iso])
            c.setIfAbsent(lowercased: "aws:epochtime", [text.epoch])
        } else if c["aws:epochtime"] == nil, let t = c["aws:currenttime"]?.first.flatMap(ConditionEvaluator.date) {
            c.setIfAbsent(lowercased: "aws:epochtime", [String(Int(t))])
        }
        return c
    }
}

/// `aws:CurrentTime` for a decision: the whole-second ISO 8601 text of now, formatted once per second. An
/// `ISO8601DateFormatter` per decision (one per principal × action × resource) was half of a 100,000-resource graph
/// build; formatting by hand each time still a tenth.
final class CurrentTimeText: @unchecked Sendable {
    static let shared = CurrentTimeText()
    private let lock = NSLock()
    private var seconds = Int64.min
    private var last = (iso: "", epoch: "")

    /// The ISO 8601 text of `date`'s whole second, and that second as `aws:EpochTime` text.
    func text(_ date: Date) -> (iso: String, epoch: String) {
        let s = Int64(date.timeIntervalSince1970.rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        if s != seconds {
            seconds = s
            last = (String(decoding: JSONText.iso8601(s).dropFirst().dropLast(), as: UTF8.self), String(s))
        }
        return last
    }
}
