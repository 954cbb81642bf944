import Foundation
import PalisadeModel

/// Regulatory compliance as a pure function of one account's finding counts per check.
///
/// Per requirement: `manual` when the standard marks it so; otherwise over the checks mapped to it — `failed` when
/// any has a `fail` finding, else `error` when any has an `error` finding (unknown is not passed), else `passed` when
/// any has a `pass` finding, else `notApplicable` (no check applies to any resource, or every finding is muted).
public enum ComplianceCalculator {
    /// `attestations`: the account's attestations in force (the latest per requirement); each sets the state of a
    /// manual requirement to its status. An attestation of an automated requirement is ignored: checks decide it.
    public static func assess(_ standard: Standard, benchmark: Benchmark, tallies: [CheckTally],
                              attestations: [Attestation] = []) -> StandardCompliance {
        let attested = Dictionary(attestations.filter { $0.standard == standard.id }.map { ($0.requirement, $0) },
                                  uniquingKeysWith: { a, b in a.attestedAt >= b.attestedAt ? a : b })
        let byCheck = Dictionary(tallies.map { ($0.checkID, $0) }, uniquingKeysWith: { a, _ in a })
        let requirements = standard.requirements.map { req -> RequirementCompliance in
            let checks = benchmark.checks(for: StandardRef(standard: standard.id, requirement: req.id))
            let counted = checks.map { c in
                byCheck[c.id] ?? CheckTally(checkID: c.id, controlID: c.metadata.controlID, counts: [:])
            }.sorted { $0.checkID < $1.checkID }
            guard req.manual else {
                return RequirementCompliance(id: req.id, title: req.title, section: req.section, state: state(counted),
                                             checks: counted)
            }
            let a = attested[req.id]
            let attestedState: RequirementState = a.map { $0.status == .passed ? .passed : .failed } ?? .manual
            return RequirementCompliance(id: req.id, title: req.title, section: req.section, state: attestedState,
                                         checks: counted, attestation: a)
        }
        return StandardCompliance(standardID: standard.id, title: standard.title, version: standard.version,
                                  requirements: requirements)
    }

    static func state(_ checks: [CheckTally]) -> RequirementState {
        func any(_ s: FindingStatus) -> Bool { checks.contains { ($0.counts[s] ?? 0) > 0 } }
        if any(.fail) { return .failed }
        if any(.error) { return .error }
        if any(.pass) { return .passed }
        return .notApplicable
    }
}
