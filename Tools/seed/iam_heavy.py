"""An IAM-heavy estate for the collection benchmark (`palisade-bench --iam-principals N`).

N principals, half users and half roles, shaped like a large organization's IAM: every principal has an inline
policy and one or two customer-managed policies attached (from a pool of 100, so policies are shared); users sit
in groups of 25 that carry a policy of their own; one user in ten has an access key (one in three of those also
Inactive-rotated second key), one in twenty a console password, one in fifty an MFA device; roles trust EC2,
Lambda or another principal of the account, one in ten has a permissions boundary. Names are prefixed `heavy-`
so the demo estate's checks are unaffected. Creation is idempotent (existing entities are left alone).
"""
import json

from botocore.exceptions import ClientError

POLICY_POOL = 100
GROUP_SIZE = 25


def _doc(actions, resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": resource}]})


def _exists(call):
    try:
        return call()
    except ClientError as e:
        if e.response["Error"]["Code"] in ("EntityAlreadyExists", "EntityAlreadyExistsException"):
            return None
        raise


SERVICE_ACTIONS = [["s3:GetObject", "s3:ListBucket"], ["dynamodb:GetItem", "dynamodb:Query"],
                   ["sqs:SendMessage", "sqs:ReceiveMessage"], ["logs:PutLogEvents", "logs:CreateLogStream"],
                   ["kms:Decrypt"], ["secretsmanager:GetSecretValue"], ["ec2:Describe*"], ["sns:Publish"]]


def seed(iam, account, principals):
    """Creates the estate through `iam` (a boto3 IAM client) in `account`; returns counts of what exists."""
    arns = []
    for i in range(POLICY_POOL):
        arn = f"arn:aws:iam::{account}:policy/heavy-policy-{i:03d}"
        _exists(lambda: iam.create_policy(PolicyName=f"heavy-policy-{i:03d}",
                                          PolicyDocument=_doc(SERVICE_ACTIONS[i % len(SERVICE_ACTIONS)],
                                                              f"arn:aws:*:*:{account}:*heavy-{i:03d}*")))
        arns.append(arn)
    boundary = arns[0]
    users, roles = principals // 2, principals - principals // 2
    groups = (users + GROUP_SIZE - 1) // GROUP_SIZE
    for g in range(groups):
        name = f"heavy-group-{g:03d}"
        if _exists(lambda: iam.create_group(GroupName=name)) is not None:
            iam.put_group_policy(GroupName=name, PolicyName="team", PolicyDocument=_doc(["s3:ListAllMyBuckets"]))
            iam.attach_group_policy(GroupName=name, PolicyArn=arns[(g * 7) % POLICY_POOL])
    keys = passwords = mfa = 0
    for u in range(users):
        name = f"heavy-user-{u:05d}"
        if _exists(lambda: iam.create_user(UserName=name)) is None:
            continue
        iam.put_user_policy(UserName=name, PolicyName="own", PolicyDocument=_doc(SERVICE_ACTIONS[u % 8],
                                                                                f"arn:aws:s3:::heavy-user-{u:05d}/*"))
        iam.attach_user_policy(UserName=name, PolicyArn=arns[u % POLICY_POOL])
        iam.add_user_to_group(GroupName=f"heavy-group-{u // GROUP_SIZE:03d}", UserName=name)
        if u % 10 == 0:
            iam.create_access_key(UserName=name)
            keys += 1
            if u % 30 == 0:
                second = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
                iam.update_access_key(UserName=name, AccessKeyId=second, Status="Inactive")
                keys += 1
        if u % 20 == 0:
            iam.create_login_profile(UserName=name, Password="Heavy-Estate-Passw0rd!")
            passwords += 1
        if u % 50 == 0:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                                  AuthenticationCode2="654321")
            mfa += 1
    services = ["ec2.amazonaws.com", "lambda.amazonaws.com"]
    for r in range(roles):
        name = f"heavy-role-{r:05d}"
        trusted = ({"Service": services[r % 2]} if r % 3 else
                   {"AWS": f"arn:aws:iam::{account}:role/heavy-role-{max(0, r - 3):05d}"})
        trust = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": trusted, "Action": "sts:AssumeRole"}]})
        kw = {"PermissionsBoundary": boundary} if r % 10 == 0 else {}
        if _exists(lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust, **kw)) is None:
            continue
        iam.put_role_policy(RoleName=name, PolicyName="own", PolicyDocument=_doc(SERVICE_ACTIONS[r % 8]))
        iam.attach_role_policy(RoleName=name, PolicyArn=arns[r % POLICY_POOL])
        if r % 2:
            iam.attach_role_policy(RoleName=name, PolicyArn=arns[(r * 13 + 1) % POLICY_POOL])
    return {"users": users, "roles": roles, "groups": groups, "managedPolicies": POLICY_POOL,
            "accessKeys": keys, "passwords": passwords, "mfaDevices": mfa}
