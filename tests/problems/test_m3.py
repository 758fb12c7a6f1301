"""M3 (linear regression through differentials): hand-friendliness over many seeds, a hand-solved
instance, verify() catching the usual slips, templates rendering in both languages."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction

import numpy as np
import pytest

from generator import mathtex
from generator.problems import base
from generator.problems.m3_linear_regression import family as m3
from tests.problems.texcheck import assert_solutions_compile

FAMILY = dataclasses.replace(m3.FAMILY, folder="m3_linear_regression")
SEEDS = range(400)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        p, s = d.params, d.solution
        assert FAMILY.verify(p, _values(d)) == [], d.seed
        X = np.array(p["X"])
        assert X.shape in ((3, 2), (4, 2)), d.seed
        assert X.dtype.kind == "i" and np.abs(X).max() <= 5, d.seed
        assert np.linalg.matrix_rank(X) == 2, d.seed
        assert all(isinstance(v, int) and abs(v) <= 15 for v in p["y"]), d.seed
        assert all(isinstance(v, int) and abs(v) <= 2 for v in p["w0"]), d.seed
        assert 0 < s["det"] <= 400, d.seed
        # exact, short optimum: integers or halves; a nonzero residual orthogonal to X
        assert all(v.denominator in (1, 2) for v in s["w_star"]), d.seed
        e = np.array(p["y"]) - X @ np.array([float(v) for v in s["w_star"]])
        assert np.allclose(X.T @ e, 0) and np.any(e != 0), d.seed
        # a real step: every gradient component nonzero, w1 has <= 3 decimals, the loss goes down
        assert all(v != 0 for v in s["g0"]), d.seed
        assert all((Fraction(str(v)) * 1000).denominator == 1 for v in s["w1"]), d.seed
        assert s["L1"] < s["L0"], d.seed
        assert p["eta"] in m3.STEPS, d.seed
        assert list(s["w_star"]) != p["w0"], d.seed


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.25
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    # both sizes and half-integer optima occur
    assert {len(d.params["X"]) for d in drawn_all} == {3, 4}
    assert any(v.denominator == 2 for d in drawn_all for v in d.solution["w_star"])


def test_hand_solved_instance():
    # X^T X = [[2, 1], [1, 2]], X^T y = [2, 1], det 3 -> w* = (1, 0); residual (1, 1, -1), L* = 3.
    # From w0 = 0: grad = 2 X^T (0 - y) = (-4, -2); w1 = 0 - 0.1 * (-4, -2) = (0.4, 0.2).
    params = {"X": [[1, 0], [0, 1], [1, 1]], "y": [2, 1, 0], "w0": [0, 0], "eta": "0.1"}
    sol = m3.solve(params)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m3.answers(params, sol)}
    assert values["w_star"] == [[1], [0]]
    assert values["L_star"] == 3
    assert values["grad_w0"] == [[-4], [-2]]
    assert values["w1"] == [[0.4], [0.2]]
    assert values["hessian"] == [[4, 2], [2, 4]]
    assert values["grad_formula"] == "2 X^T (X w - y)"
    assert m3.verify(params, values) == []


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:20]:
        p, values = d.params, _values(d)
        # a small error in any numeric answer
        for name in ("grad_w0", "w_star", "w1", "hessian", "L_star"):
            wrong = json.loads(json.dumps(values[name]))
            if isinstance(wrong, list):
                wrong[-1][-1] += 0.01
            else:
                wrong += 0.01
            assert any(name in m for m in FAMILY.verify(p, {**values, name: wrong})), (d.seed, name)
        # the classic slips: forgetting the factor 2, a step up the gradient, Hessian X^T X
        half = [[v / 2 for v in row] for row in values["grad_w0"]]
        assert any("grad_w0" in m for m in FAMILY.verify(p, {**values, "grad_w0": half}))
        eta = float(p["eta"])
        up = [[w + eta * g[0]] for w, g in zip(p["w0"], values["grad_w0"], strict=True)]
        assert any("w1" in m for m in FAMILY.verify(p, {**values, "w1": up}))
        gram = [[v / 2 for v in row] for row in values["hessian"]]
        assert any("hessian" in m for m in FAMILY.verify(p, {**values, "hessian": gram}))
    assert FAMILY.verify(drawn_all[0].params, {}) != []


def test_accept_rejects_degenerate_instances():
    good = {"X": [[1, 0], [0, 1], [1, 1]], "y": [2, 1, 0], "w0": [0, 0], "eta": "0.1"}
    # rank-deficient X: no inverse
    singular = dict(good, X=[[1, 2], [2, 4], [1, 2]])
    assert not m3.accept(singular, m3.solve(singular))
    # start at the optimum: zero gradient, no step
    still = dict(good, w0=[1, 0])
    assert not m3.accept(still, m3.solve(still))
    # an overshooting step (eta * lambda_max(H) = 0.5 * 6 > 1)
    big = dict(good, eta="0.5")
    assert not m3.accept(big, m3.solve(big))
    # an observation with no nonzero feature (a zero row of X)
    zero_row = dict(good, X=[[1, 0], [0, 1], [0, 0]], y=[2, 1, 1])
    assert not m3.accept(zero_row, m3.solve(zero_row))
    # nearly parallel columns: X^T X = [[9, 11], [11, 14]] has eigenvalues 22.78 and 0.22, cond 103
    tilted = dict(good, X=[[1, 1], [2, 2], [2, 3]], y=[1, 2, 2], eta="0.01")
    gram = np.array(tilted["X"]).T @ np.array(tilted["X"])
    assert np.linalg.cond(gram) > 50 and not m3.accept(tilted, m3.solve(tilted))
    # a gradient too large to take by hand: 2 X^T (X w0 - y) = (-144, -144) from w0 = (-2, -2)
    far = dict(good, X=[[3, 1], [1, 3], [2, 2]], y=[4, 4, 4], w0=[-2, -2], eta="0.01")
    assert max(abs(v) for v in m3.solve(far)["g0"]) > 60 and not m3.accept(far, m3.solve(far))


def _accepted(seed: int) -> tuple[dict, dict, int]:
    """sample / solve / accept as generate() runs them, without keys or texts: (params, solution,
    rejected draws)."""
    rng, options = np.random.default_rng(seed), FAMILY.resolve_options({})
    for rejected in range(base.MAX_TRIES):
        params = FAMILY.sample(rng, options)
        solution = FAMILY.solve(params)
        if FAMILY.accept(params, solution):
            return params, solution, rejected
    raise AssertionError(f"seed {seed}: no acceptable variant")


def test_declared_rules_hold_over_10000_seeds():
    # The family's rules, each recomputed here in numpy: no zero row in X, cond(X^T X) <= 50, a
    # gradient at w0 with nonzero entries of at most 60; few draws rejected.
    rejected = 0
    for seed in range(10_000):
        p, _, r = _accepted(seed)
        rejected += r
        X, y, w0 = np.array(p["X"]), np.array(p["y"]), np.array(p["w0"])
        assert (X != 0).any(axis=1).all(), seed
        assert np.linalg.cond(X.T @ X) <= 50, seed
        grad = 2 * X.T @ (X @ w0 - y)
        assert (grad != 0).all() and np.abs(grad).max() <= 60, seed
    assert rejected / (rejected + 10_000) < 0.25


def test_templates_render_both_languages(drawn_all):
    from generator.render import render_part

    for d in drawn_all[:5]:
        for lang in ("ru", "en"):
            for part in ("statement", "solution"):
                text = render_part(d, part, lang)
                assert "(((" not in text and "((*" not in text
                assert r"\begin{bmatrix}" in text
                if lang == "en":
                    assert not any("а" <= ch.lower() <= "я" for ch in text)
        solution = render_part(d, "solution", "ru")
        assert mathtex.mat(d.solution["w_star"], "ru") in solution
        assert mathtex.mat(d.solution["w1"], "ru", 3) in solution


@pytest.mark.pdf
def test_solution_compiles(tmp_path, drawn_all):
    assert_solutions_compile(tmp_path, drawn_all[:3], "m3")
