"""Roles anyone may assume (entry kind any_principal_trust): a trust policy with `"Principal": {"AWS": "*"}` on a
role that reads a secret. Decoy: the same trust limited by `aws:PrincipalOrgID` to one organization.
"""
from seeder import ROLE, SECRET, allow, doc

GAPS = {}


def trust(sid, condition=None):
    st = {"Sid": sid, "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
    if condition:
        st["Condition"] = condition
    return doc(st)


def seed(s):
    secret = s.secret("gx-partner-credentials")
    s.role("gx-anyone-role", trust("GxAnyoneAssumes"),
           doc(allow("GxPartnerSecret", "secretsmanager:GetSecretValue", secret)))
    s.chain("any-principal-trust-secret", (ROLE, "gx-anyone-role"), (SECRET, "gx-partner-credentials"),
            ["can_assume", "can_get_secret"], evidence=["GxAnyoneAssumes", "GxPartnerSecret"])

    org_secret = s.secret("gx-org-credentials")
    s.role("gx-org-role", trust("GxOrgAssumes", {"StringEquals": {"aws:PrincipalOrgID": "o-gx0decoy01"}}),
           doc(allow("GxOrgSecret", "secretsmanager:GetSecretValue", org_secret)))
    s.decoy("decoy-trust-principal-org", "any-principal-trust-secret", (ROLE, "gx-org-role"),
            (SECRET, "gx-org-credentials"),
            "the same trust of anyone, but limited to principals of organization o-gx0decoy01",
            conditional_on="aws:PrincipalOrgID")
