"""Lambda function URLs: a URL with auth type NONE exposes the function to the internet, and through it the
function's execution role. Decoy: the same function and role behind an AWS_IAM URL.
"""
from seeder import FUNCTION, LAMBDA_TRUST, SECRET, allow, doc

GAPS = {}


def seed(s):
    for prefix, auth in [("gx-webhook", "NONE"), ("gx-webhook-iam", "AWS_IAM")]:
        secret = s.secret(f"{prefix}-signing-secret")
        role = s.role(f"{prefix}-role", LAMBDA_TRUST, doc(allow("GxWebhookSecret", "secretsmanager:GetSecretValue",
                                                                secret)))
        s.function(prefix, role_arn=role, url_auth=auth)
        if auth == "NONE":
            s.chain("function-url-secret", (FUNCTION, prefix), (SECRET, f"{prefix}-signing-secret"),
                    ["exposes", "has_role", "can_get_secret"], evidence=[f"{prefix}-role", "GxWebhookSecret"])
        else:
            s.decoy("decoy-function-url-iam-auth", "function-url-secret", (FUNCTION, prefix),
                    (SECRET, f"{prefix}-signing-secret"),
                    "the same function, role and secret, but the function URL requires AWS_IAM auth")
