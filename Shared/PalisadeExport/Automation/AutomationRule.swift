import Foundation

/// One workflow automation: when its trigger matches (or its schedule is due), run its actions — at most
/// `throttle.max` times per window, and, with a `batch`, once for many matches.
public struct AutomationRule: Sendable, Hashable {
    /// Unique among the rules, `[A-Za-z0-9._-]{1,64}`; runs and their outcomes are recorded under it.
    public var name: String
    /// A disabled rule neither matches nor comes due (it can still be run by hand).
    public var enabled: Bool
    public var trigger: AutomationTrigger
    public var throttle: Throttle?
    public var batch: Batch?
    /// At least one, run in order.
    public var actions: [AutomationAction]
    /// The line of the rule in its file (for messages that point at it).
    public var line: Int?

    public init(name: String, enabled: Bool = true, trigger: AutomationTrigger, throttle: Throttle? = nil,
                batch: Batch? = nil, actions: [AutomationAction], line: Int? = nil) {
        self.name = name
        self.enabled = enabled
        self.trigger = trigger
        self.throttle = throttle
        self.batch = batch
        self.actions = actions
        self.line = line
    }

    public var isScheduled: Bool { trigger.events.contains(.schedule) }
}

/// At most `max` runs in any window of `perSeconds`; further matches are counted as throttled.
public struct Throttle: Sendable, Hashable {
    public var max: Int
    public var perSeconds: Double

    public init(max: Int, perSeconds: Double) {
        self.max = max
        self.perSeconds = perSeconds
    }
}

/// Gather matches and run the actions once for them all: when `windowSeconds` have passed since the first match of
/// the batch, or as soon as `max` matches are gathered.
public struct Batch: Sendable, Hashable {
    public var windowSeconds: Double
    public var max: Int

    /// The batch size when the file gives only a window.
    public static let defaultMax = 100

    public init(windowSeconds: Double, max: Int = Batch.defaultMax) {
        self.windowSeconds = windowSeconds
        self.max = max
    }
}
