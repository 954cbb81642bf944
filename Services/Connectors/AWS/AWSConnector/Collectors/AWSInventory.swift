import Foundation
import PalisadeModel

/// One AWS account scan's collection: resolves identity and regions, then runs every collector — global
/// ones once, regional ones in each region, regions concurrently under a bound.
public struct AWSInventory: Sendable {
    public let client: AWSClient
    /// The regions asked for; empty means every region enabled for the account.
    public let requestedRegions: [String]
    /// Where account-level calls (STS, region discovery) go.
    public let homeRegion: String
    public var collectors: [any AWSCollector.Type]
    /// Collector runs (a service in a region) at once; HTTP calls are bounded separately by the throttle.
    public var regionConcurrency: Int

    public init(client: AWSClient, regions: [String], homeRegion: String = "us-east-1",
                collectors: [any AWSCollector.Type] = AWSCollectors.all, regionConcurrency: Int = 8) {
        self.client = client
        self.requestedRegions = regions.filter { !$0.isEmpty }
        self.homeRegion = homeRegion
        self.collectors = collectors
        self.regionConcurrency = max(1, regionConcurrency)
    }

    /// Builds the client from a scan request: credential chain, endpoint, home region, call rates.
    public static func make(profile: String?, regions: [String], endpoint: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            homeDirectory: String = NSHomeDirectory(),
                            transport: any HTTPTransport = URLSessionTransport(),
                            limits: AWSRateLimits? = nil) throws -> AWSInventory {
        let identity = try AWSCredentialChain(environment: environment, homeDirectory: homeDirectory)
            .resolve(profile: profile)
        let endpoints = try AWSEndpoints.resolve(requested: endpoint, environment: environment)
        // AWS's own limits apply to AWS; a custom endpoint (moto, LocalStack) is paced only by the in-flight bound.
        let limits = limits ?? (endpoints.custom == nil ? AWSRateLimits() : .unlimited)
        let client = AWSClient(credentials: identity.credentials, endpoints: endpoints, transport: transport,
                               throttle: AWSThrottle(limits: limits))
        return AWSInventory(client: client, regions: regions, homeRegion: identity.region ?? "us-east-1")
    }

    /// The same scan settings for another account reached with other credentials.
    public func with(client: AWSClient) -> AWSInventory {
        AWSInventory(client: client, regions: requestedRegions, homeRegion: homeRegion, collectors: collectors,
                     regionConcurrency: regionConcurrency)
    }

    /// STS GetCallerIdentity: the account id. Fails fast on bad keys or an unreachable endpoint.
    public func accountID() async throws -> String {
        let doc = try await client.query(service: "sts", region: homeRegion, action: "GetCallerIdentity",
                                         version: "2011-06-15")
        guard let account = doc.string("GetCallerIdentityResult/Account"), !account.isEmpty else {
            throw AWSError(code: "connector.aws.response.invalid", message: "GetCallerIdentity returned no account",
                           operation: "sts:GetCallerIdentity")
        }
        return account
    }

    /// The regions to scan: those requested, else every region enabled for the account (EC2 DescribeRegions
    /// leaves out opt-in regions that are not opted in). When discovery is denied, the home region alone is
    /// scanned and the returned scope says why.
    public func regions() async -> (regions: [String], scope: ScopeResult) {
        if !requestedRegions.isEmpty {
            return (requestedRegions, ScopeResult(service: "ec2.regions", region: "global", status: .ok))
        }
        let ctx = CollectorContext(client: client, account: "")
        switch await ctx.attempt({ try await client.ec2List("DescribeRegions", list: "regionInfo", region: homeRegion,
                                                            maxResults: nil) }) {
        case .success(let items):
            let names = items.filter { ($0.string("optInStatus") ?? "opt-in-not-required") != "not-opted-in" }
                .compactMap { $0.string("regionName") }.sorted()
            return (names.isEmpty ? [homeRegion] : names, ScopeResult(service: "ec2.regions", region: "global", status: .ok))
        case .failure(let e):
            return ([homeRegion], ScopeResult(service: "ec2.regions", region: "global", status: .error,
                                              reason: "\(e.reason); scanned \(homeRegion) only"))
        }
    }

    /// Collector runs a scan over `regions` makes (for progress totals).
    public func units(regions: Int) -> Int {
        1 + collectors.reduce(0) { $0 + ($1.reach == .global ? 1 : regions) }
    }

    /// Collects everything, emitting resources as they come; returns every scope's result. `unitDone` is called
    /// once per collector run (a global collector, or a regional one in one region) with the scopes it reported.
    public func collect(account: String, regions: [String], emit: @escaping ResourceEmitter,
                        unitDone: @escaping @Sendable (String, [ScopeResult]) async -> Void = { _, _ in })
        async -> [ScopeResult] {
        let ctx = CollectorContext(client: client, account: account)
        await emit(Resource(id: "arn:aws:iam::\(account):root", account: account, region: "global",
                            type: "aws.account", name: account, properties: ["accountId": .string(account)]))
        var scopes = [ScopeResult(service: "sts", region: "global", status: .ok, resourceTypes: ["aws.account"])]
        await unitDone("sts", scopes)
        let units: [(any AWSCollector.Type, String)] = collectors.filter { $0.reach == .global }.map { ($0, "global") }
            + regions.flatMap { region in collectors.filter { $0.reach == .regional }.map { ($0, region) } }
        let bound = regionConcurrency
        await withTaskGroup(of: [ScopeResult].self) { group in
            var next = units.makeIterator()
            func start() -> Bool {
                guard let (collector, region) = next.next() else { return false }
                group.addTask {
                    let result = await collector.init(ctx).collect(region: region, emit: emit)
                    await unitDone(collector.service, result)
                    return result
                }
                return true
            }
            for _ in 0..<bound where !start() { break }
            while let result = await group.next() {
                scopes += result
                _ = start()
            }
        }
        return scopes
    }
}
