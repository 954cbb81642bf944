import Foundation
import PalisadeModel

/// Imports ASFF findings (built by the export service) into Security Hub through the connector, which owns the
/// AWS credentials: `BatchImportFindings` in chunks of at most 100, throttling retried with backoff.
public struct SecurityHubImport: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.securityhub.import"
    public typealias Response = SecurityHubImportResult

    public var findings: [JSONValue]
    public var region: String
    public var profile: String?
    public var endpoint: String?

    public init(findings: [JSONValue], region: String, profile: String? = nil, endpoint: String? = nil) {
        self.findings = findings
        self.region = region
        self.profile = profile
        self.endpoint = endpoint
    }
}

public struct SecurityHubImportResult: Codable, Sendable, Hashable {
    public struct Failure: Codable, Sendable, Hashable {
        public var id: String
        public var code: String
        public var message: String
        public init(id: String, code: String, message: String) {
            self.id = id
            self.code = code
            self.message = message
        }
    }

    public var successCount: Int
    public var failed: [Failure]
    /// BatchImportFindings calls made (retries not counted).
    public var calls: Int

    public init(successCount: Int, failed: [Failure], calls: Int) {
        self.successCount = successCount
        self.failed = failed
        self.calls = calls
    }
}

/// Security Hub `GetFindings`, every page: the findings with these ids, or all of them.
public struct SecurityHubFindingsQuery: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.securityhub.findings"
    public typealias Response = [JSONValue]

    public var ids: [String]
    public var region: String
    public var profile: String?
    public var endpoint: String?

    public init(ids: [String] = [], region: String, profile: String? = nil, endpoint: String? = nil) {
        self.ids = ids
        self.region = region
        self.profile = profile
        self.endpoint = endpoint
    }
}
