"""Privilege escalation by a user whose access key id leaked into a Lambda function's environment (the function,
outside any VPC and without a URL, is the leaked-credentials entry). Methods: iam:CreatePolicyVersion on a policy
attached to the user itself; iam:PassRole on an admin role + ec2:RunInstances; iam:AttachUserPolicy on itself.

Decoys are the analyser traps: an explicit Deny in the same policy; a resource that can never match (AWS managed
policies cannot get new versions); a permission boundary that leaves out iam:PassRole; a date condition in the past.
"""
from seeder import EC2_TRUST, FUNCTION, LAMBDA_TRUST, allow, doc

GAPS = {}


def leaked_by_function(s, user, key):
    """A function whose environment holds `user`'s access key id (AWS_ACCESS_KEY_ID itself is reserved)."""
    return s.function(f"{user}-fn", environment={"DEPLOY_ACCESS_KEY_ID": key, "DEPLOY_REGION": s.region})


def self_versioning(s, user, extra=(), resource=None):
    name = f"{user}-policy"
    arn = f"arn:aws:iam::{s.account}:policy/{name}"
    policy = s.managed_policy(name, doc(allow("GxSelfVersion", "iam:CreatePolicyVersion", resource or arn), *extra))
    key = s.user(user, managed=[policy])
    return leaked_by_function(s, user, key), key


def seed(s):
    account = s.account_target()

    fn, key = self_versioning(s, "gx-ci-versioner")
    s.chain("escalate-create-policy-version", (FUNCTION, fn), account, ["can_authenticate_as", "can_escalate"],
            evidence=[key, "GxSelfVersion"], permissions=["iam:CreatePolicyVersion"])
    fn, _ = self_versioning(s, "gx-ci-versioner-denied", extra=[
        {"Sid": "GxNoVersions", "Effect": "Deny", "Action": "iam:CreatePolicyVersion", "Resource": "*"}])
    s.decoy("decoy-escalate-explicit-deny", "escalate-create-policy-version", (FUNCTION, fn), account,
            "the same self-versioning Allow, but the same policy denies iam:CreatePolicyVersion")
    fn, _ = self_versioning(s, "gx-ci-versioner-aws", resource="arn:aws:iam::aws:policy/*")
    s.decoy("decoy-escalate-unmatchable-resource", "escalate-create-policy-version", (FUNCTION, fn), account,
            "iam:CreatePolicyVersion only on AWS managed policies, which can never get a new version")

    s.role("gx-fleet-admin", EC2_TRUST, doc(allow("GxFleetAdmin", "*")))
    s.instance_profile("gx-fleet-admin-profile", "gx-fleet-admin")
    launcher = doc(allow("GxPassFleetAdmin", "iam:PassRole", s.role_arn("gx-fleet-admin")),
                   allow("GxRunInstances", "ec2:RunInstances"))
    key = s.user("gx-ci-launcher", inline=launcher)
    fn = leaked_by_function(s, "gx-ci-launcher", key)
    s.chain("escalate-passrole-runinstances", (FUNCTION, fn), account, ["can_authenticate_as", "can_escalate"],
            evidence=[key, "GxPassFleetAdmin"], permissions=["iam:PassRole", "ec2:RunInstances"])
    s.role("gx-lambda-admin", LAMBDA_TRUST, doc(allow("GxLambdaAdmin", "*")))
    wrong = doc(allow("GxPassLambdaAdmin", "iam:PassRole", s.role_arn("gx-lambda-admin")),
                allow("GxRunInstances", "ec2:RunInstances"))
    key = s.user("gx-ci-launcher-wrong-trust", inline=wrong)
    fn = leaked_by_function(s, "gx-ci-launcher-wrong-trust", key)
    s.decoy("decoy-escalate-passrole-untrusting-role", "escalate-passrole-runinstances", (FUNCTION, fn), account,
            "the same PassRole + RunInstances, but the admin role it may pass trusts only Lambda, so no instance can"
            " run as it")

    # The same method from a role behind a public function URL, and its decoy with a permission boundary. (moto
    # 5.2.1 keeps no permission boundary on users, so the boundary decoy is a role's; roles keep theirs.)
    boundary = s.managed_policy("gx-ec2-only-boundary", doc(allow("GxEc2Only", "ec2:*")))
    for name, bounded in [("gx-launch-hook", False), ("gx-launch-hook-bounded", True)]:
        role = s.role(f"{name}-role", LAMBDA_TRUST, launcher, boundary=boundary if bounded else None)
        s.function(name, role_arn=role, url_auth="NONE")
        if not bounded:
            s.chain("escalate-passrole-runinstances-role", (FUNCTION, name), account,
                    ["exposes", "has_role", "can_escalate"], evidence=[f"{name}-role", "GxPassFleetAdmin"],
                    permissions=["iam:PassRole", "ec2:RunInstances"])
        else:
            s.decoy("decoy-escalate-permission-boundary", "escalate-passrole-runinstances-role", (FUNCTION, name),
                    account, "the same PassRole + RunInstances policy, but the role's permission boundary allows only ec2:*")

    for user, condition in [("gx-ci-attacher", None),
                            ("gx-ci-attacher-expired",
                             {"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}})]:
        extra = {"Condition": condition} if condition else {}
        key = s.user(user, inline=doc(allow("GxAttachSelf", "iam:AttachUserPolicy", s.user_arn(user), **extra)))
        fn = leaked_by_function(s, user, key)
        if condition is None:
            s.chain("escalate-attach-user-policy", (FUNCTION, fn), account, ["can_authenticate_as", "can_escalate"],
                    evidence=[key, "GxAttachSelf"], permissions=["iam:AttachUserPolicy"])
        else:
            s.decoy("decoy-escalate-expired-date", "escalate-attach-user-policy", (FUNCTION, fn), account,
                    "the same AttachUserPolicy on itself, but only before 2020-01-01 (aws:CurrentTime)")
