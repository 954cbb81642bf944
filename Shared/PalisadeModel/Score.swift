import Foundation

/// One control's share of the secure score: `maxPoints × healthy / (healthy + unhealthy)`.
public struct ControlScore: Codable, Sendable, Hashable {
    public var controlID: String
    public var name: String
    public var maxPoints: Int
    public var healthy: Int
    public var unhealthy: Int
    /// Resources whose checks in this control could not be decided (error) — not counted.
    public var notEvaluated: Int
    public var current: Double

    public init(controlID: String, name: String, maxPoints: Int, healthy: Int, unhealthy: Int, notEvaluated: Int,
                current: Double) {
        self.controlID = controlID
        self.name = name
        self.maxPoints = maxPoints
        self.healthy = healthy
        self.unhealthy = unhealthy
        self.notEvaluated = notEvaluated
        self.current = current
    }
}

/// Overall secure score for a scan: `Σcurrent / Σmax` over controls with assessed resources.
public struct SecureScore: Codable, Sendable, Hashable {
    public var scanID: String
    public var computedAt: Date
    public var current: Double
    public var max: Double
    public var percentage: Double
    public var controls: [ControlScore]
    /// Resources counted healthy because every failing finding they have in a control is in a governance grace
    /// period (summed over controls); nil or 0 when no grace applied.
    public var inGrace: Int?

    public init(scanID: String, computedAt: Date, current: Double, max: Double, percentage: Double,
                controls: [ControlScore], inGrace: Int? = nil) {
        self.inGrace = inGrace
        self.scanID = scanID
        self.computedAt = computedAt
        self.current = current
        self.max = max
        self.percentage = percentage
        self.controls = controls
    }
}
