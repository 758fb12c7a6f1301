"""M6 (logistic loss with l2): hand-friendliness over many seeds, a hand-solved instance, the
rounding convention (w1 from the rounded gradient), verify() catching the usual slips."""

from __future__ import annotations

import dataclasses
import json
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest

from generator import mathtex
from generator.problems import base
from generator.problems.m6_logistic_l2 import family as m6
from generator.render import render_part
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
    # margins m = (1, -1); sigma(-1) = 0.268941 -> 0.2689, sigma(1) = 0.731059 -> 0.7311 (rounded first)
    # grad = -(0.2689 * (1, 0) - 0.7311 * (0, 1)) + 2 * 0.5 * (1, 1) = (0.7311, 1.7311), exact
    # w1 = (1, 1) - 0.1 * (0.7311, 1.7311) = (0.92689, 0.82689) -> 4 places
    params = {"X": [[1, 0], [0, 1]], "y": [1, -1], "lam": "0.5", "w0": [1, 1], "eta": "0.1"}
    sol = m6.solve(params)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m6.answers(params, sol)}
    assert values["grad_w0"] == [[0.7311], [1.7311]]
    assert values["w1"] == [[0.9269], [0.8269]]
    assert m6.verify(params, values) == []
    assert m6.accept(params, sol)


def _half_up(value: float, places: int = 4) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _rule(params) -> tuple[list[Decimal], list[Decimal]]:
    """The statement's rounding rule replayed in Decimal: sigma(-m_i) rounded to 4 places, the
    gradient from the rounded values (exact), w1 = w0 - eta * gradient rounded to 4 places."""
    lam, eta = Decimal(params["lam"]), Decimal(params["eta"])
    sigmas = [_half_up(1 / (1 + math.exp(y * (x[0] * params["w0"][0] + x[1] * params["w0"][1]))))
              for x, y in zip(params["X"], params["y"], strict=True)]
    grad = [-sum(y * s * x[k] for x, y, s in zip(params["X"], params["y"], sigmas, strict=True))
            + 2 * lam * params["w0"][k] for k in range(2)]
    w1 = [(params["w0"][k] - eta * grad[k]).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) for k in range(2)]
    return grad, w1


def test_key_follows_the_stated_rounding_rule(drawn_all):
    # The key gives exactly the numbers of the stated rule (sigma rounded first, the rest from the
    # rounded values); in some variants they differ from rounding the exact gradient, so the rule
    # is not a formality, and the solution prints the sigma values the student is told to use.
    differs = 0
    for d in drawn_all:
        grad, w1 = _rule(d.params)
        values = _values(d)
        assert [row[0] for row in values["grad_w0"]] == [float(v) for v in grad], d.seed
        assert [row[0] for row in values["w1"]] == [float(v) for v in w1], d.seed
        exact = d.solution["grad"]
        X, y, w0, lam = (np.array(d.params[k], float) for k in ("X", "y", "w0", "lam"))
        true_grad = -X.T @ (y / (1 + np.exp(y * (X @ w0)))) + 2 * lam * w0
        differs += any(_half_up(float(g)) != Decimal(str(float(e))) for g, e in zip(true_grad, exact, strict=True))
        solution = render_part(d, "solution", "en")
        for weight in d.solution["weights"]:
            assert mathtex.num(weight, "en", 4) in solution, d.seed
    assert differs > 0


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
