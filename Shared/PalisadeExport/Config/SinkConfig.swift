import Foundation
import PalisadeSchedule

/// One continuous-export destination declared under `sinks:` in palisade.yaml. Each sink has its own cursor into the
/// export outbox, its own filter, retries and status (`palisade export sinks`).
public struct SinkConfig: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case file, syslog, webhook, securityhub
    }

    /// What a file sink writes, one line per record: `records` (every record kind as JSON) or a finding format (only
    /// finding records: jsonl, ocsf, ocsf-compliance, asff, csv).
    public static let fileFormats = ["records", "jsonl", "ocsf", "ocsf-compliance", "asff", "csv"]

    public struct File: Sendable, Hashable {
        public var path: String
        public var format: String
        /// Start a new file when the current one reaches this size …
        public var rotateBytes: Int64?
        /// … or is this old (seconds).
        public var rotateSeconds: Double?
        /// Rotated files kept (older ones are deleted).
        public var keep: Int

        public init(path: String, format: String = "records", rotateBytes: Int64? = nil, rotateSeconds: Double? = nil,
                    keep: Int = 5) {
            self.path = path
            self.format = format
            self.rotateBytes = rotateBytes
            self.rotateSeconds = rotateSeconds
            self.keep = keep
        }
    }

    public struct Syslog: Sendable, Hashable {
        public enum Format: String, Sendable, Hashable, CaseIterable { case rfc5424, cef }
        /// `udp://host:port`, `tcp://host:port` (octet-counting framing) or `tls://host:port`.
        public var address: String
        public var format: Format
        public var caFile: String?
        public var serverName: String?
        /// HOSTNAME in each message; default this host's name.
        public var hostname: String?

        public init(address: String, format: Format = .rfc5424, caFile: String? = nil, serverName: String? = nil,
                    hostname: String? = nil) {
            self.address = address
            self.format = format
            self.caFile = caFile
            self.serverName = serverName
            self.hostname = hostname
        }
    }

    public struct Webhook: Sendable, Hashable {
        public var url: String
        public var secret: SecretRef?
        /// Attempts of one batch before it goes to the dead-letter file.
        public var maxAttempts: Int
        /// Where a batch that could not be delivered goes (one JSON line each); default `<dataDir>/export/<sink>.dead.jsonl`.
        public var deadLetter: String?
        /// Findings as OCSF Detection Findings instead of Palisade's JSON.
        public var ocsf: Bool

        public init(url: String, secret: SecretRef? = nil, maxAttempts: Int = 8, deadLetter: String? = nil, ocsf: Bool = false) {
            self.url = url
            self.secret = secret
            self.maxAttempts = maxAttempts
            self.deadLetter = deadLetter
            self.ocsf = ocsf
        }
    }

    public struct SecurityHub: Sendable, Hashable {
        public var region: String
        public var profile: String?
        public var endpoint: String?
        /// Also import passing findings (default: only failing, unmuted ones; resolved ones are archived).
        public var includePassing: Bool

        public init(region: String, profile: String? = nil, endpoint: String? = nil, includePassing: Bool = false) {
            self.region = region
            self.profile = profile
            self.endpoint = endpoint
            self.includePassing = includePassing
        }
    }

    public enum Destination: Sendable, Hashable {
        case file(File), syslog(Syslog), webhook(Webhook), securityhub(SecurityHub)
    }

    public var name: String
    public var destination: Destination
    public var filter: ExportFilter
    /// A full snapshot of the current findings on this cadence (records marked `snapshot`), besides the deltas.
    public var snapshot: Cadence?
    /// Records per delivery (a webhook batch, a Security Hub call ≤ 100).
    public var batchSize: Int
    public var enabled: Bool
    /// Line of the entry in its file, for messages.
    public var line: Int?

    public init(name: String, destination: Destination, filter: ExportFilter = .all, snapshot: Cadence? = nil,
                batchSize: Int = 100, enabled: Bool = true, line: Int? = nil) {
        self.name = name
        self.destination = destination
        self.filter = filter
        self.snapshot = snapshot
        self.batchSize = batchSize
        self.enabled = enabled
        self.line = line
    }

    public var kind: Kind {
        switch destination {
        case .file: return .file
        case .syslog: return .syslog
        case .webhook: return .webhook
        case .securityhub: return .securityhub
        }
    }

    /// Where it delivers, safe to print (no secret).
    public var target: String {
        switch destination {
        case .file(let f): return "\(f.path) (\(f.format))"
        case .syslog(let s): return "\(s.address) (\(s.format.rawValue))"
        case .webhook(let w): return w.url
        case .securityhub(let h): return "securityhub \(h.region)\(h.endpoint.map { " via \($0)" } ?? "")"
        }
    }
}
