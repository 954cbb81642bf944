"""Leaked credentials: the access key id of an administrator user found in an instance's user data and in a Lambda
function's environment. Decoys: the same, but the user's key is Inactive.

The user-data holders live in gx-quiet (no internet gateway, groups without ingress): they are entries only by the
key they hold.
"""
from seeder import FUNCTION, INSTANCE, allow, doc, user_data_exporting

GAPS = {}


def seed(s):
    account = s.account_target()
    quiet = s.vpc("gx-quiet", "10.90.0.0/16", internet_gateway=False)
    subnet = s.subnet(quiet, "gx-quiet-private", "10.90.1.0/24", internet_route=False)
    for worker, status in [("gx-batch-worker", "Active"), ("gx-batch-worker-old", "Inactive")]:
        key = s.user(f"{worker}-admin", inline=doc(allow("GxBatchAdmin", "*")), key_status=status)
        sg = s.security_group(quiet, f"{worker}-sg")
        s.instance(worker, subnet, sg, public_ip=False, user_data=user_data_exporting(key))
        if status == "Active":
            s.chain("leaked-key-user-data", (INSTANCE, worker), account, ["can_authenticate_as", "administers"],
                    evidence=[key, "GxBatchAdmin"])
        else:
            s.decoy("decoy-leaked-key-user-data-inactive", "leaked-key-user-data", (INSTANCE, worker), account,
                    "the same user data and admin user, but the access key is Inactive")

    for fn, status in [("gx-report-export", "Active"), ("gx-report-export-old", "Inactive")]:
        key = s.user(f"{fn}-admin", inline=doc(allow("GxReportAdmin", "*")), key_status=status)
        s.function(fn, environment={"EXPORT_ACCESS_KEY_ID": key})
        if status == "Active":
            s.chain("leaked-key-lambda-env", (FUNCTION, fn), account, ["can_authenticate_as", "administers"],
                    evidence=[key, "GxReportAdmin"])
        else:
            s.decoy("decoy-leaked-key-lambda-env-inactive", "leaked-key-lambda-env", (FUNCTION, fn), account,
                    "the same environment and admin user, but the access key is Inactive")
