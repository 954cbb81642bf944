import AWSConnector
import Foundation
import PalisadeModel
import Synchronization

/// The floor a scan is measured against: the time the API server alone needs to answer the same calls at the
/// same concurrency. One in-process collection (the connector's own collectors, no assessor) records every
/// request and the peak number in flight; then the recorded requests are sent again at that concurrency with
/// nothing done to the answers.
struct Floor {
    struct Result {
        var calls: Int
        var concurrency: Int
        /// In-process collection, parsing included, no delivery.
        var collectSeconds: Double
        /// Replaying the same requests raw.
        var floorSeconds: Double
        /// The recorded calls per AWS service (the SigV4 credential scope's service).
        var callsByService: [String: Int]
    }

    /// `Credential=AKID/20261202/us-east-1/iam/aws4_request` → `iam`.
    static func service(_ r: HTTPRequest) -> String {
        let auth = r.headers.first { $0.0.lowercased() == "authorization" }?.1 ?? ""
        guard let credential = auth.split(separator: " ").first(where: { $0.hasPrefix("Credential=") }) else { return "?" }
        let scope = credential.dropFirst("Credential=".count).split(separator: "/")
        return scope.count >= 4 ? String(scope[3]) : "?"
    }

    let profile: String
    let region: String
    let endpoint: String
    let environment: [String: String]

    func measure() async throws -> Result {
        let recorder = RecordingTransport()
        let inventory = try AWSInventory.make(profile: profile, regions: [region], endpoint: endpoint,
                                              environment: environment, transport: recorder)
        let start = ContinuousClock.now
        let account = try await inventory.accountID()
        let (regions, _) = await inventory.regions()
        _ = await inventory.collect(account: account, regions: regions, emit: { _ in })
        let collectSeconds = (ContinuousClock.now - start).seconds
        let requests = recorder.requests
        let concurrency = max(1, recorder.peakInFlight)

        let raw = URLSessionTransport()
        let replayStart = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            var next = requests.makeIterator()
            for _ in 0..<concurrency {
                guard let r = next.next() else { break }
                group.addTask { _ = try? await raw.send(r) }
            }
            while await group.next() != nil {
                if let r = next.next() { group.addTask { _ = try? await raw.send(r) } }
            }
        }
        var byService: [String: Int] = [:]
        for r in requests { byService[Self.service(r), default: 0] += 1 }
        return Result(calls: requests.count, concurrency: concurrency, collectSeconds: collectSeconds,
                      floorSeconds: (ContinuousClock.now - replayStart).seconds, callsByService: byService)
    }
}

/// Sends through URLSession and keeps every request and the peak number in flight.
final class RecordingTransport: HTTPTransport {
    private struct State {
        var requests: [HTTPRequest] = []
        var inFlight = 0
        var peak = 0
    }
    private let state = Mutex(State())
    private let real = URLSessionTransport()

    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    var peakInFlight: Int { state.withLock { $0.peak } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        state.withLock {
            $0.requests.append(request)
            $0.inFlight += 1
            $0.peak = max($0.peak, $0.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        return try await real.send(request)
    }
}
