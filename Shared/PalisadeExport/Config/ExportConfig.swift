import Foundation
import PalisadeSchedule
import Yams

/// What the export service reads from palisade.yaml: `sinks:`, `automations:`, `smtp:` and `ticketing:`. Other top-level
/// keys belong to the supervisor and the scheduler and are left to them.
public struct ExportConfig: Sendable, Hashable {
    public static let sectionKeys = ["sinks", "automations", "smtp", "ticketing"]

    public var sinks: [SinkConfig]
    public var automations: [AutomationRule]
    public var smtp: SMTPConfig?
    public var ticketing: TicketingConfig?
    /// The file it came from (nil: no file, nothing configured).
    public var file: String?

    public init(sinks: [SinkConfig] = [], automations: [AutomationRule] = [], smtp: SMTPConfig? = nil,
                ticketing: TicketingConfig? = nil, file: String? = nil) {
        self.sinks = sinks
        self.automations = automations
        self.smtp = smtp
        self.ticketing = ticketing
        self.file = file
    }

    public static func load(path: String) throws(ExportFileError) -> ExportConfig {
        let text = try YAMLReader.text(path: path, what: "the configuration file")
        return try parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String) throws(ExportFileError) -> ExportConfig {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(yaml) else { return ExportConfig(file: file) }
        guard root.mapping != nil else { throw reader.invalid(root, "the file must be a mapping of sections") }
        let top = reader.keys(root)
        var config = ExportConfig(file: file)
        if let n = top["sinks"], n.null == nil { config.sinks = try SinkReader(reader: reader).sinks(n) }
        if let n = top["automations"], n.null == nil {
            config.automations = try AutomationFile.section(n, reader: reader)
        }
        if let n = top["smtp"], n.null == nil { config.smtp = try smtp(n, reader) }
        if let n = top["ticketing"], n.null == nil { config.ticketing = try ticketing(n, reader) }
        try checkReferences(config, root: root, reader: reader)
        return config
    }

    /// Actions that need a section that is missing: e-mail without `smtp:`, tickets without their system.
    static func checkReferences(_ c: ExportConfig, root: Node, reader: YAMLReader) throws(ExportFileError) {
        for rule in c.automations {
            for action in rule.actions {
                switch action {
                case .email where c.smtp == nil:
                    throw ExportFileError(code: .invalid, file: reader.file, line: rule.line,
                                          message: "automation '\(rule.name)' sends e-mail but there is no 'smtp:' section (host, port, from)")
                case .ticket(let system):
                    let configured = system == "servicenow" ? c.ticketing?.serviceNow != nil : c.ticketing?.jira != nil
                    if !configured {
                        throw ExportFileError(code: .invalid, file: reader.file, line: rule.line,
                                              message: "automation '\(rule.name)' opens \(system) tickets but 'ticketing:' has no '\(system)' entry")
                    }
                default: break
                }
            }
        }
    }

    static func smtp(_ node: Node, _ r: YAMLReader) throws(ExportFileError) -> SMTPConfig {
        let m = try r.mapping(node, "smtp", allowed: ["host", "port", "security", "username", "password", "from", "ca"])
        guard let host = m["host"], let from = m["from"] else {
            throw r.invalid(node, "smtp needs at least 'host' and 'from' (e.g. host: mail.example.com, from: palisade@example.com)")
        }
        let security = try m["security"].map { n throws(ExportFileError) in try r.choice(n, "smtp.security", SMTPConfig.Security.self) } ?? .none
        let defaultPort = security == .tls ? 465 : (security == .starttls ? 587 : 25)
        let username = try m["username"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "smtp.username") }
        let password = try m["password"].map { n throws(ExportFileError) in try r.secret(n, "smtp.password") }
        if (username == nil) != (password == nil) {
            throw r.invalid(node, "smtp needs both 'username' and 'password' for authentication, or neither")
        }
        let fromText = try r.nonEmptyString(from, "smtp.from")
        guard EmailAddress.isValid(fromText) else { throw r.invalid(from, "smtp.from '\(fromText)' is not an e-mail address") }
        return SMTPConfig(host: try r.nonEmptyString(host, "smtp.host"),
                          port: try m["port"].map { n throws(ExportFileError) in try r.int(n, "smtp.port", in: 1...65_535) } ?? defaultPort,
                          security: security, username: username, password: password, from: fromText,
                          caFile: try m["ca"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "smtp.ca") })
    }

    static func ticketing(_ node: Node, _ r: YAMLReader) throws(ExportFileError) -> TicketingConfig {
        let m = try r.mapping(node, "ticketing", allowed: ["servicenow", "jira", "syncEvery"])
        var t = TicketingConfig()
        if let n = m["syncEvery"] { t.syncSeconds = try r.seconds(n, "ticketing.syncEvery", min: 1) }
        if let n = m["servicenow"] {
            let s = try r.mapping(n, "ticketing.servicenow",
                                  allowed: ["instance", "user", "password", "clientID", "clientSecret", "assignmentGroup"])
            guard let instance = s["instance"], let user = s["user"], let password = s["password"] else {
                throw r.invalid(n, "ticketing.servicenow needs instance (https://…service-now.com), user and password ({env: VAR})")
            }
            let url = try r.nonEmptyString(instance, "ticketing.servicenow.instance")
            try httpURL(url, instance, "ticketing.servicenow.instance", r)
            let clientID = try s["clientID"].map { x throws(ExportFileError) in try r.nonEmptyString(x, "ticketing.servicenow.clientID") }
            let clientSecret = try s["clientSecret"].map { x throws(ExportFileError) in try r.secret(x, "ticketing.servicenow.clientSecret") }
            if (clientID == nil) != (clientSecret == nil) {
                throw r.invalid(n, "ticketing.servicenow needs both clientID and clientSecret for OAuth, or neither for Basic auth")
            }
            t.serviceNow = .init(instance: url, user: try r.nonEmptyString(user, "ticketing.servicenow.user"),
                                 password: try r.secret(password, "ticketing.servicenow.password"),
                                 clientID: clientID, clientSecret: clientSecret,
                                 assignmentGroup: try s["assignmentGroup"].map { x throws(ExportFileError) in
                                     try r.nonEmptyString(x, "ticketing.servicenow.assignmentGroup") })
        }
        if let n = m["jira"] {
            let j = try r.mapping(n, "ticketing.jira", allowed: ["site", "email", "apiToken", "project", "issueType"])
            guard let site = j["site"], let email = j["email"], let token = j["apiToken"], let project = j["project"] else {
                throw r.invalid(n, "ticketing.jira needs site (https://…atlassian.net), email, apiToken ({env: VAR}) and project (its key)")
            }
            let url = try r.nonEmptyString(site, "ticketing.jira.site")
            try httpURL(url, site, "ticketing.jira.site", r)
            t.jira = .init(site: url, email: try r.nonEmptyString(email, "ticketing.jira.email"),
                           apiToken: try r.secret(token, "ticketing.jira.apiToken"),
                           project: try r.nonEmptyString(project, "ticketing.jira.project"),
                           issueType: try j["issueType"].map { x throws(ExportFileError) in try r.nonEmptyString(x, "ticketing.jira.issueType") } ?? "Task")
        }
        return t
    }

    static func httpURL(_ text: String, _ node: Node, _ label: String, _ r: YAMLReader) throws(ExportFileError) {
        guard let u = URL(string: text), let scheme = u.scheme?.lowercased(), scheme == "https" || scheme == "http",
              u.host != nil else {
            throw r.invalid(node, "\(label) '\(text)' is not an http(s) URL")
        }
    }
}

/// The shape check Palisade applies to addresses it sends to (one @, no spaces or header characters).
public enum EmailAddress {
    public static func isValid(_ s: String) -> Bool {
        s.range(of: #"^[^@\s<>,;:"\r\n]+@[^@\s<>,;:"\r\n]+\.[^@\s<>,;:"\r\n]+$"#, options: .regularExpression) != nil
    }
}
