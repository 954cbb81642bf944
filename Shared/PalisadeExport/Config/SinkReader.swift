import Foundation
import PalisadeSchedule
import Yams

/// Reads the `sinks:` list.
struct SinkReader {
    static let entryKeys = ["name", "file", "syslog", "webhook", "securityhub", "filter", "snapshot", "batch", "enabled"]
    let reader: YAMLReader

    func sinks(_ node: Node) throws(ExportFileError) -> [SinkConfig] {
        guard let list = node.sequence else {
            throw reader.invalid(node, "'sinks' must be a list of sinks, each starting with '- name:'")
        }
        var out: [SinkConfig] = []
        var names: [String: Int] = [:]
        for (i, item) in list.enumerated() {
            let sink = try self.sink(item, index: i)
            if let first = names[sink.name] {
                throw reader.invalid(item, "sink name '\(sink.name)' is used twice (first on line \(first)); names must be unique")
            }
            names[sink.name] = item.mark?.line ?? 0
            out.append(sink)
        }
        return out
    }

    func sink(_ node: Node, index: Int) throws(ExportFileError) -> SinkConfig {
        let r = reader
        let m = try r.mapping(node, "sinks[\(index)]", allowed: Self.entryKeys)
        guard let nameNode = m["name"] else { throw r.invalid(node, "sinks[\(index)] has no 'name' (e.g. 'name: siem')") }
        let name = try r.string(nameNode, "sinks[\(index)].name")
        guard name.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw r.invalid(nameNode, "sink name '\(name)' must be 1-64 letters, digits, '.', '_' or '-'")
        }
        let kinds = SinkConfig.Kind.allCases.map(\.rawValue).filter { m[$0] != nil }
        guard kinds.count == 1, let kind = SinkConfig.Kind(rawValue: kinds[0]), let body = m[kinds[0]] else {
            throw r.invalid(node, "sink '\(name)' needs exactly one destination: "
                            + SinkConfig.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                            + (kinds.count > 1 ? " (it has \(kinds.joined(separator: " and ")))" : ""))
        }
        let label = "sink '\(name)'"
        let destination: SinkConfig.Destination
        switch kind {
        case .file: destination = .file(try file(body, label))
        case .syslog: destination = .syslog(try syslog(body, label))
        case .webhook: destination = .webhook(try webhook(body, label))
        case .securityhub: destination = .securityhub(try securityHub(body, label))
        }
        var sink = SinkConfig(name: name, destination: destination, line: node.mark?.line)
        if let n = m["filter"] { sink.filter = try r.filter(n, "\(label).filter") }
        if let n = m["snapshot"] { sink.snapshot = try cadence(n, "\(label).snapshot") }
        let maxBatch = kind == .securityhub ? 100 : 10_000
        if let n = m["batch"] { sink.batchSize = try r.int(n, "\(label).batch", in: 1...maxBatch) }
        if let n = m["enabled"] { sink.enabled = try r.bool(n, "\(label).enabled") }
        return sink
    }

    func file(_ node: Node, _ label: String) throws(ExportFileError) -> SinkConfig.File {
        let r = reader
        let m = try r.mapping(node, "\(label).file", allowed: ["path", "format", "rotate"])
        guard let p = m["path"] else { throw r.invalid(node, "\(label).file needs 'path' (an absolute file path)") }
        let path = try r.nonEmptyString(p, "\(label).file.path")
        guard path.hasPrefix("/"), !path.hasSuffix("/") else {
            throw r.invalid(p, "\(label).file.path '\(path)' must be an absolute path to a file (the export service writes it on its host)")
        }
        var format = "records"
        if let f = m["format"] {
            format = try r.string(f, "\(label).file.format")
            guard SinkConfig.fileFormats.contains(format) else {
                throw r.invalid(f, "\(label).file.format '\(format)' is not a line format; expected one of: "
                                + SinkConfig.fileFormats.joined(separator: ", ")
                                + " (SARIF is one document: use 'palisade export --format sarif')")
            }
        }
        var out = SinkConfig.File(path: path, format: format, rotateBytes: nil, rotateSeconds: nil, keep: 5)
        if let rot = m["rotate"] {
            let rm = try r.mapping(rot, "\(label).file.rotate", allowed: ["size", "every", "keep"])
            if let n = rm["size"] { out.rotateBytes = try r.bytes(n, "\(label).file.rotate.size") }
            if let n = rm["every"] { out.rotateSeconds = try r.seconds(n, "\(label).file.rotate.every", min: 1) }
            if let n = rm["keep"] { out.keep = try r.int(n, "\(label).file.rotate.keep", in: 1...1_000) }
            if out.rotateBytes == nil && out.rotateSeconds == nil {
                throw r.invalid(rot, "\(label).file.rotate needs 'size' (e.g. 10MB) and/or 'every' (e.g. 1d)")
            }
        }
        return out
    }

    func syslog(_ node: Node, _ label: String) throws(ExportFileError) -> SinkConfig.Syslog {
        let r = reader
        let m = try r.mapping(node, "\(label).syslog", allowed: ["address", "format", "ca", "serverName", "hostname"])
        guard let a = m["address"] else {
            throw r.invalid(node, "\(label).syslog needs 'address' (udp://host:514, tcp://host:6514 or tls://host:6514)")
        }
        let address = try r.nonEmptyString(a, "\(label).syslog.address")
        try Self.checkSyslogAddress(address, a, "\(label).syslog.address", r)
        let ca = try m["ca"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "\(label).syslog.ca") }
        if ca != nil, !address.lowercased().hasPrefix("tls://") {
            throw r.invalid(m["ca"]!, "\(label).syslog.ca is only used with a tls:// address")
        }
        return SinkConfig.Syslog(
            address: address,
            format: try m["format"].map { n throws(ExportFileError) in try r.choice(n, "\(label).syslog.format", SinkConfig.Syslog.Format.self) } ?? .rfc5424,
            caFile: ca,
            serverName: try m["serverName"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "\(label).syslog.serverName") },
            hostname: try m["hostname"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "\(label).syslog.hostname") })
    }

    /// `udp|tcp|tls://host:port` with a port 1-65535.
    static func checkSyslogAddress(_ text: String, _ node: Node, _ label: String, _ r: YAMLReader) throws(ExportFileError) {
        let ok = text.range(of: #"^(udp|tcp|tls)://[^\s/:]+:([0-9]{1,5})$"#, options: [.regularExpression, .caseInsensitive]) != nil
        let port = text.split(separator: ":").last.flatMap { Int($0) } ?? 0
        guard ok, (1...65_535).contains(port) else {
            throw r.invalid(node, "\(label) '\(text)' is not a syslog address; write udp://host:514, tcp://host:6514 or tls://host:6514")
        }
    }

    func webhook(_ node: Node, _ label: String) throws(ExportFileError) -> SinkConfig.Webhook {
        let r = reader
        let m = try r.mapping(node, "\(label).webhook", allowed: ["url", "secret", "maxAttempts", "deadLetter", "ocsf"])
        guard let u = m["url"] else { throw r.invalid(node, "\(label).webhook needs 'url' (https://…)") }
        let url = try r.nonEmptyString(u, "\(label).webhook.url")
        try ExportConfig.httpURL(url, u, "\(label).webhook.url", r)
        let dead = try m["deadLetter"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "\(label).webhook.deadLetter") }
        if let dead, !dead.hasPrefix("/") {
            throw r.invalid(m["deadLetter"]!, "\(label).webhook.deadLetter must be an absolute path")
        }
        return SinkConfig.Webhook(
            url: url, secret: try m["secret"].map { n throws(ExportFileError) in try r.secret(n, "\(label).webhook.secret") },
            maxAttempts: try m["maxAttempts"].map { n throws(ExportFileError) in try r.int(n, "\(label).webhook.maxAttempts", in: 1...100) } ?? 8,
            deadLetter: dead,
            ocsf: try m["ocsf"].map { n throws(ExportFileError) in try r.bool(n, "\(label).webhook.ocsf") } ?? false)
    }

    func securityHub(_ node: Node, _ label: String) throws(ExportFileError) -> SinkConfig.SecurityHub {
        let r = reader
        let m = try r.mapping(node, "\(label).securityhub", allowed: ["region", "profile", "endpoint", "includePassing"])
        guard let reg = m["region"] else { throw r.invalid(node, "\(label).securityhub needs 'region' (e.g. us-east-1)") }
        let endpoint = try m["endpoint"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "\(label).securityhub.endpoint") }
        if let endpoint { try ExportConfig.httpURL(endpoint, m["endpoint"]!, "\(label).securityhub.endpoint", r) }
        return SinkConfig.SecurityHub(
            region: try r.nonEmptyString(reg, "\(label).securityhub.region"),
            profile: try m["profile"].map { n throws(ExportFileError) in try r.nonEmptyString(n, "\(label).securityhub.profile") },
            endpoint: endpoint,
            includePassing: try m["includePassing"].map { n throws(ExportFileError) in try r.bool(n, "\(label).securityhub.includePassing") } ?? false)
    }

    /// `{ every: 7d }` or `{ cron: "0 6 * * 1" }`.
    func cadence(_ node: Node, _ label: String) throws(ExportFileError) -> Cadence {
        try YAMLReader.cadence(node, label, reader)
    }
}

extension YAMLReader {
    /// `{ every: 7d }` or `{ cron: "0 6 * * 1" }` (UTC), as the scheduler reads them.
    public static func cadence(_ node: Node, _ label: String, _ r: YAMLReader) throws(ExportFileError) -> Cadence {
        let m = try r.mapping(node, label, allowed: ["every", "cron"])
        switch (m["every"], m["cron"]) {
        case (let e?, nil):
            let text = try r.string(e, "\(label).every")
            guard let s = Cadence.parseInterval(text), s >= 60 else {
                throw r.invalid(e, "\(label).every '\(text)' is not an interval of at least 1m; write e.g. 6h, 1d, 7d")
            }
            return .every(seconds: s)
        case (nil, let c?):
            let text = try r.string(c, "\(label).cron")
            do { return .cron(try CronExpression(text)) } catch {
                throw r.invalid(c, "\(label).cron '\(text)': \(error.message)")
            }
        default:
            throw r.invalid(node, "\(label) needs exactly one of 'every: 7d' or 'cron: \"0 6 * * 1\"'")
        }
    }
}
