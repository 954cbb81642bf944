import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// Continuous assessment through the real processes: the scheduler starts scans on the real connector against a
/// moto server with signature checking on, by itself, on its schedule.
@Suite(.serialized, .timeLimit(.minutes(15))) struct ScheduleTests {
    static func config(_ endpoint: String, every: String = "20s") -> String {
        """
        schedules:
          - name: demo
            every: \(every)
            profile: palisade-demo
            regions: [us-east-1]
            endpoint: \(endpoint)
        """
    }

    func list(_ stack: Stack) throws -> ScheduleList { try stack.json(ScheduleList.self, ["schedule", "list"]) }

    /// Polls `palisade schedule list` until `done` holds (the scans take their own time on a busy machine).
    func waitFor(_ stack: Stack, minutes: Double = 6, _ what: String,
                 _ done: (ScheduleEntry) -> Bool) async throws -> ScheduleEntry {
        let deadline = Date().addingTimeInterval(minutes * 60)
        var last: ScheduleEntry?
        while Date() < deadline {
            last = try list(stack).schedules.first { $0.name == "demo" }
            if let last, done(last) { return last }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw HarnessError("schedule never reached: \(what); last: \(String(describing: last))\n\(stack.logs())")
    }

    @Test func aShortIntervalScheduleRunsTwoScansOnItsOwnAndCatchesUpAfterDowntime() async throws {
        let demo = try await Demo.start(config: { Self.config($0) })
        defer { demo.stop() }
        let stack = demo.stack

        // Nobody types `palisade scan`: two runs, one interval apart, each a sealed scan of the account.
        let second = try await waitFor(stack, "two finished runs") { $0.runs >= 2 && $0.running == nil }
        #expect(second.lastRun?.outcome == .succeeded, "\(String(describing: second.lastRun))")
        #expect(second.lastRun?.detail.contains("resources") == true)
        let bus = try #require(stack.bus)
        let scans = try await bus.call(ScansQuery(limit: 50)).filter { $0.state == .sealed }
        #expect(scans.count >= 2, "\(scans.map(\.scanID))")
        #expect(scans.contains { $0.scanID == second.lastRun?.scanID })
        let table = try stack.cli(["schedule", "list"])
        // The next run may already be under way: then the outcome column says so.
        #expect(table.status == 0 && table.stdout.contains("demo") && table.stdout.contains("every 20s")
                && (table.stdout.contains("succeeded") || table.stdout.contains("running")), "\(table.stdout)")

        // A bad edit is refused with its place in the file; the schedule in force stays.
        let file = stack.home.appendingPathComponent("stack.yaml")
        try (Self.config(demo.moto.endpoint) + "\n    cron: \"0 0 * * *\"\n").write(to: file, atomically: true, encoding: .utf8)
        let refused = try stack.cli(["schedule", "reload"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("stack.yaml:2") && refused.stderr.contains("both 'every' and 'cron'"),
                "\(refused.stderr)")
        #expect(try list(stack).schedules.map(\.name) == ["demo"])
        try Self.config(demo.moto.endpoint).write(to: file, atomically: true, encoding: .utf8)

        // Down past the next run: at start-up it runs once, marked as the catch-up of the missed run.
        // Just after a run, so that none starts between this look and the stop.
        _ = try await waitFor(stack, "idle between runs") { e in
            e.running == nil && (e.nextRunAt.map { $0.timeIntervalSinceNow > 8 } ?? false)
        }
        let before = try list(stack).schedules[0]
        stack.down()
        let missed = try #require(before.nextRunAt)
        while Date() < missed.addingTimeInterval(1) { try await Task.sleep(for: .milliseconds(200)) }
        try stack.up(arguments: ["--config", file.path])
        let caught = try await waitFor(stack, "the catch-up run") { $0.runs > before.runs && $0.running == nil }
        #expect(caught.lastRun?.trigger == .catchUp, "\(String(describing: caught.lastRun))")
        #expect(caught.lastRun?.outcome == .succeeded)
    }
}
