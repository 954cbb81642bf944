import Foundation

/// Where each service is reached. With a custom endpoint (moto, LocalStack) every service goes to that
/// one URL and S3 is addressed path-style; otherwise the public AWS endpoints.
public struct AWSEndpoints: Sendable, Hashable {
    public var custom: URL?

    public init(custom: URL? = nil) { self.custom = custom }

    /// The request's endpoint, else `AWS_ENDPOINT_URL`, else real AWS. Throws on a malformed URL.
    public static func resolve(requested: String?, environment: [String: String]) throws -> AWSEndpoints {
        let raw = [requested, environment["AWS_ENDPOINT_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        guard let raw else { return AWSEndpoints() }
        guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw AWSError(code: "connector.aws.endpoint.invalid",
                           message: "endpoint '\(raw)' is not an http(s) URL (e.g. http://127.0.0.1:5000)")
        }
        return AWSEndpoints(custom: url)
    }

    public func url(service: String, region: String) -> URL {
        if let custom { return custom }
        let host: String
        switch service {
        case "iam": host = "iam.amazonaws.com"
        case "sts": host = "sts.\(region).amazonaws.com"
        case "s3": host = "s3.\(region).amazonaws.com"
        case "route53": host = "route53.amazonaws.com"
        case "organizations": host = "organizations.us-east-1.amazonaws.com"
        case "ecr": host = "api.ecr.\(region).amazonaws.com"
        // S3 Control (data stores): real requests put the account in the host, see `s3ControlURL`.
        case "s3control": host = "s3-control.\(region).amazonaws.com"
        default: host = "\(service).\(region).amazonaws.com"
        }
        return URL(string: "https://\(host)")!
    }

    /// Global services (IAM, Route 53, Organizations) sign in us-east-1 whatever region the scan covers.
    public func signingRegion(service: String, region: String) -> String {
        Self.globalServices.contains(service) ? "us-east-1" : region
    }

    // MARK: S3 Control (data stores)

    /// S3 Control's endpoint for `account`: `<account>.s3-control.<region>.amazonaws.com` on AWS; a custom endpoint
    /// (moto) is used as is, path-style, the account travelling in the `x-amz-account-id` header alone.
    public func s3ControlURL(account: String, region: String) -> URL {
        custom ?? URL(string: "https://\(account).s3-control.\(region).amazonaws.com")!
    }

    /// The SigV4 service name: S3 Control signs as `s3`; every other service signs under its own name.
    public func signingName(service: String) -> String {
        service == "s3control" ? "s3" : service
    }

    public static let globalServices: Set<String> = ["iam", "route53", "organizations"]
}
