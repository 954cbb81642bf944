import Foundation
import PalisadeExport
import Testing

/// The gate with an explicit clock: every `now` is a `Date(timeIntervalSince1970:)` the test chooses.
@Suite struct AutomationGateTests {
    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + seconds) }

    static func rule(throttle: Throttle? = nil, batch: Batch? = nil) -> AutomationRule {
        AutomationRule(name: "r", trigger: AutomationTrigger(events: [.findingNew]), throttle: throttle, batch: batch,
                       actions: [.ticket(system: "jira")])
    }

    @Test func withoutThrottleOrBatchEveryMatchRunsAtOnce() {
        var gate = AutomationGate()
        let r = Self.rule()
        for i in 0..<5 { #expect(gate.offer(key: "k\(i)", rule: r, now: Self.at(Double(i))) == .run(["k\(i)"])) }
        #expect(gate.pendingKeys.isEmpty)
        #expect(gate.nextWake(rule: r) == nil)
    }

    @Test func twoPerHourThrottlesTheThirdAndRunsAgainAfterTheHour() {
        var gate = AutomationGate()
        let r = Self.rule(throttle: Throttle(max: 2, perSeconds: 3_600))
        #expect(gate.offer(key: "a", rule: r, now: Self.at(0)) == .run(["a"]))
        #expect(gate.offer(key: "b", rule: r, now: Self.at(60)) == .run(["b"]))
        #expect(gate.offer(key: "c", rule: r, now: Self.at(120)) == .throttled(1))
        #expect(gate.offer(key: "d", rule: r, now: Self.at(3_599)) == .throttled(2))
        #expect(gate.offer(key: "e", rule: r, now: Self.at(3_600)) == .run(["e"]), "the run at 0 left the window")
        #expect(gate.offer(key: "f", rule: r, now: Self.at(3_601)) == .throttled(1), "the count restarts after a run")
        #expect(gate.offer(key: "g", rule: r, now: Self.at(3_660)) == .run(["g"]))
        #expect(gate.throttledTotal == 3)
    }

    @Test func aBatchGathersForItsWindowThenReleasesOnTick() {
        var gate = AutomationGate()
        let r = Self.rule(batch: Batch(windowSeconds: 300, max: 50))
        #expect(gate.offer(key: "a", rule: r, now: Self.at(0)) == .held)
        #expect(gate.offer(key: "b", rule: r, now: Self.at(100)) == .held)
        #expect(gate.offer(key: "c", rule: r, now: Self.at(200)) == .held)
        #expect(gate.offer(key: "b", rule: r, now: Self.at(250)) == .held, "a redelivered key is not gathered twice")
        #expect(gate.pendingKeys == ["a", "b", "c"])
        #expect(gate.nextWake(rule: r) == Self.at(300))
        #expect(gate.tick(rule: r, now: Self.at(299)) == .held)
        #expect(gate.tick(rule: r, now: Self.at(300)) == .run(["a", "b", "c"]))
        #expect(gate.pendingKeys.isEmpty)
        #expect(gate.nextWake(rule: r) == nil)
        #expect(gate.tick(rule: r, now: Self.at(900)) == .held)
        #expect(gate.offer(key: "d", rule: r, now: Self.at(1_000)) == .held)
        #expect(gate.nextWake(rule: r) == Self.at(1_300), "a new batch starts with its first match")
    }

    @Test func aFullBatchReleasesAtOnce() {
        var gate = AutomationGate()
        let r = Self.rule(batch: Batch(windowSeconds: 300, max: 3))
        #expect(gate.offer(key: "a", rule: r, now: Self.at(0)) == .held)
        #expect(gate.offer(key: "b", rule: r, now: Self.at(1)) == .held)
        #expect(gate.offer(key: "c", rule: r, now: Self.at(2)) == .run(["a", "b", "c"]))
        #expect(gate.pendingKeys.isEmpty)
    }

    @Test func aDueBatchWaitsForTheThrottleAndThrottlesWhatDoesNotFit() {
        var gate = AutomationGate()
        let r = Self.rule(throttle: Throttle(max: 1, perSeconds: 3_600), batch: Batch(windowSeconds: 300, max: 2))
        #expect(gate.offer(key: "a", rule: r, now: Self.at(0)) == .held)
        #expect(gate.offer(key: "b", rule: r, now: Self.at(10)) == .run(["a", "b"]))
        #expect(gate.offer(key: "c", rule: r, now: Self.at(20)) == .held)
        #expect(gate.tick(rule: r, now: Self.at(320)) == .held, "window passed, but the hour's one run is used")
        #expect(gate.nextWake(rule: r) == Self.at(3_610))
        #expect(gate.offer(key: "d", rule: r, now: Self.at(400)) == .held)
        #expect(gate.offer(key: "e", rule: r, now: Self.at(500)) == .throttled(1), "the waiting batch is full")
        #expect(gate.tick(rule: r, now: Self.at(3_610)) == .run(["c", "d"]))
    }

    @Test func aRestartMidWindowKeepsThePendingBatchAndTheThrottle() throws {
        var gate = AutomationGate()
        let r = Self.rule(throttle: Throttle(max: 2, perSeconds: 3_600), batch: Batch(windowSeconds: 300, max: 50))
        _ = gate.offer(key: "a", rule: r, now: Self.at(0))
        #expect(gate.tick(rule: r, now: Self.at(300)) == .run(["a"]))
        _ = gate.offer(key: "b", rule: r, now: Self.at(400))
        _ = gate.offer(key: "c", rule: r, now: Self.at(500))

        var restored = try JSONDecoder().decode(AutomationGate.self, from: JSONEncoder().encode(gate))
        #expect(restored == gate)
        #expect(restored.pendingKeys == ["b", "c"])
        #expect(restored.nextWake(rule: r) == Self.at(700))
        #expect(restored.tick(rule: r, now: Self.at(700)) == .run(["b", "c"]))
        _ = restored.offer(key: "d", rule: r, now: Self.at(800))
        #expect(restored.tick(rule: r, now: Self.at(1_100)) == .held, "two runs this hour survived the restart")
        #expect(restored.nextWake(rule: r) == Self.at(3_900), "the run at 300 leaves the window at 3900")
        #expect(restored.tick(rule: r, now: Self.at(3_899)) == .held)
        #expect(restored.tick(rule: r, now: Self.at(3_900)) == .run(["d"]))
    }
}
