import Foundation
import PalisadeModel

/// Reads an S3 configuration sub-resource as its raw text, so that `undo` can put back exactly what was there:
/// `.string(xml)` when configured, `.null` when AWS answers one of the "not configured" codes.
enum S3Config {
    static func read(_ client: AWSClient, bucket: String, _ subresource: String, region: String, operation: String,
                     absent: Set<String>) async throws -> JSONValue {
        do {
            let data = try await client.s3Get(bucket: bucket, subresource: subresource, region: region,
                                              operation: operation)
            return .string(String(decoding: data, as: UTF8.self))
        } catch let e as AWSError where absent.contains(e.code) {
            return .null
        }
    }

    /// The account-wide public access block (S3 Control), raw, or `.null` when not configured.
    static func readAccountBlock(_ client: AWSClient, account: String, region: String) async throws -> JSONValue {
        let base = client.endpoints.s3ControlURL(account: account, region: region)
        let prefix = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        do {
            let data = try await client.perform(
                method: "GET", url: base, path: prefix + "/v20180820/configuration/publicAccessBlock", query: [],
                headers: [("x-amz-account-id", account)], body: Data(),
                service: client.endpoints.signingName(service: "s3control"), region: region,
                operation: "s3:GetAccountPublicAccessBlock", s3: true)
            return .string(String(decoding: data, as: UTF8.self))
        } catch let e as AWSError where e.code == "NoSuchPublicAccessBlockConfiguration" {
            return .null
        }
    }

    static let blockFlags = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]

    /// Whether a recorded public access block has all four flags on.
    static func blocksAll(_ raw: JSONValue?) throws -> Bool {
        guard let text = raw?.stringValue else { return false }
        let doc = try XMLNode.parse(Data(text.utf8))
        return blockFlags.allSatisfy { doc.bool($0) == true }
    }

    static let blockAllXML = "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + blockFlags.map { "<\($0)>true</\($0)>" }.joined() + "</PublicAccessBlockConfiguration>"
}
