"""G4 (a parabola in one step): eta = 1/(2a) lands in the minimum, short fractions, a hand
instance, the doubled step jumps to the mirror point and back, and the key's items are the
statement's letters."""

from __future__ import annotations

from fractions import Fraction

from generator import mathtex
from generator.problems import base, registry

FAMILY = registry.get("G4")


def test_seeds_verify_and_are_hand_friendly():
    for seed in range(1000):
        d = base.generate(FAMILY, seed)
        v = {a.name: mathtex.plain(a.value, a.places) for a in d.answers}
        assert FAMILY.verify(d.params, v) == [], seed
        s = d.solution
        a = Fraction(str(d.params["a"]))
        assert s["eta"] == 1 / (2 * a) and s["grad0"] != 0, seed
        assert s["x1"] == s["x_star"] and s["x1"] != d.params["x0"], seed
        assert all(Fraction(str(x)).denominator <= 10 for x in (s["x_star"], s["f_min"])), seed
        assert s["x1_double"] == 2 * s["x_star"] - d.params["x0"], seed
        assert s["x2_double"] == d.params["x0"] != s["x1_double"], seed
        assert [a.item for a in d.answers] == [1, 2, 2, 2, 2, 3, 3], seed


def test_hand_instance():
    # f = 2x^2 - 6x + 1, x0 = 3: f'(3) = 6, eta = 1/4, x1 = 3 - 6/4 = 3/2, f(3/2) = -7/2,
    # eta = 1/2: x1 = 0 (mirror of 3 in 3/2), x2 = 0 - (1/2)(-6) = 3 (back to x0)
    params = {"a": 2.0, "b": -6, "c": 1, "x0": 3}
    s = FAMILY.solve(params)
    got = {a.name: mathtex.plain(a.value, a.places) for a in FAMILY.answers(params, s)}
    assert got == {"eta_formula": r"\frac{1}{2a}", "grad0": 6, "eta": 0.25, "x1": 1.5,
                   "f_min": -3.5, "x1_double": 0, "x2_double": 3}
    assert FAMILY.verify(params, got) == []
    assert FAMILY.verify(params, {**got, "eta": 0.5})   # 1/a instead of 1/(2a)
    assert FAMILY.verify(params, {**got, "f_min": 1})   # f(0) instead of f(x*)
    assert FAMILY.verify(params, {**got, "x2_double": -3})  # kept going the same way
    assert FAMILY.verify(params, {**got, "eta_formula": r"\frac{1}{a}"})
