import Foundation
import PalisadeProtocol
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange with a ticketing system, before system-specific parsing.
struct TicketResponse: Sendable {
    var status: Int
    /// Names lower-cased.
    var headers: [String: String]
    var body: Data

    var retryAfter: Duration? { TicketRetryPolicy.retryAfter(headers["retry-after"]) }
    var isSuccess: Bool { (200...299).contains(status) }
    var bodyText: String { String(decoding: body.prefix(300), as: UTF8.self) }
}

/// The thin I/O shell: sends a request, applies `TicketRetryPolicy`, returns the last answer whatever its status.
/// Never logs and never puts a header into an error: the Authorization header stays here.
struct TicketHTTP: Sendable {
    let session: URLSession
    let policy: TicketRetryPolicy
    /// What the system is called in messages ("ServiceNow https://x.service-now.com").
    let peer: String

    init(peer: String, timeout: Duration, maxRetries: Int) {
        let config = URLSessionConfiguration.ephemeral
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        config.timeoutIntervalForRequest = seconds
        config.timeoutIntervalForResource = seconds * 2
        config.httpCookieAcceptPolicy = .never
        config.httpShouldSetCookies = false
        config.urlCache = nil
        session = URLSession(configuration: config)
        policy = TicketRetryPolicy(maxRetries: maxRetries)
        self.peer = peer
    }

    /// `authorization` is asked before every attempt (an OAuth token may be fetched once and cached).
    func send(_ method: String, _ url: URL, json body: Data? = nil, contentType: String = "application/json",
              idempotent: Bool, authorization: @Sendable () async throws(TicketError) -> String?)
        async throws(TicketError) -> TicketResponse
    {
        var retries = 0
        while true {
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            if let body {
                request.httpBody = body
                request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            }
            if let auth = try await authorization() { request.setValue(auth, forHTTPHeaderField: "Authorization") }
            let outcome: Result<TicketResponse, TicketError>
            do {
                let (data, response) = try await session.dataCompleting(for: request)
                guard let http = response as? HTTPURLResponse else {
                    throw TicketError(.invalidResponse, message: "\(peer) answered without HTTP")
                }
                var headers: [String: String] = [:]
                for (name, value) in http.allHeaderFields {
                    if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
                }
                outcome = .success(TicketResponse(status: http.statusCode, headers: headers, body: data))
            } catch let error as TicketError {
                throw error
            } catch {
                outcome = .failure(TicketError(.network, message: "cannot reach \(peer): \(error.localizedDescription)"))
            }
            let status = try? outcome.get().status
            let retryAfter = (try? outcome.get())?.retryAfter
            switch policy.decide(retriesSoFar: retries, status: status, retryAfter: retryAfter, idempotent: idempotent) {
            case .stop:
                return try outcome.get()
            case .retry(let wait):
                retries += 1
                do { try await Task.sleep(for: wait) } catch {
                    throw TicketError(.network, message: "cancelled while waiting to retry \(peer)")
                }
            }
        }
    }
}

extension TicketError.Kind {
    /// The kind for an unsuccessful HTTP status.
    static func forStatus(_ status: Int) -> TicketError.Kind {
        switch status {
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 429: .throttled
        case 500...599: .server
        case 400...499: .rejected
        default: .invalidResponse
        }
    }
}
