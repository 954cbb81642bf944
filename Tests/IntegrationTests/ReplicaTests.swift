import Foundation
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two graph replicas under one supervisor (`palisade up --graph-replicas 2`), the real executables.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ReplicaTests {
    static let replicas = ["palisade-graph-1", "palisade-graph-2"]

    @Test func twoReplicasCatchUpOnTheirOwnAndAnswerPathsIdentically() async throws {
        let demo = try await ReplicaDemo.start(upArguments: ["--graph-replicas", "2"])
        defer { demo.stop() }
        let stack = demo.stack
        let bus = try #require(stack.bus)

        // Two processes, one service, two state directories.
        let processes = try await bus.call(SupervisorStatusQuery()).processes
        #expect(processes.filter { $0.name.hasPrefix("palisade-graph") }.map(\.name) == Self.replicas)
        let gateway = try await bus.call(GatewayStatusQuery())
        #expect(gateway.workers.filter { $0.service == ServiceName.graph }.count == 2)

        let scanID = try demo.scan()
        for r in Self.replicas { try await stack.waitForReplica(r, scan: scanID) }
        // The verdicts of the replica that builds first append findings and `scan.rescored` after the seal: both
        // replicas read on until they are at the assessor's head, then stay there.
        try await stack.waitForReplicasAtHead(Self.replicas)
        let states = try await Self.replicas.asyncMap { try await stack.replicaStatus($0) }
        #expect(states.map(\.stateDirectory) == Self.replicas.indices.map { stack.home.appendingPathComponent("graph-\($0 + 1)").path })
        #expect(states[0].cursor == states[1].cursor, "both committed the same log position")
        for r in Self.replicas.indices {
            let db = stack.home.appendingPathComponent("graph-\(r + 1)/graph.sqlite").path
            #expect(FileManager.default.fileExists(atPath: db), "\(db)")
        }

        let first = try stack.paths(replica: Self.replicas[0])
        let second = try stack.paths(replica: Self.replicas[1])
        #expect(first.scanID == scanID && !first.paths.isEmpty)
        expectReplicasAgree(first, second, "the two replicas")

        // `palisade status` lists both replicas with their log position: caught up, lag 0.
        let report = try stack.json(StatusReport.self, ["status"])
        let rows = report.replicas.filter { $0.service == ServiceName.graph }
        #expect(rows.map(\.replica) == Self.replicas)
        #expect(rows.allSatisfy { $0.state == "running" && $0.lag == 0 && $0.lastScanID == scanID }, "\(rows)")
        #expect(rows.map(\.pid) == Self.replicas.map { name in processes.first { $0.name == name }?.pid })
        let table = try stack.cli(["status"])
        #expect(table.status == 0 && table.stdout.contains("REPLICA") && table.stdout.contains("palisade-graph-2"))
    }

    @Test func killingTheReplicaThatHoldsAQueryLetsTheOtherAnswerAndTheRestartKeepsItsState() async throws {
        let demo = try await ReplicaDemo.start(upArguments: ["--graph-replicas", "2"])
        defer { demo.stop() }
        let stack = demo.stack
        let bus = try #require(stack.bus)
        let scanID = try demo.scan()
        for r in Self.replicas { try await stack.waitForReplica(r, scan: scanID) }
        let expected = try stack.paths(replica: Self.replicas[0])

        // The broker hands `graph` requests to the longest-idle replica. Whoever answers this one goes to the
        // back of the line, so the next `graph` request goes to the other: the victim.
        let answered = try await bus.call(ReplicaStatusQuery(), timeout: .seconds(10), retry: .none).replica
        let victim = try #require(Self.replicas.first { $0 != answered })
        let survivor = answered
        let victimBefore = try await stack.replicaStatus(victim)
        let victimPaths = try stack.paths(replica: victim)
        let servedBefore = try await stack.replicaStatus(survivor).served

        // Freeze the victim so the query sits in it, unanswered, then SIGKILL it mid-query.
        #expect(kill(victimBefore.pid, SIGSTOP) == 0)
        let cli = Process()
        cli.executableURL = Stack.binDir.appendingPathComponent("palisade")
        cli.arguments = ["paths", "--output", "json", "--timeout", "60"]
        cli.environment = stack.environment
        let out = Pipe()
        cli.standardOutput = out
        cli.standardError = FileHandle.nullDevice
        let started = ContinuousClock.now
        try cli.run()
        // The broker keeps heartbeating the frozen victim; once it has been silent past a heartbeat the query
        // (sent right after the CLI connected) is with it.
        try await stack.waitUntil("the gateway sees the frozen victim go quiet") {
            let w = try await bus.call(GatewayStatusQuery(), timeout: .seconds(2), retry: .none).workers
            return w.contains { $0.pid == victimBefore.pid && $0.service == ServiceName.graph && $0.lastSeenMs >= 1200 }
        }
        #expect(cli.isRunning, "the query must still be waiting on the frozen replica")
        #expect(kill(victimBefore.pid, SIGKILL) == 0)

        let data = out.fileHandleForReading.readDataToEndOfFile()
        cli.waitUntilExit()
        let elapsed = ContinuousClock.now - started
        #expect(cli.terminationStatus == 0)
        var reply = try Wire.decoder.decode(PathsReply.self, from: data)
        reply.paths = reply.paths.map { var p = $0; p.firstSeen = nil; return p }
        reply.resolved = reply.resolved.map { var p = $0; p.firstSeen = nil; return p }
        expectReplicasAgree(reply, expected, "the survivor and replica 1")
        // Handed on by the broker when the victim died, not after the CLI's 60 s timeout and retry.
        #expect(elapsed < .seconds(45), "answered after \(elapsed)")
        // At least this query: the export service also asks the graph for attack paths after each seal and rescore.
        #expect(try await stack.replicaStatus(survivor).served >= servedBefore + 1, "the survivor served it")

        // The supervisor restarts the victim; it comes back with its committed state and answers the same.
        try await stack.waitUntil("the victim restarts and registers again") {
            let p = try await bus.call(SupervisorStatusQuery(), timeout: .seconds(5), retry: .none).processes
                .first { $0.name == victim }
            guard let p, p.state == "running", let pid = p.pid, pid != victimBefore.pid, p.restarts >= 1 else { return false }
            return try await stack.replicaStatus(victim).pid == pid
        }
        let victimAfter = try await stack.replicaStatus(victim)
        #expect(victimAfter.cursor >= victimBefore.cursor && victimAfter.lastScanID == scanID,
                "committed state survives SIGKILL: \(victimBefore.cursor) → \(victimAfter.cursor)")
        #expect(try stack.paths(replica: victim) == victimPaths, "the restarted victim answers exactly as before")
    }
}

/// What `palisade status --output json` prints (the parts these tests read).
struct StatusReport: Decodable {
    struct Row: Decodable {
        var replica: String
        var service: String
        var host: String?
        var pid: Int32?
        var state: String
        var restarts: Int?
        var cursor: Int64?
        var lag: Int64?
        var lastScanID: String?
        var served: Int?
    }
    var headSeq: Int64?
    var replicas: [Row]
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}
