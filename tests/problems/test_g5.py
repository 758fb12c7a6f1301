"""G5 (Robbins-Monro): the key's yes/no and reasons agree with check.py's numeric series test over
1,000 seeds; every kind classified correctly on known textbook cases; both answers occur."""

from __future__ import annotations

import pytest

from generator import mathtex
from generator.problems import base, registry
from generator.problems.g5_robbins_monro import check
from generator.problems.g5_robbins_monro import family as g5
from generator.render import render_part

FAMILY = registry.get("G5")

KNOWN = [  # (sequence, admissible?) from the textbook
    ({"kind": "power", "c": 1.0, "p": 1.0}, True),       # 1/t
    ({"kind": "power", "c": 1.0, "p": 0.5}, False),      # 1/sqrt t: squares = harmonic
    ({"kind": "power", "c": 0.1, "p": 0.6}, True),
    ({"kind": "power", "c": 1.0, "p": 2.0}, False),      # sum converges
    ({"kind": "power", "c": 1.0, "p": 0.3}, False),
    ({"kind": "shifted", "c": 0.1, "s0": 10, "p": 0.75}, True),
    ({"kind": "shifted", "c": 1.0, "s0": 100, "p": 2.0}, False),
    ({"kind": "exp", "c": 1.0, "k": 100}, False),
    ({"kind": "geom", "c": 1.0, "q": 0.99}, False),
    ({"kind": "const", "c": 0.001}, False),
    ({"kind": "tlog", "c": 1.0}, True),
    ({"kind": "tlog2", "c": 1.0}, False),
    ({"kind": "logt", "c": 0.1}, True),
    ({"kind": "sqrtlog", "c": 1.0}, True),
]


@pytest.mark.parametrize("seq, admissible", KNOWN)
def test_known_sequences(seq, admissible):
    sum_conv, sq_conv = g5.classify(seq)
    assert ((not sum_conv) and sq_conv) == admissible
    p, q = check._exponents(seq)
    assert (not check._converges(p, q) and check._converges(2 * p, 2 * q)) == admissible


def test_seeds_verify_and_mix_answers():
    kinds = set()
    for seed in range(1000):
        d = base.generate(FAMILY, seed)
        values = {a.name: mathtex.plain(a.value, a.places) for a in d.answers}
        assert FAMILY.verify(d.params, values) == [], seed
        oks = [values[f"ok{i}"] for i in range(1, 5)]
        assert r"\checkmark" in oks and r"\times" in oks, seed
        kinds.update(s["kind"] for s in d.params["sequences"])
    assert kinds == set(g5.KINDS)


def test_wrong_key_is_caught_and_renders():
    d = base.generate(FAMILY, 2)
    values = {a.name: mathtex.plain(a.value, a.places) for a in d.answers}
    flipped = {r"\checkmark": r"\times", r"\times": r"\checkmark"}
    assert FAMILY.verify(d.params, {**values, "ok1": flipped[values["ok1"]]})
    assert FAMILY.verify(d.params, {**values, "why2": r"\sum \eta_t = \infty"})
    assert [a.item for a in d.answers] == [1, 1, 2, 2, 3, 3, 4, 4]  # ok and why per sequence
    assert "--" not in FAMILY.title["ru"] + FAMILY.title["en"]  # printed escaped: a real dash
    assert "\u2013" in FAMILY.title["ru"] and "\u2013" in FAMILY.title["en"]
    for lang in ("ru", "en"):
        text = render_part(d, "statement", lang)
        assert text.count(r"\item") == 4
        assert render_part(d, "solution", lang).count(r"\item") == 4
