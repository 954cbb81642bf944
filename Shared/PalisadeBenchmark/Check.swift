import Foundation
import PalisadeModel
import PalisadeRules

/// A loaded check: metadata plus its compiled applicability and assertion. A class: the assessor hands the same
/// check to every resource, and copying its metadata for each would cost more than judging the resource.
public final class Check: Sendable {
    public let metadata: CheckMetadata
    /// When present and false for a resource, the check is `notApplicable` to it.
    public let applies: CheckExpression?
    /// The expression that decides the check; nil for a check the security graph decides (`evaluator: graph`).
    public let assertion: CheckExpression?
    /// The file it was loaded from.
    public let file: String
    /// `related.<name>` relations either expression reads.
    public let relatedNames: Set<String>
    private let failReason: String
    private let notApplicableReason: String

    public var id: String { metadata.id }

    /// Decided by the security graph, not by the assessor's evaluation (`evaluator: graph`).
    public var isGraphDecided: Bool { metadata.evaluator == .graph }

    /// Reads the clock (`days_since`): re-evaluated on every assessment, since time alone can change its result.
    public let usesClock: Bool

    /// Set when other checks of the same resource type have the same applicability condition: its outcome is then
    /// computed once per resource (`Subject.sharedOutcome`). Never for a condition that reads the clock.
    public let sharedAppliesKey: Int?

    public init(metadata: CheckMetadata, applies: CheckExpression?, assertion: CheckExpression?, file: String,
                sharedAppliesKey: Int? = nil) {
        self.sharedAppliesKey = (applies?.usesClock ?? true) ? nil : sharedAppliesKey
        self.metadata = metadata
        self.applies = applies
        self.assertion = assertion
        self.file = file
        self.relatedNames = (assertion?.relatedNames ?? []).union(applies?.relatedNames ?? [])
        self.usesClock = (assertion?.usesClock ?? false) || (applies?.usesClock ?? false)
        self.failReason = "\(metadata.title): assertion false: \(assertion?.condensedSource ?? "")"
        self.notApplicableReason = "does not apply: \(applies?.condensedSource ?? "")"
    }

    /// The same check with its applicability marked as shared under `key`.
    func sharingApplies(_ key: Int) -> Check {
        Check(metadata: metadata, applies: applies, assertion: assertion, file: file, sharedAppliesKey: key)
    }

    /// The status of this check on `resource`, with a reason (empty on pass).
    public func evaluate(_ resource: Resource, related: [String: Value] = [:], now: Date) -> (FindingStatus, String) {
        evaluate(Subject(resource: resource, related: related, now: now))
    }

    /// The status, the reason, and — for a check that reads the clock — when the result can next change with time
    /// alone (nil: only a change to the resource can change it).
    public struct Judgement: Sendable, Hashable {
        public var status: FindingStatus
        public var reason: String
        public var recheckAt: Date?
    }

    /// As `evaluate(_:)`, also saying when a clock-reading check must be looked at again.
    public func judge(_ subject: Subject) -> Judgement {
        guard usesClock else {
            let (status, reason) = evaluate(subject)
            return Judgement(status: status, reason: reason, recheckAt: nil)
        }
        let ((status, reason), recheckAt) = subject.tracingClock { evaluate(subject) }
        return Judgement(status: status, reason: reason, recheckAt: recheckAt)
    }

    /// As `evaluate(_:related:now:)`, on a subject shared by all the checks of one resource.
    public func evaluate(_ subject: Subject) -> (FindingStatus, String) {
        if let applies {
            let outcome = sharedAppliesKey.map { key in subject.sharedOutcome(key) { applies.evaluate(subject) } }
                ?? applies.evaluate(subject)
            switch outcome {
            case .fail: return (.notApplicable, notApplicableReason)
            case .error(let why): return (.error, "applicability could not be decided: \(why)")
            case .pass: break
            }
        }
        guard let assertion else { return (.error, "decided by the security graph, not by an expression") }
        switch assertion.evaluate(subject) {
        case .pass: return (.pass, "")
        case .fail: return (.fail, failReason)
        case .error(let why): return (.error, why)
        }
    }
}
