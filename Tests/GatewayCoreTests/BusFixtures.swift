import Foundation
import GatewayCore
import Logging
import PalisadeMessaging
import PalisadeProtocol
import ServiceLifecycle

/// The test service the workers serve.
struct Echo: BusMessage {
    static let service = "echo"
    static let type = "echo.say"
    typealias Response = Echoed
    var text: String
    var delayMs: Int = 0
}

struct Echoed: Codable, Sendable, Hashable {
    var text: String
    var worker: String
}

enum Bus {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Fast liveness for tests: 200 ms heartbeats, dead after 600 ms, reconnect after 100 ms, 200 ms, 400 ms.
    static let heartbeat = HeartbeatStateMachine.Configuration(
        interval: .milliseconds(200), liveness: 3, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400))

    static func endpoint() -> String {
        "ipc:///tmp/palisade-tests/bus-\(UUID().uuidString.prefix(8)).ipc"
    }

    static func broker(_ endpoint: String) -> Broker {
        Broker(endpoint: endpoint, configuration: .init(stateMachine: .init(heartbeatInterval: heartbeat.interval)),
               logger: quiet)
    }

    static func worker(_ endpoint: String, name: String) -> BusWorker {
        var router = Router()
        router.on(Echo.self) { message, _ in
            if message.delayMs > 0 { try await Task.sleep(for: .milliseconds(message.delayMs)) }
            return Echoed(text: message.text, worker: name)
        }
        return BusWorker(endpoint: endpoint, service: Echo.service, handler: router,
                         configuration: .init(heartbeat: heartbeat), logger: quiet)
    }

    /// Runs `services` in one ServiceGroup around `body`, then shuts them down gracefully (reverse order).
    static func with<T: Sendable>(_ services: [any Service], _ body: () async throws -> T) async throws -> T {
        try await with(group(services), body)
    }

    static func group(_ services: [any Service]) -> ServiceGroup {
        ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: quiet))
    }

    /// Runs `group` around `body`; shuts it down gracefully afterwards, also when `body` throws.
    static func with<T: Sendable>(_ group: ServiceGroup, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let result = try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// Polls gateway.status until `count` workers of `service` are registered (bounded: 5 s).
    static func waitForWorkers(_ client: BusClient, _ count: Int, of service: String = Echo.service) async throws {
        for _ in 0..<100 {
            if let status = try? await client.call(GatewayStatusQuery(), timeout: .milliseconds(500), retry: .none),
               status.workers.filter({ $0.service == service }).count == count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WireError(code: "test.workers", message: "\(count) workers of \(service) never registered")
    }
}
