import ExportCore
import Foundation
import PalisadeModel
import PalisadeTestKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A finding as the assessor would write it (a failing public-bucket check unless told otherwise).
func ticketFinding(status: FindingStatus = .fail, reason: String = "the bucket policy allows s3:GetObject to *",
                   severity: Severity = .high, resource: String = "arn:aws:s3:::payroll-exports",
                   lifecycle: FindingLifecycle = .new, scanID: String = "scan-1") -> Finding {
    let day = Date(timeIntervalSince1970: 1_780_000_000)
    return Finding(
        id: Finding.makeID(provider: "aws", account: "123456789012", region: "eu-west-1",
                           checkID: "aws.s3.bucket_public_read", resourceID: resource),
        checkID: "aws.s3.bucket_public_read", title: "S3 bucket allows public read", severity: severity,
        controlID: "CIS-2.1.5", resourceID: resource, resourceType: "AWS::S3::Bucket", provider: "aws",
        account: "123456789012", region: "eu-west-1", status: status, reason: reason,
        remediation: "Remove the public statement from the bucket policy and enable Block Public Access.",
        firstSeen: day, lastSeen: day.addingTimeInterval(3600), scanID: scanID, version: 1, lifecycle: lifecycle,
        mutedBy: status == .muted ? "mute.exports-bucket" : nil)
}

/// The contract servers' test controls and state, over plain HTTP.
struct ContractServer {
    let server: ScriptServer
    var base: String { "http://127.0.0.1:\(server.port)" }
    var url: URL { URL(string: base)! }

    static func start(_ script: String, _ arguments: [String] = []) async throws -> ContractServer {
        ContractServer(server: try await ScriptServer.start(script: script, arguments: arguments))
    }

    /// `POST /_control` with a JSON body.
    func control(_ body: [String: Any]) async throws {
        _ = try await send("POST", "/_control", json: body)
    }

    /// `GET /_control/<what>` as JSON.
    func state(_ what: String) async throws -> [String: Any] {
        let data = try await send("GET", "/_control/\(what)")
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// The requests the server answered (not counting controls): method, path, t, status.
    func requests(_ what: String) async throws -> [[String: Any]] {
        try await state(what)["requests"] as? [[String: Any]] ?? []
    }

    /// A call as a person would make it (Basic auth), e.g. closing a ticket by hand.
    @discardableResult
    func send(_ method: String, _ path: String, json: [String: Any]? = nil, user: String? = nil,
              password: String? = nil) async throws -> Data {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let user, let password {
            request.setValue("Basic " + Data("\(user):\(password)".utf8).base64EncodedString(),
                             forHTTPHeaderField: "Authorization")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return data
    }

    func stop() { server.stop() }
}

/// Runs `body`, stopping the server afterwards even when it throws.
func withContractServer<T>(_ script: String, _ arguments: [String] = [],
                           _ body: (ContractServer) async throws -> T) async throws -> T {
    let server = try await ContractServer.start(script, arguments)
    defer { server.stop() }
    return try await body(server)
}

/// The `TicketError` a ticketing call threw; nil when it did not throw one.
func ticketError<T>(_ body: () async throws -> T) async -> TicketError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? TicketError
    }
}
