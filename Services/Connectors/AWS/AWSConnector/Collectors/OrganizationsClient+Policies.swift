import Foundation
import PalisadeModel

/// A service control policy as ListPolicies summarises it.
public struct OrganizationPolicySummary: Sendable, Hashable {
    public var id: String
    public var arn: String
    public var name: String
    public var description: String?
    public var type: String
    public var awsManaged: Bool?
    /// The ListPolicies entry verbatim.
    public var raw: JSONValue
}

/// Where a policy is attached, or a parent in an account's chain: `ROOT`, `ORGANIZATIONAL_UNIT` or `ACCOUNT`.
public struct OrganizationNode: Sendable, Hashable {
    public var id: String
    public var type: String
    /// ListTargetsForPolicy's `Name`; nil from ListParents (which gives none).
    public var name: String?
}

extension OrganizationsClient {
    /// Every policy of `type` (ListPolicies `Filter`, paged) — management account or delegated administrator.
    public func listPolicies(type: String = "SERVICE_CONTROL_POLICY", pageSize: Int = 20) async throws
        -> [OrganizationPolicySummary] {
        try await client.jsonList(service: "organizations", region: "us-east-1", target: Self.target,
                                  action: "ListPolicies", list: "Policies",
                                  body: ["Filter": .string(type), "MaxResults": .number(Double(pageSize))]).map { p in
            OrganizationPolicySummary(
                id: p["Id"]?.stringValue ?? "", arn: p["Arn"]?.stringValue ?? "", name: p["Name"]?.stringValue ?? "",
                description: AWSJSON.string(p["Description"]), type: p["Type"]?.stringValue ?? type,
                awsManaged: p["AwsManaged"]?.boolValue, raw: p)
        }
    }

    /// DescribePolicy's `Content`: the policy document, parsed.
    public func policyContent(id: String) async throws -> JSONValue {
        let answer = try await client.json(service: "organizations", region: "us-east-1", target: Self.target,
                                           action: "DescribePolicy", body: ["PolicyId": .string(id)])
        return try JSONValue.policyDocument(answer["Policy"]?["Content"]?.stringValue)
    }

    /// Roots, OUs and accounts the policy is attached to (ListTargetsForPolicy, paged).
    public func targets(policyID: String, pageSize: Int = 20) async throws -> [OrganizationNode] {
        try await client.jsonList(service: "organizations", region: "us-east-1", target: Self.target,
                                  action: "ListTargetsForPolicy", list: "Targets",
                                  body: ["PolicyId": .string(policyID), "MaxResults": .number(Double(pageSize))]).map {
            OrganizationNode(id: $0["TargetId"]?.stringValue ?? "", type: $0["Type"]?.stringValue ?? "",
                             name: AWSJSON.string($0["Name"]))
        }
    }

    /// The parent of an account or OU (ListParents; AWS gives exactly one).
    public func parent(of childID: String) async throws -> OrganizationNode? {
        try await client.jsonList(service: "organizations", region: "us-east-1", target: Self.target,
                                  action: "ListParents", list: "Parents", body: ["ChildId": .string(childID)]).first.map {
            OrganizationNode(id: $0["Id"]?.stringValue ?? "", type: $0["Type"]?.stringValue ?? "", name: nil)
        }
    }
}
