"""M2 (differentials of matrix functions): invertible X with a small determinant, nonzero short
values over many seeds, the textbook differentials, a hand-solved instance, verify() catching
wrong values."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from generator import mathtex
from generator.problems import base, registry
from generator.problems.m2_matrix_differentials import check
from generator.problems.m2_matrix_differentials import family as m2
from generator.render import render_part

FAMILY = registry.get("M2")
SEEDS = range(400)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_pool_and_check_agree():
    assert len(m2.POOL) >= 8 and set(m2.POOL) == set(check.FUNCTIONS)


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        p, s = d.params, d.solution
        assert FAMILY.verify(p, _values(d)) == [], d.seed
        ids = [it["id"] for it in p["items"]]
        assert {"inv", "det"} <= set(ids) and 4 <= len(ids) <= 5 and len(set(ids)) == len(ids)
        X = np.array(p["point"][p["letters"]["X"]])
        assert X.shape == (2, 2) and np.abs(X).max() <= 3
        det = round(np.linalg.det(X))
        assert det != 0 and abs(det) <= 5 and (det > 0 or "lndet" not in ids), d.seed
        assert np.array(p["direction"]).any() and np.abs(p["direction"]).max() <= 2
        for solved in s["items"]:
            value = solved["value"]
            entries = list(value) if isinstance(value, sp.MatrixBase) else [value]
            assert any(v != 0 for v in entries), d.seed
            assert all(v.q <= 100 and abs(v) <= 100 for v in entries), d.seed


def test_rejection_rate_variety_and_order(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.5
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    assert {it["id"] for d in drawn_all for it in d.params["items"]} == set(m2.POOL)
    assert len({d.params["items"][0]["id"] for d in drawn_all}) >= 5  # the order is shuffled


def test_textbook_differentials():
    texts = {k: m2.diff(m2.rename(t, {"X": "X", "A": "A", "B": "B"}), "X").differential_latex
             for k, (t, _) in m2.POOL.items()}
    assert texts["inv"] == r"-X^{-1} dX X^{-1}"
    assert texts["det"] == r"\det\left(X\right) \operatorname{tr}\left(X^{-1} dX\right)"
    assert texts["tr"] == r"\operatorname{tr}\left(dX\right)"
    assert texts["lndet"] == r"\operatorname{tr}\left(X^{-1} dX\right)"
    assert texts["axb"] == r"A dX B"


def test_hand_solved_instance():
    # X = [[2, 1], [1, 1]] (det 1), X^{-1} = [[1, -1], [-1, 2]], dX = [[1, 0], [0, -1]]:
    #   X^{-1} dX = [[1, 1], [-1, -2]], so d(X^{-1}) = -[[1, 1], [-1, -2]] X^{-1} = -[[0, 1], [1, -3]];
    #   d det X = det X tr(X^{-1} dX) = 1 * (1 - 2) = -1; d tr X = tr dX = 0 -> rejected only if all
    #   zero, here we skip tr; d ln det X = -1; d(X^2) = dX X + X dX = [[2, 1], [-1, -1]] + [[2, -1], [1, -1]].
    params = {
        "n": 2, "letters": {"X": "X"}, "direction": [[1, 0], [0, -1]],
        "point": {"X": [[2, 1], [1, 1]]},
        "items": [{"id": k, "expr": e, "tex": ""} for k, e in
                  (("inv", "inv(X)"), ("det", "det(X)"), ("lndet", "ln(det(X))"), ("sq", "X*X"))],
    }
    sol = m2.solve(params)
    assert m2.accept(params, sol)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m2.answers(params, sol)}
    assert values["dval_a"] == [[0, -1], [-1, 3]]
    assert values["dval_b"] == -1
    assert values["dval_c"] == -1
    assert values["dval_d"] == [[4, 0], [0, -2]]
    assert m2.verify(params, values) == []


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:30]:
        values = _values(d)
        for name in [n for n in values if n.startswith("dval_")]:
            wrong = json.loads(json.dumps(values))
            if isinstance(wrong[name], list):
                wrong[name][0][0] += 1
                sign = {**values, name: (-np.array(values[name])).tolist()}
            else:
                wrong[name] += 1
                sign = {**values, name: -values[name]}
            assert FAMILY.verify(d.params, wrong), (d.seed, name)
            assert FAMILY.verify(d.params, sign), (d.seed, name)  # the classic lost minus


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_templates_render(drawn_all, lang):
    for d in drawn_all[:10]:
        for part in ("statement", "solution"):
            text = render_part(d, part, lang)
            assert "(((" not in text and "\\\"" not in text
            assert d.params["letters"]["X"] in text
