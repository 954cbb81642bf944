"""Families of the accuracy estates (see Tools/seed/seed_accuracy.py).

Each module defines `seed_bad(s)` (plant one misconfiguration per check, declared with
`s.expect_fail(check_id, type, name)`), `seed_hardened(s)` (well-configured resources: no check may fail,
every check of the family must pass somewhere) and `GAPS` (check id -> why moto cannot represent it).
Creation must be idempotent. Modules run in name order; add a family by adding a file.
"""
import importlib
import pkgutil


def families():
    """The family modules, sorted by name."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{n}") for n in names]
