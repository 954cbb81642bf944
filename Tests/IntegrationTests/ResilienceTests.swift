import Foundation
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Crashes and garbage: the stack recovers and loses nothing.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ResilienceTests {
    @Test func killingTheAssessorMidScanEndsWithExactlyTheFindingsOfAnUndisturbedRun() async throws {
        // Enough copies of the estate for several batches of 100 resources.
        let demo = try await Demo.start(scale: 6)
        defer { demo.stop() }
        let bus = try #require(demo.stack.bus)
        let assessorBefore = try #require(try await demo.stack.pid(of: "palisade-assessor"))

        // On a loaded machine one poll can take longer than the whole scan: a scan that already finished when its
        // first batch was seen proves nothing, so scan again (same estate, same findings) until the kill lands
        // mid-collection.
        var started = try await bus.call(StartAWSScan(profile: "palisade-demo", regions: ["us-east-1"],
                                                      endpoint: demo.moto.endpoint))
        var progress = try await bus.call(ScanProgressQuery(scanID: started.scanID))
        for attempt in 1...5 {
            while progress.batchesSent == 0 && progress.state == .running {
                try await Task.sleep(for: .milliseconds(20))
                progress = try await bus.call(ScanProgressQuery(scanID: started.scanID))
            }
            if progress.state == .running || attempt == 5 { break }
            while progress.state == .sealing {
                try await Task.sleep(for: .milliseconds(100))
                progress = try await bus.call(ScanProgressQuery(scanID: started.scanID))
            }
            started = try await bus.call(StartAWSScan(profile: "palisade-demo", regions: ["us-east-1"],
                                                      endpoint: demo.moto.endpoint))
            progress = try await bus.call(ScanProgressQuery(scanID: started.scanID))
        }
        #expect(progress.state == .running, "the scan should still be collecting when the assessor dies")
        #expect(kill(assessorBefore, SIGKILL) == 0)

        let deadline = ContinuousClock.now + .seconds(240)
        while progress.state == .running || progress.state == .sealing {
            #expect(ContinuousClock.now < deadline, "scan did not finish after the assessor was killed")
            if ContinuousClock.now >= deadline { return }
            try await Task.sleep(for: .milliseconds(200))
            progress = (try? await bus.call(ScanProgressQuery(scanID: started.scanID))) ?? progress
        }
        #expect(progress.state == .done, "\(progress.error ?? "")")
        let assessorAfter = try await demo.stack.pid(of: "palisade-assessor")
        #expect(assessorAfter != nil && assessorAfter != assessorBefore, "the supervisor restarted the assessor")
        let status = try await bus.call(SupervisorStatusQuery())
        #expect((status.processes.first { $0.name == "palisade-assessor" }?.restarts ?? 0) >= 1)

        // Graph-decided findings arrive after the seal; the graph commits its cursor only once the assessor accepted
        // a scan's verdicts, so its position says when the findings are complete.
        func graphCaughtUp(_ scanID: String) async throws {
            let until = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < until {
                if (try? await bus.call(GraphPositionQuery()))?.lastScanID == scanID { return }
                try await Task.sleep(for: .milliseconds(200))
            }
            Issue.record("the graph did not catch up with scan \(scanID)")
        }
        try await graphCaughtUp(started.scanID)
        let disturbed = try #require(try await bus.call(ScansQuery(scanID: started.scanID)).first)
        let disturbedFindings = try demo.findings()
        #expect(Set(disturbedFindings.map(\.id)).count == disturbedFindings.count, "no duplicate findings")

        // The same estate scanned again, undisturbed.
        let undisturbedID = try demo.scan().scan.scanID
        try await graphCaughtUp(undisturbedID)
        let undisturbed = try #require(try await bus.call(ScansQuery(scanID: undisturbedID)).first)
        let undisturbedFindings = try demo.findings()
        #expect(disturbed.resourceCount == undisturbed.resourceCount)
        #expect(disturbed.findingCounts == undisturbed.findingCounts)
        let a = Dictionary(uniqueKeysWithValues: disturbedFindings.map { ($0.id, $0.status) })
        let b = Dictionary(uniqueKeysWithValues: undisturbedFindings.map { ($0.id, $0.status) })
        #expect(a == b)
    }

    @Test func malformedMessagesAreRejectedAndBrokerAndServicesKeepServing() async throws {
        let stack = try Stack()
        defer { stack.cleanUp() }
        try stack.up()
        let gateway = try #require(try await stack.pid(of: "palisade-gateway"))
        let assessor = try #require(try await stack.pid(of: "palisade-assessor"))

        let context = try ZMQContext()
        let socket = try ZMQSocket(context, kind: .dealer)
        defer {
            socket.close()
            context.terminate()
        }
        try socket.configure(lingerMs: 0, highWaterMark: 1000)
        try socket.connect(stack.busEndpoint)

        func exchange(_ frames: [String]) async throws -> [Data]? {
            try socket.send(frames.map { Data($0.utf8) })
            let until = ContinuousClock.now + .seconds(3)
            while ContinuousClock.now < until {
                if let reply = try socket.receive() { return reply }
                try await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }
        func errorCode(_ reply: [Data]?) -> String? {
            guard let reply, reply.count >= 6 else { return nil }
            return (try? Wire.decodeHeader(reply[4]))?.error?.code
        }

        // To the broker: not our protocol, a truncated request, a header that is not JSON.
        _ = try await exchange(["", "HELLO"])
        _ = try await exchange(["", Wire.clientTag, "REQUEST"])
        let badHeader = try await exchange(["", Wire.clientTag, "REQUEST", "assessor", "{not json", "{}"])
        #expect(errorCode(badHeader) == "protocol.request.invalid")

        // To a service: a type it does not know, and a known type with a body that does not decode.
        func header(_ type: String) -> String {
            String(decoding: Wire.encodeHeader(MessageHeader(type: type)), as: UTF8.self)
        }
        let unknown = try await exchange(["", Wire.clientTag, "REQUEST", "assessor", header("assessor.explode"), "{}"])
        #expect(errorCode(unknown) == "protocol.type.unknown")
        let badBody = try await exchange(["", Wire.clientTag, "REQUEST", "assessor", header(IngestBatch.type),
                                          "[1,2,3]"])
        #expect(errorCode(badBody) == "protocol.request.invalid")
        let badBatch = try await exchange(["", Wire.clientTag, "REQUEST", "assessor", header(IngestBatch.type),
                                           #"{"scanID":"","batchSeq":-1,"provider":"aws","account":"1","resources":[]}"#])
        #expect(errorCode(badBatch) == "assessor.batch.invalid")

        // Both still serve, and neither was restarted.
        let bus = try #require(stack.bus)
        let scans = try await bus.call(ScansQuery())
        #expect(scans.isEmpty)
        #expect(try await stack.pid(of: "palisade-gateway") == gateway)
        #expect(try await stack.pid(of: "palisade-assessor") == assessor)
        let r = try stack.cli(["status"])
        #expect(r.status == 0)
    }

    @Test func theCLISaysHowToStartTheStackWhenItIsNotRunning() throws {
        let stack = try Stack()
        defer { stack.cleanUp() }
        let r = try stack.cli(["score"])
        #expect(r.status == 69)
        #expect(r.stderr.contains("palisade up"))
    }
}
