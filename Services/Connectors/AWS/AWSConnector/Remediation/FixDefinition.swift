import Foundation
import PalisadeModel
import PalisadeProtocol

/// The resource a fix acts on, from a failing finding: its ARN and the parts fixes need.
public struct FixTarget: Sendable, Hashable {
    public var resourceID: String
    public var account: String
    public var region: String

    public init(resourceID: String, account: String, region: String) {
        self.resourceID = resourceID
        self.account = account
        self.region = region
    }

    /// The resource's own name or id: what follows the last `/` of the ARN, or `:::` for S3 buckets
    /// (`arn:aws:s3:::logs` → `logs`, `arn:aws:ec2:us-east-1:1:security-group/sg-1` → `sg-1`).
    public var name: String {
        if let r = resourceID.range(of: ":::") { return String(resourceID[r.upperBound...]) }
        if let slash = resourceID.lastIndex(of: "/") { return String(resourceID[resourceID.index(after: slash)...]) }
        return resourceID.split(separator: ":").last.map(String.init) ?? resourceID
    }

    /// The region for API calls: a global resource's finding says `global`; its calls go to us-east-1.
    public var apiRegion: String { region == "global" || region.isEmpty ? "us-east-1" : region }
}

/// The configuration could not be changed safely (the read shows something the fix does not handle).
public struct FixRefusal: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// One safe, reversible fix, as data: the checks it fixes, how to read the configuration it changes, and the
/// calls that change it and restore it. `read` is the only part that talks to AWS; `apply` and `undo` are pure, so
/// a plan shows exactly the calls `fix apply` makes, and `undo` rebuilds the previous configuration from the
/// recorded read. `apply` returning no call means the resource is already compliant.
public struct FixDefinition: Sendable {
    public var id: String
    public var checks: [String]
    /// What the fix does, in one line (`Block all public access to the bucket`).
    public var summary: String
    public var read: @Sendable (AWSClient, FixTarget) async throws -> JSONValue
    public var apply: @Sendable (FixTarget, JSONValue) throws -> [FixAPICall]
    public var undo: @Sendable (FixTarget, JSONValue) throws -> [FixAPICall]
    /// Fixes that rewrite one shared document (the account password policy: one call sets every field) name it
    /// here and say what the document is after `apply`. A plan with several of them on one resource then chains
    /// them: each starts from the state the one before leaves, so applying all of them in order keeps every
    /// change, and undoing them in reverse order returns to the state first read.
    public var document: String?
    public var after: (@Sendable (FixTarget, JSONValue) throws -> JSONValue)?

    public init(id: String, checks: [String], summary: String,
                read: @escaping @Sendable (AWSClient, FixTarget) async throws -> JSONValue,
                apply: @escaping @Sendable (FixTarget, JSONValue) throws -> [FixAPICall],
                undo: @escaping @Sendable (FixTarget, JSONValue) throws -> [FixAPICall],
                document: String? = nil,
                after: (@Sendable (FixTarget, JSONValue) throws -> JSONValue)? = nil) {
        self.id = id
        self.checks = checks
        self.summary = summary
        self.read = read
        self.apply = apply
        self.undo = undo
        self.document = document
        self.after = after
    }
}
