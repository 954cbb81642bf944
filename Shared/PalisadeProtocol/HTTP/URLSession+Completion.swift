import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSession {
    /// `data(for:)` without its cancellation handler. On Linux, Foundation's async `data(for:)` cancels the
    /// URLSessionTask from inside the Swift task's cancellation handler — holding the task's status lock while it
    /// waits for the session's queue — and the session's queue, finishing the request, waits for that lock to
    /// resume the task: a request cancelled at the wrong moment (a shutdown, a test's time limit) deadlocks the
    /// whole process. Here cancellation is checked before the request and not forwarded into it; a request in
    /// flight ends by itself, bounded by the session's request timeout.
    public func dataCompleting(for request: URLRequest) async throws -> (Data, URLResponse) {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { continuation in
            let task = dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let response {
                    continuation.resume(returning: (data ?? Data(), response))
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }
            task.resume()
        }
    }
}
