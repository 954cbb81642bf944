import Foundation
import PalisadeModel

/// The accounts of the caller's AWS organization (Organizations ListAccounts, from the management account or a
/// delegated administrator).
public struct OrganizationMember: Sendable, Hashable {
    public var id: String
    public var name: String
    public var status: String
}

extension AWSClient {
    /// Every account of the organization, paginated.
    public func organizationAccounts() async throws -> [OrganizationMember] {
        try await jsonList(service: "organizations", region: "us-east-1", target: "AWSOrganizationsV20161128",
                           action: "ListAccounts", list: "Accounts").compactMap { a in
            guard let id = a["Id"]?.stringValue else { return nil }
            return OrganizationMember(id: id, name: a["Name"]?.stringValue ?? id, status: a["Status"]?.stringValue ?? "")
        }
    }
}
