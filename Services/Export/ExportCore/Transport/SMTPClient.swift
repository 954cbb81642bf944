import Foundation

/// Sends one e-mail per call through an SMTP relay (RFC 5321): EHLO, STARTTLS when configured, AUTH PLAIN or LOGIN
/// when credentials are set, MAIL FROM, RCPT TO for each recipient, DATA (dot-stuffed), QUIT.
/// A 4xx reply is a retryable `TransportError`, 5xx is not. Blocking; call it from a dedicated thread.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    var endpoint: Endpoint { Endpoint(scope: "smtp", host: settings.host, port: settings.port) }

    public func send(_ message: EmailMessage, date: Date, messageID: String) throws(TransportError) {
        guard !message.to.isEmpty else {
            throw endpoint.error("message", "the e-mail '\(MIMEEncoding.headerSafe(message.subject))' has no "
                                 + "recipients", retryable: false)
        }
        let session = try SMTPSession.open(settings: settings, endpoint: endpoint)
        defer { session.close() }
        try session.expect(try session.read(), 220, "greeting")
        var capabilities = try session.hello()
        if settings.security == .startTLS {
            guard capabilities["STARTTLS"] != nil else {
                throw endpoint.error("starttls", "\(endpoint) does not offer STARTTLS; use security 'tls' for a relay "
                                     + "with implicit TLS (port 465), or 'none' only for a trusted relay",
                                     retryable: false)
            }
            try session.expect(try session.command("STARTTLS"), 220, "STARTTLS")
            try session.upgrade(settings.tls ?? TLSOptions())
            capabilities = try session.hello()
        }
        if let username = settings.username {
            try session.authenticate(username: username, password: settings.password ?? "",
                                     mechanisms: capabilities["AUTH"] ?? [])
        }
        let sender = EmailMessage.envelopeAddress(message.from)
        try session.expect(try session.command("MAIL FROM:<\(sender)>"), 250, "MAIL FROM <\(sender)>", code: "rejected")
        for recipient in message.to.map(EmailMessage.envelopeAddress) {
            let reply = try session.command("RCPT TO:<\(recipient)>")
            guard reply.code == 250 || reply.code == 251 else {
                throw endpoint.error("rejected", "\(endpoint) rejected the recipient <\(recipient)>: \(reply.code) "
                                     + "\(reply.text)", retryable: reply.isTransient)
            }
        }
        try session.expect(try session.command("DATA"), 354, "DATA")
        try session.write(Self.dotStuffed(message.rfc5322(date: date, messageID: messageID)) + ".\r\n")
        try session.expect(try session.read(), 250, "the message", code: "rejected")
        _ = try? session.command("QUIT")
    }

    /// RFC 5321 §4.5.2: a line that starts with "." gets another one; the text ends with CRLF.
    static func dotStuffed(_ text: String) -> String {
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }
}
