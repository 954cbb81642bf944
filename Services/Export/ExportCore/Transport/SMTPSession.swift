import Foundation

/// One SMTP connection: reads replies, writes commands, upgrades to TLS. Credentials are written to the stream and
/// nowhere else — no error message repeats a command that carries them.
final class SMTPSession {
    private var stream: any ByteStream
    private var parser = SMTPReplyParser()
    private let socket: Socket
    let settings: SMTPSettings
    let endpoint: Endpoint

    private init(stream: any ByteStream, socket: Socket, settings: SMTPSettings, endpoint: Endpoint) {
        self.stream = stream
        self.socket = socket
        self.settings = settings
        self.endpoint = endpoint
    }

    static func open(settings: SMTPSettings, endpoint: Endpoint) throws(TransportError) -> SMTPSession {
        let socket = try Socket.connect(endpoint, kind: .stream, timeout: settings.timeout)
        let stream: any ByteStream = settings.security == .tls
            ? try TLSStream(over: socket, options: settings.tls ?? TLSOptions()) : socket
        return SMTPSession(stream: stream, socket: socket, settings: settings, endpoint: endpoint)
    }

    func close() { stream.close() }

    func write(_ text: String) throws(TransportError) { try stream.write(Array(text.utf8)) }

    func read() throws(TransportError) -> SMTPReply {
        while true {
            do {
                if let reply = try parser.next() { return reply }
            } catch {
                throw endpoint.error("protocol", "\(endpoint) sent something that is not an SMTP reply (\(error)); "
                                     + "is this an SMTP server, and is the security mode right?", retryable: false)
            }
            let bytes = try stream.read(max: 4096)
            guard !bytes.isEmpty else {
                throw endpoint.error("closed", "\(endpoint) closed the connection in the middle of the conversation",
                                     retryable: true)
            }
            parser.feed(bytes)
        }
    }

    func command(_ line: String) throws(TransportError) -> SMTPReply {
        try write(line + "\r\n")
        return try read()
    }

    /// Throws unless the reply has `code`; 4xx replies are retryable.
    func expect(_ reply: SMTPReply, _ code: Int, _ what: String, code errorCode: String = "protocol")
        throws(TransportError) {
        guard reply.code != code else { return }
        throw endpoint.error(reply.isPositive ? "protocol" : errorCode,
                             "\(endpoint) refused \(what): \(reply.code) \(reply.text)", retryable: reply.isTransient)
    }

    /// EHLO, falling back to HELO for an old relay; returns the EHLO extensions.
    func hello() throws(TransportError) -> [String: [String]] {
        let name = MIMEEncoding.headerSafe(settings.heloName).replacingOccurrences(of: " ", with: "")
        let reply = try command("EHLO \(name)")
        if reply.code == 250 { return reply.extensions }
        try expect(try command("HELO \(name)"), 250, "HELO")
        return [:]
    }

    func upgrade(_ options: TLSOptions) throws(TransportError) {
        guard !parser.hasBufferedBytes else {  // bytes sent before the handshake must not be trusted after it
            throw endpoint.error("protocol", "\(endpoint) sent data after its STARTTLS reply; refusing to continue",
                                 retryable: false)
        }
        stream = try TLSStream(over: socket, options: options)
    }

    func authenticate(username: String, password: String, mechanisms: [String]) throws(TransportError) {
        let reply: SMTPReply
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            reply = try command("AUTH PLAIN \(token)")
        } else if mechanisms.contains("LOGIN") {
            var step = try command("AUTH LOGIN")
            if step.code == 334 { step = try command(Data(username.utf8).base64EncodedString()) }
            if step.code == 334 { step = try command(Data(password.utf8).base64EncodedString()) }
            reply = step
        } else {
            let offered = mechanisms.isEmpty ? "none" : mechanisms.joined(separator: " ")
            throw endpoint.error("auth", "\(endpoint) offers no AUTH mechanism Palisade speaks (offered: \(offered); "
                                 + "supported: PLAIN, LOGIN)" + (settings.security == .none
                                    ? "; many relays offer AUTH only after STARTTLS — set security to starttls" : ""),
                                 retryable: false)
        }
        guard reply.code == 235 else {
            throw endpoint.error("auth", "\(endpoint) did not accept the credentials of user '\(username)': "
                                 + "\(reply.code) \(reply.text); check the SMTP username and password",
                                 retryable: reply.isTransient)
        }
    }
}
