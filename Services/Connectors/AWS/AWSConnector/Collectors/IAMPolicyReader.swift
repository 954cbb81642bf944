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

/// Reads the policies attached to or embedded in a user, group or role, with their documents.
struct IAMPolicyReader: Sendable {
    let client: AWSClient
    let cache: PolicyCache

    /// `ListAttached{User,Group,Role}Policies` → `[{policyName, policyArn, document}]` (documents from the cache).
    func attached(action: String, params: [(String, String)]) async throws -> JSONValue {
        var out: [JSONValue] = []
        for p in try await client.iamList(action, list: "AttachedPolicies", params: params) {
            let arn = p.string("PolicyArn") ?? ""
            out.append(["policyName": .optionalString(p.string("PolicyName")), "policyArn": .string(arn),
                        "document": try await cache.document(arn: arn, client: client)])
        }
        return .array(out)
    }

    /// `List{User,Group,Role}Policies` + `Get…Policy` → `[{policyName, document}]`.
    func inline(list: String, get: String, params: [(String, String)]) async throws -> JSONValue {
        var out: [JSONValue] = []
        for n in try await client.iamList(list, list: "PolicyNames", params: params) {
            let doc = try await client.iam(get, params + [("PolicyName", n.text)])
            out.append(["policyName": .string(n.text),
                         "document": try JSONValue.policyDocument(doc.string("PolicyDocument"))])
        }
        return .array(out)
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
