import Foundation
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A seeded moto and a stack started with `palisade up` plus extra arguments (e.g. `--graph-replicas 2`).
struct ReplicaDemo {
    let moto: MotoServer
    let stack: Stack

    static func start(upArguments: [String], extraEnvironment: [String: String] = [:]) async throws -> ReplicaDemo {
        let moto = try await MotoServer.start()
        let stack: Stack
        do {
            let credentials = FileManager.default.temporaryDirectory
                .appendingPathComponent("pal-it-credentials-\(UUID().uuidString)")
            _ = try moto.seed(scale: 1, credentialsOut: credentials)
            try await moto.requireAuth(afterActions: 0)
            stack = try Stack(extraEnvironment: extraEnvironment.merging(
                ["AWS_SHARED_CREDENTIALS_FILE": credentials.path]) { a, _ in a })
            try stack.up(arguments: upArguments)
        } catch {
            moto.stop()
            throw error
        }
        return ReplicaDemo(moto: moto, stack: stack)
    }

    func stop() {
        stack.cleanUp()
        moto.stop()
    }

    /// `palisade scan aws` as a user runs it; returns the scan id.
    func scan() throws -> String {
        try stack.json(ScanResult.self, ["scan", "aws", "--profile", "palisade-demo", "--region", "us-east-1",
                                         "--endpoint", moto.endpoint]).scan.scanID
    }
}

extension Stack {
    /// The CLI with `PALISADE_BUS_ROUTE` sending every graph request to one replica.
    func cli(_ args: [String], replica: String) throws -> (status: Int32, stdout: String, stderr: String) {
        var env = environment
        env["PALISADE_BUS_ROUTE"] = "\(ServiceName.graph)=\(ServiceName.replica(of: ServiceName.graph, named: replica))"
        return try Self.run(Self.binDir.appendingPathComponent("palisade").path, args, env: env, timeout: 300)
    }

    /// `palisade paths --output json` answered by `replica`, with the per-replica first-seen stamps cleared
    /// (each replica records when it first saw a path by its own clock).
    func paths(replica: String) throws -> PathsReply {
        let r = try cli(["paths", "--output", "json"], replica: replica)
        guard r.status == 0 else { throw HarnessError("paths via \(replica) → \(r.status): \(r.stderr)") }
        var reply = try Wire.decoder.decode(PathsReply.self, from: Data(r.stdout.utf8))
        reply.paths = reply.paths.map { var p = $0; p.firstSeen = nil; return p }
        reply.resolved = reply.resolved.map { var p = $0; p.firstSeen = nil; return p }
        return reply
    }

    /// One replica's own status (its `graph@<replica>` worker).
    func replicaStatus(_ replica: String) async throws -> ReplicaStatus {
        guard let bus else { throw HarnessError("stack not up") }
        return try await RoutedSender(bus, replica: replica, of: ServiceName.graph)
            .call(ReplicaStatusQuery(), timeout: .seconds(5), retry: .none)
    }

    /// Waits (polling, generous deadline) until `replica` has committed scan `scanID`.
    func waitForReplica(_ replica: String, scan scanID: String, within: Duration = .seconds(180)) async throws {
        let deadline = ContinuousClock.now + within
        var last: String = "no answer"
        while ContinuousClock.now < deadline {
            if let s = try? await replicaStatus(replica) {
                if s.lastScanID == scanID { return }
                last = "cursor \(s.cursor), last scan \(s.lastScanID ?? "none")"
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw HarnessError("replica \(replica) did not commit scan \(scanID) within \(within) (\(last))\n\(logs())")
    }

    /// Waits until every named replica shows lag 0 in `palisade status` (its cursor at the assessor's head).
    func waitForReplicasAtHead(_ replicas: [String], within: Duration = .seconds(120)) async throws {
        try await waitUntil("replicas \(replicas) at the assessor's head", within: within) {
            let rows = try json(StatusReport.self, ["status"]).replicas.filter { replicas.contains($0.replica) }
            return rows.count == replicas.count && rows.allSatisfy { $0.lag == 0 }
        }
    }

    /// Waits until `condition` holds, polling every 200 ms.
    func waitUntil(_ what: String, within: Duration = .seconds(120),
                   _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw HarnessError("timed out after \(within) waiting for: \(what)\n\(logs())")
    }
}

/// Where two replies differ, for a readable failure: the first differing lines of their sorted-key JSON.
func firstDifference(_ a: some Encodable, _ b: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let la = ((try? encoder.encode(a)).map { String(decoding: $0, as: UTF8.self) } ?? "").split(separator: "\n")
    let lb = ((try? encoder.encode(b)).map { String(decoding: $0, as: UTF8.self) } ?? "").split(separator: "\n")
    for i in 0..<max(la.count, lb.count) where (i < la.count ? la[i] : "") != (i < lb.count ? lb[i] : "") {
        let context = la[max(0, i - 6)..<min(la.count, i)].joined(separator: "\n")
        return "line \(i + 1):\n\(context)\n- \(i < la.count ? la[i] : "<end>")\n+ \(i < lb.count ? lb[i] : "<end>")"
    }
    return "identical"
}

extension PathsReply {
    /// The reply without what graph-decided findings feed back into it. A replica builds a scan's graph from
    /// the assessor's *current* findings, and those include the graph-decided findings (`aws-graph-*`) once
    /// some replica's verdicts for the scan were accepted: a replica that builds later counts them in a node's
    /// `high_severity_findings` insight, one that built earlier does not. Tracked as a known issue below
    /// (GraphCore, not the replication); everything else must match exactly.
    var withoutGraphFindingFeedback: PathsReply {
        func clean(_ node: GraphNode) -> GraphNode {
            var n = node
            n.insights = node.insights.compactMap { insight in
                guard insight.kind == "high_severity_findings" else { return insight }
                let checks = insight.detail.split(separator: ":", maxSplits: 1).last.map {
                    $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                } ?? []
                let kept = checks.filter { !$0.hasPrefix("aws-graph-") }
                return kept.isEmpty ? nil : NodeInsight(kind: insight.kind, detail: "failing: " + kept.joined(separator: ", "))
            }
            return n
        }
        var r = self
        r.paths = paths.map { var p = $0; p.nodes = p.nodes.map(clean); return p }
        r.resolved = resolved.map { var p = $0; p.nodes = p.nodes.map(clean); return p }
        r.chokePoints = chokePoints.map { var c = $0; c.node = clean(c.node); return c }
        return r
    }
}

/// Replicas must agree exactly: today they agree except for the graph-finding feedback described above.
func expectReplicasAgree(_ a: PathsReply, _ b: PathsReply, _ what: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.withoutGraphFindingFeedback == b.withoutGraphFindingFeedback,
            "\(what) disagree at \(firstDifference(a.withoutGraphFindingFeedback, b.withoutGraphFindingFeedback))",
            sourceLocation: sourceLocation)
    withKnownIssue("a replica building a scan after its graph verdicts were accepted counts aws-graph-* findings in node insights (GraphCore reads the assessor's current findings)",
                   isIntermittent: true) {
        #expect(a == b, "\(what) disagree at \(firstDifference(a, b))", sourceLocation: sourceLocation)
    }
}
