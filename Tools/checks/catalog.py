#!/usr/bin/env python3
"""Writes docs/checks-catalog.md: every built-in check with its resource, control, severity and standards.

Run after adding or changing checks: `python3 Tools/checks/catalog.py`. A test fails when a check is missing here.
"""
import glob
import os
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
checks = [yaml.safe_load(open(f)) for f in sorted(glob.glob(f"{ROOT}/Shared/PalisadeBenchmark/Data/checks/aws/*.yaml"))]
by_control = {}
for c in checks:
    by_control.setdefault(c["control"], []).append(c)
lines = ["# Built-in checks", "",
         f"{len(checks)} AWS checks, generated from `Shared/PalisadeBenchmark/Data/checks/aws/` by "
         "`python3 Tools/checks/catalog.py`. `palisade checks show ID` prints one in full (rationale, expression, "
         "remediation text, AWS CLI and Terraform). Checks marked *graph* are decided by the security graph "
         "(reachability, effective permissions, escalation) rather than by an expression; see docs/checks.md § Graph checks.", ""]
for control in sorted(by_control):
    lines += [f"## {control} ({len(by_control[control])})", "",
              "| id | severity | resource | decided by | title | standards |", "|---|---|---|---|---|---|"]
    for c in by_control[control]:
        std = ", ".join(c.get("standards", []))
        decided = f"*graph* ({c['graph']['rule']})" if c.get("evaluator") == "graph" else "expression"
        lines.append(f"| `{c['id']}` | {c['severity']} | `{c['resource']}` | {decided} | {c['title']} | {std} |")
    lines.append("")
open(f"{ROOT}/docs/checks-catalog.md", "w").write("\n".join(lines))
print(f"docs/checks-catalog.md: {len(checks)} checks")
