import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// Requirement states from finding counts, over the real CIS AWS 3.0 standard and the built-in checks.
@Suite struct ComplianceCalculatorTests {
    static let benchmark = try! Benchmark.load()
    var cis: Standard { Self.benchmark.standard(id: "cis-aws-3.0")! }

    /// The first automated requirement with at least two checks behind it, and those checks.
    func requirementWithTwoChecks() -> (Standard.Requirement, [Check]) {
        for r in cis.requirements where !r.manual {
            let checks = Self.benchmark.checks(for: StandardRef(standard: cis.id, requirement: r.id))
            if checks.count >= 2 { return (r, checks) }
        }
        fatalError("CIS AWS 3.0 has no requirement with two checks")
    }

    func tally(_ c: Check, _ counts: [FindingStatus: Int]) -> CheckTally {
        CheckTally(checkID: c.id, controlID: c.metadata.controlID, counts: counts)
    }

    func state(of requirement: String, _ tallies: [CheckTally]) -> RequirementState? {
        ComplianceCalculator.assess(cis, benchmark: Self.benchmark, tallies: tallies)
            .requirements.first { $0.id == requirement }?.state
    }

    @Test func oneFailingResourceFailsTheRequirement() {
        let (r, checks) = requirementWithTwoChecks()
        #expect(state(of: r.id, [tally(checks[0], [.pass: 9, .fail: 1]), tally(checks[1], [.pass: 3])]) == .failed)
    }

    @Test func anUndecidedCheckMakesTheRequirementErrorNotPassed() {
        let (r, checks) = requirementWithTwoChecks()
        #expect(state(of: r.id, [tally(checks[0], [.pass: 9]), tally(checks[1], [.error: 1, .pass: 2])]) == .error)
    }

    @Test func passesEverywhereIsPassedAndNothingApplicableIsNotApplicable() {
        let (r, checks) = requirementWithTwoChecks()
        #expect(state(of: r.id, [tally(checks[0], [.pass: 9]), tally(checks[1], [.notApplicable: 4])]) == .passed)
        #expect(state(of: r.id, [tally(checks[0], [.muted: 2]), tally(checks[1], [.notApplicable: 4])]) == .notApplicable)
        #expect(state(of: r.id, []) == .notApplicable, "no findings at all")
    }

    @Test func manualRequirementsAreManualWhateverTheFindings() throws {
        let manual = try #require(cis.requirements.first { $0.manual })
        let all = Self.benchmark.checks.map { tally($0, [.fail: 1]) }
        #expect(state(of: manual.id, all) == .manual)
    }

    @Test func sharesCountEveryRequirementOnce() {
        let all = Self.benchmark.checks.map { tally($0, [.pass: 1]) }
        let s = ComplianceCalculator.assess(cis, benchmark: Self.benchmark, tallies: all)
        #expect(s.requirements.count == cis.requirements.count)
        #expect(RequirementState.allCases.map { s.count($0) }.reduce(0, +) == cis.requirements.count)
        #expect(s.count(.failed) == 0 && s.passedShare == 100)
        #expect(s.count(.manual) == cis.requirements.filter(\.manual).count)
    }
}
