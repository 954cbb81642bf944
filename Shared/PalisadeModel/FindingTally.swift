import Foundation

/// One control's resources by health, merged over the control's findings on each resource (fail wins, then error,
/// then pass; muted and not-applicable findings are not counted) — what the secure score is computed from.
public struct ControlTally: Codable, Sendable, Hashable {
    public var controlID: String
    public var healthy: Int
    public var unhealthy: Int
    public var notEvaluated: Int

    public init(controlID: String, healthy: Int = 0, unhealthy: Int = 0, notEvaluated: Int = 0) {
        self.controlID = controlID
        self.healthy = healthy
        self.unhealthy = unhealthy
        self.notEvaluated = notEvaluated
    }
}

/// One check's current findings in an account, counted by status.
public struct CheckTally: Codable, Sendable, Hashable {
    public var checkID: String
    public var controlID: String
    public var counts: [FindingStatus: Int]

    public init(checkID: String, controlID: String, counts: [FindingStatus: Int]) {
        self.checkID = checkID
        self.controlID = controlID
        self.counts = counts
    }
}

/// An account's findings counted per control (resources by health) and per check (findings by status): a reply
/// whose size grows with the benchmark, not with the account.
public struct FindingTally: Codable, Sendable, Hashable {
    public var controls: [ControlTally]
    public var checks: [CheckTally]

    public init(controls: [ControlTally], checks: [CheckTally]) {
        self.controls = controls
        self.checks = checks
    }
}
