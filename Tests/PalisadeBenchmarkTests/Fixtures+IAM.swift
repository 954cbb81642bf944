import Foundation
import PalisadeModel

/// IAM / account family: resources shaped per docs/resources/aws/iam.md and docs/resources/aws/platform.md
/// (Organizations), with `Fixtures.now` = 2026-01-01.
extension Fixtures {
    // MARK: Users

    /// A person: console password with MFA, no access keys, permissions through a group only.
    static let consoleUser = resource("aws.iam.user", "arn:aws:iam::111122223333:user/carol", [
        "userName": "carol", "userId": "AIDA2", "arn": "arn:aws:iam::111122223333:user/carol", "path": "/",
        "createDate": "2024-01-01T00:00:00Z", "passwordEnabled": true, "passwordLastUsed": "2025-12-20T00:00:00Z",
        "loginProfile": ["createDate": "2024-01-01T00:00:00Z", "passwordResetRequired": false],
        "mfaDevices": [["serialNumber": "arn:aws:iam::111122223333:mfa/carol", "enableDate": "2024-01-02T00:00:00Z"]],
        "accessKeys": [], "attachedPolicies": [], "inlinePolicies": [], "groups": ["devs"],
    ], region: "global")

    /// A workload user: one recent, used access key, MFA, no console password, permissions through a group.
    static let keyUser = resource("aws.iam.user", "arn:aws:iam::111122223333:user/ci", [
        "userName": "ci", "userId": "AIDA3", "arn": "arn:aws:iam::111122223333:user/ci", "path": "/",
        "createDate": "2024-01-01T00:00:00Z", "passwordEnabled": false, "passwordLastUsed": nil, "loginProfile": nil,
        "mfaDevices": [["serialNumber": "arn:aws:iam::111122223333:mfa/ci", "enableDate": "2024-01-02T00:00:00Z"]],
        "accessKeys": [key("AKIACI1", created: "2025-12-01T00:00:00Z", used: "2025-12-30T00:00:00Z")],
        "attachedPolicies": [], "inlinePolicies": [], "groups": ["ci"],
    ], region: "global")

    static func key(_ id: String, active: Bool = true, created: String, used: String?) -> JSONValue {
        ["accessKeyId": .string(id), "status": active ? "Active" : "Inactive", "createDate": .string(created),
         "lastUsedDate": used.map { .string($0) } ?? .null, "lastUsedService": used == nil ? .null : "s3"]
    }

    static let cloudShellAttachment: JSONValue = [
        "policyName": "AWSCloudShellFullAccess", "policyArn": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
        "document": ["Version": "2012-10-17", "Statement": [
            ["Effect": "Allow", "Action": ["cloudshell:*"], "Resource": "*"]]]]
    static let supportAttachment: JSONValue = [
        "policyName": "AWSSupportAccess", "policyArn": "arn:aws:iam::aws:policy/AWSSupportAccess",
        "document": ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": ["support:*"], "Resource": "*"]]]]
    static let readOnlyAttachment: JSONValue = [
        "policyName": "ReadOnly", "policyArn": "arn:aws:iam::111122223333:policy/ReadOnly", "document": readOnly]

    // MARK: Groups, roles, policies

    static let group = resource("aws.iam.group", "arn:aws:iam::111122223333:group/devs", [
        "groupName": "devs", "groupId": "AGPA1", "arn": "arn:aws:iam::111122223333:group/devs", "path": "/",
        "createDate": "2024-01-01T00:00:00Z", "members": ["carol"], "attachedPolicies": [readOnlyAttachment],
        "inlinePolicies": [],
    ], region: "global")

    static let iamRole = with(role, ["maxSessionDuration": 3600, "permissionsBoundary": nil,
                                     "lastUsed": ["lastUsedDate": "2025-12-15T00:00:00Z", "region": "us-east-1"]])

    static let supportRole = with(iamRole, ["roleName": "aws-support", "attachedPolicies": [supportAttachment],
                                            "instanceProfileArns": [],
                                            "assumeRolePolicy": ["Version": "2012-10-17", "Statement": [
                                                ["Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::111122223333:root"],
                                                 "Action": "sts:AssumeRole",
                                                 "Condition": ["Bool": ["aws:MultiFactorAuthPresent": "true"]]]]]],
                                  id: "arn:aws:iam::111122223333:role/aws-support")

    static let githubProvider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"

    static func githubTrust(sub: Bool) -> JSONValue {
        var condition: [String: JSONValue] = ["StringEquals": ["token.actions.githubusercontent.com:aud": "sts.amazonaws.com"]]
        if sub { condition["StringLike"] = ["token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"] }
        return ["Version": "2012-10-17", "Statement": [
            ["Effect": "Allow", "Principal": ["Federated": .string(githubProvider)],
             "Action": "sts:AssumeRoleWithWebIdentity", "Condition": .object(condition)]]]
    }

    static let deployRole = with(iamRole, ["roleName": "deploy", "assumeRolePolicy": githubTrust(sub: true),
                                           "instanceProfileArns": []],
                                 id: "arn:aws:iam::111122223333:role/deploy")

    static let policy = resource("aws.iam.policy", "arn:aws:iam::111122223333:policy/ReadOnly", [
        "policyName": "ReadOnly", "policyId": "ANPA1", "arn": "arn:aws:iam::111122223333:policy/ReadOnly", "path": "/",
        "defaultVersionId": "v1", "createDate": "2024-01-01T00:00:00Z", "updateDate": "2024-01-01T00:00:00Z",
        "awsManaged": false, "attachmentCount": 1, "permissionsBoundaryUsageCount": 0, "isAttachable": true,
        "document": readOnly,
    ], region: "global")

    // MARK: Account-wide resources

    static let hardenedPasswordPolicy = with(passwordPolicy, ["expirePasswords": true, "maxPasswordAge": 90])

    static let accountSummary = resource("aws.iam.account_summary", "arn:aws:iam::111122223333:account-summary", [
        "accountMFAEnabled": 1, "accountAccessKeysPresent": 0, "accountSigningCertificatesPresent": 0, "users": 2,
        "groups": 1, "roles": 3, "policies": 1, "mfaDevices": 2, "mfaDevicesInUse": 2,
    ], region: "global")

    static let rootUser = resource("aws.iam.root_user", "arn:aws:iam::111122223333:root-user", [
        "arn": "arn:aws:iam::111122223333:root", "rootUserCreationTime": "2020-01-01T00:00:00Z",
        "rootPasswordEnabled": nil, "rootPasswordLastUsed": "2025-06-01T00:00:00Z", "rootMfaActive": true,
        "rootAccessKey1Active": false, "rootAccessKey1LastRotated": nil, "rootAccessKey1LastUsedDate": nil,
        "rootAccessKey2Active": false, "rootAccessKey2LastRotated": nil, "rootAccessKey2LastUsedDate": nil,
        "rootCert1Active": false, "rootCert2Active": false, "rootVirtualMfa": false, "rootHardwareMfa": true,
    ], region: "global")

    static let accountNode = resource("aws.account", "arn:aws:iam::111122223333:root", ["accountId": "111122223333"],
                                  region: "global")

    /// The same placeholder for another account (no support role there; or one whose only role is unreadable).
    static func otherAccount(_ id: String) -> Resource {
        var r = accountNode
        r.id = "arn:aws:iam::\(id):root"
        r.account = id
        r.properties = ["accountId": .string(id)]
        return r
    }

    static let opaqueRole: Resource = {
        var r = with(iamRole, ["roleName": "opaque"], unknown: ["attachedPolicies"], id: "arn:aws:iam::777788889999:role/opaque")
        r.account = "777788889999"
        return r
    }()

    static let serverCertificate = resource("aws.iam.server_certificate",
                                            "arn:aws:iam::111122223333:server-certificate/web", [
        "serverCertificateName": "web", "serverCertificateId": "ASCA1",
        "arn": "arn:aws:iam::111122223333:server-certificate/web", "path": "/",
        "expiration": "2026-06-01T00:00:00Z", "uploadDate": "2025-06-01T00:00:00Z",
    ], region: "global")

    static let analyzerStatus = resource("aws.accessanalyzer.region_status",
                                         "arn:aws:access-analyzer:us-east-1:111122223333:analyzer-status", [
        "analyzers": [["name": "external", "arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/external",
                       "type": "ACCOUNT", "status": "ACTIVE"]],
        "enabled": true,
    ])

    static let organization = resource("aws.organizations.organization",
                                       "arn:aws:organizations::111122223333:organization/o-abc", [
        "inOrganization": true, "organizationId": "o-abc", "arn": "arn:aws:organizations::111122223333:organization/o-abc",
        "featureSet": "ALL", "allFeaturesEnabled": true, "masterAccountId": "111122223333", "isManagementAccount": true,
        "availablePolicyTypes": [["Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"]],
    ], region: "global")

    static func doc(_ statements: JSONValue) -> JSONValue { ["Version": "2012-10-17", "Statement": statements] }

    // MARK: Cases

    /// Failing, hardened and unknown cases for the iam family's checks.
    static let iamCases: [String: Case] = [
        "aws-iam-user-credentials-unused-45d": Case(
            failing: with(consoleUser, ["passwordLastUsed": "2025-11-01T00:00:00Z"]), hardened: consoleUser,
            unknown: with(consoleUser, ["passwordLastUsed": nil], unknown: ["loginProfile"])),
        "aws-iam-user-credentials-unused-90d": Case(
            failing: with(consoleUser, ["passwordLastUsed": "2025-09-01T00:00:00Z"]), hardened: consoleUser,
            unknown: with(keyUser, unknown: ["accessKeys"])),
        "aws-iam-root-no-access-key": Case(
            failing: with(accountSummary, ["accountAccessKeysPresent": 1]), hardened: accountSummary,
            unknown: with(accountSummary, unknown: ["accountAccessKeysPresent"])),
        "aws-iam-root-mfa-enabled": Case(
            failing: with(rootUser, ["rootMfaActive": false, "rootHardwareMfa": false]), hardened: rootUser,
            unknown: with(rootUser, unknown: ["rootMfaActive"])),
        "aws-iam-root-hardware-mfa": Case(
            failing: with(rootUser, ["rootVirtualMfa": true, "rootHardwareMfa": false]), hardened: rootUser,
            unknown: with(rootUser, unknown: ["rootVirtualMfa", "rootHardwareMfa"])),
        "aws-iam-root-not-used-recently": Case(
            failing: with(rootUser, ["rootPasswordLastUsed": "2025-12-20T00:00:00Z"]), hardened: rootUser,
            unknown: with(rootUser, unknown: ["rootPasswordLastUsed"])),
        "aws-iam-user-mfa-enabled": Case(
            failing: with(keyUser, ["mfaDevices": []]), hardened: keyUser, unknown: with(keyUser, unknown: ["mfaDevices"])),
        "aws-iam-user-no-access-key-at-setup": Case(
            failing: with(consoleUser, ["accessKeys": [key("AKIASETUP", created: "2024-01-01T00:00:00Z", used: nil)]]),
            hardened: consoleUser, unknown: with(consoleUser, unknown: ["accessKeys"])),
        "aws-iam-user-single-active-access-key": Case(
            failing: with(keyUser, ["accessKeys": [key("AKIACI1", created: "2025-12-01T00:00:00Z", used: "2025-12-30T00:00:00Z"),
                                                   key("AKIACI2", created: "2025-12-15T00:00:00Z", used: "2025-12-31T00:00:00Z")]]),
            hardened: keyUser, unknown: with(keyUser, unknown: ["accessKeys"])),
        "aws-iam-user-no-attached-policies": Case(
            failing: with(consoleUser, ["attachedPolicies": [readOnlyAttachment]]), hardened: consoleUser,
            unknown: with(consoleUser, unknown: ["attachedPolicies"])),
        "aws-iam-user-console-and-access-key": Case(
            failing: with(consoleUser, ["accessKeys": [key("AKIABOTH", created: "2025-12-01T00:00:00Z",
                                                           used: "2025-12-30T00:00:00Z")]]),
            hardened: consoleUser, unknown: with(consoleUser, unknown: ["accessKeys"])),
        "aws-iam-user-no-cloudshell-full-access": Case(
            failing: with(consoleUser, ["attachedPolicies": [cloudShellAttachment]]), hardened: consoleUser,
            unknown: with(consoleUser, unknown: ["attachedPolicies"])),
        "aws-iam-group-no-cloudshell-full-access": Case(
            failing: with(group, ["attachedPolicies": [cloudShellAttachment]]), hardened: group,
            unknown: with(group, unknown: ["attachedPolicies"])),
        "aws-iam-role-no-cloudshell-full-access": Case(
            failing: with(iamRole, ["attachedPolicies": [cloudShellAttachment]]), hardened: iamRole,
            unknown: with(iamRole, unknown: ["attachedPolicies"])),
        "aws-iam-group-no-admin-policy": Case(
            failing: with(group, ["inlinePolicies": [["policyName": "all", "document": admin]]]), hardened: group,
            unknown: with(group, unknown: ["inlinePolicies"])),
        "aws-iam-role-no-admin-policy": Case(
            failing: with(iamRole, ["attachedPolicies": [adminAttachment]]), hardened: iamRole,
            unknown: with(iamRole, unknown: ["attachedPolicies"])),
        "aws-iam-policy-no-full-admin": Case(
            failing: with(policy, ["document": admin]), hardened: policy, unknown: with(policy, unknown: ["document"])),
        "aws-iam-policy-no-service-wildcard": Case(
            failing: with(policy, ["document": doc([["Effect": "Allow", "Action": ["s3:GetObject", "ec2:*"],
                                                     "Resource": "*"]])]),
            hardened: policy, unknown: with(policy, unknown: ["document"])),
        "aws-account-support-role": Case(
            failing: otherAccount("444455556666"), hardened: accountNode, unknown: otherAccount("777788889999")),
        "aws-iam-server-certificate-not-expired": Case(
            failing: with(serverCertificate, ["expiration": "2025-06-01T00:00:00Z"]), hardened: serverCertificate,
            unknown: with(serverCertificate, unknown: ["expiration"])),
        "aws-iam-access-analyzer-enabled": Case(
            failing: with(analyzerStatus, ["analyzers": [["name": "unused", "arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/unused",
                                                          "type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE"]],
                                           "enabled": true]),
            hardened: analyzerStatus, unknown: with(analyzerStatus, unknown: ["analyzers", "enabled"])),
        "aws-iam-password-policy-expiry": Case(
            failing: passwordPolicy, hardened: hardenedPasswordPolicy,
            unknown: with(hardenedPasswordPolicy, unknown: ["maxPasswordAge"])),
        "aws-iam-role-github-oidc-trust-restricts-subject": Case(
            failing: with(deployRole, ["assumeRolePolicy": githubTrust(sub: false)]), hardened: deployRole,
            unknown: with(deployRole, unknown: ["assumeRolePolicy"])),
        "aws-iam-role-unused-90d": Case(
            failing: with(iamRole, ["lastUsed": nil]), hardened: iamRole, unknown: with(iamRole, unknown: ["lastUsed"])),
        "aws-iam-role-no-passrole-wildcard": Case(
            failing: with(iamRole, ["inlinePolicies": [["policyName": "deploy", "document": doc([
                ["Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"]])]]]),
            hardened: iamRole, unknown: with(iamRole, unknown: ["inlinePolicies"])),
        "aws-organizations-all-features-enabled": Case(
            failing: with(organization, ["featureSet": "CONSOLIDATED_BILLING", "allFeaturesEnabled": false]),
            hardened: organization, unknown: with(organization, unknown: ["allFeaturesEnabled"])),
    ]

    /// Resources the iam family's relations resolve against (the account-wide `iamRoles`).
    static let iamInventory: [Resource] = [supportRole, deployRole, opaqueRole]
}
