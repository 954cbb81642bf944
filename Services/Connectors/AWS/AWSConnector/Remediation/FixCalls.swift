import Foundation
import PalisadeModel
import PalisadeProtocol

/// Builders for the calls fixes make, one per protocol, each with its AWS CLI spelling.
extension FixAPICall {
    /// A query-protocol call (EC2 `2016-11-15`, IAM `2010-05-08`, RDS `2014-10-31`, ELBv2 `2015-12-01`, SQS, SNS).
    public static func query(_ service: String, _ action: String, version: String, region: String,
                             _ params: [(String, String)], title: String, cli: String) -> FixAPICall {
        FixAPICall(style: .query, service: service, action: action, region: region, version: version,
                   params: params.map { Param($0.0, $0.1) }, title: title, cli: cli)
    }

    /// An AWS JSON-protocol call; `target` is the `X-Amz-Target` prefix (`TrentService` for KMS).
    public static func json(_ service: String, _ action: String, target: String, region: String, _ body: JSONValue,
                            protocolVersion: String = "1.1", title: String, cli: String) -> FixAPICall {
        FixAPICall(style: .json, service: service, action: action, region: region, version: target,
                   params: [Param("protocol", protocolVersion)], body: String(decoding: body.canonicalData(), as: UTF8.self),
                   title: title, cli: cli)
    }

    /// An S3 bucket sub-resource call: `method /bucket?subresource` with an XML (or JSON policy) body.
    public static func s3(_ action: String, method: String, bucket: String, subresource: String, region: String,
                          body: String? = nil, title: String, cli: String) -> FixAPICall {
        FixAPICall(style: .s3, service: "s3", action: action, region: region, method: method, bucket: bucket,
                   path: subresource, body: body, title: title, cli: cli)
    }

    /// An S3 Control call for the account (`/v20180820/...`).
    public static func s3Control(_ action: String, method: String, account: String, path: String, region: String,
                                 body: String? = nil, title: String, cli: String) -> FixAPICall {
        FixAPICall(style: .s3Control, service: "s3control", action: action, region: region, method: method,
                   path: path, params: [Param("x-amz-account-id", account)], body: body, title: title, cli: cli)
    }
}

/// Quoting for the CLI spelling of a call: a value with spaces, quotes or JSON goes in single quotes.
enum CLIQuote {
    static func arg(_ s: String) -> String {
        let plain = s.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+".contains($0) }
        return plain && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// XML text escaping for S3 request bodies.
enum XMLText {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
