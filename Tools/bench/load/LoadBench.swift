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

    @Option(help: "Rounds, each the 1-replica phase then the all-replicas phase; figures add up over rounds.")
    var rounds: Int = 2

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard concurrency >= 1, clients >= 1, rounds >= 1, seconds > 0, warmup >= 0 else {
            throw ValidationError("--concurrency, --clients and --rounds must be ≥ 1, --seconds > 0, --warmup ≥ 0")
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
        let one = buses.map { RoutedSender($0, replica: first, of: ServiceName.graph) as any RequestSender }
        var single: [Sample] = [], all: [Sample] = []
        for round in 1...rounds {
            FileHandle.standardError.write(Data("round \(round)/\(rounds): 1 replica…\n".utf8))
            single.append(try await measure(senders: one))
            if replicas.count > 1 {
                FileHandle.standardError.write(Data("round \(round)/\(rounds): \(replicas.count) replicas…\n".utf8))
                all.append(try await measure(senders: buses))
            }
        }
        var phases = [Phase(label: "1 replica (\(first))", replicas: 1, samples: single, seconds: seconds)]
        if !all.isEmpty {
            phases.append(Phase(label: "\(replicas.count) replicas (broker LRU)", replicas: replicas.count, samples: all,
                                seconds: seconds))
        }
        let report = Report(request: request.rawValue, concurrency: concurrency, clients: clients, seconds: seconds,
                            rounds: rounds,
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
    func measure(senders: [any RequestSender]) async throws -> Sample {
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
                            s.bytes += try await kind.send(through: sender)
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
                all.bytes += s.bytes
            }
            return all
        }
        return samples
    }
}

/// What the load generator sends.
enum RequestKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// `PathsQuery` for the latest scan: attack paths with choke points and fix plan.
    case paths
    /// `GraphPositionQuery`: the smallest graph request (bus and broker overhead alone).
    case position
    /// `ExploreQuery`: one of the explorer's built-in templates or a 2-hop path query, in turn at random — what a
    /// security team's explorer sessions send.
    case explore

    static let explorerQueries: [ExploreQuery] = [
        ExploreQuery(template: "internet-exposed-resources"),
        ExploreQuery(template: "principals-that-can-read-sensitive-buckets"),
        ExploreQuery(template: "escalation-paths-to-admin"),
        ExploreQuery(template: "public-data-stores"),
        ExploreQuery(template: "account-administrators"),
        ExploreQuery(template: "roles-assumable-from-outside-the-account"),
        ExploreQuery(query: "MATCH (:Internet)-[:EXPOSES]->(n)-[r]->(m) RETURN id(n), type(r), id(m) LIMIT 100"),
    ]

    /// One request; returns the reply's body size. The reply is checked for an error but not decoded: the
    /// figure is what the gateway and the replicas deliver, not what this process can parse.
    func send(through sender: any RequestSender) async throws -> Int {
        switch self {
        case .paths: return try await Self.send(PathsQuery(), through: sender)
        case .position: return try await Self.send(GraphPositionQuery(), through: sender)
        case .explore: return try await Self.send(Self.explorerQueries.randomElement()!, through: sender)
        }
    }

    static func send<M: BusMessage>(_ message: M, through sender: any RequestSender) async throws -> Int {
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + 30_000
        let header = MessageHeader(id: UUID().uuidString, type: M.type, deadline: deadline, attempt: 1)
        let reply = try await sender.send(Request(service: M.service, header: header, body: try Wire.encoder.encode(message)),
                                          timeout: .seconds(30))
        if let error = reply.header.error { throw error }
        return reply.body.count
    }
}

struct Sample: Sendable {
    var latencies: [Duration] = []
    var errors = 0
    var bytes = 0
}

struct Phase: Codable {
    var label: String
    var replicas: Int
    var queries: Int
    var errors: Int
    var queriesPerSecond: Double
    var p50Ms: Double
    var p99Ms: Double
    var replyBytes: Int

    init(label: String, replicas: Int, samples: [Sample], seconds: Double) {
        let sorted = samples.flatMap(\.latencies).sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[max(0, min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1))].ms
        }
        self.label = label
        self.replicas = replicas
        queries = sorted.count
        errors = samples.map(\.errors).reduce(0, +)
        queriesPerSecond = Double(sorted.count) / (seconds * Double(samples.count))
        p50Ms = percentile(0.50)
        p99Ms = percentile(0.99)
        let total = samples.map(\.bytes).reduce(0, +), count = max(1, sorted.count + errors)
        replyBytes = total / count
    }
}

struct Report: Codable {
    var request: String
    var concurrency: Int
    var clients: Int
    var seconds: Double
    var rounds: Int
    var cores: Int
    var phases: [Phase]
    var speedup: Double?

    var text: String {
        var lines = ["request \(request), \(concurrency) in flight over \(clients) clients, \(rounds) rounds of "
                     + "\(seconds) s per phase, \(cores) cores, reply \(phases.first?.replyBytes ?? 0) bytes", ""]
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
