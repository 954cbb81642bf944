import Foundation

/// Runs blocking I/O (a socket send with its own timeout) on a thread of its own, never on the cooperative pool.
enum Blocking {
    private static let queue = DispatchQueue(label: "palisade.export.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
