import Foundation

/// A clock that moves only when told: state machines take `now` from it in tests.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Duration

    public init(start: Duration = .zero) { current = start }

    public var now: Duration { lock.withLock { current } }

    public func advance(by d: Duration) { lock.withLock { current += d } }
}
