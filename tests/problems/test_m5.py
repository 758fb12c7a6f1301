"""M5 (ridge regression): hand-friendliness over many seeds, a hand-solved instance, verify()
catching the usual slips, templates rendering and compiling in both languages."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction

import numpy as np
import pytest

from generator import mathtex
from generator.problems import base
from generator.problems.m5_ridge_regression import family as m5
from tests.problems.texcheck import assert_solutions_compile

FAMILY = dataclasses.replace(m5.FAMILY, folder="m5_ridge_regression")
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
        assert X.dtype.kind == "i" and np.abs(X).max() <= 3, d.seed
        assert all(isinstance(v, int) and abs(v) <= 5 for v in p["y"]), d.seed
        assert p["lam"] in (1, 2, 3, 4, 5), d.seed
        assert s["det"] > 0, d.seed
        # exact optimum with denominators <= 60, really solving (X^T X + lambda I) w = X^T y
        assert all(v.denominator <= 60 and v != 0 for v in s["w_star"]), d.seed
        w = np.array([float(v) for v in s["w_star"]])
        assert np.allclose((X.T @ X + p["lam"] * np.eye(2)) @ w, X.T @ np.array(p["y"])), d.seed
        # a real, stable step with <= 3 decimals
        assert all(v != 0 for v in s["g0"]), d.seed
        assert all((Fraction(str(v)) * 1000).denominator == 1 for v in s["w1"]), d.seed
        assert s["L1"] < s["L0"], d.seed
        assert p["eta"] in m5.STEPS, d.seed


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.25
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    assert {len(d.params["X"]) for d in drawn_all} == {3, 4}
    assert len({d.params["lam"] for d in drawn_all}) == 5


def test_hand_solved_instance():
    # X^T X + I = [[3, 1], [1, 3]], det 8, X^T y = (2, 1): w* = (1/8) (3*2 - 1, -2 + 3*1) = (5/8, 1/8).
    # From w0 = 0: grad = 2 (0 - X^T y) = (-4, -2); w1 = -0.1 * (-4, -2) = (0.4, 0.2).
    params = {"X": [[1, 0], [0, 1], [1, 1]], "y": [2, 1, 0], "lam": 1, "w0": [0, 0], "eta": "0.1"}
    sol = m5.solve(params)
    assert list(sol["w_star"]) == [Fraction(5, 8), Fraction(1, 8)]
    values = {a.name: mathtex.plain(a.value, a.places) for a in m5.answers(params, sol)}
    assert values["w_star"] == [[0.625], [0.125]]
    assert values["grad_w0"] == [[-4], [-2]]
    assert values["w1"] == [[0.4], [0.2]]
    assert values["hessian"] == [[6, 2], [2, 6]]
    assert m5.verify(params, values) == []
    # lambda > 0 makes even a rank-one X solvable: X = [[1, 1], [1, 1], [1, 1]], y = (1, 1, 1), lambda 2
    # (X^T X + 2I) = [[5, 3], [3, 5]], X^T y = (3, 3) -> w* = (3/8, 3/8)
    flat = {"X": [[1, 1], [1, 1], [1, 1]], "y": [1, 1, 1], "lam": 2, "w0": [0, 0], "eta": "0.05"}
    assert list(m5.solve(flat)["w_star"]) == [Fraction(3, 8), Fraction(3, 8)]


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:20]:
        p, values = d.params, _values(d)
        for name in ("grad_w0", "w_star", "w1", "hessian"):
            wrong = json.loads(json.dumps(values[name]))
            wrong[-1][-1] += 0.01
            assert any(name in m for m in FAMILY.verify(p, {**values, name: wrong})), (d.seed, name)
        # the classic slips: forgetting the regularizer (plain least squares), lambda without the 2
        X, y, lam = np.array(p["X"], float), np.array(p["y"], float), p["lam"]
        ols = np.linalg.lstsq(X, y, rcond=None)[0].reshape(-1, 1).tolist()
        assert any("w_star" in m for m in FAMILY.verify(p, {**values, "w_star": ols}))
        w0 = np.array(p["w0"], float)
        half_reg = 2 * X.T @ (X @ w0 - y) + lam * w0
        if np.any(w0 != 0):
            slip = {**values, "grad_w0": half_reg.reshape(-1, 1).tolist()}
            assert any("grad_w0" in m for m in FAMILY.verify(p, slip))
        no_reg = (2 * X.T @ X).tolist()
        assert any("hessian" in m for m in FAMILY.verify(p, {**values, "hessian": no_reg}))
    assert FAMILY.verify(drawn_all[0].params, {}) != []


def test_accept_rejects_degenerate_instances():
    good = {"X": [[1, 0], [0, 1], [1, 1]], "y": [2, 1, 0], "lam": 1, "w0": [0, 0], "eta": "0.1"}
    assert m5.accept(good, m5.solve(good))
    zero_column = dict(good, X=[[1, 0], [2, 0], [1, 0]])
    assert not m5.accept(zero_column, m5.solve(zero_column))
    overshoot = dict(good, eta="0.5")  # eta * lambda_max(H) = 0.5 * 8 > 1
    assert not m5.accept(overshoot, m5.solve(overshoot))
    orthogonal_y = dict(good, y=[1, 1, -1])  # X^T y = 0: w* = 0
    assert not m5.accept(orthogonal_y, m5.solve(orthogonal_y))
    zero_row = dict(good, X=[[1, 0], [0, 1], [0, 0]])
    assert not m5.accept(zero_row, m5.solve(zero_row))
    # nearly parallel columns: X^T X = [[9, 11], [11, 14]], cond 103 (lambda would hide it)
    tilted = dict(good, X=[[1, 1], [2, 2], [2, 3]], eta="0.01")
    assert not m5.accept(tilted, m5.solve(tilted))
    # X^T X = [[6, 5], [5, 6]] and lambda = 5: det(X^T X + 5 I) = 11 + 5 * 12 + 25 = 96, and
    # w* = (17/96, 1/96) keeps a denominator above 60
    big_den = dict(good, X=[[2, 1], [1, 2], [1, 1]], y=[1, 0, 0], lam=5, eta="0.02")
    w_star = m5.solve(big_den)["w_star"]
    assert max(v.denominator for v in w_star) > 60 and not m5.accept(big_den, m5.solve(big_den))


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


def _ridge_optimum(X, y, lam) -> list[Fraction]:
    """w* by Cramer's rule in exact fractions."""
    a, b, d = (int(v) for v in (X[:, 0] @ X[:, 0] + lam, X[:, 0] @ X[:, 1], X[:, 1] @ X[:, 1] + lam))
    m1, m2 = (int(v) for v in X.T @ y)
    det = a * d - b * b
    return [Fraction(m1 * d - b * m2, det), Fraction(a * m2 - b * m1, det)]


def test_declared_rules_hold_over_10000_seeds():
    # The family's rules, each recomputed here: no zero row in X, cond(X^T X) <= 50, w* with
    # denominators <= 60, a gradient at w0 with nonzero entries of at most 60; few draws rejected.
    rejected = 0
    for seed in range(10_000):
        p, _, r = _accepted(seed)
        rejected += r
        X, y, w0, lam = np.array(p["X"]), np.array(p["y"]), np.array(p["w0"]), p["lam"]
        assert (X != 0).any(axis=1).all(), seed
        assert np.linalg.cond(X.T @ X) <= 50, seed
        assert all(v.denominator <= 60 for v in _ridge_optimum(X, y, lam)), seed
        grad = 2 * X.T @ (X @ w0 - y) + 2 * lam * w0
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
        solution = render_part(d, "solution", "en")
        assert mathtex.mat(d.solution["w_star"], "en") in solution
        assert mathtex.mat(d.solution["w1"], "en", 3) in solution


@pytest.mark.pdf
def test_solution_compiles(tmp_path, drawn_all):
    assert_solutions_compile(tmp_path, drawn_all[:3], "m5")
