import Foundation

/// Where a syslog receiver listens: `udp://host:514`, `tcp://127.0.0.1:6514`, `tls://siem.example:6514`,
/// `tcp://[::1]:514`. The port is required (514 for UDP/TCP and 6514 for TLS are conventions, not defaults we guess).
public struct SyslogAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: String, Sendable, CaseIterable { case udp, tcp, tls }

    public var transport: Transport
    public var host: String
    public var port: Int

    public init(transport: Transport, host: String, port: Int) {
        self.transport = transport
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(TransportError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func invalid(_ why: String) -> TransportError {
            TransportError(code: "syslog.address",
                           message: "syslog address '\(trimmed)' \(why); write it as udp://host:514, tcp://host:514 or tls://host:6514",
                           retryable: false)
        }
        guard let sep = trimmed.range(of: "://") else { throw invalid("has no scheme") }
        let scheme = trimmed[..<sep.lowerBound].lowercased()
        guard let transport = Transport(rawValue: scheme) else {
            throw invalid("has the unknown scheme '\(scheme)'")
        }
        var rest = Substring(trimmed[sep.upperBound...])
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("@") else {
            throw invalid("has a path, query or user part")
        }
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("has an unclosed '['") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.hasPrefix(":") else { throw invalid("has no port") }
            portText = after.dropFirst()
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw invalid("has no port") }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
            guard !host.contains(":") else { throw invalid("has an IPv6 host without [brackets]") }
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || "-._:%".contains($0) }) else {
            throw invalid("has no valid host")
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw invalid("has no valid port (1–65535)")
        }
        self.init(transport: transport, host: String(host), port: port)
    }

    public var description: String {
        "\(transport.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}
