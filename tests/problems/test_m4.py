"""M4 (trace and determinant derivatives with rectangular shapes): shapes and sizes consistent,
gradients shaped like the variable, hand-friendly values over many seeds, a hand-solved instance,
verify() catching wrong values."""

from __future__ import annotations

import json

import numpy as np
import pytest

from generator import mathtex
from generator.problems import base, registry
from generator.problems.m4_trace_det import check
from generator.problems.m4_trace_det import family as m4
from generator.render import render_part

FAMILY = registry.get("M4")
SEEDS = range(400)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_pool_and_check_agree():
    assert len(m4.POOL) >= 10 and set(m4.POOL) == set(check.FUNCTIONS)


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        assert FAMILY.verify(d.params, _values(d)) == [], d.seed
        answers = {a.name: a for a in d.answers}
        for index, (item, solved) in enumerate(zip(d.params["items"], d.solution["items"], strict=True)):
            tag = "abcdefgh"[index]
            sizes = item["sizes"]
            for name, value in item["values"].items():
                arr = np.array(value)
                rows, cols = item["shapes"][name]
                assert arr.dtype.kind == "i" and np.abs(arr).max() <= 2
                assert arr.shape[0] == sizes[rows] and (cols == 1 and arr.ndim == 1 or arr.shape[1] == sizes[cols])
            var_shape = item["shapes"][item["wrt"]]
            # the gradient is shaped like the variable, and the key says so
            assert answers[f"shape_{tag}"].value == rf"{var_shape[0]} \times {var_shape[1]}"
            var = np.array(item["values"][item["wrt"]])
            assert solved["value"].shape == (var.shape + (1,))[:2], d.seed
            assert not solved["value"].is_zero_matrix
            assert all(v.is_Rational and v.q <= 100 and abs(v) <= 100 for v in solved["value"])
            if m4.POOL[item["id"]][4] == "rect" and "X" in item["roles"]:
                rows, cols = item["shapes"][item["roles"]["X"]]
                assert sizes[rows] != sizes[cols], d.seed  # really rectangular
            if item["id"] in ("lndet", "trinvA", "trAXtXBXinvT"):
                assert 0 < round(np.linalg.det(var)) <= 6


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.5
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    assert {it["id"] for d in drawn_all for it in d.params["items"]} == set(m4.POOL)
    assert len({tuple(it["sizes"]) for d in drawn_all for it in d.params["items"]}) >= 5


def test_hand_solved_instance():
    # tr(AXB) with A 2x3, X 3x2, B 2x2: grad = A^T B^T.
    #   A = [[1, 0, 1], [0, 1, 0]], B = [[1, 2], [0, 1]] -> B^T = [[1, 0], [2, 1]],
    #   A^T B^T = [[1, 0], [0, 1], [1, 0]] [[1, 0], [2, 1]] = [[1, 0], [2, 1], [1, 0]].
    # det(X^T A X) with X = [[1, 0], [0, 1], [1, 1]], A = I: M = X^T X = [[2, 1], [1, 2]], det 3,
    #   grad = det M * 2 X M^{-1} = 2 X adj(M) = 2 [[1, 0], [0, 1], [1, 1]] [[2, -1], [-1, 2]]
    #   = [[4, -2], [-2, 4], [2, 2]].
    # x^T A b by A: x b^T with x = (1, -1), b = (2, 0, 1): [[2, 0, 1], [-2, 0, -1]].
    params = {"items": [
        {"id": "trAXB", "expr": "tr(A*X*B)", "wrt": "X", "roles": {"A": "A", "X": "X", "B": "B"},
         "shapes": {"A": ["p", "m"], "X": ["m", "n"], "B": ["n", "p"]}, "sizes": {"p": 2, "m": 3, "n": 2},
         "values": {"A": [[1, 0, 1], [0, 1, 0]], "X": [[1, 1], [0, 1], [2, 0]], "B": [[1, 2], [0, 1]]}},
        {"id": "detXtAX", "expr": "det(X'*A*X)", "wrt": "X", "roles": {"X": "X", "A": "A"},
         "shapes": {"X": ["m", "n"], "A": ["m", "m"]}, "sizes": {"m": 3, "n": 2},
         "values": {"X": [[1, 0], [0, 1], [1, 1]], "A": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}},
        {"id": "xAb_A", "expr": "x'*A*b", "wrt": "A", "roles": {"x": "x", "A": "A", "b": "b"},
         "shapes": {"x": ["m", 1], "A": ["m", "n"], "b": ["n", 1]}, "sizes": {"m": 2, "n": 3},
         "values": {"x": [1, -1], "A": [[1, 0, 2], [0, 1, 1]], "b": [2, 0, 1]}},
    ]}
    sol = m4.solve(params)
    assert m4.accept(params, sol)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m4.answers(params, sol)}
    assert values["value_a"] == [[1, 0], [2, 1], [1, 0]]
    assert values["shape_a"] == r"m \times n"
    assert values["grad_a"] == r"A^T B^T"
    assert values["value_b"] == [[4, -2], [-2, 4], [2, 2]]
    assert values["value_c"] == [[2, 0, 1], [-2, 0, -1]]
    assert values["grad_c"] == r"x b^T"
    assert m4.verify(params, values) == []


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:30]:
        values = _values(d)
        for name in [n for n in values if n.startswith("value_")]:
            wrong = json.loads(json.dumps(values))
            wrong[name][0][0] += 1
            assert FAMILY.verify(d.params, wrong), (d.seed, name)
            arr = np.array(values[name])
            symmetric = arr.shape == arr.T.shape and (arr == arr.T).all()
            if arr.shape[1] > 1 and not symmetric:  # a transposed gradient: wrong shape or entries
                assert FAMILY.verify(d.params, {**values, name: arr.T.tolist()}), (d.seed, name)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_templates_render(drawn_all, lang):
    for d in drawn_all[:10]:
        for part in ("statement", "solution"):
            text = render_part(d, part, lang)
            assert "(((" not in text and "\\\"" not in text
            assert r"\mathbb{R}" in text or part == "solution"
