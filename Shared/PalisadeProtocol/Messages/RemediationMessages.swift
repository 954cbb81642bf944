import Foundation
import PalisadeModel

/// One AWS API call a fix makes, as data: how to send it (`style`), what it does (`title`) and the same call as the
/// AWS CLI would make it (`cli`), so that `palisade fix plan` shows exactly what `apply` will do.
public struct FixAPICall: Codable, Sendable, Hashable {
    public enum Style: String, Codable, Sendable {
        /// Query protocol: `Action=…&Version=…` form parameters (EC2, IAM, RDS, SQS, ELBv2, …).
        case query
        /// AWS JSON protocol: `X-Amz-Target: <target>.<action>` and a JSON body (KMS, CloudTrail, ECR, DynamoDB, Logs).
        case json
        /// S3 REST on a bucket sub-resource (`PUT /bucket?versioning`, `DELETE /bucket?policy`).
        case s3
        /// S3 Control REST for the account (`PUT /v20180820/configuration/publicAccessBlock`).
        case s3Control
    }

    public struct Param: Codable, Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var style: Style
    /// Signing name and endpoint (`s3`, `ec2`, `iam`, `kms`, …).
    public var service: String
    /// The API action (`PutPublicAccessBlock`); the IAM action is `service:action`.
    public var action: String
    public var region: String
    /// Query protocol API version (`2016-11-15`); JSON protocol target prefix (`TrentService`).
    public var version: String?
    /// REST: `PUT`, `DELETE`; with the bucket (`s3`) and sub-resource (`versioning`) or the S3 Control path.
    public var method: String?
    public var bucket: String?
    public var path: String?
    /// Query parameters (query protocol), or the REST query string.
    public var params: [Param]
    /// JSON (json protocol) or XML (S3) request body.
    public var body: String?
    public var title: String
    public var cli: String?

    public init(style: Style, service: String, action: String, region: String, version: String? = nil,
                method: String? = nil, bucket: String? = nil, path: String? = nil, params: [Param] = [],
                body: String? = nil, title: String, cli: String? = nil) {
        self.style = style
        self.service = service
        self.action = action
        self.region = region
        self.version = version
        self.method = method
        self.bucket = bucket
        self.path = path
        self.params = params
        self.body = body
        self.title = title
        self.cli = cli
    }

    /// The IAM action a policy must allow for this call: `service:action`, except where S3's IAM names differ from
    /// its API operations (`PutPublicAccessBlock` on a bucket is `s3:PutBucketPublicAccessBlock`).
    public var iamAction: String {
        if service == "s3control" {
            return action.contains("PublicAccessBlock") ? "s3:PutAccountPublicAccessBlock" : "s3:\(action)"
        }
        if service == "s3", let name = Self.s3IAMActions[action] { return "s3:\(name)" }
        return "\(service):\(action)"
    }

    /// S3 operations whose IAM action has another name (deleting a configuration needs the permission to put it).
    static let s3IAMActions = [
        "PutPublicAccessBlock": "PutBucketPublicAccessBlock", "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
        "PutBucketEncryption": "PutEncryptionConfiguration", "DeleteBucketEncryption": "PutEncryptionConfiguration",
        "DeleteBucketOwnershipControls": "PutBucketOwnershipControls",
    ]
}

/// What a fix would do to one failing finding: the calls, the configuration it replaces (read just now) and the calls
/// that restore it — or why no safe fix exists.
public struct FixPlanItem: Codable, Sendable, Hashable {
    public var findingID: String
    public var checkID: String
    public var resourceID: String
    public var account: String
    public var region: String
    /// The catalog fix (`s3.bucket.versioning`); nil with `noFix`.
    public var fixID: String?
    public var summary: String
    /// The configuration before the fix, as read from AWS (what `undo` restores).
    public var previous: JSONValue?
    public var calls: [FixAPICall]
    public var undoCalls: [FixAPICall]
    /// Why this finding gets no fix (no safe fix for the check, the resource is already compliant, a read failed).
    public var noFix: String?

    public init(findingID: String, checkID: String, resourceID: String, account: String, region: String,
                fixID: String? = nil, summary: String, previous: JSONValue? = nil, calls: [FixAPICall] = [],
                undoCalls: [FixAPICall] = [], noFix: String? = nil) {
        self.findingID = findingID
        self.checkID = checkID
        self.resourceID = resourceID
        self.account = account
        self.region = region
        self.fixID = fixID
        self.summary = summary
        self.previous = previous
        self.calls = calls
        self.undoCalls = undoCalls
        self.noFix = noFix
    }
}

/// Plans fixes for failing findings. Read-only: the connector reads each resource's current configuration and
/// answers the calls a fix would make; nothing is changed.
public struct FixPlanRequest: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.fix.plan"
    public typealias Response = FixPlanReply

    public var findings: [Finding]
    public var profile: String?
    public var endpoint: String?

    public init(findings: [Finding], profile: String? = nil, endpoint: String? = nil) {
        self.findings = findings
        self.profile = profile
        self.endpoint = endpoint
    }
}

public struct FixPlanReply: Codable, Sendable, Hashable {
    public var items: [FixPlanItem]
    public init(items: [FixPlanItem]) { self.items = items }
}

/// Makes (or undoes) one planned fix. The connector rebuilds the calls from its own catalog for `item.fixID`,
/// `item.resourceID` and `item.previous` — it never sends calls it received over the bus.
public struct FixExecute: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.fix.execute"
    public typealias Response = FixExecuted

    public enum Direction: String, Codable, Sendable { case apply, undo }

    public var item: FixPlanItem
    public var direction: Direction
    public var profile: String?
    public var endpoint: String?

    public init(item: FixPlanItem, direction: Direction, profile: String? = nil, endpoint: String? = nil) {
        self.item = item
        self.direction = direction
        self.profile = profile
        self.endpoint = endpoint
    }
}

public struct FixExecuted: Codable, Sendable, Hashable {
    /// The calls made, in order; on a failure, those made before it.
    public var made: [FixAPICall]
    /// The failing call's error (AWS code and message); nil when every call succeeded.
    public var error: String?
    public init(made: [FixAPICall], error: String? = nil) {
        self.made = made
        self.error = error
    }
}

// MARK: - Runs (the export service records them)

/// One recorded `fix apply` or `fix undo`: each item's plan (with the configuration it replaced) and outcome.
public struct FixRun: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case apply, undo }
    public enum State: String, Codable, Sendable {
        /// Recorded, calls under way (a run still `running` after a restart was interrupted: see `interrupted`).
        case running
        case applied
        /// Some items failed; the others were applied.
        case partial
        case failed
        /// Undone by a later run (`undoneBy`).
        case undone
        /// The export service stopped while the run was making calls; `fix undo` restores every item.
        case interrupted
    }

    public struct Item: Codable, Sendable, Hashable {
        public enum Status: String, Codable, Sendable { case pending, applied, failed, skipped }
        public var plan: FixPlanItem
        public var status: Status
        public var error: String?
        /// After the rescan: the finding's status then (`pass` when the fix resolved it).
        public var findingStatus: String?

        public init(plan: FixPlanItem, status: Status, error: String? = nil, findingStatus: String? = nil) {
            self.plan = plan
            self.status = status
            self.error = error
            self.findingStatus = findingStatus
        }
    }

    public var id: String
    public var kind: Kind
    public var state: State
    public var createdAt: Date
    public var finishedAt: Date?
    /// For an undo: the run it undid. For an undone apply: the undo run.
    public var undoOf: String?
    public var undoneBy: String?
    public var profile: String?
    public var endpoint: String?
    /// The rescan after the run.
    public var rescanID: String?
    public var items: [Item]

    public init(id: String, kind: Kind, state: State, createdAt: Date, finishedAt: Date? = nil, undoOf: String? = nil,
                undoneBy: String? = nil, profile: String? = nil, endpoint: String? = nil, rescanID: String? = nil,
                items: [Item]) {
        self.id = id
        self.kind = kind
        self.state = state
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.undoOf = undoOf
        self.undoneBy = undoneBy
        self.profile = profile
        self.endpoint = endpoint
        self.rescanID = rescanID
        self.items = items
    }
}

/// Applies the fixes for these failing findings: the export service plans them afresh through the connector,
/// records the run (and each previous configuration) before the first call, then makes the calls item by item.
public struct FixApplyRequest: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.fix.apply"
    public typealias Response = FixRun

    public var findings: [Finding]
    public var profile: String?
    public var endpoint: String?

    public init(findings: [Finding], profile: String? = nil, endpoint: String? = nil) {
        self.findings = findings
        self.profile = profile
        self.endpoint = endpoint
    }
}

/// Restores what run `runID` changed, from the configuration it recorded; a new run of kind `undo`.
public struct FixUndoRequest: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.fix.undo"
    public typealias Response = FixRun

    public var runID: String
    public init(runID: String) { self.runID = runID }
}

/// Records the rescan after a run and each finding's status in it.
public struct FixRescanned: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.fix.rescanned"
    public typealias Response = FixRun

    public var runID: String
    public var scanID: String
    /// Finding id → status after the rescan.
    public var statuses: [String: String]

    public init(runID: String, scanID: String, statuses: [String: String]) {
        self.runID = runID
        self.scanID = scanID
        self.statuses = statuses
    }
}

/// Recorded runs, newest first; one run with `runID`.
public struct FixRunsQuery: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.fix.runs"
    public typealias Response = [FixRun]

    public var runID: String?
    public var limit: Int
    public init(runID: String? = nil, limit: Int = 50) {
        self.runID = runID
        self.limit = limit
    }
}
