import Foundation
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol

/// Exemptions from a mute-rules YAML file (docs/mutes.md), re-read when the file changes: edits take effect at the
/// next assessment, and a rule past its expiry stops matching then (its findings re-open).
public final class MuteFile: @unchecked Sendable {
    public let url: URL
    private let lock = NSLock()
    private var loaded: (stamp: String, muter: RulesMuter)?

    public init(url: URL) { self.url = url }

    /// The current rules; no file means no mutes. A file that does not load is an error naming file, line and column
    /// (the seal fails with it rather than assess with the wrong exemptions).
    public func current() throws -> any FindingMuter {
        let data = FileManager.default.contents(atPath: url.path)
        let stamp = data.map { FNV1a.hex($0) } ?? "absent"
        return try lock.withLock {
            if let loaded, loaded.stamp == stamp { return loaded.muter }
            let rules: MuteRules
            if let data {
                do { rules = try MuteRules.load(yaml: String(decoding: data, as: UTF8.self), file: url.path) } catch {
                    throw WireError(code: "assessor.mutes.invalid",
                                    message: "the mute rules do not load: \(error) — fix the file (`palisade mutes check \(url.path)`)")
                }
            } else {
                rules = .none
            }
            let muter = RulesMuter(rules: rules, fingerprint: data == nil ? "" : stamp)
            loaded = (stamp, muter)
            return muter
        }
    }
}

/// Mute rules as the assessor asks them.
struct RulesMuter: FindingMuter {
    let rules: MuteRules
    let fingerprint: String

    func rule(for finding: Finding, resource: Resource?, now: Date) -> String? {
        guard !rules.isEmpty else { return nil }
        let subject = MuteSubject(provider: finding.provider, account: finding.account, region: finding.region,
                                  checkID: finding.checkID, resourceID: finding.resourceID,
                                  resourceName: resource?.name ?? "", resourceType: finding.resourceType,
                                  tags: resource?.tags ?? [:])
        return rules.match(subject, now: now)?.id
    }
}
