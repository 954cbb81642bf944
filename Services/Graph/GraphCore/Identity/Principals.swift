import PalisadeIAM
import PalisadeModel

/// Every principal of the account with the policies that decide what it may do: inline and attached policies
/// (a managed policy's document from the attachment, else from the `aws.iam.policy` resource), the policies of
/// the user's groups, and the permission boundary. A document that does not parse is skipped and recorded as a
/// problem: the principal may then have more permissions than the graph shows — or fewer, if the lost document held
/// a Deny; `unreadable` lists such documents per principal so the builders mark the principal's edges `unknown`.
///
/// What is known of each principal's requests goes into its `context`: `aws:PrincipalArn`, `aws:PrincipalAccount`,
/// `aws:PrincipalType`, `aws:username` (users), `aws:PrincipalOrgID` (when the inventory holds the organization),
/// and for roles `aws:MultiFactorAuthPresent = false` — a role session (instance profile, Lambda, assumed role)
/// carries no MFA.
public struct Principals: Sendable {
    public private(set) var byARN: [String: PrincipalPolicies] = [:]
    /// Users, then roles, in id order.
    public private(set) var ordered: [PrincipalPolicies] = []
    /// Principal ARN → the policies of it that could not be read or parsed (`attached policy X`, `inline policy Y`).
    public private(set) var unreadable: [String: [String]] = [:]

    public init(_ index: ResourceIndex, problems: inout [GraphProblem]) {
        var managed: [String: PolicyDocument] = [:]
        var managedBroken: [String: String] = [:]
        for p in index.ofType("aws.iam.policy") {
            guard let raw = p.properties["document"] else { continue }
            do { managed[p.id] = try PolicyDocument(json: raw) } catch { managedBroken[p.id] = "\(error)" }
        }
        var lost: [String] = []
        func documents(of r: Resource) -> [SourcedPolicy] {
            var out: [SourcedPolicy] = []
            for entry in r.properties["attachedPolicies"]?.arrayValue ?? [] {
                let arn = entry["policyArn"]?.stringValue ?? ""
                let name = entry["policyName"]?.stringValue ?? arn
                if let raw = entry["document"], !raw.isNull {
                    do { out.append(SourcedPolicy(source: arn, name: name, document: try PolicyDocument(json: raw))) }
                    catch {
                        problems.append(GraphProblem(resource: r.id, element: "attached policy \(name)", reason: "\(error)"))
                        lost.append("attached policy \(name)")
                    }
                } else if let doc = managed[arn] {
                    out.append(SourcedPolicy(source: arn, name: name, document: doc))
                } else {
                    problems.append(GraphProblem(resource: r.id, element: "attached policy \(name)",
                                                 reason: managedBroken[arn] ?? "its document was not collected"))
                    lost.append("attached policy \(name)")
                }
            }
            if r.properties["attachedPolicies"] == nil, r.unknown["attachedPolicies"] != nil {
                lost.append("attached policies (\(r.unknown["attachedPolicies"] ?? "unknown"))")
            }
            for entry in r.properties["inlinePolicies"]?.arrayValue ?? [] {
                let name = entry["policyName"]?.stringValue ?? "inline"
                guard let raw = entry["document"] else { continue }
                do {
                    out.append(SourcedPolicy(source: "\(r.id)#inline/\(name)", name: name, document: try PolicyDocument(json: raw)))
                } catch {
                    problems.append(GraphProblem(resource: r.id, element: "inline policy \(name)", reason: "\(error)"))
                    lost.append("inline policy \(name)")
                }
            }
            if r.properties["inlinePolicies"] == nil, r.unknown["inlinePolicies"] != nil {
                lost.append("inline policies (\(r.unknown["inlinePolicies"] ?? "unknown"))")
            }
            return out
        }
        func boundary(of r: Resource) -> SourcedPolicy? {
            guard let arn = r.properties["permissionsBoundary"]?["arn"]?.stringValue else { return nil }
            guard let doc = managed[arn] else {
                problems.append(GraphProblem(resource: r.id, element: "permission boundary \(arn)",
                                             reason: "its document was not collected; the boundary is not applied"))
                return nil
            }
            return SourcedPolicy(source: arn, name: arn.split(separator: "/").last.map(String.init) ?? arn, document: doc)
        }
        let orgID = index.ofType("aws.organizations.organization").first { $0.properties["inOrganization"]?.boolValue == true }?
            .properties["organizationId"]?.stringValue
        var groupDocs: [String: [SourcedPolicy]] = [:]
        var groupLost: [String: [String]] = [:]
        for g in index.ofType("aws.iam.group") {
            lost = []
            if let name = g.properties["groupName"]?.stringValue {
                groupDocs[name] = documents(of: g)
                groupLost[name] = lost.map { "group \(name) \($0)" }
            }
        }
        func context(_ r: Resource, _ type: String) -> [String: [String]] {
            var c = ["aws:PrincipalArn": [r.id], "aws:PrincipalAccount": [r.account], "aws:PrincipalType": [type]]
            if let orgID { c["aws:PrincipalOrgID"] = [orgID] }
            return c
        }
        for u in index.ofType("aws.iam.user") {
            lost = []
            var docs = documents(of: u)
            for group in (u.properties["groups"]?.arrayValue ?? []).compactMap(\.stringValue) {
                docs += groupDocs[group] ?? []
                lost += groupLost[group] ?? []
            }
            var c = context(u, "User")
            if let name = u.properties["userName"]?.stringValue { c["aws:username"] = [name] }
            let b = boundary(of: u)
            add(PrincipalPolicies(arn: u.id, account: u.account, kind: .user, identity: docs, boundary: b,
                                  context: RequestContext(c)), lost: lost)
        }
        for r in index.ofType("aws.iam.role") {
            lost = []
            var c = context(r, "AssumedRole")
            c["aws:MultiFactorAuthPresent"] = ["false"]
            let docs = documents(of: r)
            let b = boundary(of: r)
            add(PrincipalPolicies(arn: r.id, account: r.account, kind: .role, identity: docs, boundary: b,
                                  context: RequestContext(c)), lost: lost)
        }
    }

    private mutating func add(_ p: PrincipalPolicies, lost: [String]) {
        byARN[p.arn] = p
        ordered.append(p)
        if !lost.isEmpty { unreadable[p.arn] = lost }
    }

    /// The `unknown` reason for an edge of this principal, when one of its policies could not be read.
    public func unknownReason(_ arn: String) -> String? {
        guard let lost = unreadable[arn], !lost.isEmpty else { return nil }
        return "\(lost.joined(separator: ", ")) could not be read: a Deny in it could remove this edge"
    }
}
