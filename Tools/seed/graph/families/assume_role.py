"""Role chaining: an exposed instance's role assumes a second role that administers the account (or reads a
secret). Same-account rules: a trust naming the role grants on its own; a trust naming the account root needs an
identity Allow of sts:AssumeRole too.

Decoys: the trust needs an external id (a condition the configuration cannot decide: a conditional path at most);
the trust names a different role; a root trust without the identity Allow. Each admin-reaching entry has a VPC of
its own (gx-assume, gx-extid); the decoys that reach nothing share gx-decoy.
"""
from seeder import INSTANCE, SECRET, allow, doc, tcp

GAPS = {}


def trust(sid, principal, condition=None):
    st = {"Sid": sid, "Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if condition:
        st["Condition"] = condition
    return doc(st)


def hop(s, network, cidr, first, second, first_policy, second_trust, second_policy):
    """An exposed instance `first` (role `first`-role with `first_policy`) and role `second`."""
    s.role(second, second_trust, second_policy)
    net = s.public_network(network, cidr)
    profile = s.ec2_role(f"{first}-role", first_policy)
    sg = s.security_group(net, f"{first}-sg", [tcp(22)])
    s.instance(first, net["public"], sg, public_ip=True, profile=profile)
    return profile


def seed(s):
    admin = doc(allow("GxAdministrator", "*"))

    profile = hop(s, "gx-assume", "10.60.0.0/16", "gx-jump", "gx-deployer",
                  doc(allow("GxAssumeDeployer", "sts:AssumeRole", s.role_arn("gx-deployer"))),
                  trust("GxTrustJump", s.role_arn("gx-jump-role")), admin)
    s.chain("assume-role-admin", (INSTANCE, "gx-jump"), s.account_target(),
            ["exposes", "has_role", "can_assume", "administers"],
            evidence=[profile, "GxAssumeDeployer", "GxTrustJump"])

    hop(s, "gx-extid", "10.70.0.0/16", "gx-jump-extid", "gx-deployer-extid",
        doc(allow("GxAssumeDeployer", "sts:AssumeRole", s.role_arn("gx-deployer-extid"))),
        trust("GxTrustJump", s.role_arn("gx-jump-extid-role"), {"StringEquals": {"sts:ExternalId": "gx-7f3a9c"}}),
        admin)
    s.decoy("decoy-assume-external-id", "assume-role-admin", (INSTANCE, "gx-jump-extid"), s.account_target(),
            "the same hop, but the trust requires sts:ExternalId", conditional_on="sts:ExternalId")

    s.role("gx-build-role", doc({"Sid": "GxEc2Only", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                 "Action": "sts:AssumeRole"}))
    hop(s, "gx-decoy", "10.50.0.0/16", "gx-jump-wrong", "gx-deployer-wrong",
        doc(allow("GxAssumeDeployer", "sts:AssumeRole", s.role_arn("gx-deployer-wrong"))),
        trust("GxTrustBuild", s.role_arn("gx-build-role")), admin)
    s.decoy("decoy-assume-trust-other-role", "assume-role-admin", (INSTANCE, "gx-jump-wrong"), s.account_target(),
            "the first role may call sts:AssumeRole on the second, but the second's trust names gx-build-role")

    root = f"arn:aws:iam::{s.account}:root"
    secret = s.secret("gx-release-signing-key")
    profile = hop(s, "gx-data", "10.30.0.0/16", "gx-releaser", "gx-signer",
                  doc(allow("GxAssumeSigner", "sts:AssumeRole", s.role_arn("gx-signer"))),
                  trust("GxTrustAccount", root),
                  doc(allow("GxSigningSecret", "secretsmanager:GetSecretValue", secret)))
    s.chain("assume-root-trust-secret", (INSTANCE, "gx-releaser"), (SECRET, "gx-release-signing-key"),
            ["exposes", "has_role", "can_assume", "can_get_secret"],
            evidence=[profile, "GxAssumeSigner", "GxTrustAccount", "GxSigningSecret"])

    decoy_secret = s.secret("gx-release-archive-key")
    hop(s, "gx-decoy", "10.50.0.0/16", "gx-releaser-noallow", "gx-signer-noallow",
        doc(allow("GxListBuckets", "s3:ListAllMyBuckets")),
        trust("GxTrustAccount", root),
        doc(allow("GxSigningSecret", "secretsmanager:GetSecretValue", decoy_secret)))
    s.decoy("decoy-assume-root-no-identity-allow", "assume-root-trust-secret", (INSTANCE, "gx-releaser-noallow"),
            (SECRET, "gx-release-archive-key"),
            "the second role trusts the account root, but the first role's policies do not allow sts:AssumeRole")
