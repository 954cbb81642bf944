import Foundation
import PalisadeModel

extension AWSClient {
    /// An AWS JSON protocol call (awsJson1.0 / 1.1: KMS, CloudTrail, Logs, ECR, ECS, DynamoDB, Secrets Manager,
    /// Config, Organizations, ...): `POST /` with `X-Amz-Target: <target>.<action>`. Returns the parsed body.
    public func json(service: String, region: String, target: String, action: String, body: JSONValue = [:],
                     protocolVersion: String = "1.1") async throws -> JSONValue {
        let url = endpoints.url(service: service, region: region)
        let data = try await perform(
            method: "POST", url: url, path: url.path.isEmpty ? "/" : url.path, query: [],
            headers: [("Content-Type", "application/x-amz-json-\(protocolVersion)"),
                      ("X-Amz-Target", "\(target).\(action)")],
            body: body.canonicalData(), service: service,
            region: endpoints.signingRegion(service: service, region: region),
            operation: "\(service):\(action)", s3: false)
        return try Self.parseJSON(data, operation: "\(service):\(action)")
    }

    /// A REST-JSON call (Lambda, EKS, GuardDuty, Security Hub): `method path?query`, optional JSON body.
    /// `operation` is the IAM action name for errors and the permissions list (`lambda:ListFunctions`).
    public func restJSON(service: String, region: String, method: String = "GET", path: String,
                         query: [(String, String)] = [], body: JSONValue? = nil, operation: String) async throws -> JSONValue {
        let data = try await rest(service: service, region: region, method: method, path: path, query: query,
                                  body: body.map { $0.canonicalData() } ?? Data(),
                                  contentType: body == nil ? nil : "application/json", operation: operation)
        return try Self.parseJSON(data, operation: "\(service):\(operation)")
    }

    /// A REST-XML call (Route 53, S3 Control): returns the parsed XML document. `headers` are signed too
    /// (S3 Control needs `x-amz-account-id`).
    public func restXML(service: String, region: String, method: String = "GET", path: String,
                        query: [(String, String)] = [], headers: [(String, String)] = [],
                        operation: String) async throws -> XMLNode {
        try XMLNode.parse(try await rest(service: service, region: region, method: method, path: path, query: query,
                                         body: Data(), contentType: nil, headers: headers, operation: operation))
    }

    /// The raw body of a REST call under the service's endpoint (whose own path, if any, is kept as a prefix).
    func rest(service: String, region: String, method: String, path: String, query: [(String, String)],
              body: Data, contentType: String?, headers: [(String, String)] = [], operation: String) async throws -> Data {
        let base = endpoints.url(service: service, region: region)
        let prefix = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        return try await perform(method: method, url: base, path: prefix + path, query: query,
                                 headers: (contentType.map { [("Content-Type", $0)] } ?? []) + headers, body: body,
                                 service: service, region: endpoints.signingRegion(service: service, region: region),
                                 operation: "\(service):\(operation)", s3: false)
    }

    static func parseJSON(_ data: Data, operation: String) throws -> JSONValue {
        if data.isEmpty { return [:] }
        do { return try JSONValue.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw AWSError(code: "connector.aws.response.invalid",
                           message: "response is not JSON: \(String(decoding: data.prefix(80), as: UTF8.self))",
                           operation: operation)
        }
    }

    /// A JSON-protocol list followed through its page token: returns the elements of `list` from every page.
    /// `tokenIn`/`tokenOut` name the request and response token fields (`NextToken`, `nextToken`, `Marker`, ...).
    public func jsonList(service: String, region: String, target: String, action: String, list: String,
                         body: [String: JSONValue] = [:], tokenIn: String = "NextToken", tokenOut: String? = nil,
                         protocolVersion: String = "1.1") async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var token: String?
        repeat {
            var request = body
            if let token { request[tokenIn] = .string(token) }
            let page = try await json(service: service, region: region, target: target, action: action,
                                      body: .object(request), protocolVersion: protocolVersion)
            items += page.value(at: list)?.arrayValue ?? []
            token = page[tokenOut ?? tokenIn]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }

    /// A REST-JSON list followed through its page token (a query parameter in, a body field out).
    public func restJSONList(service: String, region: String, path: String, list: String,
                             query: [(String, String)] = [], tokenIn: String, tokenOut: String,
                             operation: String) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var token: String?
        repeat {
            let page = try await restJSON(service: service, region: region, path: path,
                                          query: query + (token.map { [(tokenIn, $0)] } ?? []), operation: operation)
            items += page.value(at: list)?.arrayValue ?? []
            token = page[tokenOut]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }

    /// A query-protocol list (RDS, ELBv2, SNS, SQS, CloudWatch, ...) followed through `Marker`/`NextToken`:
    /// the `member`s of `<Action>Result/<list>` from every page.
    public func queryList(service: String, region: String, action: String, version: String, list: String,
                          params: [(String, String)] = [], tokenIn: String = "NextToken",
                          tokenOut: String? = nil) async throws -> [XMLNode] {
        var items: [XMLNode] = []
        var token: String?
        repeat {
            let doc = try await query(service: service, region: region, action: action, version: version,
                                      params: params + (token.map { [(tokenIn, $0)] } ?? []))
            let result = doc.child("\(action)Result") ?? doc
            items += result.list(list)
            token = result.string(tokenOut ?? tokenIn).flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }
}
