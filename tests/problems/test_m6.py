"""M6 (logistic loss with l2): hand-friendliness over many seeds, a hand-solved instance, the
rounding convention (w1 from the rounded gradient), verify() catching the usual slips."""

from __future__ import annotations

import dataclasses
import json
import math
from fractions import Fraction

import numpy as np
import pytest

from generator import mathtex
from generator.problems import base
from generator.problems.m6_logistic_l2 import family as m6
from tests.problems.texcheck import assert_solutions_compile

FAMILY = dataclasses.replace(m6.FAMILY, folder="m6_logistic_l2")
SEEDS = range(400)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


def _sigma(t):
    return 1 / (1 + math.exp(-t))


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        p, s = d.params, d.solution
        assert FAMILY.verify(p, _values(d)) == [], d.seed
        X = [tuple(row) for row in p["X"]]
        assert 2 <= len(X) <= 3 and len(set(X)) == len(X) and (0, 0) not in X, d.seed
        assert all(isinstance(v, int) and abs(v) <= 2 for row in X for v in row), d.seed
        assert set(p["y"]) == {-1, 1}, d.seed
        assert p["w0"] != [0, 0] and all(v in (-1, 0, 1) for v in p["w0"]), d.seed
        assert p["lam"] in m6.LAMBDAS and p["eta"] in m6.STEPS, d.seed
        assert all(abs(m) <= 3 for m in s["margins"]), d.seed  # sigma never saturated
        values = _values(d)
        assert all(abs(g[0]) >= 0.05 for g in values["grad_w0"]), d.seed
        # no rounding tie in w1 = w0 - eta * g (5 decimals, never ending in an exact 5)
        for v in s["w1_exact"]:
            assert (Fraction(int(v.p), int(v.q)) * 10**4 * 2).denominator != 1 or (
                Fraction(int(v.p), int(v.q)) * 10**4
            ).denominator == 1, d.seed
        assert s["L1"] < s["L0"], d.seed


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.3
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) >= len(drawn_all) - 2
    assert {len(d.params["X"]) for d in drawn_all} == {2, 3}


def test_hand_solved_instance():
    # margins m = (1, -1); sigma(-1) = 0.268941, sigma(1) = 0.731059
    # grad = -(0.268941 * (1, 0) - 0.731059 * (0, 1)) + 2 * 0.5 * (1, 1) = (0.731059, 1.731059)
    # shown (0.7311, 1.7311); w1 = (1, 1) - 0.1 * (0.7311, 1.7311) = (0.92689, 0.82689) -> 4 places
    params = {"X": [[1, 0], [0, 1]], "y": [1, -1], "lam": "0.5", "w0": [1, 1], "eta": "0.1"}
    sol = m6.solve(params)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m6.answers(params, sol)}
    assert values["grad_w0"] == [[0.7311], [1.7311]]
    assert values["w1"] == [[0.9269], [0.8269]]
    assert m6.verify(params, values) == []
    assert m6.accept(params, sol)


def test_w1_uses_the_rounded_gradient(drawn_all):
    # The key always follows the stated convention w1 = round(w0 - eta * round(g)); in some variants
    # this differs from round(w0 - eta * g), so the convention really matters.
    found = 0
    for d in drawn_all:
        exact_g = np.array([float(v) for v in d.solution["grad"]])
        w0, eta = np.array(d.params["w0"], float), float(d.params["eta"])
        from_exact = np.array([float(mathtex.rounded(v, 4)) for v in (w0 - eta * exact_g).tolist()])
        key_w1 = np.array([row[0] for row in _values(d)["w1"]])
        shown_g = np.array([row[0] for row in _values(d)["grad_w0"]])
        assert np.allclose(key_w1, [float(mathtex.rounded(v, 4)) for v in (w0 - eta * shown_g).tolist()])
        if not np.allclose(key_w1, from_exact, atol=1e-9):
            found += 1
    assert found > 0  # the convention matters in some variants, and the key follows it


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:25]:
        p, values = d.params, _values(d)
        for name in ("grad_w0", "w1"):
            wrong = json.loads(json.dumps(values[name]))
            wrong[-1][-1] = round(wrong[-1][-1] + 0.0002, 4)
            assert any(name in m for m in FAMILY.verify(p, {**values, name: wrong})), (d.seed, name)
        X, y = np.array(p["X"], float), np.array(p["y"], float)
        w0, lam = np.array(p["w0"], float), float(p["lam"])
        m = y * (X @ w0)
        data = -X.T @ (y * np.array([_sigma(-t) for t in m]))
        slips = {
            "no regularizer": data,
            "lambda instead of 2 lambda": data + lam * w0,
            "sigma(m) for sigma(-m)": -X.T @ (y * np.array([_sigma(t) for t in m])) + 2 * lam * w0,
        }
        for slip, grad in slips.items():
            shown = [[round(float(v), 4)] for v in grad]
            assert any("grad_w0" in msg for msg in FAMILY.verify(p, {**values, "grad_w0": shown})), (
                d.seed,
                slip,
            )
    assert FAMILY.verify(drawn_all[0].params, {}) != []


def test_templates_render_both_languages(drawn_all):
    from generator.render import render_part

    for d in drawn_all[:5]:
        for lang in ("ru", "en"):
            for part in ("statement", "solution"):
                text = render_part(d, part, lang)
                assert "(((" not in text and "((*" not in text
                if lang == "en":
                    assert not any("а" <= ch.lower() <= "я" for ch in text)
        assert "4" in render_part(d, "statement", "en")  # the rounding rule is stated
        solution = render_part(d, "solution", "ru")
        assert mathtex.mat(d.solution["w1"], "ru", 4) in solution


@pytest.mark.pdf
def test_solution_compiles(tmp_path, drawn_all):
    assert_solutions_compile(tmp_path, drawn_all[:3], "m6")
