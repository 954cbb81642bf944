import ExportCore
import Foundation
import PalisadeTestKit
import Testing

/// SMTPClient against a real SMTP server (aiosmtpd); Python's email library parses what arrived.
@Suite("E-mail delivery over SMTP")
struct SMTPDeliveryTests {
    static let date = Date(timeIntervalSince1970: 1_796_000_000)

    struct Received {
        var json: [String: Any]
        var eml: String
        subscript(_ key: String) -> String? { json[key] as? String }
    }

    func smtp(_ arguments: [String] = []) async throws -> ScriptServer {
        try await ScriptServer.start(script: "smtp_server.py", arguments: arguments)
    }

    func received(_ server: ScriptServer, _ n: Int = 1) async throws -> Received {
        let spool = server.directory.appendingPathComponent("spool")
        let json = try await eventually("message \(n) in the spool") {
            (try? Data(contentsOf: spool.appendingPathComponent("\(n).json")))
                .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
        let eml = try String(contentsOf: spool.appendingPathComponent("\(n).eml"), encoding: .utf8)
        return Received(json: json, eml: eml)
    }

    func settings(_ server: ScriptServer, _ security: SMTPSettings.Security = .none, user: String? = nil,
                  password: String? = nil, tls: TLSOptions? = nil) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: server.port, security: security, username: user, password: password,
                     tls: tls, timeout: .seconds(20))
    }

    func send(_ settings: SMTPSettings, _ message: EmailMessage, id: String = "digest-1@palisade.test") async
        -> Result<Void, TransportError> {
        await onThread { try SMTPClient(settings: settings).send(message, date: Self.date, messageID: id) }
    }

    func normalized(_ text: String?) -> String? {
        text?.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)
    }

    @Test("a plain message arrives with its subject, recipients and body intact (dots, long lines, non-ASCII)")
    func plain() async throws {
        let server = try await smtp()
        defer { server.stop() }
        let body = "3 neue Befunde in Zürich:\n.hidden line starting with a dot\n.\n"
            + String(repeating: "long line ", count: 30) + "\ntrailing spaces   \nend — ✓"
        let message = EmailMessage(from: "Palisade <alerts@palisade.test>",
                                   to: ["ops@example.test", "Jörg Müller <joerg@example.test>"],
                                   subject: "Palisade: 3 neue Befunde — Zürich ✓", text: body)
        try await send(settings(server), message).get()
        let got = try await received(server)
        #expect(got["subject"] == "Palisade: 3 neue Befunde — Zürich ✓")
        #expect(got["from"] == "Palisade <alerts@palisade.test>")
        #expect(got["to"] == "ops@example.test, Jörg Müller <joerg@example.test>")
        #expect(got["message_id"] == "<digest-1@palisade.test>")
        #expect(got["mime_version"] == "1.0")
        #expect(got["content_type"] == "text/plain")
        #expect(got["date"] == "Mon, 30 Nov 2026 00:53:20 +0000")
        #expect(got["mail_from"] == "alerts@palisade.test")
        #expect(got.json["rcpt_tos"] as? [String] == ["ops@example.test", "joerg@example.test"])
        #expect(normalized(got["text"]) == normalized(body))
        #expect((got.json["defects"] as? [Any])?.isEmpty == true)
        #expect(!got.eml.components(separatedBy: "\r\n").contains { $0.utf8.count > 76 })
    }

    @Test("with html: multipart/alternative with both parts")
    func multipart() async throws {
        let server = try await smtp()
        defer { server.stop() }
        let html = "<html><body><h1>Digest</h1><p>Bucket <b>müller-logs</b> is public &amp; unencrypted.</p>"
            + "<p>" + String(repeating: "x", count: 200) + "</p></body></html>"
        let message = EmailMessage(from: "alerts@palisade.test", to: ["ops@example.test"], subject: "Weekly digest",
                                   text: "Bucket müller-logs is public.", html: html)
        try await send(settings(server), message).get()
        let got = try await received(server)
        #expect(got["content_type"] == "multipart/alternative")
        #expect(normalized(got["text"]) == "Bucket müller-logs is public.")
        #expect(normalized(got["html"]) == html)
        #expect(got["subject"] == "Weekly digest")
    }

    @Test("AUTH with the right password delivers; a wrong one is smtp.auth, not retryable, without the password")
    func authentication() async throws {
        let server = try await smtp(["--user", "palisade", "--password", "right-pass-123"])
        defer { server.stop() }
        let message = EmailMessage(from: "alerts@palisade.test", to: ["ops@example.test"], subject: "s", text: "t")
        let wrong = await send(settings(server, user: "palisade", password: "wrong-pass-456"), message)
        let error = try #require(failure(wrong))
        #expect(error.code == "smtp.auth")
        #expect(!error.retryable)
        #expect(error.message.contains("127.0.0.1:\(server.port)"))
        #expect(!error.description.contains("wrong-pass-456"))
        try await send(settings(server, user: "palisade", password: "right-pass-123"), message).get()
        let got = try await received(server)
        #expect(got.json["authenticated"] as? Bool == true)
    }

    @Test("a rejected recipient is an smtp.rejected error naming the recipient")
    func rejectedRecipient() async throws {
        let server = try await smtp(["--reject", "gone@example.test"])
        defer { server.stop() }
        let message = EmailMessage(from: "alerts@palisade.test", to: ["ops@example.test", "gone@example.test"],
                                   subject: "s", text: "t")
        let error = try #require(failure(await send(settings(server), message)))
        #expect(error.code == "smtp.rejected")
        #expect(error.message.contains("<gone@example.test>"))
        #expect(error.message.contains("550"))
        #expect(!error.retryable)
    }

    @Test("STARTTLS: verified against the server's CA, then AUTH over TLS")
    func startTLS() async throws {
        let server = try await smtp(["--starttls", "--user", "palisade", "--password", "tls-pass"])
        defer { server.stop() }
        let ca = server.directory.appendingPathComponent("ca.pem").path
        let message = EmailMessage(from: "alerts@palisade.test", to: ["ops@example.test"], subject: "over TLS",
                                   text: "encrypted")
        let wrongName = await send(settings(server, .startTLS, user: "palisade", password: "tls-pass",
                                            tls: TLSOptions(caFile: ca, serverName: "mail.example")), message)
        #expect(failure(wrongName)?.code == "smtp.tls.verify")
        try await send(settings(server, .startTLS, user: "palisade", password: "tls-pass",
                                tls: TLSOptions(caFile: ca)), message).get()
        let got = try await received(server)
        #expect(got.json["tls"] as? Bool == true)
        #expect(got.json["authenticated"] as? Bool == true)
        #expect(got["subject"] == "over TLS")
    }

    @Test("starttls against a relay that does not offer it fails before any credential is sent")
    func startTLSMissing() async throws {
        let server = try await smtp()
        defer { server.stop() }
        let message = EmailMessage(from: "a@palisade.test", to: ["ops@example.test"], subject: "s", text: "t")
        let error = try #require(failure(await send(settings(server, .startTLS, user: "u", password: "p"), message)))
        #expect(error.code == "smtp.starttls")
        #expect(!error.retryable)
    }

    @Test("nothing listening: a retryable smtp.connect error")
    func unreachable() async throws {
        let port = try ScriptServer.freePort()
        let settings = SMTPSettings(host: "127.0.0.1", port: port, security: .none)
        let message = EmailMessage(from: "a@palisade.test", to: ["b@example.test"], subject: "s", text: "t")
        let error = try #require(failure(await onThread {
            try SMTPClient(settings: settings).send(message, date: Date(), messageID: "m")
        }))
        #expect(error.code == "smtp.connect")
        #expect(error.retryable)
    }
}
