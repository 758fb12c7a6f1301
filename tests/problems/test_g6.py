"""G6 (Adam's bias): exact moments, corrected values, a hand-solved instance, the declared rules
over 10,000 seeds, the key's items, and the unbiasedness identity E h_t = (1 - beta1^t) mu
checked by simulation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from generator import mathtex
from generator.problems import base, registry

FAMILY = registry.get("G6")


def test_seeds_verify_and_moments_are_short():
    for seed in range(1000):
        d = base.generate(FAMILY, seed)
        v = {a.name: mathtex.plain(a.value, a.places) for a in d.answers}
        assert FAMILY.verify(d.params, v) == [], seed
        for r in d.solution["rows"]:
            assert (r["h"] * 10**4).is_integer and (r["v"] * 10**4).is_integer, seed
        # the correction pushes away from zero: |h_hat| >= |h|
        assert abs(v["h_hat3"]) >= abs(v["h3"]) and v["v_hat3"] >= v["v3"], seed


def test_declared_rules_over_10000_seeds():
    """Not both betas 0.5; not all gradients equal; no zero moment; h_t, v_t short decimals."""
    for seed in range(10_000):
        d = base.generate(FAMILY, seed)
        p = d.params
        assert not (p["beta1"] == p["beta2"] == 0.5), seed
        assert len(set(p["g"])) > 1, seed
        h = v = Fraction(0)
        b1, b2 = Fraction(str(p["beta1"])), Fraction(str(p["beta2"]))
        for g in p["g"]:
            h, v = b1 * h + (1 - b1) * g, b2 * v + (1 - b2) * g * g
            assert h != 0 and (h * 10**4).denominator == 1 and (v * 10**4).denominator == 1, seed
        assert [a.item for a in d.answers] == [1, 1] + [2] * 8, seed


def test_rounded_corrections_show_all_places():
    # beta1 = 0.8, beta2 = 0.9, g = 3, -1, 1: h3 = 0.8*(0.8*0.6 - 0.2) + 0.2 = 0.424,
    # h_hat3 = 0.424 / 0.488 = 0.86885... -> 0.8689; v3 = 0.9*(0.9*0.9 + 0.1) + 0.1 = 0.919,
    # v_hat3 = 0.919 / 0.271 = 3.39114... -> 3.3911
    params = {"beta1": 0.8, "beta2": 0.9, "g": [3, -1, 1]}
    answers = {a.name: a for a in FAMILY.answers(params, FAMILY.solve(params))}
    assert mathtex.answer_tex(answers["h_hat3"], "en") == "0.8689"
    assert mathtex.answer_tex(answers["v_hat3"], "en") == "3.3911"


def test_hand_instance():
    # beta1 = 0.9, beta2 = 0.8, g = 1, -2, -2:
    # h = 0.1, 0.09 - 0.2 = -0.11, -0.099 - 0.2 = -0.299;  v = 0.2, 0.16 + 0.8 = 0.96, 0.768 + 0.8
    # h_hat3 = -0.299 / 0.271 = -1.10332;  v_hat3 = 1.568 / 0.488 = 3.21311
    params = {"beta1": 0.9, "beta2": 0.8, "g": [1, -2, -2]}
    s = FAMILY.solve(params)
    got = {a.name: mathtex.plain(a.value, a.places) for a in FAMILY.answers(params, s)}
    numbers = {k: v for k, v in got.items() if k not in ("h_sum", "mean_h")}
    assert numbers == {"h1": 0.1, "h2": -0.11, "h3": -0.299, "v1": 0.2, "v2": 0.96, "v3": 1.568,
                       "h_hat3": -1.1033, "v_hat3": 3.2131}
    assert FAMILY.verify(params, got) == []
    assert FAMILY.verify(params, {**got, "h_hat3": -1.1034})  # one unit in the 4th decimal
    assert FAMILY.verify(params, {**got, "mean_h": r"\mu"})     # the biased mean forgotten
    assert FAMILY.verify(params, {**got, "h_hat3": -0.299 / 0.1})  # divided by 1 - beta1
    assert FAMILY.verify(params, {**got, "v2": 0.8})                # forgot to square g


def test_bias_by_simulation():
    rng = np.random.default_rng(0)
    b1, mu, t = 0.9, 2.0, 3
    g = rng.normal(mu, 1.0, size=(200_000, t))
    h = np.zeros(len(g))
    for k in range(t):
        h = b1 * h + (1 - b1) * g[:, k]
    assert abs(h.mean() - (1 - b1**t) * mu) < 0.01
    assert abs((h / (1 - b1**t)).mean() - mu) < 0.03
