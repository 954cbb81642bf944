import Crypto
import Foundation

/// An HTTP request as SigV4 sees it. `path` is the decoded path (`/my-bucket`); query items are
/// decoded name/value pairs; header names in any case.
public struct SigV4Request: Sendable, Hashable {
    public var method: String
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: Data

    public init(method: String, path: String = "/", query: [(String, String)] = [], headers: [(String, String)],
                body: Data = Data()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public static func == (a: SigV4Request, b: SigV4Request) -> Bool {
        a.method == b.method && a.path == b.path && a.body == b.body
            && a.query.map { [$0.0, $0.1] } == b.query.map { [$0.0, $0.1] }
            && a.headers.map { [$0.0, $0.1] } == b.headers.map { [$0.0, $0.1] }
    }

    public func hash(into h: inout Hasher) {
        h.combine(method); h.combine(path); h.combine(body)
    }
}

/// AWS Signature Version 4, headers variant.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    public static func amzDate(_ date: Date) -> String { format(date, "yyyyMMdd'T'HHmmss'Z'") }

    /// The headers to add to `request`: `X-Amz-Date`, `X-Amz-Security-Token` (with a session token),
    /// `x-amz-content-sha256` (when `contentSHA256Header`, as S3 requires) and `Authorization`.
    /// `request.headers` must already hold `Host` and whatever else is sent and should be signed.
    public func sign(_ request: SigV4Request, date: Date, contentSHA256Header: Bool = false) -> [(String, String)] {
        let payloadHash = Self.hex(SHA256.hash(data: request.body))
        var added: [(String, String)] = [("X-Amz-Date", Self.amzDate(date))]
        if contentSHA256Header { added.append(("x-amz-content-sha256", payloadHash)) }
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        var full = request
        full.headers += added
        let (canonical, signedHeaders) = Self.canonicalRequest(full, payloadHash: payloadHash)
        let signature = self.signature(canonicalRequest: canonical, date: date)
        let scope = credentialScope(date)
        let auth = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), "
            + "Signature=\(signature)"
        return added + [("Authorization", auth)]
    }

    public func credentialScope(_ date: Date) -> String {
        "\(Self.format(date, "yyyyMMdd"))/\(region)/\(service)/aws4_request"
    }

    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        let hash = Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))
        return "AWS4-HMAC-SHA256\n\(Self.amzDate(date))\n\(credentialScope(date))\n\(hash)"
    }

    public func signature(canonicalRequest: String, date: Date) -> String {
        let key = signingKey(date)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(stringToSign(canonicalRequest: canonicalRequest, date: date).utf8), using: key)
        return Self.hex(mac)
    }

    func signingKey(_ date: Date) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [Self.format(date, "yyyyMMdd"), region, service, "aws4_request"] { key = hmac(key, part) }
        return key
    }

    /// The canonical request and the signed-headers list.
    public static func canonicalRequest(_ r: SigV4Request, payloadHash: String) -> (String, String) {
        let uri = r.path.isEmpty ? "/" : r.path.split(separator: "/", omittingEmptySubsequences: false)
            .map { uriEncode(String($0)) }.joined(separator: "/")
        let pairs: [(String, String)] = r.query.map { (uriEncode($0.0), uriEncode($0.1)) }
        let sortedPairs = pairs.sorted { (a: (String, String), b: (String, String)) -> Bool in
            a.0 == b.0 ? a.1 < b.1 : a.0 < b.0
        }
        let query = sortedPairs.map { (p: (String, String)) -> String in p.0 + "=" + p.1 }.joined(separator: "&")
        var grouped: [String: [String]] = [:]
        for (name, value) in r.headers {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
                .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            grouped[name.lowercased(), default: []].append(trimmed)
        }
        let names = grouped.keys.sorted()
        let headers = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        return ([r.method.uppercased(), uri, query, headers, signed, payloadHash].joined(separator: "\n"), signed)
    }

    /// RFC 3986 encoding with AWS's unreserved set (A-Z a-z 0-9 - . _ ~).
    public static func uriEncode(_ s: String) -> String {
        var out = ""
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        for byte in s.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    static func format(_ date: Date, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = pattern
        return f.string(from: date)
    }
}
