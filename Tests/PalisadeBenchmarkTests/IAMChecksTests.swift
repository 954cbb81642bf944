import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// The IAM family's checks on the shapes policies really take (a Statement object or list, Action a string or
/// a list) and on the cases their `applies` exempts.
@Suite struct IAMChecksTests {
    static let benchmark = BuiltInChecksTests.benchmark

    func status(_ id: String, _ r: Resource) throws -> FindingStatus {
        let check = try #require(Self.benchmark.check(id: id))
        let related = Self.benchmark.resolver.resolve(check.relatedNames, for: r,
                                                      in: InventoryIndex(Fixtures.inventory.values))
        return check.evaluate(r, related: related, now: Fixtures.now).0
    }

    func policy(_ document: JSONValue, _ changes: [String: JSONValue] = [:]) -> Resource {
        Fixtures.with(Fixtures.policy, changes.merging(["document": document]) { a, _ in a })
    }

    @Test func serviceWildcardInEveryShapeOfStatementAndAction() throws {
        let id = "aws-iam-policy-no-service-wildcard"
        let single: JSONValue = ["Version": "2012-10-17",
                                 "Statement": ["Effect": "Allow", "Action": "s3:*", "Resource": "*"]]
        #expect(try status(id, policy(single)) == .fail)
        #expect(try status(id, policy(Fixtures.doc([["Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"]]))) == .fail)
        #expect(try status(id, policy(Fixtures.doc([["Effect": "Allow", "NotAction": "iam:*", "Resource": "*"]]))) == .fail)
        #expect(try status(id, policy(Fixtures.doc([["Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"]]))) == .fail)
        // A prefix wildcard, a Deny, or a single action is fine.
        #expect(try status(id, policy(Fixtures.doc([["Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"]]))) == .pass)
        #expect(try status(id, policy(Fixtures.doc([["Effect": "Deny", "Action": "s3:*", "Resource": "*"]]))) == .pass)
        #expect(try status(id, policy(["Version": "2012-10-17",
                                       "Statement": ["Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"]])) == .pass)
        // AWS-managed policies, and customer policies used only as permissions boundaries, are not judged.
        #expect(try status(id, policy(single, ["awsManaged": true, "arn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"])) == .notApplicable)
        #expect(try status(id, policy(single, ["attachmentCount": 0, "permissionsBoundaryUsageCount": 2])) == .notApplicable)
        #expect(try status(id, policy(single, ["attachmentCount": 1, "permissionsBoundaryUsageCount": 2])) == .fail)
    }

    @Test func fullAdminPolicyIgnoresBoundariesAndAWSManaged() throws {
        let id = "aws-iam-policy-no-full-admin"
        #expect(try status(id, policy(Fixtures.admin, ["attachmentCount": 0])) == .fail)  // unattached still counts
        #expect(try status(id, policy(Fixtures.admin, ["attachmentCount": 0, "permissionsBoundaryUsageCount": 1])) == .notApplicable)
        #expect(try status(id, policy(Fixtures.admin, ["awsManaged": true])) == .notApplicable)
    }

    @Test func githubTrustNeedsASubjectConditionWhateverTheShape() throws {
        let id = "aws-iam-role-github-oidc-trust-restricts-subject"
        let provider = JSONValue.string(Fixtures.githubProvider)
        func trust(_ t: JSONValue) -> Resource { Fixtures.with(Fixtures.deployRole, ["assumeRolePolicy": t]) }
        let objectNoSub: JSONValue = ["Version": "2012-10-17", "Statement": [
            "Effect": "Allow", "Principal": ["Federated": provider], "Action": "sts:AssumeRoleWithWebIdentity"]]
        #expect(try status(id, trust(objectNoSub)) == .fail)
        let listFederated = Fixtures.doc([["Effect": "Allow", "Principal": ["Federated": [provider]],
                                           "Action": ["sts:AssumeRoleWithWebIdentity"],
                                           "Condition": ["StringEquals": ["token.actions.githubusercontent.com:aud": "sts.amazonaws.com"]]]])
        #expect(try status(id, trust(listFederated)) == .fail)
        let objectWithSub: JSONValue = ["Version": "2012-10-17", "Statement": [
            "Effect": "Allow", "Principal": ["Federated": provider], "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": ["StringEquals": ["token.actions.githubusercontent.com:sub": "repo:acme/app:environment:prod"]]]]
        #expect(try status(id, trust(objectWithSub)) == .pass)
        // Other providers and plain service or account trust are not this check's business.
        let eks = Fixtures.doc([["Effect": "Allow", "Principal": ["Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"],
                                 "Action": "sts:AssumeRoleWithWebIdentity"]])
        #expect(try status(id, trust(eks)) == .pass)
        #expect(try status(id, Fixtures.iamRole) == .pass)
        #expect(try status(id, trust(Fixtures.doc([["Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"]]))) == .pass)
    }

    @Test func credentialsNeverUsedCountFromCreation() throws {
        let old = Fixtures.with(Fixtures.keyUser, ["accessKeys": [Fixtures.key("AKIAOLD", created: "2025-09-01T00:00:00Z", used: nil)]])
        #expect(try status("aws-iam-user-credentials-unused-90d", old) == .fail)
        #expect(try status("aws-iam-user-credentials-unused-45d", old) == .fail)
        let fresh = Fixtures.with(Fixtures.keyUser, ["accessKeys": [Fixtures.key("AKIANEW", created: "2025-12-20T00:00:00Z", used: nil)]])
        #expect(try status("aws-iam-user-credentials-unused-45d", fresh) == .pass)
        let inactiveOld = Fixtures.with(Fixtures.keyUser, ["accessKeys": [Fixtures.key("AKIAOFF", active: false, created: "2020-01-01T00:00:00Z", used: nil)]])
        #expect(try status("aws-iam-user-credentials-unused-90d", inactiveOld) == .notApplicable)
        let newPassword = Fixtures.with(Fixtures.consoleUser, ["passwordLastUsed": nil,
                                                               "loginProfile": ["createDate": "2025-12-01T00:00:00Z", "passwordResetRequired": true]])
        #expect(try status("aws-iam-user-credentials-unused-45d", newPassword) == .pass)
    }

    @Test func passRoleScopedOrThroughAWSManagedPoliciesIsNotFlagged() throws {
        let id = "aws-iam-role-no-passrole-wildcard"
        let scoped = Fixtures.with(Fixtures.iamRole, ["inlinePolicies": [["policyName": "p", "document": Fixtures.doc([
            ["Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"]])]]])
        #expect(try status(id, scoped) == .pass)
        let iamStar = Fixtures.with(Fixtures.iamRole, ["inlinePolicies": [["policyName": "p", "document": Fixtures.doc([
            ["Effect": "Allow", "Action": "iam:*", "Resource": "*"]])]]])
        #expect(try status(id, iamStar) == .fail)
        let customer = Fixtures.with(Fixtures.iamRole, ["attachedPolicies": [["policyName": "deploy",
            "policyArn": "arn:aws:iam::111122223333:policy/deploy",
            "document": Fixtures.doc([["Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"]])]]])
        #expect(try status(id, customer) == .fail)
        let managed = Fixtures.with(Fixtures.iamRole, ["attachedPolicies": [["policyName": "Managed",
            "policyArn": "arn:aws:iam::aws:policy/service-role/Managed",
            "document": Fixtures.doc([["Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"]])]]])
        #expect(try status(id, managed) == .pass)
    }

    @Test func serviceLinkedRolesAndOutsideOrganizationsAreNotJudged() throws {
        let linked = Fixtures.with(Fixtures.iamRole, ["path": "/aws-service-role/", "attachedPolicies": [Fixtures.adminAttachment],
                                                      "lastUsed": nil])
        #expect(try status("aws-iam-role-no-admin-policy", linked) == .notApplicable)
        #expect(try status("aws-iam-role-unused-90d", linked) == .notApplicable)
        let none = Fixtures.with(Fixtures.organization, ["inOrganization": false, "allFeaturesEnabled": nil, "featureSet": nil])
        #expect(try status("aws-organizations-all-features-enabled", none) == .notApplicable)
        // A young role is not "unused" however little it was used; an AWS-managed admin policy on a role is.
        #expect(try status("aws-iam-role-unused-90d", Fixtures.with(Fixtures.iamRole, ["createDate": "2025-12-01T00:00:00Z",
                                                                                        "lastUsed": nil])) == .pass)
    }

    @Test func rootUseByAccessKeyCountsToo() throws {
        let keyUse = Fixtures.with(Fixtures.rootUser, ["rootAccessKey2LastUsedDate": "2025-12-28T00:00:00Z"])
        #expect(try status("aws-iam-root-not-used-recently", keyUse) == .fail)
    }
}
