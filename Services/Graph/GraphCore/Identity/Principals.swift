import PalisadeIAM
import PalisadeModel

/// Every principal of the account with the policies that decide what it may do: inline and attached policies
/// (a managed policy's document from the attachment, else from the `aws.iam.policy` resource), the policies of
/// the user's groups, and the permission boundary. A document that does not parse is skipped and recorded as a
/// problem: the principal may then have more permissions than the graph shows.
public struct Principals: Sendable {
    public private(set) var byARN: [String: PrincipalPolicies] = [:]
    /// Users, then roles, in id order.
    public private(set) var ordered: [PrincipalPolicies] = []

    public init(_ index: ResourceIndex, problems: inout [GraphProblem]) {
        var managed: [String: PolicyDocument] = [:]
        for p in index.ofType("aws.iam.policy") {
            guard let raw = p.properties["document"] else { continue }
            if let doc = try? PolicyDocument(json: raw) { managed[p.id] = doc }
        }
        func documents(of r: Resource) -> [SourcedPolicy] {
            var out: [SourcedPolicy] = []
            for entry in r.properties["attachedPolicies"]?.arrayValue ?? [] {
                let arn = entry["policyArn"]?.stringValue ?? ""
                let name = entry["policyName"]?.stringValue ?? arn
                if let raw = entry["document"], !raw.isNull {
                    do { out.append(SourcedPolicy(source: arn, name: name, document: try PolicyDocument(json: raw))) }
                    catch { problems.append(GraphProblem(resource: r.id, element: "attached policy \(name)", reason: "\(error)")) }
                } else if let doc = managed[arn] {
                    out.append(SourcedPolicy(source: arn, name: name, document: doc))
                } else {
                    problems.append(GraphProblem(resource: r.id, element: "attached policy \(name)",
                                                 reason: "its document was not collected"))
                }
            }
            for entry in r.properties["inlinePolicies"]?.arrayValue ?? [] {
                let name = entry["policyName"]?.stringValue ?? "inline"
                guard let raw = entry["document"] else { continue }
                do {
                    out.append(SourcedPolicy(source: "\(r.id)#inline/\(name)", name: name, document: try PolicyDocument(json: raw)))
                } catch {
                    problems.append(GraphProblem(resource: r.id, element: "inline policy \(name)", reason: "\(error)"))
                }
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
        var groupDocs: [String: [SourcedPolicy]] = [:]
        for g in index.ofType("aws.iam.group") {
            if let name = g.properties["groupName"]?.stringValue { groupDocs[name] = documents(of: g) }
        }
        for u in index.ofType("aws.iam.user") {
            var docs = documents(of: u)
            for group in (u.properties["groups"]?.arrayValue ?? []).compactMap(\.stringValue) {
                docs += groupDocs[group] ?? []
            }
            add(PrincipalPolicies(arn: u.id, account: u.account, kind: .user, identity: docs, boundary: boundary(of: u),
                                  context: RequestContext(["aws:PrincipalArn": [u.id], "aws:PrincipalAccount": [u.account],
                                                           "aws:PrincipalType": ["User"]])))
        }
        for r in index.ofType("aws.iam.role") {
            add(PrincipalPolicies(arn: r.id, account: r.account, kind: .role, identity: documents(of: r),
                                  boundary: boundary(of: r),
                                  context: RequestContext(["aws:PrincipalArn": [r.id], "aws:PrincipalAccount": [r.account],
                                                           "aws:PrincipalType": ["AssumedRole"]])))
        }
    }

    private mutating func add(_ p: PrincipalPolicies) {
        byARN[p.arn] = p
        ordered.append(p)
    }
}
