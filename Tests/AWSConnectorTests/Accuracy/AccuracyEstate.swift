import Foundation
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import AWSConnector

/// One accuracy estate (Tools/seed/seed_accuracy.py) seeded into its own moto server (signature checking on),
/// scanned in us-east-1 by the real connector, and assessed by every built-in check.
struct AccuracyEstate: Sendable {
    enum Kind: String, Sendable { case bad, hardened }

    struct Planted: Sendable, Hashable, CustomStringConvertible {
        var check: String
        var type: String
        var name: String
        var description: String { "\(check) on \(type) '\(name)'" }
    }

    struct Evaluation: Sendable {
        var check: String
        var resource: Resource
        var status: FindingStatus
        var reason: String
    }

    let kind: Kind
    let planted: [Planted]
    let gaps: [String: String]
    let harness: Set<String>
    let resources: [Resource]
    let evaluations: [Evaluation]
    let failedScopes: [ScopeResult]

    /// Evaluations on resources of the estate (the scanning identity is the harness, not the estate).
    var estateEvaluations: [Evaluation] { evaluations.filter { !harness.contains($0.resource.name) } }

    static func make(_ kind: Kind, benchmark: Benchmark) async throws -> AccuracyEstate {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.runSeed("Tools/seed/seed_accuracy.py", ["--estate", kind.rawValue, "--enable-auth"])
        let creds = try MotoServer.scannerCredentials(manifest)
        let (progress, resources) = await driverScan(endpoint: moto.endpoint, key: creds.accessKeyID,
                                                     secret: creds.secretAccessKey, scanID: "accuracy-\(kind)")
        let planted = (manifest["expectFail"]?.arrayValue ?? []).compactMap { p -> Planted? in
            guard let c = p["check"]?.stringValue, let t = p["type"]?.stringValue, let n = p["name"]?.stringValue else {
                return nil
            }
            return Planted(check: c, type: t, name: n)
        }
        let gaps = (manifest["gaps"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let harness = Set((manifest["harnessIdentities"]?.arrayValue ?? []).compactMap(\.stringValue))
        return AccuracyEstate(kind: kind, planted: planted, gaps: gaps, harness: harness, resources: resources,
                              evaluations: assess(resources, benchmark),
                              failedScopes: progress?.scopes.filter { $0.status != .ok } ?? [])
    }

    /// Every check on every resource of its type, relations resolved against the whole scan.
    static func assess(_ resources: [Resource], _ benchmark: Benchmark) -> [Evaluation] {
        let index = InventoryIndex(resources)
        let now = Date()
        var out: [Evaluation] = []
        for resource in resources {
            let checks = benchmark.checks(for: resource.type)
            guard !checks.isEmpty else { continue }
            let names = checks.reduce(into: Set<String>()) { $0.formUnion($1.relatedNames) }
            let related = names.isEmpty ? [:] : benchmark.resolver.resolve(names, for: resource, in: index)
            for check in checks {
                let (status, reason) = check.evaluate(resource, related: related, now: now)
                out.append(Evaluation(check: check.id, resource: resource, status: status, reason: reason))
            }
        }
        return out
    }
}

/// Both estates, made once per test process (two moto servers, seeded and scanned concurrently).
actor AccuracyEstates {
    static let shared = AccuracyEstates()
    private var made: Task<(AccuracyEstate, AccuracyEstate), any Error>?

    func both() async throws -> (bad: AccuracyEstate, hardened: AccuracyEstate) {
        if made == nil {
            made = Task {
                let benchmark = try Benchmark.load()
                async let bad = AccuracyEstate.make(.bad, benchmark: benchmark)
                async let hardened = AccuracyEstate.make(.hardened, benchmark: benchmark)
                return try await (bad, hardened)
            }
        }
        return try await made!.value
    }
}
