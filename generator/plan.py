"""Plans and generates a sheet: which family and seed fill each slot of each variant.

Seeds come from (sheet seed, variant number, slot id) only, so adding, removing or reordering other
slots never changes a slot's numbers. A variant whose parameters repeat an earlier variant's in the
same slot is redrawn with a retry seed, so the variants of one run are pairwise distinct per slot.
"""

from __future__ import annotations

import json

import numpy as np

from generator.errors import SheetgenError
from generator.model import Problem, SheetInstance, SheetSpec, Slot, Variant
from generator.problems import base, registry
from generator.seeds import slot_seed

MAX_VARIANTS = 1000
MAX_REDRAWS = 50


def generate_sheet(spec: SheetSpec, variants: int, seed: int | None, lang: str) -> SheetInstance:
    built = tuple(iter_variants(spec, variants, seed))
    return SheetInstance(spec=spec, variants=built, seed=sheet_seed(spec, seed), lang=lang)


def sheet_seed(spec: SheetSpec, seed: int | None) -> int:
    return spec.seed if seed is None else seed


def iter_variants(spec: SheetSpec, variants: int, seed: int | None):
    """The variants one by one (a build typesets the first ones while later ones generate);
    a bad count is refused at once, not at the first variant."""
    check_variant_count(variants)
    return _variants(spec, variants, sheet_seed(spec, seed))


def check_variant_count(variants: int) -> None:
    if not 1 <= variants <= MAX_VARIANTS:
        raise SheetgenError(f"variants must be between 1 and {MAX_VARIANTS}, not {variants}")


def _variants(spec: SheetSpec, variants: int, start_seed: int):
    seen: dict[str, set] = {}
    for number in range(1, variants + 1):
        problems = []
        for slot in spec.slots:
            problems.extend(_fill_slot(slot, start_seed, number, seen))
        yield Variant(number=number, problems=tuple(problems))


def _fill_slot(slot: Slot, sheet_seed: int, number: int, seen: dict) -> list[Problem]:
    problems = []
    for key, family_id in _chosen_families(slot, sheet_seed, number):
        family = registry.get(family_id)
        drawn = _distinct_draw(family, slot, sheet_seed, number, key, seen.setdefault(key, set()))
        problems.append(Problem(slot_id=key, points=slot.points, drawn=drawn))
    return problems


def _chosen_families(slot: Slot, sheet_seed: int, number: int) -> list[tuple[str, str]]:
    """(seed key, family id) pairs; a pool draws `choose` families in pool order."""
    if not slot.is_pool:
        return [(slot.id, slot.families[0])]
    rng = np.random.default_rng(slot_seed(sheet_seed, number, slot.id + "/pool"))
    picked = sorted(rng.choice(len(slot.families), size=slot.choose, replace=False))
    return [(f"{slot.id}/{slot.families[i]}", slot.families[i]) for i in picked]


def _distinct_draw(family, slot: Slot, sheet_seed: int, number: int, key: str, seen: set):
    for attempt in range(MAX_REDRAWS):
        drawn = base.generate(family, slot_seed(sheet_seed, number, key, attempt), slot.options)
        fingerprint = json.dumps(drawn.params, sort_keys=True)
        if fingerprint not in seen:
            seen.add(fingerprint)
            return drawn
    raise SheetgenError(
        f"family {family.id} in slot {key}: cannot find a variant distinct from the "
        f"{len(seen)} before it; its pool of numbers is too small for this many variants"
    )
