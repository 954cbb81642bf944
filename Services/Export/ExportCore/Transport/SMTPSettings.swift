/// How to reach the mail relay. `security`: `none` (plain SMTP — credentials, if any, travel in clear because
/// you said so), `starttls` (upgrade on the submission port 587; refuses to continue if the relay does not offer it),
/// `tls` (implicit TLS, port 465). `tls` options set the trust anchors and server name for both TLS modes.
public struct SMTPSettings: Sendable, Hashable {
    public enum Security: String, Sendable, CaseIterable { case none, startTLS = "starttls", tls }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var heloName: String = "palisade"
    public var tls: TLSOptions?
    public var timeout: Duration = .seconds(30)

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
                heloName: String = "palisade", tls: TLSOptions? = nil, timeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName
        self.tls = tls
        self.timeout = timeout
    }
}
