import Foundation
import Testing
@testable import AWSConnector

/// AWS's published SigV4 test suite (aws-sig-v4-test-suite), credentials and date as in the suite.
@Suite struct SigV4Tests {
    let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z

    struct Vector: Sendable {
        var name: String
        var method: String
        var query: [(String, String)] = []
        var headers: [(String, String)] = []
        var body = ""
        var signedHeaders = "host;x-amz-date"
        var signature: String
    }

    static let vectors: [Vector] = [
        Vector(name: "get-vanilla", method: "GET",
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "get-vanilla-query-order-key-case", method: "GET", query: [("Param2", "value2"), ("Param1", "value1")],
               signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Vector(name: "post-vanilla", method: "POST",
               signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Vector(name: "post-vanilla-query", method: "POST", query: [("Param1", "value1")],
               signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        Vector(name: "post-header-value-case", method: "POST", headers: [("My-Header1", "VALUE1")],
               signedHeaders: "host;my-header1;x-amz-date",
               signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        Vector(name: "get-header-value-trim", method: "GET",
               headers: [("My-Header1", " value1"), ("My-Header2", "\"a   b   c\"")],
               signedHeaders: "host;my-header1;my-header2;x-amz-date",
               signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        Vector(name: "post-x-www-form-urlencoded", method: "POST",
               headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1",
               signedHeaders: "content-type;host;x-amz-date",
               signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    ]

    @Test("matches the AWS SigV4 test suite", arguments: vectors.indices)
    func suiteVector(_ index: Int) {
        let v = Self.vectors[index]
        let request = SigV4Request(method: v.method, path: "/", query: v.query,
                                   headers: [("Host", "example.amazonaws.com")] + v.headers, body: Data(v.body.utf8))
        let added = signer.sign(request, date: date)
        let auth = added.first { $0.0 == "Authorization" }?.1
        #expect(auth == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=\(v.signedHeaders), Signature=\(v.signature)", "\(v.name)")
        #expect(added.first { $0.0 == "X-Amz-Date" }?.1 == "20150830T123600Z")
    }

    @Test func canonicalRequestAndStringToSignOfGetVanilla() {
        let request = SigV4Request(method: "GET", path: "/",
                                   headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")])
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let (canonical, signed) = SigV4Signer.canonicalRequest(request, payloadHash: empty)
        #expect(canonical == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(empty)")
        #expect(signed == "host;x-amz-date")
        #expect(signer.stringToSign(canonicalRequest: canonical, date: date) == "AWS4-HMAC-SHA256\n20150830T123600Z\n"
            + "20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
    }

    @Test func sessionTokenAndS3ContentHashAreSigned() {
        var withToken = signer
        withToken.credentials.sessionToken = "SESSION"
        let request = SigV4Request(method: "GET", path: "/bucket", query: [("acl", "")],
                                   headers: [("Host", "s3.amazonaws.com")])
        let added = withToken.sign(request, date: date, contentSHA256Header: true)
        let names = added.map { $0.0 }
        #expect(names.contains("X-Amz-Security-Token"))
        #expect(added.first { $0.0 == "x-amz-content-sha256" }?.1
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let auth = added.first { $0.0 == "Authorization" }?.1 ?? ""
        #expect(auth.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))
        let (canonical, _) = SigV4Signer.canonicalRequest(
            SigV4Request(method: "GET", path: "/my bucket", query: [("acl", "")], headers: [("Host", "h")]),
            payloadHash: "x")
        #expect(canonical.hasPrefix("GET\n/my%20bucket\nacl=\n"))
    }

    @Test func credentialsNeverPrintSecrets() {
        let c = AWSCredentials(accessKeyID: "AKIAEXAMPLE", secretAccessKey: "SUPERSECRET", sessionToken: "TOKENVALUE")
        for text in ["\(c)", String(describing: c), String(reflecting: c)] {
            #expect(!text.contains("SUPERSECRET"))
            #expect(!text.contains("TOKENVALUE"))
            #expect(text.contains("AKIAEXAMPLE"))
        }
    }
}
