/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines ("250-first", …, "250 last").
struct SMTPReply: Sendable, Hashable {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: " / ") }
    var isPositive: Bool { (200..<400).contains(code) }
    var isTransient: Bool { (400..<500).contains(code) }

    /// EHLO keywords (upper-cased) with their parameters: "AUTH PLAIN LOGIN" → ["AUTH": ["PLAIN", "LOGIN"]].
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            result[keyword.uppercased()] = words.dropFirst().map { $0.uppercased() }
        }
        return result
    }
}

/// Assembles replies from received bytes (pure): feed bytes, take complete replies.
struct SMTPReplyParser: Sendable {
    enum Failure: Error, Equatable { case malformed(String), tooLong }

    private var buffer: [UInt8] = []
    private var pending: [String] = []
    private var pendingCode: Int?
    static let maxLine = 4096

    var hasBufferedBytes: Bool { !buffer.isEmpty || !pending.isEmpty }

    mutating func feed(_ bytes: [UInt8]) { buffer += bytes }

    /// The next complete reply, or nil when more bytes are needed.
    mutating func next() throws(Failure) -> SMTPReply? {
        while let newline = buffer.firstIndex(of: 10) {
            var lineBytes = Array(buffer[..<newline])
            buffer.removeFirst(newline + 1)
            if lineBytes.last == 13 { lineBytes.removeLast() }
            let line = String(decoding: lineBytes, as: UTF8.self)
            guard line.utf8.count >= 3, let code = Int(line.prefix(3)), (200..<600).contains(code) else {
                throw .malformed(String(line.prefix(120)))
            }
            let separator = line.dropFirst(3).first
            guard separator == nil || separator == " " || separator == "-" else {
                throw .malformed(String(line.prefix(120)))
            }
            if let pendingCode, pendingCode != code { throw .malformed(String(line.prefix(120))) }
            pendingCode = code
            pending.append(String(line.dropFirst(4)))
            if separator != "-" {
                let reply = SMTPReply(code: code, lines: pending)
                pending = []
                pendingCode = nil
                return reply
            }
        }
        if buffer.count > Self.maxLine { throw .tooLong }
        return nil
    }
}
