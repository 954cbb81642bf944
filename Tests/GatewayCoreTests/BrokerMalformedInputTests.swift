import Foundation
import GatewayCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeTestKit
import Testing

@Suite struct BrokerMalformedInputTests {
    private func frames(_ parts: String...) -> [Data] { parts.map { Data($0.utf8) } }

    @Test func clientWithABadHeaderGetsRequestInvalidSayingWhy() {
        var b = BrokerHarness()
        let sent = b.receive("c", frames("", "PAL1C", "REQUEST", "echo", "not json", "{}")).sent
        #expect(sent.count == 1 && sent[0].to == "c")
        #expect(sent[0].header?.error?.code == "protocol.request.invalid")
        #expect(sent[0].header?.error?.message.contains("header") == true)
    }

    @Test func clientWithMissingFramesIsToldTheExpectedLayout() {
        var b = BrokerHarness()
        let header = String(decoding: Wire.encodeHeader(MessageHeader(id: "m1", type: "echo.say")), as: UTF8.self)
        let sent = b.receive("c", frames("", "PAL1C", "REQUEST", "echo", header)).sent
        #expect(sent.first?.header?.error?.code == "protocol.request.invalid")
        #expect(sent.first?.header?.error?.message.contains("6 frames") == true)
        #expect(sent.first?.header?.correlationID == "m1")
        let empty = b.receive("c", frames("", "PAL1C", "REQUEST", "", header, "{}")).sent
        #expect(empty.first?.header?.error?.message.contains("service") == true)
        let wrongCommand = b.receive("c", frames("", "PAL1C", "REPLY", "echo", header, "{}")).sent
        #expect(wrongCommand.first?.header?.error?.message.contains("REQUEST") == true)
    }

    @Test func unaddressableInputIsDroppedWithOneLogLine() {
        var b = BrokerHarness()
        for input in [frames("hello"), frames("x", "PAL1C"), frames("", "MDPC01", "REQUEST"), frames("")] {
            let actions = b.receive("c", input)
            #expect(actions.sent.isEmpty)
            #expect(actions.logs.count == 1)
        }
        #expect(b.machine.received([], now: b.clock.now).isEmpty)
    }

    @Test func workersBreakingTheProtocolAreDisconnectedAndForgotten() {
        var b = BrokerHarness()
        b.ready("w1", "echo")
        #expect(b.ready("w1", "echo").sent.map(\.command) == ["DISCONNECT"])
        #expect(b.machine.workerCount == 0)
        b.ready("w2", "echo")
        #expect(b.reply("w2", to: "c", id: "x").sent.map(\.command) == ["DISCONNECT"])  // no request held
        #expect(b.machine.workerCount == 0)
        b.ready("w3", "echo")
        #expect(b.receive("w3", frames("", "PAL1W", "DANCE")).sent.map(\.command) == ["DISCONNECT"])
        #expect(b.receive("w4", frames("", "PAL1W", "READY", "gateway", "{}")).sent.map(\.command) == ["DISCONNECT"])
        #expect(b.receive("w5", BusFrames.heartbeat).sent.map(\.command) == ["DISCONNECT"])  // unknown: re-register
        #expect(b.receive("w6", frames("", "PAL1W", "READY", "echo", "not json")).sent.isEmpty)  // pid unknown
        #expect(b.machine.status(now: b.clock.now).workers.map(\.pid) == [nil])
        #expect(b.machine.workerCount == 1)
    }

    @Test func randomFramesNeverTrapAndKeepTheBrokerServing() {
        var rng = SplitMix64(seed: 0x9a11_5ade)
        var b = BrokerHarness(.init(heartbeatInterval: .seconds(1), maxQueuePerService: 50))
        let header = Wire.encodeHeader(MessageHeader(id: "h", type: "echo.say"))
        let palette: [Data] = [
            Data(), Data("PAL1C".utf8), Data("PAL1W".utf8), Data("REQUEST".utf8), Data("REPLY".utf8),
            Data("READY".utf8), Data("HEARTBEAT".utf8), Data("DISCONNECT".utf8), Data("echo".utf8),
            Data("gateway".utf8), header, Data("{\"pid\":7}".utf8), Data("{".utf8), Data([0xff, 0xfe, 0x00]),
            Data(repeating: 0x41, count: 300),
        ]
        let peers = ["a", "b", "c", "d", "e"]
        for i in 0..<20_000 {
            var message: [Data] = []
            for _ in 0..<Int(rng.next() % 8) {
                message.append(rng.next() % 10 == 0
                    ? Data((0..<Int(rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
                    : palette[Int(rng.next() % UInt64(palette.count))])
            }
            let actions = b.receive(peers[Int(rng.next() % UInt64(peers.count))], message)
            for sent in actions.sent { #expect(sent.frames.first == Data(), "every send starts with the delimiter") }
            if i % 97 == 0 { _ = b.tick(after: .milliseconds(Int64(rng.next() % 1500))) }
        }
        // Still works: a fresh worker and client get served.
        _ = b.tick(after: .seconds(60))
        b.ready("fresh", "fuzz.ok")
        #expect(b.request("client", "fuzz.ok", id: "final").sent.map(\.to) == ["fresh"])
    }
}

/// Deterministic random numbers for the fuzz loop.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
