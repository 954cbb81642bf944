"""KMS key policies: a role may use a key through its identity policy only when the key policy enables IAM (the
statement naming the account root). Chain: an exposed instance whose role allows kms:Decrypt on a key that
encrypts a confidential bucket. Decoy: the same, but the key policy names only a key-administrator role, so the
identity Allow does not count.
"""
from seeder import INSTANCE, KEY, allow, doc, tcp

GAPS = {}


def seed(s):
    s.role("gx-key-admin", doc({"Sid": "GxNobody", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                "Action": "sts:AssumeRole"}))
    key_admin = {"Sid": "GxKeyAdministrators", "Effect": "Allow",
                 "Principal": {"AWS": s.role_arn("gx-key-admin")}, "Action": "kms:*", "Resource": "*"}
    for alias, network, with_root in [("gx-ledger", "gx-data", True), ("gx-ledger-locked", "gx-decoy", False)]:
        policy = doc(*([s.root_key_statement()] if with_root else []), key_admin)
        key = s.key(alias, policy)
        s.bucket(f"{alias}-records-confidential", kms_key=key)
        net = s.public_network(network, "10.30.0.0/16" if network == "gx-data" else "10.50.0.0/16")
        profile = s.ec2_role(f"{alias}-reader-role", doc(allow("GxDecryptLedger", "kms:Decrypt", key)))
        sg = s.security_group(net, f"{alias}-reader-sg", [tcp(22)])
        s.instance(f"{alias}-reader", net["public"], sg, public_ip=True, profile=profile)
        if with_root:
            s.chain("kms-identity-decrypt", (INSTANCE, f"{alias}-reader"), (KEY, f"alias/{alias}"),
                    ["exposes", "has_role", "can_decrypt"], evidence=[profile, "GxDecryptLedger"])
        else:
            s.decoy("decoy-kms-no-root-statement", "kms-identity-decrypt", (INSTANCE, f"{alias}-reader"),
                    (KEY, f"alias/{alias}"),
                    "the same exposed reader and identity Allow of kms:Decrypt, but the key policy has no statement "
                    "for the account root, so IAM policies cannot grant use of the key")
