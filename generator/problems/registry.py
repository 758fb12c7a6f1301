"""Finds every family folder under generator/problems/ and indexes the families by id."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

from generator.errors import SheetgenError
from generator.problems.base import Family

PROBLEMS_DIR = Path(__file__).parent


@lru_cache(maxsize=1)
def families() -> dict[str, Family]:
    """All families, keyed by id, in id order."""
    found: dict[str, Family] = {}
    for info in pkgutil.iter_modules([str(PROBLEMS_DIR)]):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"generator.problems.{info.name}.family")
        family: Family = module.FAMILY
        if family.id in found:
            raise RuntimeError(f"two families share the id {family.id}")
        found[family.id] = _with_folder(family, info.name)
    return dict(sorted(found.items(), key=lambda kv: _id_key(kv[0])))


def get(family_id: str) -> Family:
    table = families()
    if family_id not in table:
        raise SheetgenError(
            f"unknown family {family_id!r}; families: {', '.join(table) or 'none'}"
        )
    return table[family_id]


def template_dir(family: Family) -> Path:
    return PROBLEMS_DIR / family.folder


def _with_folder(family: Family, folder: str) -> Family:
    from dataclasses import replace

    return replace(family, folder=folder)


def _id_key(family_id: str):
    head, digits = family_id[:1], family_id[1:]
    order = {"M": 0, "B": 1, "G": 2}.get(head, 3)
    return (order, int(digits) if digits.isdigit() else 0, family_id)
