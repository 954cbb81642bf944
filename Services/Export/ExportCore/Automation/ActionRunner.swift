import Foundation
import Logging
import PalisadeExport
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol

/// Carries out automation actions and says what each did. Never throws: every failure becomes a `failed` outcome
/// with its reason, so one broken receiver never stops the other actions or rules.
public final class ActionRunner: @unchecked Sendable {
    let config: ExportConfig
    let store: ExportStore
    let sender: (any RequestSender)?
    let context: FormatContext
    let tickets: TicketDesk
    let logger: Logger
    let hostname: String
    let environment: [String: String]

    public init(config: ExportConfig, store: ExportStore, sender: (any RequestSender)?, context: FormatContext,
                logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.config = config
        self.store = store
        self.sender = sender
        self.context = context
        self.logger = logger
        self.environment = environment
        self.hostname = ProcessInfo.processInfo.hostName
        self.tickets = TicketDesk(config: config.ticketing, store: store, sender: sender, logger: logger,
                                  environment: environment)
    }

    var ticketSyncSeconds: Double { config.ticketing?.syncSeconds ?? 3_600 }

    func run(_ rule: AutomationRule, records: [ExportRecord], trigger: String, runID: Int64?, now: Date) async
        -> [AutomationOutcome]
    {
        var out: [AutomationOutcome] = []
        let keys = records.map(\.key)
        for (i, action) in rule.actions.enumerated() {
            let deliveryID = runID.map { "automation/\(rule.name)/\($0)/\(i)" }
                ?? "automation/\(rule.name)/manual/\(Int(now.timeIntervalSince1970))/\(i)"
            let (ok, detail): (Bool, String)
            do {
                detail = try await perform(action, rule: rule, records: records, deliveryID: deliveryID, now: now)
                ok = true
            } catch {
                (ok, detail) = (false, "\(error)")
            }
            out.append(AutomationOutcome(id: 0, rule: rule.name, trigger: trigger, records: keys, action: action.kind,
                                         result: ok ? .succeeded : .failed, detail: detail, at: now))
        }
        return out
    }

    func perform(_ action: AutomationAction, rule: AutomationRule, records: [ExportRecord], deliveryID: String,
                 now: Date) async throws -> String {
        switch action {
        case .webhook(let url, let secret):
            guard let u = URL(string: url) else { throw ActionError("'\(url)' is not a URL") }
            let key = try secret.map { s throws in try s.resolve(environment: environment) }
            let body = JSONValue.object([
                "rule": .string(rule.name), "delivery": .string(deliveryID),
                "records": .array(records.map { RecordJSON.object($0, context: context) }),
            ]).canonicalData()
            let client = WebhookClient(url: u, secret: key)
            let policy = BackoffPolicy(initial: .milliseconds(500), maximum: .seconds(10), multiplier: 2, maxAttempts: 3)
            var attempt = 0
            while true {
                attempt += 1
                switch await client.post(body, deliveryID: deliveryID, now: Date()) {
                case .delivered(let status): return "HTTP \(status) from \(u.host ?? url)"
                case .rejected(let status, let reason): throw ActionError("HTTP \(status) from \(u.host ?? url): \(reason)")
                case .retry(let status, let after, let reason):
                    if attempt >= policy.maxAttempts {
                        throw ActionError("\(status.map { "HTTP \($0)" } ?? "no answer") from \(u.host ?? url) after \(attempt) attempts: \(reason)")
                    }
                    try? await Task.sleep(for: policy.delay(afterAttempt: attempt, retryAfter: after))
                }
            }
        case .syslog(let address, let format, let caFile):
            let parsed = try SyslogAddress(parsing: address)
            let body: Syslog5424.Body = format == "cef" ? .cef : .json
            let messages = records.map {
                Syslog5424.message($0, body: body, hostname: hostname, procID: "\(getpid())", context: context)
            }
            let sender = SyslogSender(address: parsed, tls: parsed.transport == .tls ? TLSOptions(caFile: caFile) : nil)
            try await Blocking.run { defer { sender.close() }; try sender.send(messages) }
            return "\(messages.count) message(s) to \(address)"
        case .email(let to, let subject, let digest):
            guard let smtp = config.smtp else { throw ActionError("no 'smtp:' section in palisade.yaml") }
            if let digest {
                return try await sendDigest(digest, to: to, subject: subject, smtp: smtp, rule: rule, deliveryID: deliveryID,
                                            now: now)
            }
            let message = EmailMessage(from: smtp.from, to: to,
                                       subject: Mail.subject(subject, rule: rule, records: records),
                                       text: Mail.text(records, rule: rule), html: nil)
            try await send(message, smtp: smtp, messageID: deliveryID, now: now)
            return "sent to \(to.joined(separator: ", "))"
        case .ticket(let system):
            var done: [String] = []
            for r in records {
                guard let f = r.finding else { continue }
                done.append(try await tickets.apply(f, system: system, now: now))
            }
            return done.isEmpty ? "no finding to ticket" : done.joined(separator: "; ")
        case .remediationPlan:
            return try await remediationPlan(records)
        }
    }

    func send(_ message: EmailMessage, smtp: SMTPConfig, messageID: String, now: Date) async throws {
        let password = try smtp.password.map { s throws in try s.resolve(environment: environment) }
        let settings = SMTPSettings(host: smtp.host, port: smtp.port,
                                    security: SMTPSettings.Security(rawValue: smtp.security.rawValue) ?? .none,
                                    username: smtp.username, password: password,
                                    tls: smtp.caFile.map { TLSOptions(caFile: $0) })
        let id = "<\(Mail.safeID(messageID))@palisade>"
        try await Blocking.run { try SMTPClient(settings: settings).send(message, date: now, messageID: id) }
    }

    /// The fix plan the AWS connector would apply to the matched failing findings (nothing is changed).
    func remediationPlan(_ records: [ExportRecord]) async throws -> String {
        let findings = records.compactMap(\.finding).filter { $0.status == .fail }
        guard !findings.isEmpty else { return "no failing finding to plan a fix for" }
        guard let sender else { throw ActionError("no bus connection to the AWS connector") }
        let reply = try await sender.call(FixPlanRequest(findings: findings), timeout: .seconds(60), retry: .none)
        return FixPlanText.summary(reply)
    }
}

struct ActionError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
