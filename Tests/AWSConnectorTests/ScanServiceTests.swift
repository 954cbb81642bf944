import Foundation
import Logging
import PalisadeProtocol
import PalisadeTestKit
import ServiceLifecycle
import Testing
@testable import AWSConnector

@Suite struct ScanServiceTests {
    @Test func startReturnsAScanIDAtOnceAndProgressReportsTheFailure() async throws {
        let registry = ScanRegistry()
        let scans = ScanService(driver: ScanDriver(sender: InProcessBus(), registry: registry, logger: Logger(label: "t")),
                                environment: [:], homeDirectory: "/nonexistent")
        let bus = InProcessBus()
        bus.register(ServiceName.connectorAWS, ConnectorRouter.make(scans))
        let group = ServiceGroup(configuration: .init(services: [.init(service: scans)], logger: Logger(label: "t")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let started = try await bus.call(StartAWSScan(profile: "ghost"), retry: .none)
            #expect(started.scanID.range(of: #"^scan-\d{14}-[0-9a-f]{6}$"#, options: .regularExpression) != nil)
            var progress = try await bus.call(ScanProgressQuery(scanID: started.scanID), retry: .none)
            for _ in 0..<200 where progress.state != .failed {
                try await Task.sleep(for: .milliseconds(10))
                progress = try await bus.call(ScanProgressQuery(scanID: started.scanID), retry: .none)
            }
            #expect(progress.state == .failed)
            #expect(progress.error?.contains("no AWS credentials") == true)
            #expect(progress.error?.contains("profile ghost") == true)
            await #expect(throws: WireError.self) {
                _ = try await bus.call(ScanProgressQuery(scanID: "scan-nope"), retry: .none)
            }
            // Graceful shutdown: run() stops taking work and returns.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
