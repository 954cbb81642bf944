import PalisadeModel
import Testing
@testable import GraphCore

/// Which data stores the graph takes to hold sensitive data: a classification tag decides both ways, the name
/// decides only when there is no tag, and tags that could not be read are reported, not read as "no tag".
@Suite struct SensitivityTests {
    static func bucket(_ name: String, tags: [String: String] = [:], unknown: [String: String] = [:]) -> Resource {
        Resource(id: "arn:aws:s3:::\(name)", account: Estate.account, region: Estate.region, type: "aws.s3.bucket",
                 name: name, tags: tags, properties: ["name": .string(name), "policy": .null], unknown: unknown)
    }

    static func graph(_ resources: [Resource]) -> SecurityGraph {
        GraphBuilder.build(account: Estate.account, resources: resources, findings: [])
    }

    @Test func aClassificationTagMarksABucketWhoseNameSaysNothing() {
        let g = Self.graph([Self.bucket("quarterly-exports", tags: ["Data-Classification": "Restricted"])])
        let insight = g.node("arn:aws:s3:::quarterly-exports")?.insight(GraphVocabulary.sensitiveData)
        #expect(insight?.detail == "tag Data-Classification=Restricted")
    }

    @Test func aPublicTagWinsOverASensitiveSoundingName() {
        let g = Self.graph([Self.bucket("customer-brochures", tags: ["data-classification": "public"]),
                            Self.bucket("customer-records")])
        #expect(g.node("arn:aws:s3:::customer-brochures")?.insight(GraphVocabulary.sensitiveData) == nil)
        #expect(g.node("arn:aws:s3:::customer-records")?.insight(GraphVocabulary.sensitiveData)?.detail
                == "name contains 'customer'")
    }

    @Test func unreadableTagsAreAProblemNotAVerdict() {
        let g = Self.graph([Self.bucket("quarterly-exports", unknown: ["tags": "AccessDenied: s3:GetBucketTagging"])])
        #expect(g.node("arn:aws:s3:::quarterly-exports")?.insight(GraphVocabulary.sensitiveData) == nil)
        let problem = g.problems.first { $0.resource == "arn:aws:s3:::quarterly-exports" && $0.element == "tags" }
        #expect(problem?.reason.contains("AccessDenied: s3:GetBucketTagging") == true)
    }
}
