#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few libc spellings that differ between Linux and Darwin (or collide with our method names).
enum SocketConstants {
    #if os(Linux)
    static let stream = Int32(SOCK_STREAM.rawValue)
    static let datagram = Int32(SOCK_DGRAM.rawValue)
    static let cloexec = Int32(SOCK_CLOEXEC.rawValue)
    static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    static let stream = SOCK_STREAM
    static let datagram = SOCK_DGRAM
    static let cloexec: Int32 = 0
    static let noSignal: Int32 = 0  // SO_NOSIGPIPE is set on the socket instead
    #endif
}

func sysConnect(_ fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>!, _ len: socklen_t) -> Int32 {
    connect(fd, addr, len)
}

func sysSend(_ fd: Int32, _ buf: UnsafeRawPointer, _ len: Int, _ flags: Int32) -> Int {
    send(fd, buf, len, flags)
}

func sysClose(_ fd: Int32) -> Int32 { close(fd) }
