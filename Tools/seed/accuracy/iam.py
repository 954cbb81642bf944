"""IAM / account family of the accuracy estates (checks aws-iam-*, aws-account-*, aws-organizations-*).

The estates need moto started with MOTO_IAM_LOAD_MANAGED_POLICIES=true (AccuracyEstate does this): the
support role carries the AWS managed AWSSupportAccess, and the bad estate attaches AdministratorAccess and
AWSCloudShellFullAccess.
"""
import json

from botocore.exceptions import ClientError

GITHUB = "token.actions.githubusercontent.com"
PASSWORD = "Accuracy-Estate-2026!x"

GAPS = {
    "aws-iam-access-key-rotated-90d": "moto stamps access keys with the current time; a key cannot be aged past 90 days",
    "aws-iam-user-credentials-unused-45d": "moto stamps keys and login profiles with the current time and never "
                                           "records PasswordLastUsed; a credential cannot be aged past 45 days",
    "aws-iam-user-credentials-unused-90d": "moto stamps keys and login profiles with the current time and never "
                                           "records PasswordLastUsed; a credential cannot be aged past 90 days",
    "aws-iam-role-unused-90d": "moto stamps roles with the current time and never reports RoleLastUsed",
    "aws-iam-root-no-access-key": "moto cannot give the root user an access key (passes in the hardened estate)",
    "aws-iam-root-mfa-enabled": "moto's credential report has no <root_account> row: aws.iam.root_user is unknown",
    "aws-iam-root-hardware-mfa": "moto's credential report has no <root_account> row: aws.iam.root_user is unknown",
    "aws-iam-root-not-used-recently": "moto's credential report has no <root_account> row: aws.iam.root_user is unknown",
    "aws-iam-server-certificate-not-expired": "moto reports every server certificate as expired in 2012, so none can "
                                              "pass (the bad estate's expired certificate is planted)",
    "aws-iam-access-analyzer-enabled": "moto 5.2.1 has no IAM Access Analyzer (HTTP 500); covered by "
                                       "AccessAnalyzerRecordedTests",
}


def _doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _aws(name):
    return f"arn:aws:iam::aws:policy/{name}"


def _user(s, name, password=False, mfa=False, keys=0, groups=()):
    iam = s.client("iam")
    s.ignore_exists(lambda: iam.create_user(UserName=name), "EntityAlreadyExists")
    if password:
        s.ignore_exists(lambda: iam.create_login_profile(UserName=name, Password=PASSWORD), "EntityAlreadyExists")
    if mfa and not iam.list_mfa_devices(UserName=name)["MFADevices"]:
        serial = None
        for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]:
            if d["SerialNumber"].endswith(f":mfa/{name}"):
                serial = d["SerialNumber"]
        if serial is None:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
        iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                              AuthenticationCode2="654321")
    existing = iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
    for _ in range(keys - len(existing)):
        iam.create_access_key(UserName=name)
    for g in groups:
        iam.add_user_to_group(GroupName=g, UserName=name)


def _role(s, name, trust, attach=(), inline=None):
    iam = s.client("iam")
    if not s.ignore_exists(lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust)),
                           "EntityAlreadyExists"):
        iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(trust))
    for arn in attach:
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    for pname, doc in (inline or {}).items():
        iam.put_role_policy(RoleName=name, PolicyName=pname, PolicyDocument=doc)


def _policy(s, name, doc):
    iam = s.client("iam")
    arn = f"arn:aws:iam::{s.account}:policy/{name}"
    s.ignore_exists(lambda: iam.create_policy(PolicyName=name, PolicyDocument=doc), "EntityAlreadyExists")
    return arn


def _github_provider(s):
    iam = s.client("iam")
    s.ignore_exists(lambda: iam.create_open_id_connect_provider(
        Url=f"https://{GITHUB}", ClientIDList=["sts.amazonaws.com"],
        ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"]), "EntityAlreadyExists")
    return f"arn:aws:iam::{s.account}:oidc-provider/{GITHUB}"


def _github_trust(provider, sub):
    condition = {"StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"}}
    if sub:
        condition["StringLike"] = {f"{GITHUB}:sub": "repo:acme/app:ref:refs/heads/main"}
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": condition}]}


def _organization(s, feature_set):
    org = s.client("organizations")
    try:
        return org.describe_organization()["Organization"]["Id"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "AWSOrganizationsNotInUseException":
            raise
    return org.create_organization(FeatureSet=feature_set)["Organization"]["Id"]


def seed_hardened(s):
    iam = s.client("iam")
    account_root = f"arn:aws:iam::{s.account}:root"
    iam.update_account_password_policy(
        MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True, AllowUsersToChangePassword=True, MaxPasswordAge=90,
        PasswordReusePrevention=24, HardExpiry=False)

    # Permissions only through groups, scoped actions (a prefix wildcard is fine), no service-wide "*".
    describe = _policy(s, "iam-acc-ec2-describe", _doc(
        {"Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:GetMetricData"], "Resource": "*"}))
    s.ignore_exists(lambda: iam.create_group(GroupName="iam-acc-developers"), "EntityAlreadyExists")
    iam.attach_group_policy(GroupName="iam-acc-developers", PolicyArn=describe)
    iam.put_group_policy(GroupName="iam-acc-developers", PolicyName="read-artifacts", PolicyDocument=_doc(
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::iam-acc-artifacts", "arn:aws:s3:::iam-acc-artifacts/*"]}))

    # A person (console + MFA, no keys) and a workload (one fresh key + MFA, no password).
    _user(s, "iam-acc-alice", password=True, mfa=True, groups=["iam-acc-developers"])
    _user(s, "iam-acc-build", mfa=True, keys=1, groups=["iam-acc-developers"])

    # The support role (CIS 1.17): own account, MFA required.
    _role(s, "iam-acc-support", {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": account_root}, "Action": "sts:AssumeRole",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}, attach=[_aws("AWSSupportAccess")])

    # GitHub Actions deploy role: subject-restricted trust, PassRole scoped to one role and one service.
    provider = _github_provider(s)
    _role(s, "iam-acc-app", {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        inline={"read-artifacts": _doc({"Effect": "Allow", "Action": "s3:GetObject",
                                        "Resource": "arn:aws:s3:::iam-acc-artifacts/*"})})
    _role(s, "iam-acc-github-deploy", _github_trust(provider, sub=True), attach=[describe], inline={
        "deploy": _doc({"Effect": "Allow", "Action": "iam:PassRole",
                        "Resource": f"arn:aws:iam::{s.account}:role/iam-acc-app",
                        "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}},
                       {"Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:CreateTags"], "Resource": "*"})})

    _organization(s, "ALL")


def seed_bad(s):
    iam = s.client("iam")
    fail = s.expect_fail
    # No password policy at all: every password check fails on the account's policy resource.
    try:
        iam.delete_account_password_policy()
    except ClientError:
        pass
    for check in ("exists", "min-length", "complexity", "reuse", "expiry"):
        fail(f"aws-iam-password-policy-{check}", "aws.iam.password_policy", "account-password-policy")

    _user(s, "iam-bad-no-mfa", password=True)
    fail("aws-iam-user-console-mfa", "aws.iam.user", "iam-bad-no-mfa")
    fail("aws-iam-user-mfa-enabled", "aws.iam.user", "iam-bad-no-mfa")

    _user(s, "iam-bad-setup-key", password=True, mfa=True, keys=1)
    fail("aws-iam-user-no-access-key-at-setup", "aws.iam.user", "iam-bad-setup-key")
    fail("aws-iam-user-console-and-access-key", "aws.iam.user", "iam-bad-setup-key")

    _user(s, "iam-bad-two-keys", mfa=True, keys=2)
    fail("aws-iam-user-single-active-access-key", "aws.iam.user", "iam-bad-two-keys")

    _user(s, "iam-bad-direct-admin", mfa=True)
    iam.attach_user_policy(UserName="iam-bad-direct-admin", PolicyArn=_aws("AdministratorAccess"))
    fail("aws-iam-user-no-admin-policy", "aws.iam.user", "iam-bad-direct-admin")
    fail("aws-iam-user-no-attached-policies", "aws.iam.user", "iam-bad-direct-admin")

    _user(s, "iam-bad-cloudshell", mfa=True)
    iam.attach_user_policy(UserName="iam-bad-cloudshell", PolicyArn=_aws("AWSCloudShellFullAccess"))
    fail("aws-iam-user-no-cloudshell-full-access", "aws.iam.user", "iam-bad-cloudshell")

    s.ignore_exists(lambda: iam.create_group(GroupName="iam-bad-admins"), "EntityAlreadyExists")
    iam.put_group_policy(GroupName="iam-bad-admins", PolicyName="everything",
                         PolicyDocument=_doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    iam.attach_group_policy(GroupName="iam-bad-admins", PolicyArn=_aws("AWSCloudShellFullAccess"))
    fail("aws-iam-group-no-admin-policy", "aws.iam.group", "iam-bad-admins")
    fail("aws-iam-group-no-cloudshell-full-access", "aws.iam.group", "iam-bad-admins")

    own = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{s.account}:root"}, "Action": "sts:AssumeRole"}]}
    _role(s, "iam-bad-admin-role", own, attach=[_aws("AdministratorAccess")])
    fail("aws-iam-role-no-admin-policy", "aws.iam.role", "iam-bad-admin-role")
    _role(s, "iam-bad-cloudshell-role", own, attach=[_aws("AWSCloudShellFullAccess")])
    fail("aws-iam-role-no-cloudshell-full-access", "aws.iam.role", "iam-bad-cloudshell-role")
    _role(s, "iam-bad-public-trust", {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
    fail("aws-iam-role-trust-any-principal", "aws.iam.role", "iam-bad-public-trust")
    _role(s, "iam-bad-github-any-repo", _github_trust(_github_provider(s), sub=False))
    fail("aws-iam-role-github-oidc-trust-restricts-subject", "aws.iam.role", "iam-bad-github-any-repo")
    _role(s, "iam-bad-passrole", {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        inline={"deploy": _doc({"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction"],
                                "Resource": "*"})})
    fail("aws-iam-role-no-passrole-wildcard", "aws.iam.role", "iam-bad-passrole")

    _policy(s, "iam-bad-full-admin", _doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    fail("aws-iam-policy-no-full-admin", "aws.iam.policy", "iam-bad-full-admin")
    _policy(s, "iam-bad-s3-everything", _doc({"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}))
    fail("aws-iam-policy-no-service-wildcard", "aws.iam.policy", "iam-bad-s3-everything")
    _policy(s, "iam-bad-self-versioning", _doc({"Effect": "Allow", "Action": "iam:CreatePolicyVersion",
                                                "Resource": "*"}))
    fail("aws-iam-policy-allows-privilege-escalation", "aws.iam.policy", "iam-bad-self-versioning")

    s.ignore_exists(lambda: iam.upload_server_certificate(
        ServerCertificateName="iam-bad-expired",
        CertificateBody="-----BEGIN CERTIFICATE-----\nMIIBexpired\n-----END CERTIFICATE-----",
        PrivateKey="-----BEGIN RSA PRIVATE KEY-----\nMIIBkey\n-----END RSA PRIVATE KEY-----"), "EntityAlreadyExists")
    fail("aws-iam-server-certificate-not-expired", "aws.iam.server_certificate", "iam-bad-expired")

    # No role carries AWSSupportAccess in this account.
    fail("aws-account-support-role", "aws.account", s.account)

    org_id = _organization(s, "CONSOLIDATED_BILLING")
    fail("aws-organizations-all-features-enabled", "aws.organizations.organization", org_id)
