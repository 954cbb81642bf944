import ExportCore
import Foundation
import PalisadeTestKit

/// Polls `probe` until it returns a value or `timeout` passes (generous: the machine may be busy).
func eventually<T>(_ what: String, timeout: Duration = .seconds(45),
                   _ probe: () throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try probe() { return value }
        guard ContinuousClock.now < deadline else { throw WaitFailure(description: "timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(100))
    }
}

struct WaitFailure: Error, CustomStringConvertible { var description: String }

/// Runs a blocking transport call on its own thread, so it does not hold a cooperative-pool thread.
/// (The transports throw only `TransportError`; the closure is untyped so call sites need no annotation.)
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, TransportError> {
    await withCheckedContinuation { continuation in
        Thread {
            do {
                continuation.resume(returning: .success(try body()))
            } catch let error as TransportError {
                continuation.resume(returning: .failure(error))
            } catch {
                continuation.resume(returning: .failure(
                    TransportError(code: "test.unexpected", message: "\(error)", retryable: false)))
            }
        }.start()
    }
}

/// The error of a result that should have failed.
func failure<T>(_ result: Result<T, TransportError>) -> TransportError? {
    if case .failure(let error) = result { return error }
    return nil
}

/// Lines of a text file (empty when it does not exist yet).
func fileLines(_ path: String) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").map(String.init)
}

/// JSON objects, one per line.
func jsonLines(_ path: String) -> [[String: Any]] {
    fileLines(path).compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
}
