#!/usr/bin/env python3
"""Seed moto with what Palisade's identity fixes repair, and print a JSON manifest.

  password policy   none (the account starts without one)
  key               a customer-managed symmetric key with rotation off
  disabledKey       the same, disabled (rotation cannot be turned on: the fix must refuse)
  trail             a trail in us-east-1 without log file validation, logging to bucket fix-trail-logs
"""
import argparse
import json

import boto3

p = argparse.ArgumentParser()
p.add_argument("--endpoint", required=True)
p.add_argument("--region", default="us-east-1")
a = p.parse_args()
kw = dict(endpoint_url=a.endpoint, region_name=a.region, aws_access_key_id="testing", aws_secret_access_key="testing")
kms = boto3.client("kms", **kw)
key = kms.create_key(Description="palisade fix test")["KeyMetadata"]
disabled = kms.create_key(Description="palisade fix test, disabled")["KeyMetadata"]
kms.disable_key(KeyId=disabled["KeyId"])
boto3.client("s3", **kw).create_bucket(Bucket="fix-trail-logs")
trail = boto3.client("cloudtrail", **kw).create_trail(Name="fix-trail", S3BucketName="fix-trail-logs")
print(json.dumps({"key": key["Arn"], "disabledKey": disabled["Arn"], "trail": trail["TrailARN"]}))
