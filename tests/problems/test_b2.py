"""B2 (chain network): hand-solved chains, the symbolic formulas, properties over many seeds and
verify() catching wrong numbers and wrong formulas."""

from __future__ import annotations

import collections
import dataclasses

import pytest
import sympy as sp

from generator import mathtex
from generator.problems import base
from generator.problems.b2_chain_network import family as b2

FAMILY = dataclasses.replace(b2.FAMILY, folder="b2_chain_network")
SEEDS = range(1000)


def _values(answers):
    return {a.name: mathtex.plain(a.value, a.places) for a in answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_alive(drawn_all):
    kinds = collections.Counter()
    for d in drawn_all:
        p, s = d.params, d.solution
        kinds[(p["activation"], len(p["w"]))] += 1
        assert FAMILY.verify(d.params, _values(d.answers)) == [], d.seed
        assert s["delta"] != 0
        assert all(g != 0 for g in s["grads"]), d.seed  # no vanished gradient
        if p["activation"] == "relu":
            assert all(z > 0 for z in s["z"]), d.seed  # every unit alive
        if p["activation"] in ("sigmoid", "tanh"):
            assert all(abs(float(z)) <= 2.5 for z in s["z"]), d.seed  # not saturated
        else:
            assert all(sp.Rational(g).q <= 2 for g in s["grads"] + [s["L"]])
        assert all(isinstance(v, int) and 1 <= abs(v) <= 2 for v in p["w"])
    assert len(kinds) == 12  # 4 activations x depths 2..4
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.8
    assert all(d.figures == {} for d in drawn_all[:5])


def test_hand_solved_linear_chain():
    params = {"activation": "linear", "x": 1, "y": -2, "w": [-1, -1, 1]}
    v = _values(b2.answers(params, b2.solve(params)))
    # z1 = -1, a1 = -1, z2 = 1, a2 = 1, yhat = 1, L = 9/2; delta3 = 3, delta2 = 3, delta1 = -3
    assert (v["z1"], v["a1"], v["z2"], v["a2"], v["yhat"], v["L"]) == (-1, -1, 1, 1, 1, 4.5)
    assert (v["dL_dw1"], v["dL_dw2"], v["dL_dw3"]) == (-3, -3, 3)
    assert b2.verify(params, v) == []


def test_hand_solved_relu_chain():
    params = {"activation": "relu", "x": 2, "y": 1, "w": [1, 2, -1]}
    v = _values(b2.answers(params, b2.solve(params)))
    # z1 = 2, z2 = 4, yhat = -4, delta = -5, L = 12.5
    # dL/dw3 = -5 * 4, delta2 = -5 * (-1) = 5, dL/dw2 = 5 * 2, delta1 = 5 * 2 = 10, dL/dw1 = 10 * 2
    assert (v["yhat"], v["L"]) == (-4, 12.5)
    assert (v["dL_dw1"], v["dL_dw2"], v["dL_dw3"]) == (20, 10, -20)
    assert b2.verify(params, v) == []


def test_formulas_are_the_chain_products():
    yhat, y, x, w2, w3, a1, a2, z1, z2 = sp.symbols("yhat y x w2 w3 a1 a2 z1 z2")
    f1, f2, f3 = b2.formulas(3)
    fp = b2.fprime
    assert sp.simplify(f3 - (yhat - y) * a2) == 0
    assert sp.simplify(f2 - (yhat - y) * w3 * fp(z2) * a1) == 0
    assert sp.simplify(f1 - (yhat - y) * w3 * fp(z2) * w2 * fp(z1) * x) == 0
    assert "f'(z_{1})" in mathtex.tex(f1)


def test_verify_catches_slips(drawn_all):
    d = next(x for x in drawn_all if x.params["activation"] == "sigmoid" and len(x.params["w"]) == 3)
    values = _values(d.answers)
    # a formula that forgets one f' factor
    bad = dict(values, formula_w1=values["formula_w1"].replace("*fprime(z2)", ""))
    assert bad["formula_w1"] != values["formula_w1"]
    assert any(m.startswith("formula_w1") for m in FAMILY.verify(d.params, bad))
    # the sign slip dL/dw = (y - yhat) a
    bad = dict(values, dL_dw3=-values["dL_dw3"])
    assert any(m.startswith("dL_dw3") for m in FAMILY.verify(d.params, bad))
    bad = dict(values, formula_w2="garbage(")
    assert any(m.startswith("formula_w2") for m in FAMILY.verify(d.params, bad))


def test_templates_render(drawn_all):
    from generator.render import render_part

    seen = set()
    for d in drawn_all:
        key = (d.params["activation"], len(d.params["w"]))
        if key in seen:
            continue
        seen.add(key)
        for lang in ("ru", "en"):
            st = render_part(d, "statement", lang)
            assert "xrightarrow" in st  # the chain reads without a figure
            assert render_part(d, "solution", lang).count(r"\frac{\partial L}{\partial w_") >= len(d.params["w"])
