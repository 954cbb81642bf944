import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// The benchmark's accuracy against a real AWS API implementation: every planted misconfiguration fails its
/// check, no hardened resource fails any check, and every check is exercised both ways (or its gap is named).
@Suite(.serialized, .timeLimit(.minutes(6))) struct AccuracyTests {
    @Test func everyPlantedMisconfigurationFailsItsCheck() async throws {
        let bad = try await AccuracyEstates.shared.both().bad
        #expect(bad.failedScopes.isEmpty, "scopes not collected: \(bad.failedScopes.map { "\($0.service)/\($0.region): \($0.reason)" })")
        #expect(!bad.planted.isEmpty)
        for p in bad.planted {
            let matches = bad.evaluations.filter { $0.check == p.check && $0.resource.type == p.type && $0.resource.name == p.name }
            let names = bad.resources.filter { $0.type == p.type }.map(\.name).sorted()
            guard let e = matches.first else {
                Issue.record("planted \(p): no evaluation (no such check, or no \(p.type) named '\(p.name)'; have \(names.prefix(20)))")
                continue
            }
            #expect(e.status == .fail, "planted \(p) gave \(e.status): \(e.reason)")
        }
    }

    @Test func noCheckFailsOnTheHardenedEstate() async throws {
        let (bad, hardened) = try await AccuracyEstates.shared.both()
        #expect(hardened.failedScopes.isEmpty, "scopes not collected: \(hardened.failedScopes.map { "\($0.service)/\($0.region): \($0.reason)" })")
        let gaps = bad.gaps.merging(hardened.gaps) { a, _ in a }
        for e in hardened.estateEvaluations where e.status == .fail {
            Issue.record("hardened \(e.resource.type) '\(e.resource.name)' fails \(e.check): \(e.reason)")
        }
        for e in hardened.estateEvaluations where e.status == .error && gaps[e.check] == nil {
            Issue.record("hardened \(e.resource.type) '\(e.resource.name)': \(e.check) gave error (not a listed moto gap): \(e.reason)")
        }
    }

    @Test func everyBuiltInCheckIsExercisedOrItsGapNamed() async throws {
        let (bad, hardened) = try await AccuracyEstates.shared.both()
        let gaps = bad.gaps.merging(hardened.gaps) { a, _ in a }
        let planted = Set(bad.planted.map(\.check))
        let passing = Set(hardened.estateEvaluations.filter { $0.status == .pass }.map(\.check))
        // Graph-decided checks (`evaluator: graph`) are not evaluated on single resources; GraphCoreTests decide them.
        let ids = try Benchmark.load().expressionChecks.map(\.id)
        for id in ids where gaps[id] == nil {
            #expect(planted.contains(id), "\(id): no misconfiguration planted in the bad estate and no gap named")
            #expect(passing.contains(id), "\(id): passes on nothing in the hardened estate and no gap named")
        }
        for id in gaps.keys { #expect(ids.contains(id), "gap for unknown check \(id)") }
        #expect(gaps.count * 4 < ids.count, "more than a quarter of the checks are gaps: \(gaps.count)/\(ids.count)")
    }
}
