#!/usr/bin/env python3
"""moto_server with one fix: signature checking of signed GET/HEAD/DELETE requests without a body.

moto 5.2.1 re-computes a request's SigV4 signature from `body or data`, where `data` is the parsed query
string (or headers) when the body is empty, so every signed REST GET (Lambda, EKS, Route 53, GuardDuty,
Security Hub, ...) fails with SignatureDoesNotMatch — boto3's own calls included. An empty body hashes as
the empty payload on AWS; this wrapper makes moto do the same and otherwise runs moto_server unchanged
(same arguments). See docs/decisions/0003-moto-rest-get-signatures.md.
"""
import sys

from botocore.awsrequest import AWSRequest
from moto.iam import access_control


def _create_aws_request(self):
    signed_headers = self._get_string_between("SignedHeaders=", ",", self._headers["Authorization"]).split(";")
    headers = self._create_headers_for_aws_request(signed_headers, self._headers)
    bodiless = self._method in ("GET", "HEAD", "DELETE") and not self._body
    request = AWSRequest(method=self._method, url=self._path,
                         data=b"" if bodiless else (self._body or self._data), headers=headers)
    request.context["timestamp"] = headers["X-Amz-Date"]
    return request


access_control.IAMRequestBase._create_aws_request = _create_aws_request

if __name__ == "__main__":
    from moto.server import main
    sys.exit(main())
