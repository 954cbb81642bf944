import Foundation

/// Delivers complete syslog messages (RFC 5424 text, formatted by the caller) to one receiver.
///
/// - UDP: one datagram per message, cut to `maxDatagramBytes` (8192) bytes at a character boundary — larger
///   datagrams fragment and are dropped whole by many networks and receivers (rsyslog's default limit is 8 KiB).
///   Use TCP or TLS for large messages. UDP has no acknowledgement: only a refused port (ICMP) is reported.
/// - TCP and TLS: octet-counting framing ("LEN SP MSG", RFC 6587 / RFC 5425) on one long-lived connection,
///   opened lazily; a connection the receiver closed is noticed before reuse, and a write that fails on a broken
///   connection reconnects once and resends from the message that failed.
///
/// Blocking: call it from a dedicated thread. Every socket operation is bounded by `timeout`. Thread-safe.
public final class SyslogSender: @unchecked Sendable {
    public static let maxDatagramBytes = 8192

    public let address: SyslogAddress
    private let tls: TLSOptions?
    private let timeout: Duration
    private let lock = NSLock()
    private var stream: (any ByteStream)?

    public init(address: SyslogAddress, tls: TLSOptions? = nil, timeout: Duration = .seconds(10)) {
        self.address = address
        self.tls = tls
        self.timeout = timeout
    }

    deinit { stream?.close() }

    private var endpoint: Endpoint { Endpoint(scope: "syslog", host: address.host, port: address.port) }

    public func send(_ messages: [String]) throws(TransportError) {
        guard !messages.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        let frames = address.transport == .udp
            ? messages.map { SyslogFraming.datagram($0, limit: Self.maxDatagramBytes) }
            : messages.map(SyslogFraming.octetCounted)
        // UDP: a pending ICMP "port unreachable" must surface from the next write, not be swallowed here.
        if address.transport != .udp, let current = stream, current.peerClosed {
            current.close()
            stream = nil
        }
        var reconnected = false
        var index = 0
        while index < frames.count {
            do throws(TransportError) {
                let current: any ByteStream
                if let stream { current = stream } else { current = try connect() }
                stream = current
                try current.write(frames[index])
                index += 1
            } catch {
                stream?.close()
                stream = nil
                guard error.code == "syslog.send", !reconnected, address.transport != .udp else { throw error }
                reconnected = true
            }
        }
    }

    private func connect() throws(TransportError) -> any ByteStream {
        switch address.transport {
        case .udp:
            return try Socket.connect(endpoint, kind: .datagram, timeout: timeout)
        case .tcp:
            return try Socket.connect(endpoint, kind: .stream, timeout: timeout)
        case .tls:
            let socket = try Socket.connect(endpoint, kind: .stream, timeout: timeout)
            return try TLSStream(over: socket, options: tls ?? TLSOptions())
        }
    }

    /// Closes the connection (TLS: after close_notify). The next `send` connects again.
    public func close() {
        lock.withLock {
            stream?.close()
            stream = nil
        }
    }
}
