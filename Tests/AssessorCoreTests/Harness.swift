import AssessorCore
import Foundation
import Logging
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit

/// An assessor on a temp-dir store behind an in-process bus, with a settable clock.
final class Harness: @unchecked Sendable {
    static let benchmark = try! Benchmark.load()
    static let account = "111122223333"

    let dir: URL
    let bus = InProcessBus()
    let assessor: Assessor
    init(dir: URL? = nil, benchmark: Benchmark = Harness.benchmark, muter: any FindingMuter = NoMutes(),
         mutesFile: MuteFile? = nil, clock: DateBox = DateBox(), failpoint: (@Sendable (String) throws -> Void)? = nil) throws {
        self.dir = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("assessor-\(UUID().uuidString)")
        let store = try AssessorStore(directory: self.dir)
        let box = clock
        assessor = Assessor(store: store, benchmark: benchmark, logger: Logger(label: "test"),
                            clock: { box.value }, muter: muter, mutes: mutesFile, failpoint: failpoint)
        clockBox = box
        bus.register(ServiceName.assessor, assessor.router)
    }

    let clockBox: DateBox

    func advance(days: Double) { clockBox.value = clockBox.value.addingTimeInterval(days * 86_400) }
    var now: Date { clockBox.value }

    func call<M: BusMessage>(_ m: M) async throws -> M.Response { try await bus.call(m, retry: .none) }

    static func volume(_ n: Int, encrypted: Bool, region: String = "us-east-1") -> Resource {
        Resource(id: "arn:aws:ec2:\(region):\(account):volume/vol-\(n)", account: account, region: region,
                 type: "aws.ec2.volume", name: "vol-\(n)",
                 properties: ["volumeId": .string("vol-\(n)"), "encrypted": .bool(encrypted), "size": 8, "state": "in-use",
                              "volumeType": "gp3", "attachedInstanceIds": []])
    }

    static func batch(_ scan: String, _ seq: Int, _ resources: [Resource]) -> IngestBatch {
        IngestBatch(scanID: scan, batchSeq: seq, provider: "aws", account: account, resources: resources)
    }

    static let ec2OK = ScopeResult(service: "ec2", region: "us-east-1", status: .ok, resourceTypes: ["aws.ec2.volume"])

    /// One whole scan: a single batch, then the seal; returns the summary.
    func scan(_ id: String, _ resources: [Resource], scopes: [ScopeResult] = [Harness.ec2OK]) async throws -> ScanSummary {
        _ = try await call(Harness.batch(id, 0, resources))
        let result = try await seal(id, total: 1, scopes: scopes)
        guard let summary = result.summary else { throw HarnessError(description: "scan \(id) did not seal: \(result)") }
        return summary
    }

    func seal(_ scan: String, total: Int, scopes: [ScopeResult] = [Harness.ec2OK]) async throws -> SealResult {
        try await call(SealScan(scanID: scan, provider: "aws", account: Self.account, startedAt: now, totalBatches: total,
                                scopes: scopes))
    }

    func findings(_ q: FindingsQuery = FindingsQuery()) async throws -> [String: Finding] {
        Dictionary(try await call(q).map { ($0.resourceID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func events(after: Int64 = 0) async throws -> [EventRecord] { try await call(EventsPull(after: after, limit: 1000)).events }
}

struct HarnessError: Error, CustomStringConvertible { var description: String }

/// Check files in a fresh temp directory (name → YAML), for custom-check benchmarks.
func checksDirectory(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("checks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return dir
}

/// A minimal valid check file.
func checkYAML(_ id: String, resource: String = "aws.ec2.volume", title: String = "Custom", assert: String) -> String {
    """
    id: \(id)
    title: \(title)
    severity: high
    resource: \(resource)
    control: implement-security-best-practices
    rationale: Test check.
    assert: \(assert)
    remediation:
      text: Fix it.
    """
}

final class DateBox: @unchecked Sendable {
    private let lock = NSLock()
    private var date = Date(timeIntervalSince1970: 1_767_225_600)
    var value: Date {
        get { lock.withLock { date } }
        set { lock.withLock { date = newValue } }
    }
}

func vid(_ n: Int, region: String = "us-east-1") -> String { "arn:aws:ec2:\(region):111122223333:volume/vol-\(n)" }
