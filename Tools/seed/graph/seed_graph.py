#!/usr/bin/env python3
"""Seed Palisade's attack-path accuracy estate into a fresh moto server and print a JSON manifest.

The estate (Tests/GraphAccuracyTests) is one AWS account holding exploitable attack chains and, for each, a
look-alike decoy that differs in the one thing that makes it safe. The test scans it with the real connector,
builds the security graph and finds the attack paths; every chain must be found with its entry, target, edge kinds
and evidence, and no decoy may yield a path from its entry to its target.

A family is a module in Tools/seed/graph/families/ with `seed(s)` (see `GraphSeeder` in seeder.py for what `s`
offers; a chain is declared with `s.chain(...)`, its decoys with `s.decoy(...)`) and `GAPS` (what moto cannot
represent, and what the family seeds instead). Modules run in name order against one fresh server; they are not
idempotent. The identity the scan runs as (user `palisade-scanner`, group `palisade-scanners`) belongs to the
harness, not to the estate.

Manifest: {account, region, families, chains: [{id, family, entry: {type, name}, target: {type, name}, edgeKinds,
evidence, permissions}], decoys: [{id, chain, entry, target, why, conditionalOn?}], gaps, scannerCredentials,
harnessIdentities}. Access key *ids* of the estate's users appear in the manifest (they are what the estate leaks);
secret access keys never do, except the harness scanner's own.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import families  # noqa: E402  (one module per family of chains)
from seeder import GraphSeeder  # noqa: E402
from seed_aws import enable_auth  # noqa: E402  (the same switch the demo and accuracy estates use)


def main():
    p = argparse.ArgumentParser(description="Seed the Palisade attack-path accuracy estate into a fresh moto server.")
    p.add_argument("--endpoint", required=True, help="moto server URL, e.g. http://127.0.0.1:5000")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--enable-auth", action="store_true",
                   help="after seeding, make moto check SigV4 signatures and IAM permissions on every call")
    args = p.parse_args()
    s = GraphSeeder(args.endpoint, args.region)
    names, gaps = [], {}
    for family in families.families():
        name = family.__name__.rsplit(".", 1)[-1]
        names.append(name)
        s.family = name
        try:
            family.seed(s)
        except Exception as e:  # name the family: one broken module should be easy to find
            raise SystemExit(f"graph family '{name}' failed seeding: {e!r}") from e
        for gap, why in getattr(family, "GAPS", {}).items():
            gaps[gap] = f"{name}: {why}"
    s.check_manifest()
    scanner = s.scanner()
    if args.enable_auth:
        enable_auth(args.endpoint)
    json.dump({"account": s.account, "region": args.region, "families": names,
               "chains": s.chains, "decoys": s.decoys, "gaps": gaps,
               "scannerCredentials": {"palisade-scanner": scanner},
               "harnessIdentities": ["palisade-scanner", "palisade-scanners"]}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
