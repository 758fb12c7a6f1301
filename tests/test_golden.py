"""Golden files: the exact LaTeX and key JSON of every family for fixed seeds.

A change to any of them is deliberate: refresh with `make golden` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.export import answer_record
from generator.problems import base, registry
from generator.render import render_part

GOLDEN = Path(__file__).parent / "golden"
SEEDS = (1, 2)
UPDATE = os.environ.get("SHEETGEN_UPDATE_GOLDEN") == "1"


def snapshot(family_id: str, seed: int) -> dict[str, str]:
    drawn = base.generate(registry.get(family_id), seed)
    texts = {}
    for lang in ("ru", "en"):
        parts = [f"%% {part}.{lang}\n{render_part(drawn, part, lang)}\n"
                 for part in ("statement", "solution")]
        texts[f"{family_id}-s{seed}.{lang}.tex"] = "".join(parts)
    key = {"params": drawn.params, "answers": [answer_record(a, "en") for a in drawn.answers]}
    texts[f"{family_id}-s{seed}.json"] = json.dumps(key, ensure_ascii=False, indent=1) + "\n"
    return texts


@pytest.mark.parametrize("family_id", list(registry.families()))
@pytest.mark.parametrize("seed", SEEDS)
def test_family_output_matches_golden_files(family_id, seed):
    for name, text in snapshot(family_id, seed).items():
        path = GOLDEN / name
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"no golden file {path.name}: run `make golden` and review it"
        assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then make golden"
