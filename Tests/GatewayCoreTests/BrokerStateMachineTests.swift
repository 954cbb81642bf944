import Foundation
import GatewayCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeTestKit
import Testing

@Suite struct BrokerStateMachineTests {
    @Test func dispatchesToTheLongestIdleWorker() {
        var b = BrokerHarness()
        b.ready("w1", "echo")
        b.ready("w2", "echo")
        b.ready("w3", "echo")
        let first = (1...3).flatMap { b.request("c", "echo", id: "r\($0)").sent }
        #expect(first.map(\.to) == ["w1", "w2", "w3"])
        #expect(first.allSatisfy { $0.command == "REQUEST" && $0.client == "c" })
        #expect(first.map { $0.header?.id } == ["r1", "r2", "r3"])
        // w2 finishes first, then w1: w2 has been idle longest, so it gets the next request.
        let forwarded = b.reply("w2", to: "c", id: "r2").sent
        #expect(forwarded.count == 1 && forwarded[0].to == "c" && forwarded[0].isToClient)
        #expect(forwarded[0].command == "REPLY" && forwarded[0].header?.correlationID == "r2")
        b.reply("w1", to: "c", id: "r1")
        #expect(b.request("c", "echo", id: "r4").sent.map(\.to) == ["w2"])
        #expect(b.request("c", "echo", id: "r5").sent.map(\.to) == ["w1"])
        // All busy now: the next one waits.
        #expect(b.request("c", "echo", id: "r6").sent.isEmpty)
        #expect(b.machine.queuedCount("echo") == 1)
        #expect(b.reply("w3", to: "c", id: "r3").sent.map(\.to) == ["c", "w3"])
    }

    @Test func requestsWaitUntilAWorkerAppears() {
        var b = BrokerHarness()
        #expect(b.request("c", "assessor", id: "a").sent.isEmpty)
        #expect(b.request("c", "assessor", id: "b").sent.isEmpty)
        #expect(b.machine.queuedCount("assessor") == 2)
        let dispatched = b.ready("w1", "assessor").sent
        #expect(dispatched.map(\.to) == ["w1"])
        #expect(dispatched.first?.header?.id == "a")
        #expect(b.reply("w1", to: "c", id: "a").sent.map(\.to) == ["c", "w1"])
        #expect(b.machine.queuedCount("assessor") == 0)
    }

    @Test func queuedRequestsExpireAtTheirDeadlineWithARetryableError() throws {
        var b = BrokerHarness()
        b.request("c", "graph", id: "g1", deadlineIn: .seconds(2))
        #expect(b.tick(after: .milliseconds(1999)).sent.isEmpty)
        let expired = b.tick(after: .milliseconds(1)).sent
        #expect(expired.count == 1 && expired[0].to == "c")
        let header = try #require(expired[0].header)
        #expect(header.correlationID == "g1")
        #expect(header.error?.code == "bus.service.unknown")
        #expect(header.error?.retryable == true)
        #expect(b.machine.queuedCount("graph") == 0)

        // With a worker that stays busy, the error is bus.timeout.
        b.ready("w1", "graph")
        b.request("c", "graph", id: "g2")
        b.request("c", "graph", id: "g3", deadlineIn: .seconds(1))
        b.receive("w1", BusFrames.heartbeat)
        let timedOut = b.tick(after: .seconds(1)).sent.filter(\.isToClient)
        #expect(timedOut.first?.header?.error?.code == "bus.timeout")
        #expect(timedOut.first?.header?.correlationID == "g3")
    }

    @Test func aRequestPastItsDeadlineIsRefusedAtOnce() {
        var b = BrokerHarness()
        b.ready("w1", "graph")
        let sent = b.request("c", "graph", id: "late", deadlineIn: .seconds(-1)).sent
        #expect(sent.map(\.to) == ["c"])
        #expect(sent.first?.header?.error?.code == "bus.timeout")
    }

    @Test func workersAreHeartbeatedAndForgottenAfterThreeSilentSeconds() {
        var b = BrokerHarness()
        b.ready("w1", "echo")
        b.ready("w2", "echo")
        b.request("c", "echo", id: "busy")  // w1 busy, w2 idle: both get heartbeats
        let beats = b.tick(after: .seconds(1)).sent
        #expect(Set(beats.map(\.to)) == ["w1", "w2"])
        #expect(beats.allSatisfy { $0.command == "HEARTBEAT" })
        #expect(b.tick(after: .milliseconds(500)).sent.isEmpty)
        b.receive("w2", BusFrames.heartbeat)  // w2 alive at 1.5 s; w1 silent since 0
        _ = b.tick(after: .milliseconds(1499))
        #expect(b.machine.workerCount == 2)
        let expiry = b.tick(after: .milliseconds(1))
        #expect(b.machine.workerCount == 1)
        #expect(expiry.sent.contains { $0.to == "w1" && $0.command == "DISCONNECT" })
        #expect(b.machine.status(now: b.clock.now).workers.map(\.identity) == [hexString("w2")])
        // The dead worker's request goes to w2 at once (same id); the next request waits for w2.
        #expect(expiry.sent.contains { $0.to == "w2" && $0.command == "REQUEST" && $0.header?.id == "busy" })
        #expect(b.request("c", "echo", id: "next").sent.isEmpty)
        #expect(b.machine.queuedCount("echo") == 1)
    }

    @Test func statusListsWorkersAndQueueDepths() throws {
        var b = BrokerHarness()
        b.ready("w1", "assessor", pid: 101)
        b.clock.advance(by: .milliseconds(250))
        b.ready("w2", "graph", pid: 202)
        b.request("c", "export", id: "x1")
        b.request("c", "export", id: "x2")
        b.clock.advance(by: .milliseconds(100))
        let header = MessageHeader(id: "s1", type: GatewayStatusQuery.type)
        let sent = b.receive("cli", BusFrames.clientRequest(service: "gateway", header: Wire.encodeHeader(header),
                                                            body: Data("{}".utf8))).sent
        #expect(sent.count == 1 && sent[0].to == "cli")
        #expect(sent[0].header?.correlationID == "s1" && sent[0].header?.error == nil)
        let status = try Wire.decoder.decode(GatewayStatus.self, from: sent[0].frames[5])
        #expect(status.workers == [
            .init(service: "assessor", pid: 101, identity: hexString("w1"), lastSeenMs: 350),
            .init(service: "graph", pid: 202, identity: hexString("w2"), lastSeenMs: 100),
        ])
        #expect(status.queued == ["assessor": 0, "graph": 0, "export": 2])
    }

    @Test func unknownGatewayTypeGetsTypeUnknown() {
        var b = BrokerHarness()
        let sent = b.request("c", "gateway", id: "q", type: "gateway.nope").sent
        #expect(sent.first?.header?.error?.code == "protocol.type.unknown")
        #expect(sent.first?.header?.correlationID == "q")
    }

    @Test func aWorkerThatDisconnectsGivesItsRequestToAnother() {
        var b = BrokerHarness()
        b.ready("w1", "echo")
        b.ready("w2", "echo")
        b.request("c", "echo", id: "r1")  // → w1
        b.request("c", "echo", id: "r2")  // → w2
        b.request("c", "echo", id: "r3")  // queued
        #expect(b.receive("w1", BusFrames.disconnect).sent.isEmpty)
        #expect(b.machine.workerCount == 1)
        #expect(b.machine.queuedCount("echo") == 2)
        let next = b.reply("w2", to: "c", id: "r2").sent
        #expect(next.map(\.to) == ["c", "w2"])
        #expect(next[1].header?.id == "r1")
    }
}

func hexString(_ s: String) -> String { Data(s.utf8).map { String(format: "%02x", $0) }.joined() }

@Suite struct BrokerUnreachableTests {
    @Test func aRequestThatCannotReachItsWorkerGoesToAnother() {
        var b = BrokerHarness()
        b.ready("w1", "echo")
        b.ready("w2", "echo")
        b.request("c", "echo", id: "r1")  // → w1
        b.request("c", "echo", id: "r2")  // → w2
        b.request("c", "echo", id: "r3")  // queued
        // w1 replies and gets r3, but its socket is already gone: the send fails.
        #expect(b.reply("w1", to: "c", id: "r1").sent.map(\.to) == ["c", "w1"])
        #expect(b.machine.unreachable(Data("w1".utf8), now: b.clock.now).sent.isEmpty)
        #expect(b.machine.workerCount == 1 && b.machine.queuedCount("echo") == 1)
        let next = b.reply("w2", to: "c", id: "r2").sent
        #expect(next.map(\.to) == ["c", "w2"])
        #expect(next.last?.header?.id == "r3")
    }
}
