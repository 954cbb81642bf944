import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte stream to a receiver: a plain socket or TLS over one. Every operation is bounded by the stream's timeout.
protocol ByteStream: AnyObject {
    func write(_ bytes: [UInt8]) throws(TransportError)
    /// Up to `max` bytes; empty at end of stream.
    func read(max: Int) throws(TransportError) -> [UInt8]
    /// True when the peer has closed (or reset) the connection — checked without blocking before a stream is reused.
    var peerClosed: Bool { get }
    func close()
}

/// A connected TCP or UDP socket with send and receive timeouts (SO_SNDTIMEO / SO_RCVTIMEO), no SIGPIPE
/// (MSG_NOSIGNAL), closed exactly once by `close()` or deinit.
final class Socket: ByteStream, @unchecked Sendable {
    enum Kind { case stream, datagram }

    let endpoint: Endpoint
    let timeout: Duration
    private(set) var fd: Int32

    private init(fd: Int32, endpoint: Endpoint, timeout: Duration) {
        self.fd = fd
        self.endpoint = endpoint
        self.timeout = timeout
    }

    deinit { close() }

    /// OpenSSL writes to the socket with write(2), which raises SIGPIPE on a connection the peer closed; a process
    /// that talks TLS therefore ignores SIGPIPE (the failed write still returns EPIPE).
    static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Resolves `endpoint` and connects to the first address that accepts, within `timeout` overall.
    static func connect(_ endpoint: Endpoint, kind: Kind, timeout: Duration) throws(TransportError) -> Socket {
        let deadline = ContinuousClock.now + timeout
        let addresses = try resolve(endpoint, kind: kind)
        defer { freeaddrinfo(addresses) }
        var lastError: TransportError?
        var next: UnsafeMutablePointer<addrinfo>? = addresses
        while let info = next {
            next = info.pointee.ai_next
            do {
                return try connect(info.pointee, endpoint: endpoint, timeout: timeout, deadline: deadline)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? endpoint.error("connect", "no address to connect to for \(endpoint)", retryable: true)
    }

    private static func resolve(_ endpoint: Endpoint, kind: Kind) throws(TransportError) -> UnsafeMutablePointer<addrinfo> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = kind == .stream ? SocketConstants.stream : SocketConstants.datagram
        hints.ai_flags = AI_ADDRCONFIG
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &result)
        guard rc == 0, let result else {
            let why = String(cString: gai_strerror(rc))
            throw endpoint.error("resolve", "cannot resolve '\(endpoint.host)' (\(why)); check the host name and DNS",
                                 retryable: true)
        }
        return result
    }

    private static func connect(_ info: addrinfo, endpoint: Endpoint, timeout: Duration,
                                deadline: ContinuousClock.Instant) throws(TransportError) -> Socket {
        let fd = socket(info.ai_family, info.ai_socktype | SocketConstants.cloexec, info.ai_protocol)
        guard fd >= 0 else {
            throw endpoint.error("connect", "cannot create a socket for \(endpoint): \(errnoText())", retryable: true)
        }
        let sock = Socket(fd: fd, endpoint: endpoint, timeout: timeout)  // closes fd on every failure below
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if sysConnect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw sock.connectError(errno) }
            let remaining = max(0, (deadline - .now).milliseconds)
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&pfd, 1, Int32(clamping: remaining))
            guard ready > 0 else {
                throw endpoint.error("connect", "no answer from \(endpoint) within \(timeout); check the address, "
                                     + "that the receiver runs, and firewalls in between", retryable: true)
            }
            var soError: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
            guard soError == 0 else { throw sock.connectError(soError) }
        }
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        let bounded = max(timeout, .milliseconds(1))  // a zero timeval would mean "wait forever"
        var tv = timeval(tv_sec: Int(bounded.components.seconds),
                         tv_usec: Int(bounded.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return sock
    }

    private func connectError(_ code: Int32) -> TransportError {
        if code == ECONNREFUSED {
            return endpoint.error("connect", "\(endpoint) refused the connection: nothing listens on that port — "
                                  + "is the receiver running, and is the port right?", retryable: true)
        }
        return endpoint.error("connect", "cannot connect to \(endpoint): \(errnoText(code))", retryable: true)
    }

    func write(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buf in
                sysSend(fd, buf.baseAddress! + offset, buf.count - offset, SocketConstants.noSignal)
            }
            if n >= 0 { offset += n; continue }
            let code = errno
            if code == EINTR { continue }
            throw ioError(code, doing: "sending to")
        }
    }

    func read(max: Int) throws(TransportError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
            if n >= 0 { return Array(buffer.prefix(n)) }
            let code = errno
            if code == EINTR { continue }
            throw ioError(code, doing: "reading from")
        }
    }

    func ioError(_ code: Int32, doing what: String) -> TransportError {
        if code == EAGAIN || code == EWOULDBLOCK {
            return endpoint.error("timeout", "\(what) \(endpoint) timed out after \(timeout); the receiver is stuck or "
                                  + "overloaded", retryable: true)
        }
        if code == ECONNREFUSED {
            return endpoint.error("send", "\(endpoint) refused the data (port unreachable): is the receiver listening "
                                  + "on that port?", retryable: true)
        }
        return endpoint.error("send", "\(what) \(endpoint) failed: \(errnoText(code)) — the connection broke",
                              retryable: true)
    }

    var peerClosed: Bool {
        guard fd >= 0 else { return true }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        if n == 0 { return true }
        return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
    }

    func close() {
        guard fd >= 0 else { return }
        _ = sysClose(fd)
        fd = -1
    }
}

func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
