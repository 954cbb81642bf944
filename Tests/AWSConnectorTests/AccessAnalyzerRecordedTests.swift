import Foundation
import PalisadeModel
import Testing
@testable import AWSConnector

/// IAM Access Analyzer against recorded AWS answers (bodies shaped per the ListAnalyzers API reference):
/// moto 5.2.1 has no Access Analyzer at all.
@Suite struct AccessAnalyzerRecordedTests {
    static let page1 = """
        {"analyzers":[{"arn":"arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/external","name":"external",\
        "type":"ACCOUNT","status":"ACTIVE","createdAt":"2024-03-01T10:00:00Z","lastResourceAnalyzed":"arn:aws:s3:::logs",\
        "tags":{"team":"security"}}],"nextToken":"bmV4dA=="}
        """
    static let page2 = """
        {"analyzers":[{"arn":"arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/unused","name":"unused",\
        "type":"ACCOUNT_UNUSED_ACCESS","status":"CREATING","createdAt":"2025-01-01T10:00:00Z",\
        "configuration":{"unusedAccess":{"unusedAccessAge":90}}}]}
        """

    static func collect(_ answer: @escaping @Sendable (HTTPRequest, String) -> HTTPResponse)
        async -> ([ScopeResult], [Resource], [HTTPRequest]) {
        let transport = RecordedTransport(answer)
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "123456789012")
        let (scopes, resources) = await PlatformCollectorTests.gather {
            await AccessAnalyzerCollector(ctx).collect(region: "eu-west-1", emit: $0)
        }
        return (scopes, resources, transport.requests)
    }

    @Test func analyzersAreListedAcrossPagesAndSignedForAccessAnalyzer() async throws {
        let (scopes, resources, requests) = await Self.collect { r, query in
            guard r.method == "GET", r.url.path == "/analyzer" else { return HTTPResponse(status: 404, body: Data()) }
            return .ok(query.contains("nextToken=bmV4dA") ? Self.page2 : Self.page1)
        }
        #expect(scopes.map(\.status) == [.ok])
        #expect(scopes.first?.resourceTypes == ["aws.accessanalyzer.region_status"])
        let status = try #require(resources.first)
        #expect(resources.count == 1)
        #expect(status.id == "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer-status")
        #expect(status.type == "aws.accessanalyzer.region_status")
        #expect(status.region == "eu-west-1")
        #expect(status.properties["enabled"] == true)
        #expect(status.properties["analyzers"] == [
            ["name": "external", "arn": "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/external",
             "type": "ACCOUNT", "status": "ACTIVE"],
            ["name": "unused", "arn": "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/unused",
             "type": "ACCOUNT_UNUSED_ACCESS", "status": "CREATING"],
        ])
        #expect(status.properties["raw"]?.arrayValue?.count == 2)
        #expect(status.unknown.isEmpty)
        #expect(requests.count == 2)
        let auth = requests.first?.headers.first { $0.0.lowercased() == "authorization" }?.1 ?? ""
        #expect(auth.contains("/eu-west-1/access-analyzer/aws4_request"), "\(auth)")
    }

    @Test func noAnalyzerIsAFactNotAnError() async throws {
        let (scopes, resources, _) = await Self.collect { _, _ in .ok(#"{"analyzers":[]}"#) }
        #expect(scopes.map(\.status) == [.ok])
        let status = try #require(resources.first)
        #expect(status.properties["analyzers"] == [])
        #expect(status.properties["enabled"] == false)
    }

    @Test func deniedListingFailsTheScopeAndEmitsNothing() async throws {
        let (scopes, resources, _) = await Self.collect { _, _ in
            HTTPResponse(status: 403, body: Data(#"{"message":"User is not authorized to perform: access-analyzer:ListAnalyzers"}"#.utf8),
                         headers: ["x-amzn-errortype": "AccessDeniedException"])
        }
        #expect(scopes.map(\.status) == [.error])
        #expect(scopes.first?.reason.contains("AccessDenied") == true, "\(scopes)")
        #expect(resources.isEmpty)
    }

    @Test func registeredWithItsPermission() {
        #expect(AWSCollectors.all.contains { ObjectIdentifier($0) == ObjectIdentifier(AccessAnalyzerCollector.self) })
        #expect(AWSCollectors.permissions().contains("access-analyzer:ListAnalyzers"))
    }
}
