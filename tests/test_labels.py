"""One labelling scheme: every family's sub-items read а) б) в) in Russian and a) b) c) in English,
and the key names its answers with exactly the statement's letters, in the statement's order."""

from __future__ import annotations

import re

import pytest

from generator import mathtex
from generator.problems import base, registry
from generator.render import render_part

SEEDS = range(1, 13)
ITEM = re.compile(r"\\item\[([^\]]*)\]")


def statement_letters(drawn, lang: str) -> list[str]:
    return ITEM.findall(render_part(drawn, "statement", lang))


def key_letters(drawn, lang: str) -> list[str]:
    letters = []
    for answer in drawn.answers:
        if answer.item is not None:
            letter = mathtex.item_label(answer.item, lang)
            if not letters or letters[-1] != letter:
                letters.append(letter)
    return letters


def test_item_labels_follow_each_alphabet():
    assert [mathtex.item_label(i, "ru") for i in range(1, 12)] == [
        "а)", "б)", "в)", "г)", "д)", "е)", "ж)", "з)", "и)", "к)", "л)"]
    assert [mathtex.item_label(i, "en") for i in range(1, 5)] == ["a)", "b)", "c)", "d)"]
    with pytest.raises(ValueError):
        mathtex.item_label(0, "ru")


@pytest.mark.parametrize("family_id", list(registry.families()))
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_key_labels_are_exactly_the_statements(family_id, lang):
    alphabet = [mathtex.item_label(i, lang) for i in range(1, 15)]
    for seed in SEEDS:
        drawn = base.generate(registry.get(family_id), seed)
        statement = statement_letters(drawn, lang)
        assert statement == alphabet[:len(statement)], f"seed {seed}: items {statement}"
        if statement:
            assert all(a.item is not None for a in drawn.answers), f"seed {seed}: a key item has no letter"
        assert key_letters(drawn, lang) == statement, f"seed {seed}"


@pytest.mark.parametrize("family_id", list(registry.families()))
def test_no_template_sets_its_own_item_labels(family_id):
    folder = registry.PROBLEMS_DIR / registry.get(family_id).folder
    for template in folder.glob("*.tex.j2"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"label\s*=|\\item\[[^(\]]", text), f"{template.name}: use \\item[((( n | item )))]"
