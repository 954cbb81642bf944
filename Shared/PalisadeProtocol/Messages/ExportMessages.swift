import Foundation
import PalisadeModel

/// Every continuous-export sink with its position, lag and last error (`palisade export sinks`).
public struct ExportSinksQuery: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.sinks"
    public typealias Response = ExportSinksReply
    public init() {}
}

public struct SinkStatus: Codable, Sendable, Hashable {
    public var name: String
    /// file, syslog, webhook, securityhub.
    public var kind: String
    /// Where it delivers (no secret).
    public var target: String
    public var enabled: Bool
    /// Last outbox record delivered or filtered out.
    public var cursor: Int64
    /// Records in the outbox after the cursor.
    public var lag: Int64
    /// Age of the oldest record not yet delivered (nil: none waiting).
    public var lagSeconds: Double?
    public var delivered: Int64
    public var deadLettered: Int64
    /// Failed attempts of the batch being retried.
    public var attempts: Int
    public var lastError: String?
    public var lastErrorAt: Date?
    public var lastSuccessAt: Date?
    public var nextAttemptAt: Date?
    public var snapshotInProgress: Bool
    public var lastSnapshot: Date?

    public init(name: String, kind: String, target: String, enabled: Bool, cursor: Int64, lag: Int64,
                lagSeconds: Double?, delivered: Int64, deadLettered: Int64, attempts: Int, lastError: String?,
                lastErrorAt: Date?, lastSuccessAt: Date?, nextAttemptAt: Date?, snapshotInProgress: Bool,
                lastSnapshot: Date?) {
        self.name = name
        self.kind = kind
        self.target = target
        self.enabled = enabled
        self.cursor = cursor
        self.lag = lag
        self.lagSeconds = lagSeconds
        self.delivered = delivered
        self.deadLettered = deadLettered
        self.attempts = attempts
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.lastSuccessAt = lastSuccessAt
        self.nextAttemptAt = nextAttemptAt
        self.snapshotInProgress = snapshotInProgress
        self.lastSnapshot = lastSnapshot
    }
}

public struct ExportSinksReply: Codable, Sendable, Hashable {
    /// Newest record in the outbox.
    public var head: Int64
    /// The configuration file the sinks came from (nil: none given to the stack).
    public var configFile: String?
    /// The file could not be used (it changed after `palisade up` checked it); no sink or automation runs until fixed.
    public var configError: String?
    public var sinks: [SinkStatus]

    public init(head: Int64, configFile: String?, configError: String? = nil, sinks: [SinkStatus]) {
        self.head = head
        self.configFile = configFile
        self.configError = configError
        self.sinks = sinks
    }
}

/// The automation rules in force, with their last run (`palisade automation list`).
public struct AutomationListQuery: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.automation.list"
    public typealias Response = [AutomationSummary]
    public init() {}
}

public struct AutomationSummary: Codable, Sendable, Hashable {
    public var name: String
    public var enabled: Bool
    /// The trigger in words ("finding.new, finding.reopened; severity ≥ high").
    public var trigger: String
    public var actions: [String]
    public var lastRun: Date?
    public var runs: Int

    public init(name: String, enabled: Bool, trigger: String, actions: [String], lastRun: Date?, runs: Int) {
        self.name = name
        self.enabled = enabled
        self.trigger = trigger
        self.actions = actions
        self.lastRun = lastRun
        self.runs = runs
    }
}

/// Runs a rule's actions now on one finding, whatever its trigger says (`palisade automation run RULE --finding ID`).
public struct AutomationRunRequest: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.automation.run"
    public typealias Response = [AutomationOutcome]

    public var rule: String
    /// A finding id; nil for a scheduled rule (a digest) run now.
    public var findingID: String?

    public init(rule: String, findingID: String?) {
        self.rule = rule
        self.findingID = findingID
    }
}

/// Recorded outcomes, newest first (`palisade automation history`).
public struct AutomationHistoryQuery: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.automation.history"
    public typealias Response = [AutomationOutcome]

    public var rule: String?
    public var limit: Int

    public init(rule: String? = nil, limit: Int = 50) {
        self.rule = rule
        self.limit = limit
    }
}

/// What one action of one run did.
public struct AutomationOutcome: Codable, Sendable, Hashable {
    public enum Result: String, Codable, Sendable, Hashable, CaseIterable {
        /// The action was carried out.
        case succeeded
        /// It failed after its retries; `detail` says why.
        case failed
        /// The rule's throttle held these matches back (counted, not acted on).
        case throttled
    }

    public var id: Int64
    public var rule: String
    /// What fired it: an outbox record kind, `manual` or `schedule`.
    public var trigger: String
    /// The records acted on (their keys), e.g. `finding/<id>/v3`.
    public var records: [String]
    /// webhook, syslog, email, ticket, remediationPlan.
    public var action: String
    public var result: Result
    /// The receiver's answer, the ticket number, the recipients, the plan — or the error.
    public var detail: String
    public var at: Date

    public init(id: Int64, rule: String, trigger: String, records: [String], action: String, result: Result,
                detail: String, at: Date) {
        self.id = id
        self.rule = rule
        self.trigger = trigger
        self.records = records
        self.action = action
        self.result = result
        self.detail = detail
        self.at = at
    }
}
