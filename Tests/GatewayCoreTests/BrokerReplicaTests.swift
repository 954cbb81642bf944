import Foundation
import GatewayCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// Several workers of one service (graph replicas): load spreads across them, and a request whose replica
/// dies is served by another.
@Suite struct BrokerReplicaTests {
    @Test func twoBusyReplicasBothServeAndShareTheLoadEvenly() {
        var b = BrokerHarness()
        b.ready("r1", "graph")
        b.ready("r2", "graph")
        var served: [String: Int] = [:]
        var inFlight: [String: String] = [:]  // worker → request id
        // 40 requests from 4 clients, arriving faster than they are answered: both replicas stay busy.
        var next = 0
        func issue(_ b: inout BrokerHarness) {
            next += 1
            for s in b.request("c\(next % 4)", "graph", id: "q\(next)").sent where s.command == "REQUEST" {
                inFlight[s.to] = s.header?.id
            }
        }
        for _ in 0..<10 { issue(&b) }
        #expect(Set(inFlight.keys) == ["r1", "r2"])
        #expect(b.machine.queuedCount("graph") == 8)
        while next < 40 || !inFlight.isEmpty {
            // The replica holding the oldest request answers first.
            guard let oldest = inFlight.min(by: { Int($0.value.dropFirst())! < Int($1.value.dropFirst())! })
            else { break }
            let (worker, id) = (oldest.key, oldest.value)
            inFlight.removeValue(forKey: worker)
            served[worker, default: 0] += 1
            let client = "c\(Int(id.dropFirst())! % 4)"
            for s in b.reply(worker, to: client, id: id).sent where s.command == "REQUEST" {
                inFlight[s.to] = s.header?.id
            }
            if next < 40 { issue(&b) }
        }
        #expect(served.values.reduce(0, +) == 40)
        #expect(served["r1"] == 20 && served["r2"] == 20, "\(served)")
    }

    @Test func theRequestOfASilentReplicaGoesToAnotherAtExpiry() {
        var b = BrokerHarness()
        b.ready("r1", "graph")
        b.ready("r2", "graph")
        #expect(b.request("cli", "graph", id: "paths").sent.map(\.to) == ["r1"])
        // r1 is killed mid-query on another host: no FIN arrives, it just goes silent. r2 heartbeats.
        for _ in 0..<2 {
            _ = b.tick(after: .seconds(1))
            b.receive("r2", BusFrames.heartbeat)
        }
        let expiry = b.tick(after: .seconds(1))
        let handedOn = expiry.sent.filter { $0.command == "REQUEST" }
        #expect(handedOn.map(\.to) == ["r2"])
        #expect(handedOn.first?.header?.id == "paths" && handedOn.first?.client == "cli")
        // r2 answers; the client gets it.
        #expect(b.reply("r2", to: "cli", id: "paths").sent.map(\.to) == ["cli"])
    }

    @Test func aRequestThatTakesTwoReplicasDownFailsInsteadOfKillingTheThird() {
        var b = BrokerHarness()
        b.ready("r1", "graph")
        b.ready("r2", "graph")
        b.ready("r3", "graph")
        #expect(b.request("cli", "graph", id: "poison").sent.map(\.to) == ["r1"])
        let first = b.machine.unreachable(Data("r1".utf8), now: b.clock.now).sent
        #expect(first.map(\.to) == ["r2"], "the first death hands the request on")
        let second = b.machine.unreachable(Data("r2".utf8), now: b.clock.now).sent
        #expect(second.map(\.to) == ["cli"])
        #expect(second.first?.header?.error?.code == "bus.worker.lost")
        #expect(second.first?.header?.error?.retryable == false)
        #expect(second.first?.header?.correlationID == "poison")
        #expect(b.machine.queuedCount("graph") == 0)
        // r3 is untouched and serves the next request.
        #expect(b.request("cli", "graph", id: "next").sent.map(\.to) == ["r3"])
    }

    @Test func aReplicasOwnServiceNameReachesOnlyThatReplica() {
        var b = BrokerHarness()
        // Each replica process has two workers: the shared name and its own.
        b.ready("a-shared", "graph", pid: 11)
        b.ready("a-own", ServiceName.replica(of: "graph", named: "palisade-graph-1"), pid: 11)
        b.ready("b-shared", "graph", pid: 22)
        b.ready("b-own", ServiceName.replica(of: "graph", named: "palisade-graph-2"), pid: 22)
        for i in 0..<3 {
            #expect(b.request("cli", "graph@palisade-graph-2", id: "p\(i)").sent.map(\.to) == ["b-own"])
            b.reply("b-own", to: "cli", id: "p\(i)")
        }
        #expect(b.request("cli", "graph", id: "any1").sent.map(\.to) == ["a-shared"])
        #expect(b.request("cli", "graph", id: "any2").sent.map(\.to) == ["b-shared"])
        #expect(ServiceName.splitReplica("graph@palisade-graph-2")! == ("graph", "palisade-graph-2"))
        #expect(ServiceName.splitReplica("graph") == nil)
    }
}
