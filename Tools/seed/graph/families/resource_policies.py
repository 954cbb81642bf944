"""Resource policies that grant anyone: a bucket policy and a secret policy with `"Principal": "*"` on sensitive
data (entry kind public_access: the path is principal:* → the store, one step). Decoys: the same bucket policy
neutralised by the bucket's Block Public Access (RestrictPublicBuckets); the same secret policy naming the account
instead of anyone. A bucket whose name says nothing is sensitive by its data-classification tag alone (a chain);
a bucket whose name sounds sensitive but whose tag says public is not (a decoy): the tag decides both ways.
"""
from seeder import BUCKET, SECRET, doc

GAPS = {
    "s3-account-block-public-access":
        "the account-level Block Public Access decoy cannot share an account with a public-bucket chain (it "
        "neutralises every bucket); the bucket-level block is the decoy instead",
}


def public_read(sid, bucket):
    return doc({"Sid": sid, "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*"})


def seed(s):
    s.bucket("gx-public-customer-exports", policy=public_read("GxPublicExports", "gx-public-customer-exports"))
    s.chain("public-bucket-policy", (BUCKET, "gx-public-customer-exports"), (BUCKET, "gx-public-customer-exports"),
            ["can_read"], evidence=["GxPublicExports"])
    s.bucket("gx-blocked-customer-exports", policy=public_read("GxBlockedExports", "gx-blocked-customer-exports"),
             block_public=True)
    s.decoy("decoy-bucket-public-access-block", "public-bucket-policy", (BUCKET, "gx-blocked-customer-exports"),
            (BUCKET, "gx-blocked-customer-exports"),
            "the same public bucket policy, but the bucket's Block Public Access has RestrictPublicBuckets on")

    # Sensitive by its tag alone: nothing in the name says so.
    s.bucket("gx-public-quarterly-exports", classification="restricted",
             policy=public_read("GxPublicQuarterly", "gx-public-quarterly-exports"))
    s.chain("public-bucket-tagged-restricted", (BUCKET, "gx-public-quarterly-exports"),
            (BUCKET, "gx-public-quarterly-exports"), ["can_read"], evidence=["GxPublicQuarterly"])
    s.bucket("gx-public-customer-brochures", classification="public",
             policy=public_read("GxPublicBrochures", "gx-public-customer-brochures"))
    s.decoy("decoy-bucket-tagged-public", "public-bucket-tagged-restricted", (BUCKET, "gx-public-customer-brochures"),
            (BUCKET, "gx-public-customer-brochures"),
            "the same public bucket policy on a bucket named like customer data, but tagged data-classification=public")

    anyone = doc({"Sid": "GxAnyoneReads", "Effect": "Allow", "Principal": "*",
                  "Action": "secretsmanager:GetSecretValue", "Resource": "*"})
    s.secret("gx-public-api-token", policy=anyone)
    s.chain("public-secret-policy", (SECRET, "gx-public-api-token"), (SECRET, "gx-public-api-token"),
            ["can_get_secret"], evidence=["GxAnyoneReads"])
    account = doc({"Sid": "GxAccountReads", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{s.account}:root"},
                   "Action": "secretsmanager:GetSecretValue", "Resource": "*"})
    s.secret("gx-account-api-token", policy=account)
    s.decoy("decoy-secret-policy-account", "public-secret-policy", (SECRET, "gx-account-api-token"),
            (SECRET, "gx-account-api-token"),
            "the same secret policy, but its principal is the account (delegating to IAM), not anyone")
