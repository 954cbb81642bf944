import GraphCore
import PalisadeModel
import Testing

@Suite struct TrustEdgeTests {
    func trust(_ principal: JSONValue, condition: JSONValue? = nil) -> JSONValue {
        E.doc([E.stmt("Allow", "sts:AssumeRole", sid: "Trust", principal: principal, condition: condition)])
    }

    @Test func explicitUserTrustGrantsAlone() throws {
        let g = buildPerm([E.user("alice"), E.role("target", trust: trust(["AWS": .string(E.arn("user", "alice"))]))])
        let e = try #require(g.permEdge(E.arn("user", "alice"), E.arn("role", "target"), "can_assume"))
        #expect(e.details.map(\.kind) == ["trust_statement"])
        #expect(e.details.first?.fix == "policy-statement:\(E.arn("role", "target"))#trust#0")
    }

    @Test func accountRootTrustNeedsIdentityAllow() throws {
        let root = trust(["AWS": .string("arn:aws:iam::\(E.account):root")])
        let assume = E.doc([E.stmt("Allow", "sts:AssumeRole", .string(E.arn("role", "target")))])
        let g = buildPerm([E.user("alice", inline: assume), E.user("bob"), E.role("target", trust: root)])
        let e = try #require(g.permEdge(E.arn("user", "alice"), E.arn("role", "target"), "can_assume"))
        #expect(Set(e.details.map(\.kind)) == ["trust_statement", "policy_statement"])
        #expect(g.permEdge(E.arn("user", "bob"), E.arn("role", "target"), "can_assume") == nil)
    }

    @Test func serviceAnyoneAndExternalAccountNodes() throws {
        let g = buildPerm([
            E.role("ec2", trust: trust(["Service": "ec2.amazonaws.com"])),
            E.role("open", trust: trust("*")),
            E.role("vendor", trust: trust(["AWS": .string("arn:aws:iam::\(E.other):root")],
                                          condition: ["StringEquals": ["sts:ExternalId": "v-1"]])),
        ])
        #expect(g.node("service:ec2.amazonaws.com")?.kind == "aws.service_principal")
        #expect(g.permEdge("service:ec2.amazonaws.com", E.arn("role", "ec2"), "can_assume") != nil)
        let open = try #require(g.permEdge("principal:*", E.arn("role", "open"), "can_assume"))
        #expect(!open.conditional)
        #expect(open.details.first?.checks == ["aws-iam-role-trust-any-principal"])
        let vendor = try #require(g.permEdge("arn:aws:iam::\(E.other):root", E.arn("role", "vendor"), "can_assume"))
        #expect(vendor.conditional)
        #expect(vendor.conditions == ["StringEquals sts:ExternalId = [v-1]"])
        #expect(g.node("arn:aws:iam::\(E.other):root")?.kind == "aws.external_account")
    }

    @Test func mfaRequiredTrustRemovesRoleCallersButNotUsers() throws {
        let mfa = ["Bool": ["aws:MultiFactorAuthPresent": "true"]] as JSONValue
        let g = buildPerm([
            E.user("alice"), E.role("worker", trust: trust(["Service": "ec2.amazonaws.com"])),
            E.role("target", trust: trust(["AWS": [.string(E.arn("role", "worker")), .string(E.arn("user", "alice"))]],
                                          condition: mfa)),
        ])
        #expect(g.permEdge(E.arn("role", "worker"), E.arn("role", "target"), "can_assume") == nil)
        let u = try #require(g.permEdge(E.arn("user", "alice"), E.arn("role", "target"), "can_assume"))
        #expect(u.conditional)
    }

    @Test func unparseableTrustIsAProblem() throws {
        let g = buildPerm([E.role("broken", trust: ["Statement": [["Effect": "Allow"]]])])
        #expect(g.problems.contains { $0.resource == E.arn("role", "broken") && $0.element == "trust policy" })
    }
}
