import GraphCore
import PalisadeModel
import Testing

/// `can_escalate` edges on concrete targets, through the analyser traps of iam-vulnerable.
@Suite struct EscalationTests {
    func graph(_ resources: [Resource]) -> SecurityGraph { GraphBuilder.build(account: Esc.account, resources: resources) }

    func escalations(_ g: SecurityGraph, from src: String, method: String? = nil) -> [GraphEdge] {
        g.edges.filter { $0.kind == "can_escalate" && $0.src == src && (method == nil || $0.method == method) }
    }

    static let adminRole = Esc.role("admin", attached: [Esc.attached("AdministratorAccess", Esc.adminDoc, aws: true)])
    static let lambdaOnlyRole = Esc.role("fn-admin", attached: [Esc.attached("AdministratorAccess", Esc.adminDoc, aws: true)],
                                         trust: Esc.trust(service: "lambda.amazonaws.com"))
    static let bob = Esc.user("bob", loginProfile: ["createDate": "2025-01-01T00:00:00Z", "passwordResetRequired": false])
    static let carol = Esc.user("carol")

    @Test func passRoleToARoleWithAdmin() throws {
        let dev = Esc.user("dev", inline: [Esc.inline("launch", Esc.doc([Esc.allow(["iam:PassRole", "ec2:RunInstances"], sid: "Launch")]))])
        let g = graph([dev, Self.adminRole, Self.lambdaOnlyRole])
        let e = try #require(escalations(g, from: dev.id, method: "iam:PassRole+ec2:RunInstances").first)
        #expect(e.dst == Self.adminRole.id)
        #expect(e.permissions == ["iam:PassRole", "ec2:RunInstances"])
        #expect(!e.conditional && e.unknown == nil)
        let statement = try #require(e.details.first { $0.kind == "policy_statement" })
        #expect(statement.source == "\(dev.id)#inline/launch")
        #expect(statement.fix == "policy-statement:\(dev.id)#inline/launch#0")
        #expect(statement.detail.contains("Sid Launch"))
        #expect(e.details.contains { $0.kind == "trust_statement" && $0.source == "\(Self.adminRole.id)#trust" })
        // The role that trusts only Lambda cannot be passed to EC2.
        #expect(escalations(g, from: dev.id, method: "iam:PassRole+ec2:RunInstances").count == 1)
        // And the search walks it: dev reaches the role, which administers the account.
        #expect(g.edges.contains { $0.kind == "administers" && $0.src == Self.adminRole.id })
    }

    @Test func permissionsSplitAcrossTwoPoliciesGiveAnEdgeWithBothStatements() throws {
        let runner = Esc.managedPolicy("runner", Esc.doc([Esc.allow(["lambda:CreateFunction", "lambda:InvokeFunction"])]))
        let dev = Esc.user("dev", inline: [Esc.inline("pass", Esc.doc([Esc.allow(["iam:PassRole"], [Esc.arn("role", "*")])]))],
                           attached: [Esc.attached("runner")])
        let g = graph([dev, runner, Self.lambdaOnlyRole])
        let e = try #require(escalations(g, from: dev.id, method: "iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction").first)
        #expect(e.dst == Self.lambdaOnlyRole.id)
        #expect(Set(e.details.filter { $0.kind == "policy_statement" }.map(\.source)) == ["\(dev.id)#inline/pass", runner.id])
        // The customer-managed half names the benchmark check that reports it.
        #expect(e.details.first { $0.source == runner.id }?.checks == ["aws-iam-policy-allows-privilege-escalation"])
        // One half alone: nothing.
        let half = Esc.user("half", inline: [Esc.inline("pass", Esc.doc([Esc.allow(["iam:PassRole"])]))])
        #expect(escalations(graph([half, Self.lambdaOnlyRole]), from: half.id).isEmpty)
    }

    @Test func allowAndDenyOfTheSameActionOrDenyOnlyGiveNoEdge() {
        let both = Esc.user("both", inline: [Esc.inline("p", Esc.doc([Esc.allow(["iam:CreateAccessKey"]), Esc.deny(["iam:CreateAccessKey"])]))])
        let across = Esc.user("across", inline: [Esc.inline("a", Esc.doc([Esc.allow(["iam:CreateAccessKey"])])),
                                                 Esc.inline("d", Esc.doc([Esc.deny(["iam:*"])]))])
        let denyOnly = Esc.user("deny", inline: [Esc.inline("d", Esc.doc([Esc.deny(["iam:CreateAccessKey"])]))])
        let g = graph([both, across, denyOnly, Self.bob])
        #expect(escalations(g, from: both.id).isEmpty)
        #expect(escalations(g, from: across.id).isEmpty)
        #expect(escalations(g, from: denyOnly.id).isEmpty)
        // The same allow without the deny does escalate (the trap is the deny, not the fixture).
        let plain = Esc.user("plain", inline: [Esc.inline("a", Esc.doc([Esc.allow(["iam:CreateAccessKey"])]))])
        #expect(escalations(graph([plain, Self.bob]), from: plain.id, method: "iam:CreateAccessKey").map(\.dst) == [Self.bob.id])
    }

    @Test func createPolicyVersionOnItsOwnPolicyButNeverOnAnAWSManagedOne() throws {
        let own = Esc.managedPolicy("team-dev", Esc.doc([Esc.allow(["iam:CreatePolicyVersion"], [Esc.arn("policy", "team-*")])]))
        let ops = Esc.managedPolicy("ops", Esc.doc([Esc.allow(["s3:ListBucket"])]))
        let dev = Esc.user("dev", attached: [Esc.attached("team-dev"), Esc.attached("ops")])
        let managedOnly = Esc.user("m", inline: [Esc.inline("v", Esc.doc([Esc.allow(["iam:CreatePolicyVersion"], ["arn:aws:iam::aws:policy/*"])]))],
                                   attached: [Esc.attached("ReadOnlyAccess", Esc.doc([Esc.allow(["s3:Get*"])]), aws: true)])
        let g = graph([dev, own, ops, managedOnly])
        let e = try #require(escalations(g, from: dev.id, method: "iam:CreatePolicyVersion").first)
        #expect(e.dst == Esc.accountNode)
        // policy/team-* matches team-dev, not ops.
        #expect(e.details.contains { $0.detail.contains(own.id) })
        #expect(!e.details.contains { $0.detail.contains(ops.id) })
        #expect(escalations(g, from: managedOnly.id).isEmpty)
    }

    @Test func notActionStillAllowsCreatingOtherUsersKeys() throws {
        let n = Esc.user("n", inline: [Esc.inline("p", Esc.doc([["Effect": "Allow", "NotAction": ["s3:*", "ec2:*"],
                                                                 "Resource": .string(Esc.arn("user", "*"))]]))])
        let g = graph([n, Self.bob, Self.carol])
        #expect(Set(escalations(g, from: n.id, method: "iam:CreateAccessKey").map(\.dst)) == [Self.bob.id, Self.carol.id])
        // Console passwords: created for the user without one, changed for the user with one.
        #expect(escalations(g, from: n.id, method: "iam:CreateLoginProfile").map(\.dst) == [Self.carol.id])
        #expect(escalations(g, from: n.id, method: "iam:UpdateLoginProfile").map(\.dst) == [Self.bob.id])
        // On itself: not an escalation.
        #expect(!escalations(g, from: n.id).contains { $0.dst == n.id })
        // …but PutUserPolicy on itself is: it reaches the account.
        #expect(escalations(g, from: n.id, method: "iam:PutUserPolicy").map(\.dst) == [Esc.accountNode])
    }

    @Test func selfServiceKeyRotationIsNotAnEscalation() {
        let s = Esc.user("self", inline: [Esc.inline("rotate", Esc.doc([Esc.allow(["iam:CreateAccessKey", "iam:DeleteAccessKey"],
                                                                                   ["arn:aws:iam::*:user/${aws:username}"])]))])
        #expect(escalations(graph([s, Self.bob]), from: s.id).isEmpty)
    }

    @Test func groupsJoinedAndGroupsChanged() throws {
        let devs = Esc.group("devs", inline: [Esc.inline("g", Esc.doc([Esc.allow(["iam:PutGroupPolicy", "iam:AddUserToGroup"], [Esc.arn("group", "*")])]))])
        let admins = Esc.group("admins", attached: [Esc.attached("AdministratorAccess", Esc.adminDoc, aws: true)])
        let readers = Esc.group("readers", inline: [Esc.inline("r", Esc.doc([Esc.allow(["s3:GetObject"], ["*"])]))])
        let u = Esc.user("u", groups: ["devs"])
        let g = graph([u, devs, admins, readers])
        // Joining the administrators' group administers the account; joining another group gains that group.
        let joins = escalations(g, from: u.id, method: "iam:AddUserToGroup")
        #expect(Set(joins.map(\.dst)) == [Esc.accountNode, readers.id])
        #expect(joins.first { $0.dst == Esc.accountNode }?.evidence.contains("group admins (administrators)") == true)
        let put = try #require(escalations(g, from: u.id, method: "iam:PutGroupPolicy").first)
        #expect(put.dst == Esc.accountNode)
        // The grant comes from the group's own policy.
        #expect(put.details.contains { $0.source == "\(devs.id)#inline/g" })
    }

    @Test func workloadsWithRolesAreReachedWithoutPassRole() throws {
        let instance = Esc.instance("i-9", profile: "web")
        let fn = Esc.function("etl", role: "fn-admin")
        let ops = Esc.user("ops", inline: [Esc.inline("p", Esc.doc([Esc.allow(["ssm:SendCommand"], ["arn:aws:ec2:*:*:instance/*"]),
                                                                    Esc.allow(["lambda:UpdateFunctionCode"])]))])
        let g = graph([ops, instance, fn, Esc.profile("web", role: "admin"), Self.adminRole, Self.lambdaOnlyRole])
        let ssm = try #require(escalations(g, from: ops.id, method: "ssm:SendCommand").first)
        #expect(ssm.dst == Self.adminRole.id)
        #expect(ssm.details.contains { $0.kind == "instance_profile" && $0.fix == "instance-profile:i-9" })
        #expect(escalations(g, from: ops.id, method: "lambda:UpdateFunctionCode").map(\.dst) == [Self.lambdaOnlyRole.id])
        // A terminated instance runs nothing.
        let gone = graph([ops, Esc.instance("i-9", profile: "web", state: "terminated"), Esc.profile("web", role: "admin"), Self.adminRole])
        #expect(escalations(gone, from: ops.id, method: "ssm:SendCommand").isEmpty)
    }

    @Test func trustRewritesAndRolesThatAlreadyTrustThePrincipal() throws {
        let u = Esc.user("u", inline: [Esc.inline("p", Esc.doc([Esc.allow(["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], [Esc.arn("role", "admin")]),
                                                                Esc.allow(["iam:PutRolePolicy"], [Esc.arn("role", "deploy")])]))])
        let deploy = Esc.role("deploy", trust: Esc.trust(aws: Esc.arn("user", "u")))
        let g = graph([u, Self.adminRole, deploy])
        #expect(escalations(g, from: u.id, method: "iam:UpdateAssumeRolePolicy+sts:AssumeRole").map(\.dst) == [Self.adminRole.id])
        // The trust names u itself, so no identity Allow of sts:AssumeRole is needed; the trust statement is evidence.
        let put = try #require(escalations(g, from: u.id, method: "iam:PutRolePolicy+sts:AssumeRole").first)
        #expect(put.dst == Esc.accountNode)
        #expect(put.details.contains { $0.kind == "trust_statement" && $0.fix == "policy-statement:\(deploy.id)#trust#0" })
        // A role trusting only its account root still needs the identity Allow: u has none on deploy-root.
        let rootTrust = Esc.role("deploy", trust: Esc.trust(aws: "arn:aws:iam::\(Esc.account):root"))
        #expect(escalations(graph([u, rootTrust]), from: u.id, method: "iam:PutRolePolicy+sts:AssumeRole").isEmpty)
    }

    @Test func roleMayGrantItselfPolicies() throws {
        let r = Esc.role("ci", inline: [Esc.inline("p", Esc.doc([Esc.allow(["iam:AttachRolePolicy"], [Esc.arn("role", "ci")])]))])
        let g = graph([r])
        #expect(escalations(g, from: r.id, method: "iam:AttachRolePolicy").map(\.dst) == [Esc.accountNode])
        #expect(escalations(g, from: r.id, method: "iam:AttachUserPolicy").isEmpty)
    }

    @Test func undecidedConditionsMakeTheEdgeConditional() throws {
        let mfa: JSONValue = ["Bool": ["aws:MultiFactorAuthPresent": "true"]]
        let u = Esc.user("u", inline: [Esc.inline("p", Esc.doc([Esc.allow(["iam:CreateAccessKey"], condition: mfa)]))])
        let e = try #require(escalations(graph([u, Self.bob]), from: u.id).first)
        #expect(e.conditional)
        #expect(e.conditions.contains { $0.contains("aws:MultiFactorAuthPresent") })
    }

    @Test func administratorsGetNoEscalationEdges() {
        let admin = Esc.user("root-ish", attached: [Esc.attached("AdministratorAccess", Esc.adminDoc, aws: true)])
        let g = graph([admin, Self.bob, Self.adminRole])
        #expect(escalations(g, from: admin.id).isEmpty)
        #expect(g.edges.contains { $0.kind == "administers" && $0.src == admin.id })
    }

    @Test func malformedPoliciesAreSkippedAndReported() {
        let bad = Esc.user("bad", inline: [Esc.inline("broken", ["Statement": "nope"]), Esc.inline("ok", Esc.doc([Esc.allow(["iam:CreateAccessKey"])]))])
        let weird = Resource(id: Esc.arn("role", "weird"), account: Esc.account, region: "global", type: "aws.iam.role",
                             name: "weird", properties: ["assumeRolePolicy": 7, "inlinePolicies": "x"])
        let g = graph([bad, Self.bob, weird])
        #expect(escalations(g, from: bad.id, method: "iam:CreateAccessKey").map(\.dst) == [Self.bob.id])
        #expect(g.problems.contains { $0.resource == bad.id && $0.element.contains("broken") })
        #expect(g.problems.filter { $0.element.contains("broken") }.count == 1)
    }
}
