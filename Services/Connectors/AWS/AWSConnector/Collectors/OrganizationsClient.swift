import Foundation
import PalisadeModel

/// One member of an AWS Organization as ListAccounts describes it, minus the email address (PII).
public struct OrganizationAccount: Sendable, Hashable {
    public var id: String
    public var arn: String
    public var name: String
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE` (the newer `State` when AWS sends it, else `Status`).
    public var status: String
    public var joinedMethod: String?
    /// ISO-8601.
    public var joinedTimestamp: String?
    /// The ListAccounts entry without `Email`.
    public var raw: JSONValue
}

/// The organization the caller's account belongs to, as DescribeOrganization describes it (no master email).
public struct OrganizationDescription: Sendable, Hashable {
    public var id: String
    public var arn: String
    public var featureSet: String?
    public var masterAccountId: String?
    public var masterAccountArn: String?
    public var raw: JSONValue
}

/// The Organizations calls a scan makes, for the Organizations collector and for multi-account scans
/// (listing the members to assume a role in each). JSON 1.1, `AWSOrganizationsV20161128`, signed in us-east-1.
public struct OrganizationsClient: Sendable {
    public let client: AWSClient
    static let target = "AWSOrganizationsV20161128"

    public init(client: AWSClient) { self.client = client }

    /// The caller's organization; nil when the account is not in one (`AWSOrganizationsNotInUseException`).
    public func describeOrganization() async throws -> OrganizationDescription? {
        let page: JSONValue
        do {
            page = try await client.json(service: "organizations", region: "us-east-1", target: Self.target,
                                         action: "DescribeOrganization")
        } catch let e as AWSError where e.code == "AWSOrganizationsNotInUseException" {
            return nil
        }
        let o = page["Organization"] ?? [:]
        return OrganizationDescription(
            id: o["Id"]?.stringValue ?? "", arn: o["Arn"]?.stringValue ?? "", featureSet: AWSJSON.string(o["FeatureSet"]),
            masterAccountId: AWSJSON.string(o["MasterAccountId"]), masterAccountArn: AWSJSON.string(o["MasterAccountArn"]),
            raw: Self.withoutEmail(o, key: "MasterAccountEmail"))
    }

    /// Every member account (management account only; a member account gets AccessDeniedException).
    public func listAccounts(pageSize: Int = 20) async throws -> [OrganizationAccount] {
        try await client.jsonList(service: "organizations", region: "us-east-1", target: Self.target,
                                  action: "ListAccounts", list: "Accounts",
                                  body: ["MaxResults": .number(Double(pageSize))]).map { a in
            OrganizationAccount(
                id: a["Id"]?.stringValue ?? "", arn: a["Arn"]?.stringValue ?? "", name: a["Name"]?.stringValue ?? "",
                status: AWSJSON.string(a["State"]) ?? AWSJSON.string(a["Status"]) ?? "",
                joinedMethod: AWSJSON.string(a["JoinedMethod"]), joinedTimestamp: AWSJSON.date(a["JoinedTimestamp"]).stringValue,
                raw: Self.withoutEmail(a, key: "Email"))
        }
    }

    static func withoutEmail(_ value: JSONValue, key: String) -> JSONValue {
        guard case .object(var o) = value else { return value }
        o[key] = nil
        return .object(o)
    }
}
