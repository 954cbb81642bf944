#!/usr/bin/env python3
"""Seed moto with an SQS queue and log groups Palisade's messaging fixes repair, and print a JSON manifest.

  queue          fix-queue, not encrypted (SqsManagedSseEnabled false)
  shortLogs      /palisade/fix/short, retention 30 days (the fix raises it to 365, undo sets 30 again)
  foreverLogs    /palisade/fix/forever, no retention (keeps events forever: already compliant)
"""
import argparse
import json

import boto3

p = argparse.ArgumentParser()
p.add_argument("--endpoint", required=True)
p.add_argument("--region", default="us-east-1")
a = p.parse_args()
kw = dict(endpoint_url=a.endpoint, region_name=a.region, aws_access_key_id="testing", aws_secret_access_key="testing")
sqs = boto3.client("sqs", **kw)
url = sqs.create_queue(QueueName="fix-queue", Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
logs = boto3.client("logs", **kw)
logs.create_log_group(logGroupName="/palisade/fix/short")
logs.put_retention_policy(logGroupName="/palisade/fix/short", retentionInDays=30)
logs.create_log_group(logGroupName="/palisade/fix/forever")
groups = {g["logGroupName"]: g["logGroupArn"] for g in logs.describe_log_groups()["logGroups"]}
print(json.dumps({"queue": arn, "queueUrl": url, "shortLogs": groups["/palisade/fix/short"],
                  "foreverLogs": groups["/palisade/fix/forever"]}))
