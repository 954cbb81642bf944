import Foundation
import Logging
import PalisadeProtocol
import ServiceLifecycle

/// The long-running side of the connector: `submit` queues a scan and returns its id at once; `run()`
/// executes queued scans concurrently inside one task group until graceful shutdown.
public final class ScanService: Service, Sendable {
    struct Job: Sendable {
        var scanID: String
        var request: StartAWSScan
        var startedAt: Date
    }

    public let registry: ScanRegistry
    let driver: ScanDriver
    let environment: [String: String]
    let homeDirectory: String
    private let jobs: AsyncStream<Job>
    private let queue: AsyncStream<Job>.Continuation

    public init(driver: ScanDriver, environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String = NSHomeDirectory()) {
        self.driver = driver
        self.registry = driver.registry
        self.environment = environment
        self.homeDirectory = homeDirectory
        (jobs, queue) = AsyncStream.makeStream(of: Job.self)
    }

    /// Registers a scan and queues it; the scan runs inside `run()`.
    public func submit(_ request: StartAWSScan, now: Date = Date()) -> String {
        let id = Self.newScanID(now)
        registry.register(id, target: request.target)
        queue.yield(Job(scanID: id, request: request, startedAt: now))
        return id
    }

    public func run() async throws {
        let (driver, env, home) = (self.driver, environment, homeDirectory)
        await withTaskGroup(of: Void.self) { group in
            for await job in jobs.cancelOnGracefulShutdown() {
                group.addTask {
                    let r = job.request
                    let make: @Sendable () throws -> AWSInventory = {
                        let limits = try r.rates.map { try AWSRateLimits().overriding($0) }
                        return try AWSInventory.make(profile: r.profile, regions: r.regions, endpoint: r.endpoint,
                                                     environment: env, homeDirectory: home, limits: limits)
                    }
                    if r.organization {
                        let base: AWSInventory
                        do { base = try make() } catch {
                            driver.registry.fail(job.scanID, "\(error)")
                            return
                        }
                        await OrganizationScan(driver: driver, roleName: r.roleName ?? Self.defaultRoleName,
                                               concurrency: r.accountConcurrency ?? 3)
                            .run(scanID: job.scanID, startedAt: job.startedAt, base: base, logger: driver.logger)
                    } else {
                        await driver.run(scanID: job.scanID, startedAt: job.startedAt, make: make)
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// The role AWS Organizations creates in accounts it makes.
    public static let defaultRoleName = "OrganizationAccountAccessRole"

    /// `scan-<yyyyMMddHHmmss>-<6 hex>` in UTC.
    static func newScanID(_ now: Date) -> String {
        let stamp = SigV4Signer.format(now, "yyyyMMddHHmmss")
        return "scan-\(stamp)-" + String(format: "%06x", UInt32.random(in: 0...0xFFFFFF))
    }
}

/// The connector's request handlers.
public enum ConnectorRouter {
    public static func make(_ scans: ScanService) -> Router {
        var router = Router()
        router.on(StartAWSScan.self) { request, _ in ScanStarted(scanID: scans.submit(request)) }
        router.on(ScanProgressQuery.self) { query, _ in
            guard let progress = scans.registry.progress(query.scanID) else {
                throw WireError(code: "connector.aws.scan.unknown",
                                message: "no scan '\(query.scanID)' in this connector process (it may have restarted)")
            }
            return progress
        }
        router.on(ActiveScansQuery.self) { _, _ in scans.registry.active() }
        router.on(SecurityHubImport.self) { q, _ in
            try await SecurityHubImporter.make(profile: q.profile, endpoint: q.endpoint)
                .importFindings(q.findings, region: q.region)
        }
        router.on(SecurityHubFindingsQuery.self) { q, _ in
            try await SecurityHubImporter.make(profile: q.profile, endpoint: q.endpoint).findings(ids: q.ids, region: q.region)
        }
        router.on(FixPlanRequest.self) { q, _ in
            FixPlanReply(items: try await FixPlanner.make(profile: q.profile, endpoint: q.endpoint).plan(q.findings))
        }
        router.on(FixExecute.self) { q, _ in
            await (try FixPlanner.make(profile: q.profile, endpoint: q.endpoint)).execute(q.item, q.direction)
        }
        router.on(AWSPermissionsQuery.self) { q, _ in
            AWSPermissions(actions: AWSCollectors.permissions(organization: q.organization),
                           policy: AWSCollectors.policyDocument(organization: q.organization))
        }
        return router
    }
}
