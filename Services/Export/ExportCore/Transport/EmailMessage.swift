import Crypto
import Foundation

/// An e-mail to send (a digest, an automation's notification). Addresses are `user@host` or `Name <user@host>`.
public struct EmailMessage: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String?

    public init(from: String, to: [String], subject: String, text: String, html: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// The message as RFC 5322 text with CRLF line endings: Date, From, To, Subject (RFC 2047 encoded-words when it
    /// is not plain ASCII), Message-ID, MIME-Version, then a quoted-printable UTF-8 text/plain body, or
    /// multipart/alternative (text, then html) when `html` is set. CR and LF in header values are replaced by spaces,
    /// so no value can add a header.
    public func rfc5322(date: Date, messageID: String) -> String {
        var lines = [
            "Date: \(MIMEEncoding.rfc5322Date(date))",
            "From: \(MIMEEncoding.address(from))",
            "To: \(MIMEEncoding.addressList(to, used: 4))",
            "Subject: \(MIMEEncoding.headerText(subject, used: 9))",
            "Message-ID: \(Self.angleID(messageID))",
            "MIME-Version: 1.0",
        ]
        if let html {
            let boundary = Self.boundary(messageID)
            lines += [
                "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
                "",
                "This is a multi-part message in MIME format.",
                "--\(boundary)",
            ]
            lines += Self.part("text/plain", text)
            lines.append("--\(boundary)")
            lines += Self.part("text/html", html)
            lines.append("--\(boundary)--")
        } else {
            lines += Self.part("text/plain", text)
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func part(_ type: String, _ content: String) -> [String] {
        ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
         MIMEEncoding.quotedPrintable(content)]
    }

    /// "<id>" from "id" or "<id>", without whitespace or control characters.
    static func angleID(_ id: String) -> String {
        let clean = id.unicodeScalars.filter { $0.value > 32 && $0.value != 127 && $0 != "<" && $0 != ">" }
        return "<\(String(String.UnicodeScalarView(clean)))>"
    }

    /// A boundary that cannot occur in quoted-printable text ("=_" is never produced by the encoder).
    static func boundary(_ messageID: String) -> String {
        let digest = SHA256.hash(data: Data(messageID.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        return "=_palisade_\(digest)"
    }

    /// The bare address for the SMTP envelope: "a@b" from "Name <a@b>" or "a@b".
    static func envelopeAddress(_ address: String) -> String {
        let clean = MIMEEncoding.headerSafe(address)
        if let open = clean.lastIndex(of: "<"), let close = clean.lastIndex(of: ">"), open < close {
            return String(clean[clean.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return clean.trimmingCharacters(in: .whitespaces)
    }
}
