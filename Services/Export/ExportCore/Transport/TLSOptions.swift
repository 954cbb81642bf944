/// How to talk TLS to a receiver (syslog over TLS, SMTP STARTTLS or implicit TLS).
/// - `caFile`: PEM bundle of the CAs to trust; the system's default trust store when nil.
/// - `certificateFile` / `keyFile`: a client certificate (PEM) for receivers that ask for one (mutual TLS).
/// - `serverName`: the name to verify the server's certificate against and send as SNI; the host when nil.
/// - `verify`: false skips certificate and name verification — only for a lab; the connection is then not
///   authenticated.
public struct TLSOptions: Sendable, Hashable {
    public var caFile: String?
    public var certificateFile: String?
    public var keyFile: String?
    public var serverName: String?
    public var verify: Bool = true

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil,
                serverName: String? = nil, verify: Bool = true) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.serverName = serverName
        self.verify = verify
    }
}
