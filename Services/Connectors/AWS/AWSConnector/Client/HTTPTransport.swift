import Foundation
import PalisadeProtocol
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(String, String)]
    public var body: Data

    public init(method: String, url: URL, headers: [(String, String)], body: Data) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: Data
    /// Response headers, names lower-cased.
    public var headers: [String: String]

    public init(status: Int, body: Data, headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }
}

/// Sends one HTTP request. URLSession in production; tests substitute recorded exchanges.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init(timeout: TimeInterval = 30) {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.httpCookieAcceptPolicy = .never
        session = URLSession(configuration: config)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var r = URLRequest(url: request.url)
        r.httpMethod = request.method
        for (name, value) in request.headers where name.lowercased() != "host" {
            r.setValue(value, forHTTPHeaderField: name)
        }
        if !request.body.isEmpty { r.httpBody = request.body }
        let (data, response): (Data, URLResponse)
        do { (data, response) = try await session.dataCompleting(for: r) } catch {
            throw AWSError(code: "connector.aws.transport",
                           message: "cannot reach \(request.url.scheme ?? "")://\(request.url.host ?? "")"
                            + "\(request.url.port.map { ":\($0)" } ?? ""): \(error.localizedDescription)")
        }
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return HTTPResponse(status: http?.statusCode ?? 0, body: data, headers: headers)
    }
}
