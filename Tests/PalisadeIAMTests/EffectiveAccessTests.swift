import PalisadeIAM
import PalisadeModel
import Testing

let acct = "111111111111"
let other = "222222222222"

func sourced(_ name: String, _ text: String, source: String? = nil) throws -> SourcedPolicy {
    SourcedPolicy(source: source ?? "arn:aws:iam::\(acct):policy/\(name)", name: name, document: try policy(text))
}

func allow(_ action: String, _ resource: String = "*", sid: String? = nil, extra: String = "") -> String {
    """
    {"Version": "2012-10-17", "Statement": [{\(sid.map { "\"Sid\": \"\($0)\"," } ?? "") "Effect": "Allow",
      "Action": "\(action)", "Resource": "\(resource)" \(extra)}]}
    """
}

func deny(_ action: String, _ resource: String = "*") -> String {
    """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "\(action)", "Resource": "\(resource)"}]}
    """
}

func user(_ name: String = "alice", account: String = acct, identity: [SourcedPolicy] = [],
          boundary: SourcedPolicy? = nil, scps: [[SourcedPolicy]] = []) -> PrincipalPolicies {
    let arn = "arn:aws:iam::\(account):user/\(name)"
    return PrincipalPolicies(arn: arn, account: account, kind: .user, identity: identity, boundary: boundary, scps: scps,
                             context: RequestContext(["aws:PrincipalArn": [arn], "aws:PrincipalAccount": [account]]))
}

func role(_ name: String = "app", account: String = acct, identity: [SourcedPolicy] = [],
          boundary: SourcedPolicy? = nil) -> PrincipalPolicies {
    let arn = "arn:aws:iam::\(account):role/\(name)"
    return PrincipalPolicies(arn: arn, account: account, kind: .role, identity: identity, boundary: boundary,
                             context: RequestContext(["aws:PrincipalArn": [arn], "aws:PrincipalAccount": [account],
                                                      "aws:MultiFactorAuthPresent": ["false"]]))
}

func bucket(_ policyText: String? = nil, account: String = acct, restrict: Bool = false) throws -> ResourceSide {
    ResourceSide(arn: "arn:aws:s3:::data/*", account: account,
                 policy: try policyText.map { try sourced("data policy", $0, source: "arn:aws:s3:::data#resource-policy") },
                 rules: .s3(restrictPublicBuckets: restrict))
}

func grantTo(_ principal: String, _ action: String = "s3:GetObject", resource: String = "arn:aws:s3:::data/*") -> String {
    """
    {"Version": "2012-10-17", "Statement": [{"Sid": "Grant", "Effect": "Allow", "Principal": {"AWS": "\(principal)"},
      "Action": "\(action)", "Resource": "\(resource)"}]}
    """
}

@Suite struct EffectiveAccessTests {
    @Test func identityAllowGrantsAndNamesTheStatement() throws {
        let p = user(identity: [try sourced("Read", allow("s3:GetObject", "arn:aws:s3:::data/*", sid: "ReadData"))])
        let d = EffectiveAccess.decide(p, action: "s3:GetObject", resource: try bucket())
        #expect(d.outcome == .allowed)
        #expect(d.grants == [StatementRef(source: "arn:aws:iam::\(acct):policy/Read", policyName: "Read", index: 0,
                                          sid: "ReadData", effect: .allow)])
    }

    @Test func denyInAnotherPolicyWins() throws {
        let p = user(identity: [try sourced("Read", allow("s3:*")), try sourced("NoS3", deny("s3:GetObject"))])
        let d = EffectiveAccess.decide(p, action: "s3:GetObject", resource: try bucket())
        #expect(d.outcome == .explicitDeny)
        #expect(d.denies.map(\.policyName) == ["NoS3"])
    }

    @Test func denyInTheResourcePolicyWins() throws {
        let p = user(identity: [try sourced("Read", allow("s3:*"))])
        let text = """
        {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data/*"}]}
        """
        #expect(EffectiveAccess.decide(p, action: "s3:GetObject", resource: try bucket(text)).outcome == .explicitDeny)
    }

    @Test func boundaryLimitsIdentityGrants() throws {
        let p = user(identity: [try sourced("Admin", allow("*"))], boundary: try sourced("OnlyEC2", allow("ec2:*")))
        let d = EffectiveAccess.decide(p, action: "s3:GetObject", resource: try bucket())
        #expect(d.outcome == .implicitDeny)
        #expect(d.reason.contains("boundary"))
        #expect(EffectiveAccess.decide(p, action: "ec2:RunInstances",
                                       resource: ResourceSide(arn: "*", account: acct, rules: .identityOnly)).outcome == .allowed)
    }

    @Test func boundaryDoesNotLimitAResourcePolicyNamingTheUser() throws {
        let p = user(boundary: try sourced("OnlyEC2", allow("ec2:*")))
        let side = try bucket(grantTo(p.arn))
        #expect(EffectiveAccess.decide(p, action: "s3:GetObject", resource: side).outcome == .allowed)
    }

    @Test func boundaryLimitsAResourcePolicyNamingTheRoleARN() throws {
        let r = role(boundary: try sourced("OnlyEC2", allow("ec2:*")))
        #expect(EffectiveAccess.decide(r, action: "s3:GetObject", resource: try bucket(grantTo(r.arn))).outcome == .implicitDeny)
        // …but not one naming the role session.
        let session = "arn:aws:sts::\(acct):assumed-role/app/worker"
        #expect(EffectiveAccess.decide(r, action: "s3:GetObject", resource: try bucket(grantTo(session))).outcome == .allowed)
        // Without the boundary, the role ARN grant stands alone.
        #expect(EffectiveAccess.decide(role(), action: "s3:GetObject", resource: try bucket(grantTo(r.arn))).outcome == .allowed)
    }

    @Test func scpLevelsEachMustAllow() throws {
        let p = user(identity: [try sourced("Admin", allow("*"))],
                     scps: [[try sourced("FullAWSAccess", allow("*"))], [try sourced("OnlyEC2", allow("ec2:*"))]])
        let d = EffectiveAccess.decide(p, action: "s3:GetObject", resource: try bucket())
        #expect(d.outcome == .implicitDeny)
        #expect(d.reason.contains("SCP"))
        let denied = user(identity: [try sourced("Admin", allow("*"))], scps: [[try sourced("DenyS3", deny("s3:*"))]])
        #expect(EffectiveAccess.decide(denied, action: "s3:GetObject", resource: try bucket()).outcome == .explicitDeny)
    }

    @Test func resourcePolicyGrantsAloneInTheSameAccountOnly() throws {
        let local = user()
        #expect(EffectiveAccess.decide(local, action: "s3:GetObject", resource: try bucket(grantTo(local.arn))).outcome == .allowed)
        let foreign = user("bob", account: other)
        let side = try bucket(grantTo(foreign.arn))
        let d = EffectiveAccess.decide(foreign, action: "s3:GetObject", resource: side)
        #expect(d.outcome == .implicitDeny)
        #expect(d.reason.contains("cross-account"))
        let withIdentity = user("bob", account: other, identity: [try sourced("Read", allow("s3:GetObject"))])
        let both = EffectiveAccess.decide(withIdentity, action: "s3:GetObject", resource: side)
        #expect(both.outcome == .allowed)
        #expect(both.grants.count == 2)
    }

    @Test func accountPrincipalDelegatesToIdentityInTheSameAccount() throws {
        let side = try bucket(grantTo("arn:aws:iam::\(acct):root"))
        #expect(EffectiveAccess.decide(user(), action: "s3:GetObject", resource: side).outcome == .implicitDeny)
    }

    @Test func kmsKeyPolicyWithoutRootStatementIgnoresIdentityAllow() throws {
        let p = user(identity: [try sourced("Decrypt", allow("kms:Decrypt"))])
        let keyARN = "arn:aws:kms:eu-west-1:\(acct):key/k1"
        func key(_ text: String) throws -> ResourceSide {
            ResourceSide(arn: keyARN, account: acct, policy: try sourced("key", text, source: "\(keyARN)#resource-policy"),
                         rules: .kmsKey)
        }
        let onlyAdmin = grantTo("arn:aws:iam::\(acct):role/key-admin", "kms:*", resource: "*")
        let d = EffectiveAccess.decide(p, action: "kms:Decrypt", resource: try key(onlyAdmin))
        #expect(d.outcome == .implicitDeny)
        #expect(d.reason.contains("key policy"))
        let enablesIAM = grantTo("arn:aws:iam::\(acct):root", "kms:*", resource: "*")
        let ok = EffectiveAccess.decide(p, action: "kms:Decrypt", resource: try key(enablesIAM))
        #expect(ok.outcome == .allowed)
        #expect(ok.grants.map(\.source).contains("\(keyARN)#resource-policy"))
    }

    @Test func blockPublicAccessNeutralisesAPublicBucketPolicy() throws {
        let text = """
        {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]}
        """
        let anyone = PrincipalPolicies(arn: "*", account: "", kind: .anonymous)
        #expect(EffectiveAccess.decide(anyone, action: "s3:GetObject", resource: try bucket(text)).outcome == .allowed)
        #expect(EffectiveAccess.decide(anyone, action: "s3:GetObject", resource: try bucket(text, restrict: true)).outcome
                == .implicitDeny)
        let foreign = user("bob", account: other, identity: [try sourced("Read", allow("s3:*"))])
        #expect(EffectiveAccess.decide(foreign, action: "s3:GetObject", resource: try bucket(text, restrict: true)).outcome
                == .implicitDeny)
    }

    @Test func publicACLGrantsUnlessIgnored() throws {
        let anyone = PrincipalPolicies(arn: "*", account: "", kind: .anonymous)
        var side = ResourceSide(arn: "arn:aws:s3:::data/*", account: acct, rules: .s3(restrictPublicBuckets: false),
                                aclGrants: [ACLGrant(granteeURI: ACLGrant.allUsersURI, permission: "WRITE")])
        #expect(EffectiveAccess.decide(anyone, action: "s3:PutObject", resource: side).outcome == .allowed)
        #expect(EffectiveAccess.decide(anyone, action: "s3:GetObject", resource: side).outcome == .implicitDeny)
        side.ignorePublicAcls = true
        #expect(EffectiveAccess.decide(anyone, action: "s3:PutObject", resource: side).outcome == .implicitDeny)
    }

    @Test func notActionStillAllowsWhatItDoesNotList() throws {
        let p = user(identity: [try sourced("AllButS3", """
        {"Statement": [{"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"}]}
        """)])
        let side = ResourceSide(arn: "arn:aws:iam::\(acct):role/admin", account: acct, rules: .identityOnly)
        #expect(EffectiveAccess.decide(p, action: "iam:PutRolePolicy", resource: side).outcome == .allowed)
        #expect(EffectiveAccess.decide(p, action: "s3:GetObject", resource: try bucket()).outcome == .implicitDeny)
    }

    @Test func dateConditionsAreDecidedAgainstNow() throws {
        let expired = allow("s3:GetObject", extra: #", "Condition": {"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}"#)
        let future = allow("s3:GetObject", extra: #", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2999-01-01T00:00:00Z"}}"#)
        let current = allow("s3:GetObject", extra: #", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01"}}"#)
        #expect(EffectiveAccess.decide(user(identity: [try sourced("P", expired)]), action: "s3:GetObject",
                                       resource: try bucket()).outcome == .implicitDeny)
        #expect(EffectiveAccess.decide(user(identity: [try sourced("P", future)]), action: "s3:GetObject",
                                       resource: try bucket()).outcome == .implicitDeny)
        #expect(EffectiveAccess.decide(user(identity: [try sourced("P", current)]), action: "s3:GetObject",
                                       resource: try bucket()).outcome == .allowed)
        // A fixed evaluation time decides too.
        let then = RequestContext(["aws:CurrentTime": ["2019-06-01T00:00:00Z"]])
        #expect(EffectiveAccess.decide(user(identity: [try sourced("P", expired)]), action: "s3:GetObject",
                                       resource: try bucket(), context: then).outcome == .allowed)
    }

    @Test func undecidableConditionIsConditionalAndRendered() throws {
        let text = allow("s3:GetObject", extra: #", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#)
        let d = EffectiveAccess.decide(user(identity: [try sourced("P", text)]), action: "s3:GetObject", resource: try bucket())
        #expect(d.outcome == .conditional)
        #expect(d.conditions == ["IpAddress aws:SourceIp = [203.0.113.0/24]"])
    }

    @Test func undecidableDenyMakesTheAllowConditional() throws {
        let denyOutsideOffice = """
        {"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
          "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}
        """
        let p = user(identity: [try sourced("Read", allow("s3:*")), try sourced("Office", denyOutsideOffice)])
        let d = EffectiveAccess.decide(p, action: "s3:GetObject", resource: try bucket())
        #expect(d.outcome == .conditional)
        #expect(d.denies.map(\.policyName) == ["Office"])
        #expect(d.conditions.first?.contains("NotIpAddress") == true)
    }

    @Test func mfaRequiredNeverHoldsForARoleSession() throws {
        let text = allow("s3:GetObject", extra: #", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#)
        #expect(EffectiveAccess.decide(role(identity: [try sourced("P", text)]), action: "s3:GetObject",
                                       resource: try bucket()).outcome == .implicitDeny)
        #expect(EffectiveAccess.decide(user(identity: [try sourced("P", text)]), action: "s3:GetObject",
                                       resource: try bucket()).outcome == .conditional)
    }

    @Test func principalKeysAreDecided() throws {
        let text = allow("s3:GetObject", extra: #", "Condition": {"StringEquals": {"aws:PrincipalAccount": "\#(other)"}}"#)
        #expect(EffectiveAccess.decide(user(identity: [try sourced("P", text)]), action: "s3:GetObject",
                                       resource: try bucket()).outcome == .implicitDeny)
        let passed = allow("iam:PassRole", extra: #", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}"#)
        let p = user(identity: [try sourced("Pass", passed)])
        let roleSide = ResourceSide(arn: "arn:aws:iam::\(acct):role/x", account: acct, rules: .identityOnly)
        #expect(EffectiveAccess.decide(p, action: "iam:PassRole", resource: roleSide,
                                       context: RequestContext(["iam:PassedToService": ["lambda.amazonaws.com"]])).outcome
                == .implicitDeny)
        #expect(EffectiveAccess.decide(p, action: "iam:PassRole", resource: roleSide,
                                       context: RequestContext(["iam:PassedToService": ["ec2.amazonaws.com"]])).outcome
                == .allowed)
        #expect(EffectiveAccess.decide(p, action: "iam:PassRole", resource: roleSide).outcome == .conditional)
    }

    @Test func awsManagedPolicyARNNeverMatchesACustomerPolicy() throws {
        let p = user(identity: [try sourced("Versions", allow("iam:CreatePolicyVersion",
                                                              "arn:aws:iam::aws:policy/AdministratorAccess"))])
        let customer = ResourceSide(arn: "arn:aws:iam::\(acct):policy/AppPolicy", account: acct, rules: .identityOnly)
        #expect(EffectiveAccess.decide(p, action: "iam:CreatePolicyVersion", resource: customer).outcome == .implicitDeny)
    }

    @Test func administersGoesThroughBoundaryAndDeny() throws {
        let admin = try sourced("AdministratorAccess", Policies.administratorAccess,
                                source: "arn:aws:iam::aws:policy/AdministratorAccess")
        #expect(EffectiveAccess.administers(user(identity: [admin])).outcome == .allowed)
        #expect(!EffectiveAccess.administers(user(identity: [admin], boundary: try sourced("S3", allow("s3:*")))).isAllowed)
        #expect(!EffectiveAccess.administers(user(identity: [admin, try sourced("NoIAM", deny("iam:*"))])).isAllowed)
        let notS3 = try sourced("AllButS3", #"{"Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}"#)
        #expect(EffectiveAccess.administers(user(identity: [notS3])).outcome == .allowed)
    }
}
