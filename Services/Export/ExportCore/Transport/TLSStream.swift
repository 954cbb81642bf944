import COpenSSL
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TLS (1.2 or later) over a connected socket with the system OpenSSL: trusts `caFile` or the system's default
/// paths, verifies the certificate chain and the host name (SSL_set1_host, or the IP address for an IP literal) and
/// sends SNI. Used by syslog over TLS (RFC 5425) and SMTP (STARTTLS and implicit TLS).
final class TLSStream: ByteStream, @unchecked Sendable {
    private let socket: Socket
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private var closed = false

    /// Performs the handshake; throws `<scope>.tls.verify` when the certificate does not verify,
    /// `<scope>.tls.config` for unreadable CA or certificate files, `<scope>.tls.handshake` otherwise.
    init(over socket: Socket, options: TLSOptions) throws(TransportError) {
        _ = Socket.ignoreSIGPIPE
        let endpoint = socket.endpoint
        ERR_clear_error()
        let context = try TLSContext.make(options, endpoint: endpoint)
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw endpoint.error("tls.config", "OpenSSL could not create a session: \(openSSLErrors())",
                                 retryable: false)
        }
        self.socket = socket
        self.context = context
        self.ssl = ssl
        let name = options.serverName ?? endpoint.host
        SSL_set_fd(ssl, socket.fd)
        if options.verify {
            if TLSContext.isIPAddress(name) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name)
            } else {
                SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
                SSL_set1_host(ssl, name)
            }
        }
        if !TLSContext.isIPAddress(name) {
            name.withCString { ptr in
                _ = SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name),
                             UnsafeMutableRawPointer(mutating: ptr))
            }
        }
        let rc = SSL_connect(ssl)
        if rc != 1 {
            let failure = handshakeError(rc, name: name, options: options)
            close()
            throw failure
        }
        if options.verify, SSL_get_verify_result(ssl) != X509_V_OK {
            let failure = handshakeError(0, name: name, options: options)
            close()
            throw failure
        }
    }

    deinit { close() }

    private func handshakeError(_ rc: Int32, name: String, options: TLSOptions) -> TransportError {
        let endpoint = socket.endpoint
        let verifyResult = SSL_get_verify_result(ssl)
        if options.verify, verifyResult != X509_V_OK {
            let why = String(cString: X509_verify_cert_error_string(verifyResult))
            let trust = options.caFile.map { "the CA file \($0)" } ?? "the system trust store"
            return endpoint.error("tls.verify",
                                  "the TLS certificate of \(endpoint) did not verify for '\(name)' against \(trust): "
                                  + "\(why). Give the CA that signed the receiver's certificate as the CA file, or set "
                                  + "the server name to a name the certificate carries", retryable: false)
        }
        let code = SSL_get_error(ssl, rc)
        let detail = openSSLErrors()
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE {
            return endpoint.error("timeout", "the TLS handshake with \(endpoint) timed out after \(socket.timeout)",
                                  retryable: true)
        }
        if code == SSL_ERROR_SYSCALL || code == SSL_ERROR_ZERO_RETURN {
            return endpoint.error("tls.handshake", "\(endpoint) closed the connection during the TLS handshake"
                                  + (detail.isEmpty ? "" : " (\(detail))") + "; does it speak TLS on this port?",
                                  retryable: true)
        }
        return endpoint.error("tls.handshake", "the TLS handshake with \(endpoint) failed: \(detail); check that the "
                              + "receiver speaks TLS 1.2 or later on this port", retryable: false)
    }

    func write(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let n = bytes.withUnsafeBytes { buf in
                SSL_write(ssl, buf.baseAddress! + offset, Int32(clamping: buf.count - offset))
            }
            if n > 0 { offset += Int(n); continue }
            throw ioError(n, doing: "sending to")
        }
    }

    func read(max: Int) throws(TransportError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max)
        ERR_clear_error()
        let n = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(clamping: max)) }
        if n > 0 { return Array(buffer.prefix(Int(n))) }
        let code = SSL_get_error(ssl, n)
        if code == SSL_ERROR_ZERO_RETURN || (code == SSL_ERROR_SYSCALL && errno == 0) { return [] }
        throw ioError(n, doing: "reading from")
    }

    private func ioError(_ rc: Int32, doing what: String) -> TransportError {
        let code = SSL_get_error(ssl, rc)
        let saved = errno
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE { return socket.ioError(EAGAIN, doing: what) }
        if code == SSL_ERROR_SYSCALL { return socket.ioError(saved == 0 ? EPIPE : saved, doing: what) }
        return socket.endpoint.error("send", "TLS error \(what) \(socket.endpoint): \(openSSLErrors())",
                                     retryable: true)
    }

    /// Reads whatever the peer sent without blocking (TLS 1.3 session tickets, an alert, close_notify): the peer
    /// closed when that ends in end of stream or an error.
    var peerClosed: Bool {
        guard !closed, !socket.peerClosed else { return true }
        let flags = fcntl(socket.fd, F_GETFL)
        _ = fcntl(socket.fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(socket.fd, F_SETFL, flags) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            ERR_clear_error()
            let n = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if n > 0 { continue }  // receivers of ours never send application data; drop it
            let code = SSL_get_error(ssl, n)
            return !(code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE)
        }
    }

    /// Sends close_notify (best effort, bounded by the socket timeout), frees the session and closes the socket.
    func close() {
        guard !closed else { return }
        closed = true
        if socket.fd >= 0, SSL_is_init_finished(ssl) == 1 { _ = SSL_shutdown(ssl) }
        SSL_free(ssl)
        SSL_CTX_free(context)
        socket.close()
        ERR_clear_error()
    }
}

/// The OpenSSL error queue as one line (and emptied).
func openSSLErrors() -> String {
    var parts: [String] = []
    while case let code = ERR_get_error(), code != 0 {
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return parts.joined(separator: "; ")
}
