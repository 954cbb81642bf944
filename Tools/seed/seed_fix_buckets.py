#!/usr/bin/env python3
"""Seed moto with S3 buckets that fail the checks Palisade's S3 fixes repair, and print a JSON manifest.

Each bucket starts in a documented state the fix test compares with after `undo`:
  fix-pab      no public access block
  fix-enc      no default encryption (moto gives new buckets none)
  fix-ver      versioning never enabled
  fix-ssl      a bucket policy with one Allow statement (the fix adds a TLS-only Deny, undo restores this one)
  fix-own      no ownership controls
  fix-acl      ACL public-read
The account has no account-wide public access block.
"""
import argparse
import json

import boto3

p = argparse.ArgumentParser()
p.add_argument("--endpoint", required=True)
p.add_argument("--region", default="us-east-1")
a = p.parse_args()
s3 = boto3.client("s3", endpoint_url=a.endpoint, region_name=a.region, aws_access_key_id="testing",
                  aws_secret_access_key="testing")
for name in ["fix-pab", "fix-enc", "fix-ver", "fix-ssl", "fix-own", "fix-acl"]:
    s3.create_bucket(Bucket=name)
policy = {"Version": "2012-10-17", "Statement": [{"Sid": "ReadByPartner", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::fix-ssl/*"}]}
s3.put_bucket_policy(Bucket="fix-ssl", Policy=json.dumps(policy))
s3.put_bucket_acl(Bucket="fix-acl", ACL="public-read")
print(json.dumps({"buckets": ["fix-pab", "fix-enc", "fix-ver", "fix-ssl", "fix-own", "fix-acl"],
                  "sslPolicy": policy}))
