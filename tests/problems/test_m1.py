"""M1 (derivative drill): hand-friendliness over many seeds, hand-solved instances, verify()
catching wrong values, the pool behaving as the brief asks."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from generator import mathtex
from generator.problems import base, registry
from generator.problems.m1_derivative_drill import check
from generator.problems.m1_derivative_drill import family as m1
from generator.render import render_part

FAMILY = registry.get("M1")
SEEDS = range(300)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_pool_is_large_and_check_covers_it():
    assert len(m1.POOL) >= 10
    assert set(m1.POOL) == set(check.FUNCTIONS)
    assert all(m1.GROUPS[g] for g in ("vec", "mat", "jac"))


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        p, s = d.params, d.solution
        assert FAMILY.verify(p, _values(d)) == [], d.seed
        assert 5 <= len(p["items"]) <= 6, d.seed
        assert len({it["id"] for it in p["items"]}) == len(p["items"]), d.seed
        assert sum(m1.POOL[it["id"]][2] == "jac" for it in p["items"]) == 1, d.seed
        for value in p["point"].values():
            arr = np.array(value)
            assert arr.dtype.kind == "i" and np.abs(arr).max() <= 3 and arr.shape[0] == p["n"] in (2, 3)
        for solved in s["items"]:
            assert not solved["value"].is_zero_matrix, d.seed
            assert all(v.is_Rational and v.q <= 100 and abs(v) <= 120 for v in solved["value"]), d.seed
            assert all(v > 0 for v in solved["log_args"]), d.seed


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.5
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    ids = {it["id"] for d in drawn_all for it in d.params["items"]}
    assert ids == set(m1.POOL)
    assert {d.params["letters"]["x"] for d in drawn_all} == set(m1.VECTOR_LETTERS)


def test_hand_solved_instance():
    # x = (1, 2), A = [[1, 2], [0, 1]], a = (1, -1), b = (2, 1):
    #   x^T A x = 1 + 4 + 4 = 9 -> grad ln(x^T A x) = (A + A^T) x / 9 = [[2, 2], [2, 2]] (1, 2) / 9
    #   = (6, 6) / 9 = (2/3, 2/3); grad a^T x = a; grad b^T A x = A^T b = (2, 5);
    #   (a^T x) x has Jacobian x a^T + (a^T x) I = [[1, -1], [2, -2]] - I = [[0, -1], [2, -3]];
    #   f(A) = b^T A x has gradient b x^T = [[2, 4], [1, 2]].
    params = {
        "n": 2,
        "letters": {"x": "x", "a": "a", "b": "b", "A": "A"},
        "items": [
            {"id": "lin", "expr": "a'*x", "wrt": "x", "tex": ""},
            {"id": "bil", "expr": "b'*A*x", "wrt": "x", "tex": ""},
            {"id": "lnquad", "expr": "ln(x'*A*x)", "wrt": "x", "tex": ""},
            {"id": "bilA", "expr": "b'*A*x", "wrt": "A", "tex": ""},
            {"id": "axx", "expr": "(a'*x)*x", "wrt": "x", "tex": ""},
        ],
        "point": {"x": [1, 2], "a": [1, -1], "b": [2, 1], "A": [[1, 2], [0, 1]]},
    }
    sol = m1.solve(params)
    assert m1.accept(params, sol)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m1.answers(params, sol)}
    assert values["value_a"] == [[1], [-1]]
    assert values["value_b"] == [[2], [5]]
    assert sol["items"][2]["value"] == sp.Matrix([sp.Rational(2, 3), sp.Rational(2, 3)])
    assert values["value_d"] == [[2, 4], [1, 2]]
    assert values["value_e"] == [[0, -1], [2, -3]]
    assert values["grad_e"] == r"x a^T + \left(a^T x\right) I"
    assert values["df_c"] == r"\frac{x^T \left(A + A^T\right) dx}{x^T A x}"
    assert m1.verify(params, values) == []


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:30]:
        values = _values(d)
        for name in [n for n in values if n.startswith("value_")]:
            wrong = json.loads(json.dumps(values))
            wrong[name][0][0] += 1
            assert FAMILY.verify(d.params, wrong), (d.seed, name)
            transposed = np.array(values[name]).T.tolist()
            if transposed != values[name] and np.array(values[name]).shape[1] > 1:
                assert FAMILY.verify(d.params, {**values, name: transposed}), (d.seed, name)


def test_letters_are_renamed_in_the_expressions(drawn_all):
    for d in drawn_all[:50]:
        letters = d.params["letters"]
        for item in d.params["items"]:
            assert item["expr"] == m1.rename(m1.POOL[item["id"]][0], letters)
            assert item["wrt"] in item["tex"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_templates_render(drawn_all, lang):
    for d in drawn_all[:10]:
        for part in ("statement", "solution"):
            text = render_part(d, part, lang)
            assert "(((" not in text and "\\\"" not in text
            if part == "solution":
                assert text.count(r"\begin{bmatrix}") >= len(d.params["items"])
            else:
                assert text.count(r"\begin{bmatrix}") == len(d.params["point"])
