"""G2 (one logistic-regression step): 1,000 seeds against the independent check, no saturated
sigmoid, a hand-solved instance, verify() catching slips."""

from __future__ import annotations

import math

from generator import mathtex
from generator.problems import base, registry
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


def test_course_instance_by_hand():
    # x = -5, y = 1, w0 = 1, gamma = 0.01: p = 1/(1 + e^5) = 0.0067 (0.006693);
    # grad = (0.0067 - 1)(-5) = 4.9665; w1 = 1 - 0.049665 = 0.9503
    params = {"x": -5, "y": 1, "w0": 1.0, "gamma": 0.01}
    s = FAMILY.solve(params)
    got = {a.name: mathtex.plain(a.value, a.places) for a in FAMILY.answers(params, s)}
    assert got == {"p": 0.0067, "grad": 4.9665, "w1": 0.9503}
    assert FAMILY.verify(params, got) == []
    assert FAMILY.verify(params, {**got, "w1": 0.9504})
    assert FAMILY.verify(params, {**got, "grad": -4.9665})  # sign slip: (y - p) x
    assert FAMILY.verify(params, {**got, "p": 0.9933})      # sigma(-z) instead of sigma(z)


def test_renders():
    d = base.generate(FAMILY, 3)
    for lang in ("ru", "en"):
        assert "(p - y)" in render_part(d, "solution", lang)
        assert mathtex.answer_tex(d.answers[-1], lang) in render_part(d, "solution", lang)
    assert math.isfinite(_values(d)["w1"])
