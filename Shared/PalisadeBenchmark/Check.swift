import Foundation
import PalisadeModel
import PalisadeRules

/// A loaded check: metadata plus its compiled applicability and assertion.
public struct Check: Sendable {
    public var metadata: CheckMetadata
    /// When present and false for a resource, the check is `notApplicable` to it.
    public var applies: CheckExpression?
    public var assertion: CheckExpression
    /// The file it was loaded from.
    public var file: String

    public var id: String { metadata.id }

    /// `related.<name>` relations either expression reads.
    public var relatedNames: Set<String> { assertion.relatedNames.union(applies?.relatedNames ?? []) }

    /// Reads the clock (`days_since`): re-evaluated on every assessment, since time alone can change its result.
    public var usesClock: Bool { assertion.usesClock || (applies?.usesClock ?? false) }

    public init(metadata: CheckMetadata, applies: CheckExpression?, assertion: CheckExpression, file: String) {
        self.metadata = metadata
        self.applies = applies
        self.assertion = assertion
        self.file = file
    }

    /// The status of this check on `resource`, with a reason (empty on pass).
    public func evaluate(_ resource: Resource, related: [String: Value] = [:], now: Date) -> (FindingStatus, String) {
        if let applies {
            switch applies.evaluate(resource, related: related, now: now) {
            case .fail: return (.notApplicable, "does not apply: \(applies.source.condensed)")
            case .error(let why): return (.error, "applicability could not be decided: \(why)")
            case .pass: break
            }
        }
        switch assertion.evaluate(resource, related: related, now: now) {
        case .pass: return (.pass, "")
        case .fail: return (.fail, "\(metadata.title): assertion false: \(assertion.source.condensed)")
        case .error(let why): return (.error, why)
        }
    }
}

extension String {
    /// The text on one line with runs of whitespace collapsed.
    var condensed: String {
        split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
