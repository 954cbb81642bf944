import Foundation

/// Header and body encodings for e-mail (pure): RFC 2047 encoded-words, quoted-printable (RFC 2045 §6.7),
/// RFC 5322 dates, header-injection-safe values.
enum MIMEEncoding {
    /// The value with every CR, LF and other control character replaced by a space.
    static func headerSafe(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map {
            $0.value < 32 || $0.value == 127 ? " " : $0
        }))
    }

    /// Unstructured header text: as is when it is short printable ASCII, else UTF-8 "B" encoded-words folded onto
    /// continuation lines so that no line (counting the `used` characters of "Name: " before it) exceeds 76.
    static func headerText(_ value: String, used: Int = 0) -> String {
        let safe = headerSafe(value)
        let plain = safe.unicodeScalars.allSatisfy { $0.isASCII } && !safe.contains("=?") && safe.utf8.count <= 900
        return plain ? safe : encodedWords(safe, used: used)
    }

    static func encodedWords(_ value: String, used: Int = 0) -> String {
        // An encoded word is 12 characters of "=?UTF-8?B??=" around base64 (4 characters per 3 bytes); a
        // continuation line starts with one space, so later words carry 45 bytes (a 72-character word).
        func capacity(_ lineUsed: Int) -> Int { max(3, (76 - lineUsed - 12) / 4 * 3) }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = capacity(used)
        for character in value {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > limit && !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
                limit = capacity(1)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String { "=?UTF-8?B?\(Data(bytes).base64EncodedString())?=" }

    /// A list of addresses, folded between addresses so lines stay short (counting the `used` characters of "To: ").
    static func addressList(_ values: [String], used: Int) -> String {
        var out = ""
        var width = used
        for (index, value) in values.enumerated() {
            let item = address(value) + (index < values.count - 1 ? "," : "")
            let firstLine = item.components(separatedBy: "\r\n").first ?? item
            if index > 0 {
                if width + 1 + firstLine.count > 76 {
                    out += "\r\n "
                    width = 1
                } else {
                    out += " "
                    width += 1
                }
            }
            out += item
            width = item.contains("\r\n") ? (item.components(separatedBy: "\r\n").last?.count ?? 0) : width + item.count
        }
        return out
    }

    /// An address header value: "Name <a@b>" keeps the address and encodes a non-ASCII display name.
    static func address(_ value: String) -> String {
        let safe = headerSafe(value).trimmingCharacters(in: .whitespaces)
        guard let open = safe.lastIndex(of: "<"), safe.hasSuffix(">") else { return safe }
        var name = safe[..<open].trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        let addr = safe[open...]
        guard !name.isEmpty else { return String(addr) }
        if name.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" \(addr)"
        }
        return "\(encodedWords(name)) \(addr)"
    }

    /// UTF-8 quoted-printable with CRLF line breaks (any input newline convention) and soft breaks so that no line
    /// exceeds 76 characters. Never produces "=_", so boundaries starting with "=_" are safe.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalized.split(separator: "\n", omittingEmptySubsequences: false)
            .map { encodeLine(Array($0.utf8)) }
            .joined(separator: "\r\n")
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var out = ""
        var width = 0
        for (index, byte) in bytes.enumerated() {
            let last = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
            let token = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
            if width + token.count > 75 {
                out += "=\r\n"
                width = 0
            }
            out += token
            width += token.count
        }
        return out
    }

    /// "Fri, 04 Dec 2026 04:24:45 +0000".
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
