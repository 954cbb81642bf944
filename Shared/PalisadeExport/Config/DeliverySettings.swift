import Foundation

/// The `smtp:` section: how automations send e-mail.
public struct SMTPConfig: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable, CaseIterable { case none, starttls, tls }
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: SecretRef?
    public var from: String
    public var caFile: String?

    public init(host: String, port: Int, security: Security = .none, username: String? = nil, password: SecretRef? = nil,
                from: String, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.caFile = caFile
    }
}

/// The `ticketing:` section: the ticket systems automations open tickets in, and how often their state is read back.
public struct TicketingConfig: Sendable, Hashable {
    public struct ServiceNow: Sendable, Hashable {
        public var instance: String
        public var user: String
        public var password: SecretRef
        /// OAuth client (`/oauth_token.do`, password grant) instead of Basic auth.
        public var clientID: String?
        public var clientSecret: SecretRef?
        public var assignmentGroup: String?
    }

    public struct Jira: Sendable, Hashable {
        public var site: String
        public var email: String
        public var apiToken: SecretRef
        public var project: String
        public var issueType: String
    }

    public var serviceNow: ServiceNow?
    public var jira: Jira?
    /// How often open tickets are read back (a ticket closed there ends the governance assignment).
    public var syncSeconds: Double

    public init(serviceNow: ServiceNow? = nil, jira: Jira? = nil, syncSeconds: Double = 3_600) {
        self.serviceNow = serviceNow
        self.jira = jira
        self.syncSeconds = syncSeconds
    }
}
