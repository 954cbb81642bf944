import ArgumentParser
import ExportCore
import Foundation
import Logging
import PalisadeExport
import PalisadeModel
import PalisadeProtocol
import PalisadeRuntime

/// `palisade-export-bench`: how fast changes leave Palisade. In one process, with the real code and a real
/// export.sqlite: N `finding.changed` events through the assessor-log consumer into the outbox (and the built-in
/// findings files), then the outbox through a file sink and — when `--syslog tcp://host:port` is given (e.g. the
/// rsyslog of `Tools/testing/rsyslog_receiver.py`) — through a syslog sink. Prints records/s per stage.
@main
struct ExportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade-export-bench", abstract: "Outbox and sink throughput of the export service.")

    @Option(help: "Findings (one finding.changed event each).") var findings: Int = 100_000
    @Option(help: "Records per sink batch.") var batch: Int = 500
    @Option(help: "A syslog address to deliver to as well (tcp://127.0.0.1:PORT).") var syslog: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        var logger = Logger(label: "palisade-export-bench")
        logger.logLevel = .error
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-export-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ExportStore(directory: dir)
        let context = try FormatContext.builtIn()
        let consumer = ExportConsumer(store: store, directory: dir, logger: logger, context: context)
        try consumer.recover()

        // 1. The assessor's log into the outbox, in the pages the puller reads.
        let events = try Self.events(findings)
        let t = ContinuousClock.now
        for start in stride(from: 0, to: events.count, by: EventPuller.pageLimit) {
            try await consumer.apply(Array(events[start..<min(start + EventPuller.pageLimit, events.count)]))
        }
        let ingest = ContinuousClock.now - t
        var report: [(String, Int, Duration)] = [("outbox (assessor log → outbox + findings files)", findings, ingest)]

        // 2. A file sink (records format).
        let out = dir.appendingPathComponent("sink.jsonl")
        let file = SinkConfig(name: "file", destination: .file(.init(path: out.path, format: "records")), batchSize: batch)
        report.append(("file sink (records)", findings,
                       try await drain(file, FileDelivery(config: .init(path: out.path), store: store, context: context),
                                       store: store, logger: logger)))
        // 3. Optionally a syslog sink.
        if let syslog {
            let sink = SinkConfig(name: "syslog", destination: .syslog(.init(address: syslog)), batchSize: batch)
            report.append(("syslog sink (\(syslog), RFC 5424)", findings,
                           try await drain(sink, try SyslogDelivery(config: .init(address: syslog), context: context),
                                           store: store, logger: logger)))
        }
        for (stage, n, d) in report {
            let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            if json {
                print(#"{"stage":"\#(stage)","records":\#(n),"seconds":\#(String(format: "%.3f", s)),"perSecond":\#(Int(Double(n) / s))}"#)
            } else {
                print(stage.padding(toLength: 52, withPad: " ", startingAt: 0)
                      + String(format: " %8d records  %7.2f s  %9.0f records/s", n, s, Double(n) / s))
            }
        }
    }

    /// Runs a sink from the start of the outbox to its end.
    func drain(_ sink: SinkConfig, _ delivery: any SinkDelivery, store: ExportStore, logger: Logger) async throws -> Duration {
        let runner = SinkRunner(sink: sink, delivery: delivery, store: store, signal: OutboxSignal(), logger: logger)
        var state = try delivery.recover(try store.ensureSink(sink.name, startAtHead: false))
        let start = ContinuousClock.now
        while true {
            switch try await runner.step(&state) {
            case .worked: continue
            case .idle: return ContinuousClock.now - start
            case .backoff: throw ValidationError("sink \(sink.name) failed: \(state.lastError ?? "?")")
            }
        }
    }

    static func events(_ n: Int) throws -> [EventRecord] {
        let checks = ["aws-s3-bucket-public-access-block", "aws-s3-bucket-versioning", "aws-ec2-sg-ssh-open-internet",
                      "aws-iam-user-console-mfa"]
        let now = Date()
        return (0..<n).map { i in
            let check = checks[i % checks.count]
            let resource = "arn:aws:s3:::bench-bucket-\(i / checks.count)"
            let f = Finding(id: Finding.makeID(provider: "aws", account: "123456789012", region: "us-east-1", checkID: check,
                                               resourceID: resource),
                            checkID: check, title: "Bench finding \(i)", severity: Severity.allCases[i % 5], controlID: "c",
                            resourceID: resource, resourceType: "aws.s3.bucket", provider: "aws", account: "123456789012",
                            region: "us-east-1", status: i % 3 == 0 ? .pass : .fail, reason: "bench reason \(i)",
                            remediation: "fix it", firstSeen: now, lastSeen: now, scanID: "scan-bench", version: 1,
                            lifecycle: .new)
            return EventRecord(seq: Int64(i + 1), type: EventType.findingChanged, payload: f.jsonValue, createdAt: now)
        }
    }
}

extension Finding {
    var jsonValue: JSONValue {
        var w = FindingJSON()
        return (try? JSONText.parse(w.encode(self))) ?? .null
    }
}
