"""Writers that read one SheetInstance: key.json and key.csv for graders, instance.json for replay.

All writers are deterministic (sorted keys, fixed separators) so that the same seed gives the same
bytes.
"""

from __future__ import annotations

import csv
import io
import json

import sympy as sp

from generator import __version__, mathtex
from generator.model import SheetInstance


def answer_record(answer, lang: str) -> dict:
    return {
        "name": answer.name,
        "item": None if answer.item is None else mathtex.item_label(answer.item, lang),
        "kind": answer.kind,
        "value": mathtex.plain(answer.value, answer.places),
        "exact": None if answer.places is not None else mathtex.exact(answer.value),
        "places": answer.places,
        "latex": mathtex.answer_tex(answer, lang),
    }


def key_data(instance: SheetInstance) -> dict:
    spec = instance.spec
    return {
        "sheet": spec.id,
        "title": spec.title[instance.lang],
        "kind": spec.kind,
        "seed": instance.seed,
        "lang": instance.lang,
        "variants": [
            {
                "variant": variant.number,
                "problems": [
                    {
                        "number": index,
                        "slot": problem.slot_id,
                        "family": problem.drawn.family.id,
                        "seed": problem.drawn.seed,
                        "points": problem.points,
                        "params": problem.drawn.params,
                        "answers": [answer_record(a, instance.lang) for a in problem.drawn.answers],
                    }
                    for index, problem in enumerate(variant.problems, start=1)
                ],
            }
            for variant in instance.variants
        ],
    }


def key_json(instance: SheetInstance, data: dict | None = None) -> str:
    return _dump(data or key_data(instance))


CSV_COLUMNS = ("variant", "problem", "slot", "family", "seed", "points", "answer", "kind",
               "entry", "value", "exact")


def key_csv(instance: SheetInstance, data: dict | None = None) -> str:
    """One row per scalar entry (a matrix answer gives one row per cell, entry = 'row,col').

    `data` is key_data(instance) when the caller has it already."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for variant in (data or key_data(instance))["variants"]:
        for problem in variant["problems"]:
            head = [variant["variant"], problem["number"], problem["slot"], problem["family"],
                    problem["seed"], "" if problem["points"] is None else problem["points"]]
            for answer in problem["answers"]:
                for entry, value, exact in _cells(answer):
                    writer.writerow(head + [answer["name"], answer["kind"], entry, value, exact])
    return buffer.getvalue()


def _cells(answer: dict):
    value, exact = answer["value"], answer["exact"]
    if isinstance(value, list):
        for i, row in enumerate(value, start=1):
            for j, cell in enumerate(row, start=1):
                cell_exact = exact[i - 1][j - 1] if exact else ""
                yield f"{i},{j}", cell, cell_exact
    else:
        yield "", value, exact or ""


def instance_data(instance: SheetInstance) -> dict:
    """Everything needed to rebuild or re-export any variant: plan, seeds, options, params, answers."""
    spec = instance.spec
    return {
        "sheetgen": __version__,
        "sheet": {
            "id": spec.id,
            "kind": spec.kind,
            "title": dict(spec.title),
            "source": spec.source.name,
            "slots": [
                {"id": s.id, "families": list(s.families), "choose": s.choose,
                 "points": s.points, "options": dict(s.options)}
                for s in spec.slots
            ],
        },
        "seed": instance.seed,
        "lang": instance.lang,
        "variants": [
            {
                "variant": variant.number,
                "problems": [
                    {
                        "slot": p.slot_id,
                        "family": p.drawn.family.id,
                        "seed": p.drawn.seed,
                        "options": p.drawn.options,
                        "params": p.drawn.params,
                        "answers": {a.name: tagged(a.value) for a in p.drawn.answers},
                    }
                    for p in variant.problems
                ],
            }
            for variant in instance.variants
        ],
    }


def instance_json(instance: SheetInstance) -> str:
    return _dump(instance_data(instance))


def tagged(value):
    """A sympy value in a tagged JSON form that sympy can read back exactly."""
    if isinstance(value, str):
        return value
    return {"sympy": sp.srepr(value)}


def untagged(value):
    """Inverse of tagged(): srepr text evaluated in sympy's namespace only (no builtins)."""
    if isinstance(value, dict) and "sympy" in value:
        return eval(value["sympy"], {"__builtins__": {}}, dict(vars(sp)))
    return value


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False, default=_default) + "\n"


def _default(value):
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON-serialisable: {value!r}")
