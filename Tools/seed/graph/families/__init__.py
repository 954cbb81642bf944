"""Families of the attack-path accuracy estate (see Tools/seed/graph/seed_graph.py).

Each module defines `seed(s)` — seeds its chains and decoys into the fresh server and declares them with
`s.chain(...)` / `s.decoy(...)` — and `GAPS` (what moto cannot represent, and what was seeded instead).
Modules run in name order; add a family by adding a file.
"""
import importlib
import pkgutil


def families():
    """The family modules, sorted by name."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{n}") for n in names]
