import Crypto
import Foundation
import PalisadeModel
import PalisadeProtocol

/// Sends a fix's calls through the signed client, in order, stopping at the first failure.
public struct FixExecutor: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    public func run(_ calls: [FixAPICall]) async -> FixExecuted {
        var made: [FixAPICall] = []
        for call in calls {
            do {
                try await send(call)
                made.append(call)
            } catch {
                return FixExecuted(made: made, error: "\(call.iamAction): \(error)")
            }
        }
        return FixExecuted(made: made)
    }

    func send(_ call: FixAPICall) async throws {
        switch call.style {
        case .query:
            _ = try await client.query(service: call.service, region: call.region, action: call.action,
                                       version: call.version ?? "", params: call.params.map { ($0.name, $0.value) })
        case .json:
            let body = try call.body.map { try JSONValue.parse($0) } ?? [:]
            let version = call.params.first { $0.name == "protocol" }?.value ?? "1.1"
            _ = try await client.json(service: call.service, region: call.region, target: call.version ?? "",
                                      action: call.action, body: body, protocolVersion: version)
        case .s3:
            guard let bucket = call.bucket, let sub = call.path else {
                throw FixRefusal("S3 call \(call.action) names no bucket or sub-resource")
            }
            _ = try await client.s3Write(method: call.method ?? "PUT", bucket: bucket, subresource: sub,
                                         body: Data((call.body ?? "").utf8), region: call.region,
                                         operation: call.action)
        case .s3Control:
            guard let path = call.path else { throw FixRefusal("S3 Control call \(call.action) names no path") }
            guard let account = call.params.first(where: { $0.name == "x-amz-account-id" })?.value else {
                throw FixRefusal("S3 Control call \(call.action) names no account")
            }
            _ = try await client.s3ControlWrite(method: call.method ?? "PUT", account: account, path: path,
                                                body: Data((call.body ?? "").utf8), region: call.region,
                                                operation: call.action)
        }
    }
}

extension AWSClient {
    /// An S3 REST write on a bucket sub-resource (`PUT /bucket?versioning`), path-style, with `Content-MD5` (S3
    /// requires it on configuration PUTs).
    public func s3Write(method: String, bucket: String, subresource: String, body: Data, region: String,
                        operation: String) async throws -> Data {
        let base = endpoints.url(service: "s3", region: region)
        let prefix = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        var headers: [(String, String)] = []
        if !body.isEmpty {
            headers.append(("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString()))
            headers.append(("Content-Type", body.first == UInt8(ascii: "{") ? "application/json" : "application/xml"))
        }
        return try await perform(method: method, url: base, path: prefix + "/" + bucket, query: [(subresource, "")],
                                 headers: headers, body: body, service: "s3", region: region,
                                 operation: "s3:\(operation)", s3: true)
    }

    /// An S3 Control write for the client's account (`PUT /v20180820/configuration/publicAccessBlock`).
    public func s3ControlWrite(method: String, account: String, path: String, body: Data, region: String,
                               operation: String) async throws -> Data {
        let base = endpoints.s3ControlURL(account: account, region: region)
        let prefix = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        var headers: [(String, String)] = [("x-amz-account-id", account)]
        if !body.isEmpty {
            headers.append(("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString()))
            headers.append(("Content-Type", "application/xml"))
        }
        return try await perform(method: method, url: base, path: prefix + path, query: [], headers: headers,
                                 body: body, service: endpoints.signingName(service: "s3control"), region: region,
                                 operation: "s3:\(operation)", s3: true)
    }
}
