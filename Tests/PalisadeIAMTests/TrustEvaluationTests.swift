import Foundation
import PalisadeIAM
import PalisadeModel
import Testing

func trust(_ principal: String, condition: String = "") -> String {
    """
    {"Version": "2012-10-17", "Statement": [{"Sid": "Trust", "Effect": "Allow", "Principal": \(principal),
      "Action": "sts:AssumeRole" \(condition)}]}
    """
}

func roleSide(_ text: String, name: String = "target") throws -> ResourceSide {
    let arn = "arn:aws:iam::\(acct):role/\(name)"
    return TrustEvaluation.roleSide(arn: arn, account: acct, trust: try sourced("\(name) trust", text, source: "\(arn)#trust"))
}

@Suite struct TrustEvaluationTests {
    @Test func explicitARNTrustGrantsAloneInTheSameAccount() throws {
        let u = user()
        let d = TrustEvaluation.canAssume(u, role: try roleSide(trust(#"{"AWS": "\#(u.arn)"}"#)))
        #expect(d.outcome == .allowed)
        #expect(d.grants.map(\.sid) == ["Trust"])
    }

    @Test func accountRootTrustNeedsAnIdentityAllow() throws {
        let side = try roleSide(trust(#"{"AWS": "arn:aws:iam::\#(acct):root"}"#))
        #expect(TrustEvaluation.canAssume(user(), role: side).outcome == .implicitDeny)
        let allowed = user(identity: [try sourced("Assume", allow("sts:AssumeRole", "arn:aws:iam::\(acct):role/target"))])
        let d = TrustEvaluation.canAssume(allowed, role: side)
        #expect(d.outcome == .allowed)
        #expect(d.grants.count == 2)
        // The bare account id means the same.
        #expect(TrustEvaluation.canAssume(allowed, role: try roleSide(trust(#"{"AWS": "\#(acct)"}"#))).outcome == .allowed)
    }

    @Test func externalIdMakesItConditional() throws {
        let u = user()
        let d = TrustEvaluation.canAssume(u, role: try roleSide(trust(#"{"AWS": "\#(u.arn)"}"#,
            condition: #", "Condition": {"StringEquals": {"sts:ExternalId": "abc"}}"#)))
        #expect(d.outcome == .conditional)
        #expect(d.conditions == ["StringEquals sts:ExternalId = [abc]"])
    }

    @Test func mfaRequiredRemovesRoleCallers() throws {
        let r = role()
        let side = try roleSide(trust(#"{"AWS": "\#(r.arn)"}"#,
                                      condition: #", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#))
        #expect(TrustEvaluation.canAssume(r, role: side).outcome == .implicitDeny)
    }

    @Test func trusteesServicesAnyoneAndExternalAccounts() throws {
        let text = """
        {"Statement": [
          {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
          {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\(other):root"}, "Action": "sts:AssumeRole",
           "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}
        ]}
        """
        let t = TrustEvaluation.trustees(try sourced("t", text, source: "r#trust"), roleAccount: acct)
        #expect(t.map(\.kind) == [.service("ec2.amazonaws.com"), .externalAccount(other)])
        #expect(t[1].conditions == ["StringEquals sts:ExternalId = [x]"])
        // With a statement for everyone beside it, the other account needs no ExternalId at all.
        let open = text.replacingOccurrences(of: "\n]}", with: ",\n {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"}]}")
        let u = TrustEvaluation.trustees(try sourced("t", open, source: "r#trust"), roleAccount: acct)
        #expect(u.map(\.kind) == [.service("ec2.amazonaws.com"), .externalAccount(other), .anyone])
        #expect(u[1].conditions.isEmpty && u[2].conditions.isEmpty)
    }

    @Test func anyoneRestrictedToTheOrganizationIsNotAnyone() throws {
        let text = trust(#""*""#, condition: #", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}"#)
        #expect(TrustEvaluation.trustees(try sourced("t", text, source: "r#trust"), roleAccount: acct).isEmpty)
    }
}
