import Foundation
import PalisadeModel

extension AWSClient {
    /// One IAM query call (IAM is global: signed for us-east-1); returns `<Action>Result`.
    func iam(_ action: String, _ params: [(String, String)] = []) async throws -> XMLNode {
        let doc = try await query(service: "iam", region: "us-east-1", action: action, version: "2010-05-08",
                                  params: params)
        return doc.child("\(action)Result") ?? doc
    }
}

/// Reads the policies attached to or embedded in a user, group or role, with their documents, from the
/// principal's GetAccountAuthorizationDetails entry.
struct IAMPolicyReader: Sendable {
    let client: AWSClient
    let cache: PolicyCache

    /// `AttachedManagedPolicies` → `[{policyName, policyArn, document}]`: customer-managed documents from GAAD's
    /// policy list, AWS-managed ones (which GAAD is not asked for) from the cache.
    func attached(_ principal: XMLNode, details: IAMAuthorizationDetails) async throws -> JSONValue {
        var out: [JSONValue] = []
        for p in principal.list("AttachedManagedPolicies") {
            let arn = p.string("PolicyArn") ?? ""
            var document = try details.defaultDocument(arn: arn)
            if document == nil { document = try await cache.document(arn: arn, client: client) }
            out.append(["policyName": .optionalString(p.string("PolicyName")), "policyArn": .string(arn),
                        "document": document ?? .null])
        }
        return .array(out)
    }

    /// `UserPolicyList` / `GroupPolicyList` / `RolePolicyList` → `[{policyName, document}]`.
    func inline(_ principal: XMLNode, list: String) throws -> JSONValue {
        .array(try principal.list(list).map {
            ["policyName": .optionalString($0.string("PolicyName")),
             "document": try JSONValue.policyDocument($0.string("PolicyDocument"))]
        })
    }
}

extension XMLNode {
    /// A `<Tags><member><Key>…<Value>…` list as a dictionary.
    var iamTags: [String: String] {
        var tags: [String: String] = [:]
        for t in list("Tags") { if let k = t.string("Key") { tags[k] = t.string("Value") ?? "" } }
        return tags
    }

    /// Text at `path` as a number, nil when missing or not numeric.
    func number(_ path: String) -> JSONValue? { string(path).flatMap { Double($0) }.map { .number($0) } }
}
