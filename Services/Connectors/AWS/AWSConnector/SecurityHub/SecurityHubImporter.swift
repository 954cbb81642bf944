import Foundation
import PalisadeModel
import PalisadeProtocol

/// Security Hub through the connector's credentials: `BatchImportFindings` (POST /findings/import, ≤ 100 findings a
/// call; the client retries throttling and 5xx with backoff) and `GetFindings` (POST /findings, every page). The
/// export service builds the ASFF documents; the connector only carries them, so AWS credentials stay here.
public struct SecurityHubImporter: Sendable {
    public static let batchLimit = 100
    let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// The client for a request's profile and endpoint, as a scan would build it.
    public static func make(profile: String?, endpoint: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SecurityHubImporter {
        SecurityHubImporter(client: try AWSInventory.make(profile: profile, regions: [], endpoint: endpoint,
                                                          environment: environment).client)
    }

    public func importFindings(_ findings: [JSONValue], region: String) async throws -> SecurityHubImportResult {
        var success = 0
        var failed: [SecurityHubImportResult.Failure] = []
        var calls = 0
        for start in stride(from: 0, to: findings.count, by: Self.batchLimit) {
            let chunk = Array(findings[start..<min(start + Self.batchLimit, findings.count)])
            let reply = try await client.restJSON(service: "securityhub", region: region, method: "POST",
                                                  path: "/findings/import", body: ["Findings": .array(chunk)],
                                                  operation: "BatchImportFindings")
            calls += 1
            success += reply["SuccessCount"]?.intValue ?? 0
            for f in reply["FailedFindings"]?.arrayValue ?? [] {
                failed.append(.init(id: f["Id"]?.stringValue ?? "?", code: f["ErrorCode"]?.stringValue ?? "?",
                                    message: f["ErrorMessage"]?.stringValue ?? ""))
            }
        }
        return SecurityHubImportResult(successCount: success, failed: failed, calls: calls)
    }

    /// Every finding (or those with `ids`), following `NextToken`.
    public func findings(ids: [String], region: String) async throws -> [JSONValue] {
        var out: [JSONValue] = []
        var token: String?
        repeat {
            var body: [String: JSONValue] = ["MaxResults": 100]
            if !ids.isEmpty {
                body["Filters"] = ["Id": .array(ids.map { .object(["Value": .string($0), "Comparison": "EQUALS"]) })]
            }
            if let token { body["NextToken"] = .string(token) }
            let page = try await client.restJSON(service: "securityhub", region: region, method: "POST", path: "/findings",
                                                 body: .object(body), operation: "GetFindings")
            out += page["Findings"]?.arrayValue ?? []
            token = page["NextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return out
    }
}
