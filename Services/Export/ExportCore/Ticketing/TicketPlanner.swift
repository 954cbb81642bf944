import Crypto
import Foundation
import PalisadeModel

/// What to do in the ticketing system for one finding, given the ticket we know for it.
public enum TicketAction: Sendable, Hashable {
    case create(TicketDraft)
    case update(Ticket, TicketDraft)
    case resolve(Ticket, note: String)
    case none
}

/// Pure decisions: the correlation id, the draft, and the action for one finding change.
public enum TicketPlanner {
    /// The longest correlation id we send: ServiceNow's `correlation_id` column holds 100 characters.
    public static let maxCorrelationIDLength = 100

    /// Stable across scans: one ticket per check × resource × account.
    ///
    /// `account/check/resource` when that is short and uses only characters that are safe in a ServiceNow
    /// encoded query and a URL (letters, digits, `-_.:@+`, and no `/` inside a part); otherwise
    /// `palisade-` followed by the SHA-256 of the three parts (40 hex digits), which never contains a `/`,
    /// so the two forms cannot collide.
    public static func correlationID(checkID: String, resourceID: String, account: String) -> String {
        let parts = [account, checkID, resourceID]
        let readable = parts.joined(separator: "/")
        if readable.count <= maxCorrelationIDLength, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isSafe) }) {
            return readable
        }
        // Length-prefixed, so ("a", "bc") and ("ab", "c") hash differently.
        let input = parts.map { "\($0.utf8.count):\($0)" }.joined()
        return "palisade-" + hex(SHA256.hash(data: Data(input.utf8))).prefix(40)
    }

    public static func draft(for f: Finding, labels: [String] = []) -> TicketDraft {
        TicketDraft(
            correlationID: correlationID(checkID: f.checkID, resourceID: f.resourceID, account: f.account),
            title: title(for: f), description: description(for: f), severity: f.severity, checkID: f.checkID,
            resourceID: f.resourceID, account: f.account, labels: labels)
    }

    /// - A failing finding with no ticket, or only a closed one, gets a new ticket: a finding that comes back after
    ///   its ticket was closed opens a new ticket rather than reopening the old one.
    /// - A failing finding with an open ticket that was written from a different title, severity or description
    ///   (or whose content we do not know: `fingerprint` nil) gets an update.
    /// - A passing or muted finding, or one whose subject is gone (`notApplicable` with lifecycle `resolved`),
    ///   resolves its open ticket.
    /// - Anything else, including `error` (unknown is not passing) and a plain `notApplicable`: nothing.
    public static func decide(finding: Finding, known: Ticket?) -> TicketAction {
        switch finding.status {
        case .error:
            return .none
        case .notApplicable:
            guard finding.lifecycle == .resolved, let known, !known.isClosed else { return .none }
            return .resolve(known, note: resolutionNote(for: finding))
        case .pass, .muted:
            guard let known, !known.isClosed else { return .none }
            return .resolve(known, note: resolutionNote(for: finding))
        case .fail:
            let draft = draft(for: finding)
            guard let known, !known.isClosed else { return .create(draft) }
            return known.fingerprint == draft.fingerprint ? .none : .update(known, draft)
        }
    }

    /// The note written on the ticket when Palisade resolves it.
    public static func resolutionNote(for f: Finding) -> String {
        let when = f.lastSeen.formatted(.iso8601)
        switch f.status {
        case .muted:
            return "Palisade: muted by \(f.mutedBy ?? "a mute rule") (\(when)). \(f.reason)"
        case .notApplicable:
            return "Palisade: \(f.resourceID) is no longer assessed by \(f.checkID) (\(when)): \(f.reason)"
        default:
            return "Palisade: \(f.checkID) passes on \(f.resourceID) as of scan \(f.scanID) (\(when))."
        }
    }

    static func title(for f: Finding) -> String {
        let text = "\(f.title) — \(f.resourceID)"
        return text.count <= 160 ? text : String(text.prefix(159)) + "…"
    }

    /// Paragraphs separated by blank lines. Only stable fields: nothing that changes every scan (last seen, scan
    /// id), so an unchanged finding never looks changed.
    static func description(for f: Finding) -> String {
        [
            "\(f.title) (\(f.severity.rawValue))",
            "Check: \(f.checkID) (control \(f.controlID))\nResource: \(f.resourceID) (\(f.resourceType))\n"
                + "Account: \(f.provider) \(f.account), region \(f.region)\nFirst seen: \(f.firstSeen.formatted(.iso8601))",
            "Why: \(f.reason)",
            "Remediation: \(f.remediation)",
            "Opened by Palisade. It resolves this ticket when the check passes.",
        ].joined(separator: "\n\n")
    }

    static func isSafe(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "-_.:@+".contains(c))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

extension TicketDraft {
    /// A digest of what the ticket says (title, severity, description): a ticket written from a draft with the same
    /// fingerprint needs no update.
    public var fingerprint: String {
        let input = [title, severity.rawValue, description].map { "\($0.utf8.count):\($0)" }.joined()
        return TicketPlanner.hex(SHA256.hash(data: Data(input.utf8))).prefix(16).description
    }
}
