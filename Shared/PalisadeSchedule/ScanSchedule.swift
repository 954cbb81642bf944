import Foundation
import PalisadeModel

/// One entry under `schedules:` in palisade.yaml.
public struct ScanSchedule: Sendable, Hashable {
    public var name: String
    public var cadence: Cadence
    public var target: ScanTarget
    public var enabled: Bool
    /// A scan still running after this long is given up on (recorded as failed) so the schedule goes on.
    public var timeoutSeconds: Int

    public static let defaultTimeoutSeconds = 6 * 3_600

    public init(name: String, cadence: Cadence, target: ScanTarget, enabled: Bool = true,
                timeoutSeconds: Int = ScanSchedule.defaultTimeoutSeconds) {
        self.name = name
        self.cadence = cadence
        self.target = target
        self.enabled = enabled
        self.timeoutSeconds = timeoutSeconds
    }
}
