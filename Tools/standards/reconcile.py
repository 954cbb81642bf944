#!/usr/bin/env python3
"""Reconcile the standards catalogs with the checks that map to them.

Usage: Tools/standards/reconcile.py [--checks DIR ...] [--standards DIR] [--dry-run]

Reads every check's `standards` list (flow `[...]` or block `- ...`), then in the NIST, PCI, ISO and SOC 2 catalogs
rewrites each requirement's `manual:` flag: false when some check references the requirement, true when none does.
CIS (manual follows CIS's own Automated/Manual label) and FSBP (every control automated) are not rewritten. Prints
every reference to an unknown standard or requirement, and every CIS/FSBP mismatch, and exits 1 if there was any.
"""
import argparse, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "Shared", "PalisadeBenchmark", "Data")
RECONCILED = ("nist-800-53-r5", "pci-dss-4.0", "iso-27001-2022", "soc2")


def unquote(s):
    s = s.strip()
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'" else s


def check_refs(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("standards:"):
            rest = line[len("standards:"):].split("#")[0].strip()
            if rest:
                return [unquote(x) for x in rest.strip("[]").split(",") if x.strip()]
            items = []
            for follow in lines[i + 1:]:
                m = re.match(r"^\s*-\s*(.+?)\s*$", follow)
                if not m:
                    break
                items.append(unquote(m.group(1)))
            return items
    return []


def catalog(path):
    """(requirement ids in order, {id: manual}) from a catalog file, by its `- id:` / `manual:` lines."""
    ids, manual, current = [], {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r'^\s*-\s*id:\s*(.+?)\s*$', line)
        if m:
            current = unquote(m.group(1)); ids.append(current)
        m = re.match(r'^\s*manual:\s*(true|false)\s*$', line)
        if m and current is not None:
            manual[current] = m.group(1) == "true"
    return ids, manual


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checks", action="append", help="check directory (repeatable); default: the built-in checks")
    ap.add_argument("--standards", default=os.path.join(DATA, "standards"))
    ap.add_argument("--dry-run", action="store_true", help="report only, do not rewrite catalogs")
    a = ap.parse_args()
    check_dirs = a.checks or [os.path.join(DATA, "checks", "aws")]

    catalogs = {}
    for name in sorted(os.listdir(a.standards)):
        if name.endswith((".yaml", ".yml")):
            catalogs[os.path.splitext(name)[0]] = os.path.join(a.standards, name)
    known = {sid: catalog(p) for sid, p in catalogs.items()}

    referenced, problems = {}, 0
    for d in check_dirs:
        for name in sorted(os.listdir(d)):
            if not name.endswith((".yaml", ".yml")):
                continue
            for ref in check_refs(os.path.join(d, name)):
                sid, _, rid = ref.partition(":")
                if sid not in known:
                    print(f"{os.path.join(d, name)}: unknown standard '{sid}' in \"{ref}\""); problems += 1
                elif rid not in known[sid][1]:
                    print(f"{os.path.join(d, name)}: {sid} has no requirement '{rid}'"); problems += 1
                else:
                    referenced.setdefault(sid, set()).add(rid)

    for sid, (ids, manual) in known.items():
        covered = referenced.get(sid, set())
        if sid in RECONCILED:
            flips = [r for r in ids if manual[r] != (r not in covered)]
            if flips and not a.dry_run:
                out, current = [], None
                for line in open(catalogs[sid], encoding="utf-8"):
                    m = re.match(r'^\s*-\s*id:\s*(.+?)\s*$', line)
                    if m:
                        current = unquote(m.group(1))
                    m = re.match(r'^(\s*manual:\s*)(true|false)(\s*)$', line)
                    if m and current is not None:
                        line = f"{m.group(1)}{'false' if current in covered else 'true'}{m.group(3)}"
                    out.append(line)
                open(catalogs[sid], "w", encoding="utf-8").write("".join(out))
            print(f"{sid}: {len(covered)} of {len(ids)} requirements mapped; {len(flips)} flag(s) {'to change' if a.dry_run else 'changed'}")
        else:
            for r in ids:
                if not manual[r] and r not in covered:
                    print(f"{sid}:{r} is automated but no check maps to it"); problems += 1
                if manual[r] and r in covered:
                    print(f"{sid}:{r} is manual but a check maps to it"); problems += 1
            print(f"{sid}: {len(covered)} of {len(ids)} requirements mapped (flags left as the standard labels them)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
