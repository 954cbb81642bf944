import Foundation
import PalisadeProtocol
import Synchronization

/// Scoring's sense of time. Real by default; with `PALISADE_CLOCK=manual` in the environment it can be moved
/// forward over the bus (`ClockAdvance`), so a test of the real processes can let a governance due date pass
/// without waiting days. The offset only grows: time never runs backwards for the service.
public final class ServiceClock: Sendable {
    public let isManual: Bool
    private let offset = Mutex<TimeInterval>(0)

    public init(manual: Bool) { isManual = manual }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> ServiceClock {
        ServiceClock(manual: env["PALISADE_CLOCK"] == "manual")
    }

    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    public func advance(by seconds: TimeInterval) throws -> Date {
        guard isManual else {
            throw WireError(code: "scoring.clock.real",
                            message: "this scoring service runs on the real clock; start the stack with PALISADE_CLOCK=manual to move it")
        }
        guard seconds > 0, seconds.isFinite else {
            throw WireError(code: "scoring.clock.invalid", message: "the clock only moves forward (got \(seconds) s)")
        }
        offset.withLock { $0 += seconds }
        return now()
    }
}
