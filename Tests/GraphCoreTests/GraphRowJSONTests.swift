import Foundation
@testable import GraphCore
import PalisadeModel
import PalisadeProtocol
import Testing

/// The graph's node and edge rows are written and read by hand (`GraphRowJSON`): what it writes must decode with
/// `JSONDecoder` to the same value, what `JSONEncoder` wrote (rows of an older version) must read back the same, and a
/// row of another shape must still be reported by `JSONDecoder`.
@Suite struct GraphRowJSONTests {
    static let nodes: [GraphNode] = [
        GraphNode(id: "internet", kind: "internet", label: "the internet"),
        GraphNode(id: "arn:aws:ec2:us-east-1:1:instance/i-1", kind: "aws.ec2.instance", label: "web \"1\" é",
                  account: "1", region: "us-east-1",
                  insights: [NodeInsight(kind: "internet_exposed", detail: "tcp/22, tcp/443"),
                             NodeInsight(kind: "sensitive_data", detail: "tag a/b=c\n")]),
    ]

    static let edges: [GraphEdge] = [
        GraphEdge(src: "internet", dst: "arn:aws:ec2:us-east-1:1:instance/i-1", kind: "exposed_to", evidence: "0.0.0.0/0"),
        GraphEdge(src: "arn:aws:iam::1:role/r", dst: "arn:aws:s3:::b", kind: "can_read", evidence: "allowed: s3:GetObject",
                  details: [EdgeEvidence(kind: "policy_statement", source: "arn:aws:iam::1:policy/p", detail: "Statement[0]",
                                         fix: "detach:p", checks: ["aws.iam.x"], chain: 3),
                            EdgeEvidence(kind: "route", source: "rtb-1", detail: "0.0.0.0/0 → igw-1")],
                  ports: ["tcp/443"], conditional: true, conditions: ["aws:SourceIp"], method: "iam:PassRole",
                  permissions: ["s3:GetObject"], unknown: "AccessDenied: GetBucketPolicy"),
    ]

    @Test func rowsReadAndWriteAsCodableDoes() throws {
        for n in Self.nodes {
            #expect(try Wire.decoder.decode(GraphNode.self, from: GraphRowJSON.data(n)) == n)
            #expect(try GraphRowJSON.node(Wire.encoder.encode(n)) == n)
            #expect(try GraphRowJSON.node(GraphRowJSON.data(n)) == n)
            #expect(GraphRowJSON.node(try JSONText.parse(Wire.encoder.encode(n))) != nil, "no fallback for our own shape")
        }
        for e in Self.edges {
            #expect(try Wire.decoder.decode(GraphEdge.self, from: GraphRowJSON.data(e)) == e)
            #expect(try GraphRowJSON.edge(Wire.encoder.encode(e)) == e)
            #expect(try GraphRowJSON.edge(GraphRowJSON.data(e)) == e)
            #expect(try JSONText.parse(GraphRowJSON.data(e)) == JSONText.parse(Wire.encoder.encode(e)))
        }
    }

    @Test func aRowOfAnotherShapeIsReportedByJSONDecoder() throws {
        // Optional arrays left out read as empty, as `init(from:)` reads them.
        #expect(try GraphRowJSON.edge(Data(#"{"src":"a","dst":"b","kind":"k","evidence":"e"}"#.utf8))
                == GraphEdge(src: "a", dst: "b", kind: "k", evidence: "e"))
        #expect(throws: DecodingError.self) { try GraphRowJSON.edge(Data(#"{"src":"a","dst":"b","kind":"k"}"#.utf8)) }
        #expect(throws: DecodingError.self) {
            try GraphRowJSON.edge(Data(#"{"src":"a","dst":"b","kind":"k","evidence":"e","details":[{"kind":"x","source":"s","detail":"d"}]}"#.utf8))
        }
        #expect(throws: DecodingError.self) { try GraphRowJSON.node(Data(#"{"id":"a","kind":"k","label":3}"#.utf8)) }
        #expect(throws: (any Error).self) { try GraphRowJSON.node(Data("not json".utf8)) }
    }

    /// The bytes written directly are the text of the `JSONValue` tree (`JSONText`): for the fixtures above, with and
    /// without every optional, and for every node and edge of a built estate.
    @Test func directRowsAreTheTreeText() throws {
        var edges = Self.edges
        var bare = Self.edges[1]
        bare.method = nil
        bare.unknown = nil
        bare.details = bare.details.map { var d = $0; d.fix = nil; d.chain = nil; return d }
        edges.append(bare)
        let graph = ExplorerEstate.graph()
        #expect(graph.edges.count > 10)
        for n in Self.nodes + graph.nodes { #expect(GraphRowJSON.data(n) == (try JSONText.data(GraphRowJSON.json(n)))) }
        for e in edges + graph.edges { #expect(GraphRowJSON.data(e) == (try JSONText.data(GraphRowJSON.json(e)))) }
    }
}
