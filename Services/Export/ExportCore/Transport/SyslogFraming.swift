/// How syslog messages go on the wire (pure).
enum SyslogFraming {
    /// RFC 6587 §3.4.1 / RFC 5425 §4.3 octet counting: "MSG-LEN SP SYSLOG-MSG", the length in bytes of the UTF-8
    /// message, so a message may contain newlines.
    static func octetCounted(_ message: String) -> [UInt8] {
        let body = Array(message.utf8)
        return Array("\(body.count) ".utf8) + body
    }

    /// One UDP datagram (RFC 5426): the message's UTF-8 bytes cut to at most `limit`, never inside a character.
    static func datagram(_ message: String, limit: Int) -> [UInt8] {
        let bytes = Array(message.utf8)
        guard bytes.count > limit else { return bytes }
        var end = limit
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }  // bytes[end] starts the first character left out
        return Array(bytes[..<end])
    }
}
