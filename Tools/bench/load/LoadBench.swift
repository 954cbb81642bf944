import ArgumentParser
import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol

/// `palisade-load-bench`: concurrent graph queries through the gateway against a running stack, first with
/// every request routed to one replica (`graph@<first>`), then spread by the broker over every replica
/// (`graph`), in the same run and against the same data. Prints queries/s and p50/p99 latency for each and
/// the speed-up.
@main
struct LoadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade-load-bench",
        abstract: "Graph query throughput through the gateway: one replica vs all replicas.")

    @Option(help: "Broker endpoint (default: $PALISADE_BUS or ipc://$PALISADE_HOME/run/bus.ipc).")
    var bus: String?

    @Option(help: "Request kind: \(RequestKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var request: RequestKind = .paths

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 8

    @Option(help: "Bus clients (sockets) the requests are spread over.")
    var clients: Int = 2

    @Option(help: "Seconds each phase runs (after warm-up).")
    var seconds: Double = 20

    @Option(help: "Warm-up seconds per phase (not measured).")
    var warmup: Double = 3

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard concurrency >= 1, clients >= 1, seconds > 0, warmup >= 0 else {
            throw ValidationError("--concurrency and --clients must be ≥ 1, --seconds > 0, --warmup ≥ 0")
        }
    }

    func run() async throws {
        var env = PalisadeEnvironment.current()
        if let bus { env.busEndpoint = bus }
        var logger = Logger(label: "palisade-load-bench")
        logger.logLevel = .critical
        let buses = try (0..<clients).map { _ in
            try BusClient(endpoint: env.busEndpoint, configuration: .init(), logger: logger)
        }
        defer { for b in buses { b.close() } }

        let gateway = try await buses[0].call(GatewayStatusQuery(), timeout: .seconds(5))
        let replicas = gateway.workers.compactMap { ServiceName.splitReplica($0.service) }
            .filter { $0.service == ServiceName.graph }.map(\.replica).sorted()
        guard let first = replicas.first else {
            throw ValidationError("no graph replica is registered at \(env.busEndpoint); start with "
                                  + "`palisade up --graph-replicas 2` and run a scan first")
        }
        var phases: [Phase] = []
        let one = buses.map { RoutedSender($0, replica: first, of: ServiceName.graph) as any RequestSender }
        phases.append(try await measure("1 replica (\(first))", replicas: 1, senders: one))
        if replicas.count > 1 {
            phases.append(try await measure("\(replicas.count) replicas (broker LRU)", replicas: replicas.count,
                                            senders: buses))
        }
        let report = Report(request: request.rawValue, concurrency: concurrency, clients: clients, seconds: seconds,
                            cores: ProcessInfo.processInfo.activeProcessorCount, phases: phases,
                            speedup: phases.count > 1 ? phases[1].queriesPerSecond / phases[0].queriesPerSecond : nil)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
    }

    /// Runs `concurrency` loops for warm-up + `seconds`; only requests completed in the measured window count.
    func measure(_ label: String, replicas: Int, senders: [any RequestSender]) async throws -> Phase {
        let kind = request
        let clock = ContinuousClock()
        let start = clock.now
        let measureFrom = start + .milliseconds(Int64(warmup * 1000))
        let end = measureFrom + .milliseconds(Int64(seconds * 1000))
        let samples = try await withThrowingTaskGroup(of: Sample.self) { group in
            for i in 0..<concurrency {
                let sender = senders[i % senders.count]
                group.addTask {
                    var s = Sample()
                    while clock.now < end {
                        let t0 = clock.now
                        do {
                            try await kind.send(through: sender)
                        } catch {
                            if t0 >= measureFrom { s.errors += 1 }
                            continue
                        }
                        let t1 = clock.now
                        if t0 >= measureFrom && t1 <= end { s.latencies.append(t1 - t0) }
                    }
                    return s
                }
            }
            var all = Sample()
            for try await s in group {
                all.latencies += s.latencies
                all.errors += s.errors
            }
            return all
        }
        let sorted = samples.latencies.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)].ms
        }
        return Phase(label: label, replicas: replicas, queries: sorted.count, errors: samples.errors,
                     queriesPerSecond: Double(sorted.count) / seconds, p50Ms: percentile(0.50),
                     p99Ms: percentile(0.99))
    }
}

/// What the load generator sends. `explore` joins once the explorer's messages land.
enum RequestKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// `PathsQuery` for the latest scan: attack paths with choke points and fix plan.
    case paths
    /// `GraphPositionQuery`: the smallest graph request (bus and broker overhead alone).
    case position

    func send(through sender: any RequestSender) async throws {
        switch self {
        case .paths: _ = try await sender.call(PathsQuery(), timeout: .seconds(30), retry: .none)
        case .position: _ = try await sender.call(GraphPositionQuery(), timeout: .seconds(30), retry: .none)
        }
    }
}

struct Sample: Sendable {
    var latencies: [Duration] = []
    var errors = 0
}

struct Phase: Codable {
    var label: String
    var replicas: Int
    var queries: Int
    var errors: Int
    var queriesPerSecond: Double
    var p50Ms: Double
    var p99Ms: Double
}

struct Report: Codable {
    var request: String
    var concurrency: Int
    var clients: Int
    var seconds: Double
    var cores: Int
    var phases: [Phase]
    var speedup: Double?

    var text: String {
        var lines = ["request \(request), \(concurrency) in flight over \(clients) clients, \(seconds) s per phase, "
                     + "\(cores) cores", ""]
        lines.append("phase                              queries   errors    q/s      p50 ms   p99 ms")
        for p in phases {
            lines.append(p.label.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: " %7d  %7d  %8.1f  %7.2f  %7.2f", p.queries, p.errors, p.queriesPerSecond,
                         p.p50Ms, p.p99Ms))
        }
        if let speedup { lines.append(""); lines.append(String(format: "speed-up: %.2f×", speedup)) }
        return lines.joined(separator: "\n")
    }
}

extension Duration {
    var ms: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
