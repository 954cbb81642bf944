"""Families of the demo estate beyond the core (IAM users/roles, EC2 network, S3 buckets in seed_aws.py).

Each module here defines `seed(seeder, sfx)`, called once per copy of the estate (`sfx` is "" for copy 0,
"-<i>" for copy i). A module uses `seeder.client("kms")` for boto3 clients (same endpoint, region and
keys), `seeder.client("kms", region="eu-west-1")` for another region, `seeder.note(role, type, name, id,
why)` to record a known-bad ("bad") or known-hardened ("hardened") resource, and `seeder.account`.
Creation must be idempotent (re-running the seeder leaves existing resources alone), like the core.
Modules run in name order; add a family by adding a file.
"""
import importlib
import pkgutil


def families():
    """The family modules, sorted by name."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{n}") for n in names]
