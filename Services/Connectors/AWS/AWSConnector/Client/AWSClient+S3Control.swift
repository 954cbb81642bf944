import Foundation

extension AWSClient {
    /// An S3 Control REST-XML GET (`/v20180820/...`) for `account`: the account goes in the host on AWS and in the
    /// signed `x-amz-account-id` header always; the request signs as `s3`. Returns the parsed document.
    public func s3Control(account: String, region: String, path: String, operation: String) async throws -> XMLNode {
        let base = endpoints.s3ControlURL(account: account, region: region)
        let prefix = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        let data = try await perform(method: "GET", url: base, path: prefix + path, query: [],
                                     headers: [("x-amz-account-id", account)], body: Data(),
                                     service: endpoints.signingName(service: "s3control"), region: region,
                                     operation: "s3:\(operation)", s3: true)
        return try XMLNode.parse(data)
    }
}
