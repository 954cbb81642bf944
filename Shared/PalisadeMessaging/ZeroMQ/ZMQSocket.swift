import CZeroMQ
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A libzmq failure: the call that failed, errno and libzmq's text for it.
public struct ZMQError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    public init(_ operation: String, errno: Int32 = zmq_errno()) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(operation) failed: \(String(cString: zmq_strerror(errno))) (errno \(errno))" }

    public var isAgain: Bool { errno == EAGAIN }
    public var isHostUnreachable: Bool { errno == EHOSTUNREACH }
}

/// A libzmq context. Each messaging component owns one and terminates it after closing its sockets.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws {
        guard let h = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        handle = h
    }

    /// Blocks until every socket of the context is closed and its linger has passed.
    public func terminate() {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// One libzmq socket. Not thread-safe: it is created, used and closed on its owning `SocketThread`.
public final class ZMQSocket {
    public enum Kind: Sendable { case dealer, router }

    let handle: UnsafeMutableRawPointer
    private var closed = false

    public init(_ context: ZMQContext, kind: Kind) throws {
        guard let h = zmq_socket(context.handle, kind == .dealer ? ZMQ_DEALER : ZMQ_ROUTER) else {
            throw ZMQError("zmq_socket")
        }
        handle = h
    }

    func set(_ option: Int32, _ value: Int32) throws {
        var v = value
        guard zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError("zmq_setsockopt(\(option))")
        }
    }

    /// Linger, high-water marks and the rest every Palisade socket sets explicitly.
    public func configure(lingerMs: Int32, highWaterMark: Int32) throws {
        try setLinger(lingerMs)
        try set(ZMQ_SNDHWM, highWaterMark)
        try set(ZMQ_RCVHWM, highWaterMark)
    }

    public func setLinger(_ ms: Int32) throws { try set(ZMQ_LINGER, ms) }

    /// ROUTER only: sending to an unknown peer fails with EHOSTUNREACH instead of vanishing silently.
    public func setRouterMandatory() throws { try set(ZMQ_ROUTER_MANDATORY, 1) }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError("zmq_bind(\(endpoint))") }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError("zmq_connect(\(endpoint))") }
    }

    /// Sends all frames as one message without blocking. Throws `ZMQError` (EAGAIN at the high-water mark,
    /// EHOSTUNREACH for an unknown ROUTER peer); libzmq guarantees a multipart message goes whole or not at all.
    public func send(_ frames: [Data]) throws {
        for (i, frame) in frames.enumerated() {
            let flags = ZMQ_DONTWAIT | (i < frames.count - 1 ? ZMQ_SNDMORE : 0)
            let rc = frame.withUnsafeBytes { raw in zmq_send(handle, raw.baseAddress, raw.count, flags) }
            if rc < 0 { throw ZMQError("zmq_send") }
        }
    }

    /// Receives one whole multipart message without blocking; nil when none is waiting.
    public func receive() throws -> [Data]? {
        var frames: [Data] = []
        var msg = zmq_msg_t()
        zmq_msg_init(&msg)
        defer { zmq_msg_close(&msg) }
        while true {
            let flags: Int32 = frames.isEmpty ? ZMQ_DONTWAIT : 0
            if zmq_msg_recv(&msg, handle, flags) < 0 {
                let e = ZMQError("zmq_msg_recv")
                if frames.isEmpty && (e.isAgain || e.errno == EINTR) { return nil }
                throw e
            }
            let size = zmq_msg_size(&msg)
            frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&msg), count: size))
            if zmq_msg_more(&msg) == 0 { return frames }
        }
    }

    public func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }

    deinit { close() }
}
