import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeProtocol

/// The governance digests: each owner's open items (the weekly owner digest), or every overdue item for a manager.
extension ActionRunner {
    func sendDigest(_ digest: AutomationAction.Digest, to: [String], subject: String?, smtp: SMTPConfig, rule: AutomationRule,
                    deliveryID: String, now: Date) async throws -> String {
        guard let sender else { throw ActionError("no bus connection to the scoring service") }
        let overdueOnly = digest == .governanceOverdue
        let items = try await sender.call(GovernanceAssignmentsQuery(overdueOnly: overdueOnly, limit: 100_000),
                                          timeout: .seconds(30), retry: .none)
        switch digest {
        case .governanceOwners:
            let byOwner = Dictionary(grouping: items.filter { EmailAddress.isValid($0.owner) }, by: \.owner)
            guard !byOwner.isEmpty else { return "no open governance items: no digest sent" }
            var sent: [String] = []
            var failures: [String] = []
            for (owner, list) in byOwner.sorted(by: { $0.key < $1.key }) {
                let overdue = list.filter { $0.dueDate < now }.count
                let message = EmailMessage(
                    from: smtp.from, to: [owner],
                    subject: (subject.map { Mail.subject($0, rule: rule, records: []) + " — " } ?? "[Palisade] Your security items: ")
                        + "\(list.count) open, \(overdue) overdue",
                    text: Self.digestText(list, now: now, heading: "Open items assigned to \(owner)"), html: nil)
                do {
                    try await send(message, smtp: smtp, messageID: "\(deliveryID)/\(owner)", now: now)
                    sent.append("\(owner) (\(list.count))")
                } catch {
                    failures.append("\(owner): \(error)")
                }
            }
            if !failures.isEmpty {
                throw ActionError("digest sent to \(sent.count) owner(s); failed for \(failures.joined(separator: "; "))")
            }
            return "digest sent to \(sent.joined(separator: ", "))"
        case .governanceOverdue:
            guard !to.isEmpty else { throw ActionError("the overdue digest needs 'to:' recipients") }
            let message = EmailMessage(from: smtp.from, to: to,
                                       subject: (subject.map { Mail.subject($0, rule: rule, records: []) + " — " } ?? "[Palisade] ")
                                           + "\(items.count) overdue security item(s)",
                                       text: Self.digestText(items, now: now, heading: "Overdue items by owner"), html: nil)
            try await send(message, smtp: smtp, messageID: deliveryID, now: now)
            return "overdue digest (\(items.count) item(s)) sent to \(to.joined(separator: ", "))"
        }
    }

    static func digestText(_ items: [GovernanceAssignment], now: Date, heading: String) -> String {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        var out = "\(heading) (\(items.count)):\n\n"
        let sorted = items.sorted { ($0.owner, $0.dueDate, $0.findingID) < ($1.owner, $1.dueDate, $1.findingID) }
        for a in sorted {
            let late = a.dueDate < now ? "OVERDUE since \(day.string(from: a.dueDate))" : "due \(day.string(from: a.dueDate))"
            out += "- [\(a.severity.rawValue)] \(a.checkID) on \(a.resourceID)\n  account \(a.account) · owner \(a.owner) · \(late)\n"
        }
        out += "\n`palisade governance list --owner OWNER` shows the same; fix them and the next scan completes them.\n"
        return out
    }
}
