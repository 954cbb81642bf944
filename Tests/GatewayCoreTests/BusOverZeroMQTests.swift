import Foundation
import GatewayCore
import PalisadeMessaging
import PalisadeProtocol
import ServiceLifecycle
import Testing

/// The broker, BusWorkers and a BusClient over real ZeroMQ (ipc:// in /tmp) inside the test process.
@Suite(.serialized, .timeLimit(.minutes(3))) struct BusOverZeroMQTests {
    @Test func repliesArriveAndConcurrentRequestsSpreadOverBothWorkers() async throws {
        let endpoint = Bus.endpoint()
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.broker(endpoint), Bus.worker(endpoint, name: "w1"), Bus.worker(endpoint, name: "w2")]) {
            try await Bus.waitForWorkers(client, 2)
            let one = try await client.call(Echo(text: "hello"), retry: .none)
            #expect(one.text == "hello")

            let replies = try await withThrowingTaskGroup(of: Echoed.self) { group in
                for i in 0..<20 {
                    group.addTask { try await client.call(Echo(text: "m\(i)", delayMs: 20), retry: .none) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(replies.map(\.text)) == Set((0..<20).map { "m\($0)" }))
            #expect(Set(replies.map(\.worker)) == ["w1", "w2"])
        }
    }

    @Test func garbageFromARawDealerIsRejectedAndTheBrokerKeepsServing() async throws {
        let endpoint = Bus.endpoint()
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.broker(endpoint), Bus.worker(endpoint, name: "w1")]) {
            try await Bus.waitForWorkers(client, 1)
            let context = try ZMQContext()
            let raw = try ZMQSocket(context, kind: .dealer)
            try raw.configure(lingerMs: 0, highWaterMark: 100)
            try raw.connect(endpoint)
            defer {
                raw.close()
                context.terminate()
            }
            try raw.send([Data("hello".utf8)])  // unaddressable: dropped
            try raw.send([Data(), Data([0xde, 0xad]), Data([0xbe, 0xef])])  // unknown tag: dropped
            try raw.send(["", "PAL1C", "REQUEST", "echo", "not a header", "{}"].map { Data($0.utf8) })
            var reply: [Data]?
            for _ in 0..<200 where reply == nil {
                reply = try raw.receive()
                if reply == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            let frames = try #require(reply)
            #expect(frames.count == 6 && frames[2] == Data("REPLY".utf8))
            let header = try Wire.decodeHeader(frames[4])
            #expect(header.error?.code == "protocol.request.invalid")
            #expect(header.error?.message.contains("header") == true)

            let echoed = try await client.call(Echo(text: "still here"), retry: .none)
            #expect(echoed.text == "still here")
        }
    }

    @Test func unknownTypeGetsTypeUnknownFromTheWorkerWhichKeepsServing() async throws {
        let endpoint = Bus.endpoint()
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.broker(endpoint), Bus.worker(endpoint, name: "w1")]) {
            try await Bus.waitForWorkers(client, 1)
            let request = Request(service: Echo.service, header: MessageHeader(type: "echo.nope"), body: Data("{}".utf8))
            let reply = try await client.send(request, timeout: .seconds(5))
            #expect(reply.header.error?.code == "protocol.type.unknown")
            #expect(reply.header.correlationID == request.header.id)
            #expect(try await client.call(Echo(text: "next"), retry: .none).worker == "w1")
        }
    }

    @Test func aGracefullyStoppedWorkerFinishesItsRequestAndTheOtherTakesTheQueue() async throws {
        let endpoint = Bus.endpoint()
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.broker(endpoint), Bus.worker(endpoint, name: "stays")]) {
            let leaving = Bus.group([Bus.worker(endpoint, name: "leaves")])
            try await Bus.with(leaving) {
                try await Bus.waitForWorkers(client, 2)
                let replies = try await withThrowingTaskGroup(of: Echoed.self) { calls in
                    for i in 0..<4 {
                        calls.addTask { try await client.call(Echo(text: "s\(i)", delayMs: 400), retry: .none) }
                    }
                    // Both workers busy, two requests queued: now stop one worker.
                    for _ in 0..<100 {
                        let status = try await client.call(GatewayStatusQuery(), retry: .none)
                        if status.queued[Echo.service] == 2 { break }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    await leaving.triggerGracefulShutdown()
                    return try await calls.reduce(into: []) { $0.append($1) }
                }
                #expect(replies.count == 4)
                #expect(replies.filter { $0.worker == "leaves" }.count == 1)
                #expect(replies.filter { $0.worker == "stays" }.count == 3)
            }
            let status = try await client.call(GatewayStatusQuery(), retry: .none)
            #expect(status.workers.count == 1)
        }
    }

    @Test func aLongHandlerDoesNotStopHeartbeats() async throws {
        let endpoint = Bus.endpoint()
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.broker(endpoint), Bus.worker(endpoint, name: "w1")]) {
            try await Bus.waitForWorkers(client, 1)
            // 1.5 s of handler time is 7 heartbeat intervals; a worker that stopped heartbeating would be
            // forgotten after 600 ms and its reply dropped.
            let reply = try await client.call(Echo(text: "slow", delayMs: 1500), retry: .none)
            #expect(reply.text == "slow")
        }
    }

    @Test func theClientTimesOutWhenNoWorkerExists() async throws {
        let endpoint = Bus.endpoint()
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.broker(endpoint)]) {
            let start = ContinuousClock.now
            let request = Request(service: "nobody", header: MessageHeader(type: "nobody.hello"), body: Data())
            let error = await #expect(throws: WireError.self) {
                try await client.send(request, timeout: .milliseconds(300))
            }
            #expect(error?.code == "bus.timeout")
            #expect(error?.retryable == true)
            // The 300 ms deadline, not the 30 s broker default, ended it (generous for a loaded machine).
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test func closingTheClientFailsOutstandingRequestsWithoutHanging() async throws {
        let client = try BusClient(endpoint: Bus.endpoint(), logger: Bus.quiet)  // nothing listens
        let request = Request(service: "echo", header: MessageHeader(type: "echo.say"), body: Data())
        async let pending: Reply = client.send(request, timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(50))
        client.close()
        var outstanding: WireError?
        do { _ = try await pending } catch let e as WireError { outstanding = e }
        #expect(outstanding?.code == "bus.client.closed")
        await client.waitUntilClosed()
        let later = await #expect(throws: WireError.self) { _ = try await client.send(request, timeout: .seconds(1)) }
        #expect(later?.code == "bus.client.closed")
    }

    @Test func aWorkerReRegistersWithARestartedBroker() async throws {
        let endpoint = Bus.endpoint()
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.worker(endpoint, name: "w1")]) {
            try await Bus.with([Bus.broker(endpoint)]) { try await Bus.waitForWorkers(client, 1) }
            #expect(!FileManager.default.fileExists(atPath: String(endpoint.dropFirst("ipc://".count))))
            // The first broker is gone (it told the worker DISCONNECT); a new one binds the same endpoint.
            try await Bus.with([Bus.broker(endpoint)]) {
                try await Bus.waitForWorkers(client, 1)
                #expect(try await client.call(Echo(text: "again"), retry: .none).worker == "w1")
            }
        }
    }

    @Test func aSecondBrokerOnALiveEndpointIsRefusedAndAStaleSocketFileIsReplaced() async throws {
        let endpoint = Bus.endpoint()
        let path = String(endpoint.dropFirst("ipc://".count))
        let client = try BusClient(endpoint: endpoint, logger: Bus.quiet)
        defer { client.close() }
        try await Bus.with([Bus.broker(endpoint)]) {
            try await Bus.waitForWorkers(client, 0)  // the first broker is up
            let error = await #expect(throws: GatewayError.self) { try await Bus.broker(endpoint).run() }
            #expect(error?.code == "gateway.bind.failed")
            #expect(error?.message.contains("address in use") == true)
        }
        // A leftover file (e.g. after kill -9) does not stop the next broker.
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        try await Bus.with([Bus.broker(endpoint)]) {
            let status = try await client.call(GatewayStatusQuery(), retry: .none)
            #expect(status.workers.isEmpty)
        }
    }
}
