import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// aws-iam-policy-allows-privilege-escalation on the policies the analyser traps are made of.
@Suite struct EscalationCheckTests {
    static let id = "aws-iam-policy-allows-privilege-escalation"

    func status(_ document: JSONValue, _ changes: [String: JSONValue] = [:]) throws -> FindingStatus {
        let check = try #require(BuiltInChecksTests.benchmark.check(id: Self.id))
        let r = Fixtures.with(Fixtures.policy, changes.merging(["document": document]) { a, _ in a })
        return check.evaluate(r, related: [:], now: Fixtures.now).0
    }

    @Test func failsOnAnEscalationPolicyAndPassesOnAReadOnlyOne() throws {
        #expect(try status(Fixtures.passRoleRunInstances) == .fail)
        #expect(try status(Fixtures.readOnly) == .pass)
        let check = try #require(BuiltInChecksTests.benchmark.check(id: Self.id))
        #expect(check.metadata.severity == .high)
        #expect(check.metadata.controlID == "manage-access-and-permissions")
    }

    @Test func eachFamilyOfMethodsFails() throws {
        for actions: [JSONValue] in [["iam:CreatePolicyVersion"], ["iam:CreateAccessKey"], ["iam:AttachUserPolicy"],
                                     ["lambda:UpdateFunctionCode"], ["ssm:SendCommand"],
                                     ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]] {
            let d = Fixtures.doc([["Effect": "Allow", "Action": .array(actions), "Resource": "*"]])
            #expect(try status(d) == .fail, "\(actions)")
        }
    }

    @Test func trapsThatDoNotEscalatePass() throws {
        // Allowed and denied in the same policy.
        #expect(try status(Fixtures.doc([["Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"],
                                         ["Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"]])) == .pass)
        // Only an AWS-managed policy can be versioned: impossible.
        #expect(try status(Fixtures.doc([["Effect": "Allow", "Action": "iam:CreatePolicyVersion",
                                         "Resource": "arn:aws:iam::aws:policy/*"]])) == .pass)
        // Half of a combination: PassRole without anything to pass the role to.
        #expect(try status(Fixtures.doc([["Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"]])) == .pass)
        // Another account's users.
        #expect(try status(Fixtures.doc([["Effect": "Allow", "Action": "iam:CreateAccessKey",
                                         "Resource": "arn:aws:iam::999999999999:user/*"]])) == .pass)
    }

    @Test func prefixWildcardsAndNotActionStillFail() throws {
        #expect(try status(Fixtures.doc([["Effect": "Allow", "Action": "iam:CreatePolicyVersion",
                                         "Resource": "arn:aws:iam::111122223333:policy/team-*"]])) == .fail)
        #expect(try status(Fixtures.doc([["Effect": "Allow", "NotAction": ["s3:*", "ec2:*"],
                                         "Resource": "arn:aws:iam::111122223333:user/*"]])) == .fail)
    }

    @Test func adminPoliciesAreLeftToTheAdminCheck() throws {
        #expect(try status(Fixtures.admin) == .notApplicable)
        #expect(try status(Fixtures.passRoleRunInstances, ["awsManaged": true]) == .notApplicable)
    }
}
