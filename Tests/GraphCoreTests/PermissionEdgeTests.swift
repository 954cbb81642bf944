import GraphCore
import PalisadeModel
import Testing

typealias E = PermEstate

func buildPerm(_ resources: [Resource]) -> SecurityGraph {
    GraphBuilder.build(account: E.account, resources: resources)
}

extension SecurityGraph {
    func permEdge(_ src: String, _ dst: String, _ kind: String) -> GraphEdge? {
        edges.first { $0.src == src && $0.dst == dst && $0.kind == kind }
    }
}

@Suite struct PermissionEdgeTests {
    @Test func identityPolicyGivesReadAndWriteWithStatementEvidence() throws {
        let policy = E.doc([E.stmt("Allow", ["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::data/*", sid: "Data")])
        let g = buildPerm([E.user("alice", attached: [E.attachment("DataRW")]), E.managedPolicy("DataRW", policy),
                       E.bucket("data")])
        let read = try #require(g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::data", "can_read"))
        #expect(read.details == [EdgeEvidence(kind: "policy_statement", source: E.arn("policy", "DataRW"),
                                              detail: "DataRW Statement[0] (Sid Data): s3:GetObject on arn:aws:s3:::data/*",
                                              fix: "policy-statement:\(E.arn("policy", "DataRW"))#0")])
        #expect(!read.conditional && read.unknown == nil)
        #expect(g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::data", "can_write") != nil)
    }

    @Test func bucketPolicyNamingTheUserGrantsAlone() throws {
        let bp = E.doc([E.stmt("Allow", "s3:GetObject", "arn:aws:s3:::data/*", sid: "Alice",
                               principal: ["AWS": .string(E.arn("user", "alice"))])])
        let g = buildPerm([E.user("alice"), E.bucket("data", policy: bp)])
        let e = try #require(g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::data", "can_read"))
        #expect(e.details.map(\.kind) == ["resource_policy_statement"])
        #expect(e.details.first?.source == "arn:aws:s3:::data")
        #expect(e.details.first?.fix == "policy-statement:arn:aws:s3:::data#resource-policy#0")
        #expect(g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::data", "can_write") == nil)
    }

    @Test func publicBucketHasAnyPrincipalEdgeUnlessBlockPublicAccess() throws {
        let bp = E.doc([E.stmt("Allow", "s3:GetObject", "arn:aws:s3:::www/*", principal: "*")])
        let open = buildPerm([E.bucket("www", policy: bp)])
        let e = try #require(open.permEdge("principal:*", "arn:aws:s3:::www", "can_read"))
        #expect(e.details.first?.checks == ["aws-s3-bucket-public-policy"])
        #expect(open.node("arn:aws:s3:::www")?.insight("public_access") != nil)
        let blocked = buildPerm([E.bucket("www", policy: bp, restrictPublic: true)])
        #expect(blocked.permEdge("principal:*", "arn:aws:s3:::www", "can_read") == nil)
        #expect(blocked.node("arn:aws:s3:::www")?.insight("public_access") == nil)
        let accountBlock = Resource(id: "arn:aws:s3::\(E.account):account-public-access-block", account: E.account,
                                    region: "global", type: "aws.s3.account_public_access_block", name: "account",
                                    properties: ["configured": true, "restrictPublicBuckets": true, "ignorePublicAcls": true,
                                                 "blockPublicAcls": true, "blockPublicPolicy": true])
        #expect(buildPerm([E.bucket("www", policy: bp), accountBlock]).permEdge("principal:*", "arn:aws:s3:::www", "can_read") == nil)
    }

    @Test func publicACLWriteIsAnAnyPrincipalWriteEdge() throws {
        let acl: [JSONValue] = [["granteeType": "Group", "granteeUri": "http://acs.amazonaws.com/groups/global/AllUsers",
                                 "permission": "WRITE"]]
        let g = buildPerm([E.bucket("drop", acl: acl)])
        let e = try #require(g.permEdge("principal:*", "arn:aws:s3:::drop", "can_write"))
        #expect(Set(e.details.map(\.kind)) == ["acl_grant"], "the WRITE grant, once per object action it allows")
        #expect(g.permEdge("principal:*", "arn:aws:s3:::drop", "can_read") == nil)
    }

    @Test func keyPolicyDecidesDecrypt() throws {
        let decrypt = E.doc([E.stmt("Allow", "kms:Decrypt")])
        let noRoot = E.doc([E.stmt("Allow", "kms:*", principal: ["AWS": .string(E.arn("role", "key-admin"))])])
        let g1 = buildPerm([E.user("alice", inline: decrypt), E.key(policy: noRoot)])
        #expect(g1.permEdge(E.arn("user", "alice"), E.keyARN, "can_decrypt") == nil)
        let root = E.doc([E.stmt("Allow", "kms:*", sid: "EnableIAM", principal: ["AWS": .string("arn:aws:iam::\(E.account):root")])])
        let g2 = buildPerm([E.user("alice", inline: decrypt), E.key(policy: root)])
        let e = try #require(g2.permEdge(E.arn("user", "alice"), E.keyARN, "can_decrypt"))
        #expect(Set(e.details.map(\.kind)) == ["policy_statement", "key_policy_statement"])
    }

    @Test func secretPolicyAndIdentityGiveGetSecret() throws {
        let get = E.doc([E.stmt("Allow", "secretsmanager:GetSecretValue", .string(E.secretARN))])
        let g = buildPerm([E.user("alice", inline: get), E.user("bob"), E.secret()])
        let e = try #require(g.permEdge(E.arn("user", "alice"), E.secretARN, "can_get_secret"))
        #expect(e.details.first?.source == "\(E.arn("user", "alice"))#inline/inline")
        #expect(g.permEdge(E.arn("user", "bob"), E.secretARN, "can_get_secret") == nil)
    }

    @Test func conditionalGrantIsAConditionalEdge() throws {
        let get = E.doc([E.stmt("Allow", "s3:GetObject", condition: ["IpAddress": ["aws:SourceIp": "203.0.113.0/24"]])])
        let e = try #require(buildPerm([E.user("alice", inline: get), E.bucket("data")])
            .permEdge(E.arn("user", "alice"), "arn:aws:s3:::data", "can_read"))
        #expect(e.conditional)
        #expect(e.conditions == ["IpAddress aws:SourceIp = [203.0.113.0/24]"])
    }

    @Test func adminEdgeAndInsightThroughTheBoundary() throws {
        let all = E.doc([E.stmt("Allow", "*")])
        let g = buildPerm([E.user("root-ish", inline: all)])
        let e = try #require(g.permEdge(E.arn("user", "root-ish"), "arn:aws:iam::\(E.account):root", "administers"))
        #expect(e.details.first?.kind == "policy_statement")
        #expect(g.node(E.arn("user", "root-ish"))?.insight("admin") != nil)
        let bounded = buildPerm([E.user("bounded", inline: all, boundary: E.arn("policy", "S3Only")),
                             E.managedPolicy("S3Only", E.doc([E.stmt("Allow", "s3:*")]))])
        #expect(bounded.edges(kind: "administers").isEmpty)
        #expect(bounded.node(E.arn("user", "bounded"))?.insight("admin") == nil)
    }

    @Test func customerAdminPolicyEvidenceNamesItsCheck() throws {
        let g = buildPerm([E.user("ops", attached: [E.attachment("Everything")]),
                       E.managedPolicy("Everything", E.doc([E.stmt("Allow", "*")])), E.bucket("data")])
        let e = try #require(g.permEdge(E.arn("user", "ops"), "arn:aws:s3:::data", "can_read"))
        #expect(e.details.first?.checks.contains("aws-iam-policy-no-full-admin") == true)
    }

    @Test func unparseablePolicyIsAProblemAndMarksEdgesUnknown() throws {
        let broken: JSONValue = ["Version": "2012-10-17", "Statement": [["Effect": "Maybe", "Action": "s3:*", "Resource": "*"]]]
        let u = Resource(id: E.arn("user", "eve"), account: E.account, region: "global", type: "aws.iam.user", name: "eve",
                         properties: ["userName": "eve", "attachedPolicies": [], "groups": [],
                                      "inlinePolicies": [["policyName": "ok", "document": E.doc([E.stmt("Allow", "s3:GetObject")])],
                                                         ["policyName": "bad", "document": broken]]])
        let g = buildPerm([u, E.bucket("data")])
        #expect(g.problems.contains { $0.resource == E.arn("user", "eve") && $0.element == "inline policy bad" })
        let e = try #require(g.permEdge(E.arn("user", "eve"), "arn:aws:s3:::data", "can_read"))
        #expect(e.unknown?.contains("inline policy bad") == true)
    }

    @Test func statementsThatCannotReachATargetAreNotEvaluatedIntoEdges() throws {
        let scoped = E.doc([E.stmt("Allow", "s3:*", ["arn:aws:s3:::logs-*", "arn:aws:s3:::logs-*/*"])])
        let g = buildPerm([E.user("alice", inline: scoped), E.bucket("logs-app"), E.bucket("data")])
        #expect(g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::logs-app", "can_read") != nil)
        #expect(g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::data", "can_read") == nil)
    }
}
