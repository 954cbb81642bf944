import Foundation
import Synchronization
@testable import AWSConnector

/// Answers requests from a closure and records them: recorded AWS exchanges without a network.
final class RecordedTransport: HTTPTransport {
    private let log = Mutex<[HTTPRequest]>([])
    let answer: @Sendable (HTTPRequest, String) -> HTTPResponse

    /// `answer` gets the request and its form body / query as text.
    init(_ answer: @escaping @Sendable (HTTPRequest, String) -> HTTPResponse) { self.answer = answer }

    var requests: [HTTPRequest] { log.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        log.withLock { $0.append(request) }
        let text = request.method == "POST" ? String(decoding: request.body, as: UTF8.self) : (request.url.query ?? "")
        return answer(request, text)
    }


    static func client(_ transport: RecordedTransport) -> AWSClient {
        AWSClient(credentials: AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret"),
                  endpoints: AWSEndpoints(custom: URL(string: "http://127.0.0.1:1")!), transport: transport,
                  retry: AWSRetryPolicy(attempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)),
                  throttle: AWSThrottle(limits: .unlimited))
    }
}

extension HTTPResponse {
    static func ok(_ xml: String) -> HTTPResponse { HTTPResponse(status: 200, body: Data(xml.utf8)) }
}
