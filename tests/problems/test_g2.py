"""G2 (one logistic-regression step): 1,000 seeds against the independent check, no saturated
sigmoid, every sigmoid on the parameter grid far from a rounding boundary (so a float sigmoid
rounds like the exact one), a hand-solved instance, verify() catching slips, eta as the step."""

from __future__ import annotations

import itertools
import math

import mpmath

from generator import mathtex
from generator.problems import base, registry
from generator.problems.g2_logistic_step import family as g2
from generator.render import render_part

FAMILY = registry.get("G2")


def _values(d):
    return {a.name: mathtex.plain(a.value, a.places) for a in d.answers}


def test_seeds_verify_and_are_hand_friendly():
    for seed in range(1000):
        d = base.generate(FAMILY, seed)
        v = _values(d)
        assert FAMILY.verify(d.params, v) == [], seed
        z = d.params["w0"] * d.params["x"]
        assert 0 < abs(z) <= 4, seed  # never p = 1/2, never a saturated sigmoid
        assert 0.01 < v["p"] < 0.99 and v["grad"] != 0, seed
        assert abs(v["w1"] - d.params["w0"]) >= 0.001, seed


def test_every_sigmoid_on_the_grid_is_far_from_a_rounding_boundary():
    """p = sigma(w0 x) rounds the same at 4 decimals whether computed in floats or exactly."""
    mpmath.mp.dps = 40
    for x, w0 in itertools.product(g2.X_VALUES, g2.W0_VALUES):
        p = 1 / (1 + mpmath.exp(-mpmath.mpf(w0) * x))
        distance = abs(p * 10**4 - mpmath.floor(p * 10**4) - mpmath.mpf("0.5"))
        assert distance > 1e-8, (x, w0)


def test_course_instance_by_hand():
    # x = -5, y = 1, w0 = 1, eta = 0.01: p = 1/(1 + e^5) = 0.006693 -> 0.0067;
    # grad = (0.0067 - 1)(-5) = 4.9665; w1 = 1 - 0.049665 = 0.950335 -> 0.9503
    params = {"x": -5, "y": 1, "w0": 1.0, "eta": 0.01}
    s = FAMILY.solve(params)
    got = {a.name: mathtex.plain(a.value, a.places) for a in FAMILY.answers(params, s)}
    assert got == {"formula": r"(p - y)\,x", "p": 0.0067, "grad": 4.9665, "w1": 0.9503}
    assert FAMILY.verify(params, got) == []
    assert FAMILY.verify(params, {**got, "w1": 0.9504})
    assert FAMILY.verify(params, {**got, "grad": -4.9665})  # sign slip: (y - p) x
    assert FAMILY.verify(params, {**got, "p": 0.9933})      # sigma(-z) instead of sigma(z)
    assert FAMILY.verify(params, {**got, "formula": r"(y - p)\,x"})


def test_rounded_values_show_all_places():
    # x = 4, y = 0, w0 = 1, eta = 0.1: p = sigma(4) = 0.982014 -> 0.9820 (the zero is shown)
    params = {"x": 4, "y": 0, "w0": 1.0, "eta": 0.1}
    s = FAMILY.solve(params)
    answers = {a.name: a for a in FAMILY.answers(params, s)}
    assert mathtex.answer_tex(answers["p"], "en") == "0.9820"
    assert mathtex.answer_tex(answers["grad"], "en") == "3.928"  # (0.982 - 0) * 4, exact
    assert mathtex.answer_tex(answers["w1"], "en") == "0.6072"   # 1 - 0.3928, exact


def test_renders_with_eta_and_lettered_items():
    d = base.generate(FAMILY, 3)
    assert [a.item for a in d.answers] == [1, 2, 2, 2]
    for lang in ("ru", "en"):
        statement = render_part(d, "statement", lang)
        solution = render_part(d, "solution", lang)
        assert r"\eta" in statement and r"\gamma" not in statement + solution
        assert "(p - y)" in solution
        assert mathtex.answer_tex(d.answers[-1], lang) in solution
    assert math.isfinite(_values(d)["w1"])
