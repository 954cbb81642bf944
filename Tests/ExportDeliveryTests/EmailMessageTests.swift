@testable import ExportCore
import Foundation
import Testing

@Suite("E-mail message text")
struct EmailMessageTests {
    let date = Date(timeIntervalSince1970: 0)

    @Test("CRLF everywhere, no line over 76 characters in the body")
    func lineEndings() {
        let text = EmailMessage(from: "a@b.test", to: (1...8).map { "Recipient Nummer \($0) <r\($0)@example.test>" },
                                subject: String(repeating: "Zürich ", count: 20),
                                text: "one\ntwo\r\nthree\r" + String(repeating: "ä", count: 100),
                                html: "<p>x</p>").rfc5322(date: date, messageID: "m@x")
        let bytes = Array(text.utf8)
        for (i, byte) in bytes.enumerated() where byte == 10 { #expect(i > 0 && bytes[i - 1] == 13) }
        for (i, byte) in bytes.enumerated() where byte == 13 { #expect(i + 1 < bytes.count && bytes[i + 1] == 10) }
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(text.hasPrefix("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(text.contains("Message-ID: <m@x>\r\n"))
    }

    @Test("CR/LF in header values cannot add a header")
    func headerInjection() {
        let text = EmailMessage(from: "a@b.test\r\nBcc: evil@x.test", to: ["c@d.test\nX-Evil: 1"],
                                subject: "Hi\r\nBcc: evil@x.test", text: "body")
            .rfc5322(date: date, messageID: "m\r\nX-Evil: 2")
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Evil:") })
        #expect(EmailMessage.envelopeAddress("Name <a@b.test>\r\nRCPT TO:<x@y>") != "a@b.test\r\nRCPT TO:<x@y")
    }

    @Test("non-ASCII subjects become RFC 2047 encoded-words of at most 75 characters")
    func encodedWords() {
        let subject = String(repeating: "Befund in Zürich ✓ ", count: 6)
        let encoded = MIMEEncoding.headerText(subject, used: 9)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        #expect(words[0].count <= 76 - 9)
        let decoded = words.map { word -> Data in
            Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
        }.reduce(Data(), +)
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(MIMEEncoding.headerText("plain ascii") == "plain ascii")
    }

    @Test("quoted-printable: '=' and non-ASCII escaped, trailing space kept, soft breaks")
    func quotedPrintable() {
        #expect(MIMEEncoding.quotedPrintable("a=b ü") == "a=3Db =C3=BC")
        #expect(MIMEEncoding.quotedPrintable("end \nx") == "end=20\r\nx")
        let long = MIMEEncoding.quotedPrintable(String(repeating: "a", count: 100))
        #expect(long == String(repeating: "a", count: 75) + "=\r\n" + String(repeating: "a", count: 25))
    }

    @Test("dot-stuffing doubles a leading dot on every line")
    func dotStuffing() {
        #expect(SMTPClient.dotStuffed("a\r\n.b\r\n.\r\n") == "a\r\n..b\r\n..\r\n")
    }
}

@Suite("Secrets stay out of descriptions")
struct RedactionTests {
    @Test("SMTP password and webhook secret are not printed or dumped")
    func redacted() {
        let settings = SMTPSettings(host: "mail.test", port: 587, security: .startTLS, username: "u",
                                    password: "hunter2-smtp")
        let client = WebhookClient(url: URL(string: "https://hooks.test/x?token=tok-123")!, secret: "hmac-key-999")
        var dumped = ""
        dump(settings, to: &dumped)
        dump(client, to: &dumped)
        let all = "\(settings) \(client) \(String(reflecting: settings)) \(String(reflecting: client)) \(dumped)"
        #expect(!all.contains("hunter2-smtp"))
        #expect(!all.contains("hmac-key-999"))
        #expect(!all.contains("tok-123"))
        #expect(all.contains("mail.test:587"))
    }
}
