import Foundation
import PalisadeBenchmark
import PalisadeModel
import PalisadeRules

/// A fingerprint of each check's definition: its file's bytes, plus the relation definitions when it reads
/// `related.*`, plus the evaluator's revision. An account assessed with other fingerprints has those checks re-run on
/// every resource of their type; a check whose fingerprint is unchanged is carried over for resources whose content
/// did not change.
public struct CheckFingerprints: Sendable {
    public let byCheck: [String: String]

    /// Bumped whenever the evaluator's answers or what it records can change for an unchanged check (a builtin's
    /// meaning, `recheck_at`): every check then re-runs once on every resource after an upgrade.
    /// 2: clock-reading checks record when they can next change; `days_since` refuses impossible dates.
    static let evaluatorRevision = 2

    public init(_ benchmark: Benchmark) {
        let relations = (try? Rows.encoder.encode(benchmark.resolver.relations)) ?? Data()
        var out: [String: String] = [:]
        for check in benchmark.checks {
            var bytes = (try? Data(contentsOf: URL(fileURLWithPath: check.file))) ?? Data((check.assertion?.source ?? "").utf8)
            bytes.append(contentsOf: Array(check.id.utf8))
            bytes.append(contentsOf: Array("evaluator \(Self.evaluatorRevision)".utf8))
            if !check.relatedNames.isEmpty { bytes.append(relations) }
            out[check.id] = FNV1a.hex(bytes)
        }
        byCheck = out
    }

    public subscript(_ id: String) -> String { byCheck[id] ?? "" }

}

/// Decides whether a finding is muted (exemptions). The assessor asks for every evaluation it writes, and
/// re-asks for muted findings at every seal (so an expired rule re-opens its findings).
public protocol FindingMuter: Sendable {
    /// The id of the first rule that mutes this finding at `now`, or nil.
    func rule(for finding: Finding, resource: Resource?, now: Date) -> String?
    /// Changes whenever the rules change: every finding of an account is re-checked then.
    var fingerprint: String { get }
}

/// No exemptions.
public struct NoMutes: FindingMuter {
    public init() {}
    public func rule(for finding: Finding, resource: Resource?, now: Date) -> String? { nil }
    public var fingerprint: String { "" }
}
