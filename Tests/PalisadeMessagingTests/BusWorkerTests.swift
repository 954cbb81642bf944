import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol
import ServiceLifecycle
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// BusWorker against a hand-driven ROUTER standing in for the broker.
@Suite(.serialized, .timeLimit(.minutes(2))) struct BusWorkerTests {
    let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    let fast = BusWorker.Configuration(heartbeat: .init(
        interval: .milliseconds(100), liveness: 3, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400)))

    struct Upper: RequestHandler {
        func handle(_ request: Request) async -> Reply {
            Reply(header: MessageHeader(type: request.header.type), body: Data(String(decoding: request.body, as: UTF8.self)
                .uppercased().utf8))
        }
    }

    /// Runs `group` around `body`, then shuts it down gracefully, also when `body` throws.
    func running(_ group: ServiceGroup, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do { try await body() } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Receives the next message on `socket` (bounded wait: 10 s, generous for a loaded machine).
    func next(_ socket: ZMQSocket) async throws -> [Data] {
        for _ in 0..<1000 {
            if let frames = try socket.receive() { return frames }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw WireError(code: "test.silent", message: "nothing received")
    }

    /// The next message carrying `command`, skipping others (bounded: 20 s, so a chatty worker cannot hang the test).
    func next(_ socket: ZMQSocket, command: String, answeringHeartbeats: Bool = false) async throws -> [Data] {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let frames = try await next(socket)
            if frames.count > 3, frames[3] == Data(command.utf8) { return frames }
            if answeringHeartbeats { try socket.send([frames[0]] + BusFrames.heartbeat) }
        }
        throw WireError(code: "test.silent", message: "no \(command) within 20 s")
    }

    @Test func readyServeHeartbeatAndReconnectWhenTheBrokerFallsSilent() async throws {
        let endpoint = "ipc:///tmp/palisade-tests/worker-\(UUID().uuidString.prefix(8)).ipc"
        try FileManager.default.createDirectory(atPath: "/tmp/palisade-tests", withIntermediateDirectories: true)
        let context = try ZMQContext()
        let broker = try ZMQSocket(context, kind: .router)
        try broker.configure(lingerMs: 0, highWaterMark: 100)
        try broker.bind(endpoint)
        defer {
            broker.close()
            context.terminate()
            try? FileManager.default.removeItem(atPath: String(endpoint.dropFirst("ipc://".count)))
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: BusWorker(
            endpoint: endpoint, service: "upper", handler: Upper(), configuration: fast, logger: quiet))], logger: quiet))
        try await running(group) {
            let ready = try await next(broker)
            #expect(ready.count == 6 && ready[2] == Data("PAL1W".utf8) && ready[3] == Data("READY".utf8))
            #expect(ready[4] == Data("upper".utf8))
            #expect(String(decoding: ready[5], as: UTF8.self) == "{\"pid\":\(getpid())}")
            let identity = ready[0]

            let header = MessageHeader(id: "r1", type: "upper.say")
            try broker.send([identity] + BusFrames.workerRequest(
                client: Data("client-7".utf8), header: Wire.encodeHeader(header), body: Data("abc".utf8)))
            let reply = try await next(broker, command: "REPLY")
            #expect(reply.count == 7 && reply[4] == Data("client-7".utf8))
            #expect(try Wire.decodeHeader(reply[5]).correlationID == "r1")  // set by the worker even if the handler did not
            #expect(reply[6] == Data("ABC".utf8))

            // The worker heartbeats on its own; the "broker" stays silent, so after 3 intervals the worker
            // drops the socket and registers again from a new one. On a loaded machine the worker may be
            // starved past its liveness before its first beat, so the beat may come from either socket.
            var sawHeartbeat = false
            var again: [Data] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while again.isEmpty || !sawHeartbeat, ContinuousClock.now < deadline {
                let frames = try await next(broker)
                guard frames.count > 3 else { continue }
                if frames[3] == Data("HEARTBEAT".utf8) { sawHeartbeat = true }
                if frames[3] == Data("READY".utf8), frames[0] != identity, again.isEmpty { again = frames }
            }
            #expect(sawHeartbeat)
            try #require(!again.isEmpty)
            #expect(again[0] != identity)

            // Now the "broker" answers every message, so the worker stays on its current socket and says goodbye
            // from it on graceful shutdown (on a loaded machine it may have reconnected once more meanwhile).
            try broker.send([again[0]] + BusFrames.heartbeat)
            await group.triggerGracefulShutdown()
            let bye = try await next(broker, command: "DISCONNECT", answeringHeartbeats: true)
            #expect(bye[0] != identity)
            #expect(bye.count == 4)
        }
    }

    @Test func anIdleWorkerShutsDownPromptlyEvenWithoutABroker() async throws {
        let group = ServiceGroup(configuration: .init(services: [.init(service: BusWorker(
            endpoint: "ipc:///tmp/palisade-tests/nobody-\(UUID().uuidString.prefix(8)).ipc", service: "upper",
            handler: Upper(), configuration: fast, logger: quiet))], logger: quiet))
        let start = ContinuousClock.now
        try await running(group) { try await Task.sleep(for: .milliseconds(100)) }
        // Without a broker the worker sits in reconnect backoff (up to 32 s); shutdown must not wait for it.
        #expect(ContinuousClock.now - start < .seconds(8))
    }

    @Test func malformedEndpointsAreReportedClearly() async throws {
        let clientError = #expect(throws: WireError.self) { _ = try BusClient(endpoint: "nonsense", logger: quiet) }
        #expect(clientError?.code == "bus.endpoint.invalid")
        #expect(clientError?.message.contains("PALISADE_BUS") == true)
        let worker = BusWorker(endpoint: "nonsense", service: "x", handler: Upper(), logger: quiet)
        let workerError = await #expect(throws: WireError.self) { try await worker.run() }
        #expect(workerError?.code == "bus.endpoint.invalid")
    }
}
