import Foundation
import PalisadeModel

/// Default-version documents of managed policies, fetched once per policy ARN per scan.
actor PolicyCache {
    private var documents: [String: JSONValue] = [:]

    /// The default version's document; `defaultVersion` (from ListPolicies) saves the GetPolicy call.
    func document(arn: String, defaultVersion: String? = nil, client: AWSClient) async throws -> JSONValue {
        if let cached = documents[arn] { return cached }
        let versionID: String
        if let defaultVersion, !defaultVersion.isEmpty {
            versionID = defaultVersion
        } else {
            let policy = try await client.query(service: "iam", region: "us-east-1", action: "GetPolicy",
                                                version: "2010-05-08", params: [("PolicyArn", arn)])
            guard let id = policy.string("GetPolicyResult/Policy/DefaultVersionId") else {
                throw AWSError(code: "connector.aws.response.invalid",
                               message: "GetPolicy for \(arn) has no DefaultVersionId", operation: "iam:GetPolicy")
            }
            versionID = id
        }
        let version = try await client.query(service: "iam", region: "us-east-1", action: "GetPolicyVersion",
                                             version: "2010-05-08", params: [("PolicyArn", arn), ("VersionId", versionID)])
        let doc = try JSONValue.policyDocument(version.string("GetPolicyVersionResult/PolicyVersion/Document"))
        documents[arn] = doc
        return doc
    }
}
