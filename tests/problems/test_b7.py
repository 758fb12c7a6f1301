"""B7 (invisible backprop: a two-layer ReLU net): structural properties of the ReLU net over many seeds, a hand-solved
instance, and verify() catching typical slips. (The lead's generic test runs the 1,000-seed loop.)"""

from __future__ import annotations

import dataclasses
import json
import math
import re

import numpy as np
import pytest
import sympy as sp

from generator import mathtex
from generator.diagrams import overlaps
from generator.problems import base
from generator.problems.b7_invisible_backprop import family as b7
from generator.problems.b7_invisible_backprop.figure import TEXT_WIDTH_CM, BackpropChainFigure

FAMILY = dataclasses.replace(b7.FAMILY, folder="b7_invisible_backprop")
SEEDS = range(400)


def _values(answers):
    return {a.name: mathtex.plain(a.value, a.places) for a in answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies(drawn_all):
    for d in drawn_all:
        assert FAMILY.verify(d.params, _values(d.answers)) == [], d.seed


def test_relu_net_is_alive_and_hand_friendly(drawn_all):
    for d in drawn_all:
        p, s = d.params, d.solution
        for key in ("X", "W1", "W2"):
            assert all(isinstance(v, int) and -2 <= v <= 2 for row in p[key] for v in row)
        H = s["H"]
        assert all(h != 0 for h in H), d.seed  # ReLU derivative never ambiguous
        assert any(h < 0 for h in H), d.seed  # ReLU actually cuts something
        for j in range(H.cols):  # no dead hidden unit
            assert any(H[i, j] > 0 for i in range(H.rows)), d.seed
        for i in range(H.rows):  # every object reaches the output
            assert any(H[i, j] > 0 for j in range(H.cols)), d.seed
        assert not s["dW1"].is_zero_matrix and not s["dW2"].is_zero_matrix
        assert s["loss_new"] < s["loss"], d.seed  # the GD step helps
        assert all(abs(v) <= 3 for v in s["yhat"])  # unsaturated sigmoid in part d
        assert {row[0] for row in p["c"]} == {0, 1}
        assert p["convention"] in ("mean", "half_sum")
        # the regression part is exact and at most 4 decimals long
        for name in ("W1_new", "W2_new", "loss"):
            for v in sp.Matrix([s[name]]) if name == "loss" else s[name]:
                assert (sp.Rational(v) * 10**4).q == 1, (d.seed, name)


def test_options_and_variety(drawn_all):
    assert {d.params["convention"] for d in drawn_all} == {"mean", "half_sum"}
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.8
    d = base.generate(FAMILY, 5, {"convention": "half_sum"})
    assert d.params["convention"] == "half_sum"


def test_hand_solved_instance():
    params = {
        "convention": "mean", "X": [[1, 2], [2, -1]], "W1": [[1, -1], [1, 1]], "W2": [[1], [2]],
        "y": [[3], [2]], "eta": 0.1, "c": [[1], [0]],
    }
    s = b7.solve(params)
    # worked by hand: H = [[3,1],[1,-3]], O = [[3,1],[1,0]], yhat = [5,1], r = [2,-1]
    assert s["H"].tolist() == [[3, 1], [1, -3]]
    assert s["O"].tolist() == [[3, 1], [1, 0]]
    assert s["yhat"].tolist() == [[5], [1]]
    assert s["loss"] == sp.Rational(5, 2)  # (4 + 1) / 2
    assert s["g"].tolist() == [[2], [-1]]  # (2/n) r with n = 2
    assert s["dW2"].tolist() == [[5], [2]]
    assert s["dO"].tolist() == [[2, 4], [-1, -2]]
    assert s["dH"].tolist() == [[2, 4], [-1, 0]]
    assert s["dW1"].tolist() == [[0, 4], [5, 8]]
    assert s["W1_new"] == sp.Matrix([[1, sp.Rational(-7, 5)], [sp.Rational(1, 2), sp.Rational(1, 5)]])
    assert s["W2_new"] == sp.Matrix([[sp.Rational(1, 2)], [sp.Rational(9, 5)]])
    # new forward: O' = [[2,0],[1.5,0]], yhat' = [1, 0.75], L' = (4 + 1.5625)/2
    assert s["loss_new"] == sp.Rational(278125, 100000)
    # classification, every value rounded to 4 places and used rounded: p = [0.9933, 0.7311]
    v = _values(b7.answers(params, s))
    assert v["p"] == [[0.9933], [0.7311]]
    assert v["logloss"] == round(-(math.log(0.9933) + math.log(1 - 0.7311)) / 2, 4)
    assert v["dLc_dz"] == [[-0.0034], [0.3656]]  # -0.00335 and 0.36555: halves away from zero
    # from the rounded dL/dz: 3(-0.0034) + 0.3656 = 0.3554 (the unrounded 0.36555 - 0.01005 gave 0.3555)
    assert v["dLc_dW2"] == [[0.3554], [-0.0034]]
    # dL/dH = (dz W2^T) * mask = [[-0.0034, -0.0068], [0.3656, 0]]; X^T dL/dH
    assert v["dLc_dW1"] == [[0.7278, -0.0068], [-0.3724, -0.0136]]
    assert b7.verify(params, v) == []
    assert b7.verify(params, dict(v, dLc_dW2=[[0.3555], [-0.0034]]))


def test_verify_catches_slips(drawn_all):
    d = next(x for x in drawn_all if x.params["convention"] == "mean")
    values = _values(d.answers)
    # forgetting the ReLU mask in the backward pass
    s = d.solution
    no_mask = sp.Matrix(d.params["X"]).T * s["dO"]
    if no_mask != s["dW1"]:
        bad = dict(values, dL_dW1=mathtex.plain(no_mask))
        assert any(m.startswith("dL_dW1") for m in FAMILY.verify(d.params, bad))
    # using the half-sum gradient under the mean convention (n = 2 gives the same; use the loss)
    bad = dict(values, L=values["L"] * 2)
    assert any(m.startswith("L:") for m in FAMILY.verify(d.params, bad))
    # ascending instead of descending
    W2_up = (sp.Matrix(d.params["W2"]) + sp.Rational(str(d.params["eta"])) * s["dW2"])
    bad = dict(values, W2_new=mathtex.plain(W2_up, 4))
    assert any(m.startswith("W2_new") for m in FAMILY.verify(d.params, bad))
    # logloss gradient without the 1/n
    bad = dict(values, dLc_dz=[[row[0] * d.solution["p"].rows] for row in values["dLc_dz"]])
    assert any(m.startswith("dLc_dz") for m in FAMILY.verify(d.params, bad))


def test_templates_render(drawn_all):
    from generator.render import render_part

    for d in drawn_all[:6]:
        for lang in ("ru", "en"):
            st = render_part(d, "statement", lang)
            assert ("frac{1}{2} \\sum" in st) == (d.params["convention"] == "half_sum")
            assert r"\begin{tikzpicture}" in st and "sg backlabel" not in st  # the bare chain
            assert render_part(d, "solution", lang)


# ---- the forward/backward chain figure --------------------------------------------------------

NODE = re.compile(r"\\node\[([a-z ]+)[,\]].* at \([-\d.,]+\) \{(.*)\};$")
D = r"\frac{\partial L}{\partial %s}"


def _nodes(tikz: str) -> list[tuple[str, str]]:
    """(style, text) of every node of a tikzpicture."""
    return [m.groups() for line in tikz.splitlines() if (m := NODE.search(line))]


def test_figure_statement_is_bare_and_key_has_the_local_derivatives(drawn_all):
    seen = set()
    for d in drawn_all:
        conv = d.params["convention"]
        fig = d.figures["chain"]
        st, key = fig.tikz("statement", "ru"), fig.tikz("key", "ru")
        # the picture depends on the convention only: no number of the variant can leak into it
        assert (st, key) == (fig.tikz("statement", "en"), fig.tikz("key", "en"))
        if conv in seen:
            continue
        seen.add(conv)
        nodes = _nodes(st)
        assert len(nodes) == 11  # 5 stages, 4 operation labels, 2 gradient boxes
        assert [t for s, t in nodes if s == "sg stage"] == ["$X$", "$H$", "$O$", r"$\hat y$", "$L$"]
        assert [t for s, t in nodes if s == "sg grad"] == ["$" + D % "W_1" + "$", "$" + D % "W_2" + "$"]
        assert not any(s == "sg backlabel" for s, _ in nodes)  # no backward labels
        assert not any("=" in t for _, t in nodes)  # no derivative written out
        loss = (r"\tfrac{1}{n}" if conv == "mean" else r"\tfrac{1}{2}") + r"\sum_i (\hat y_i - y_i)^2"
        assert [t for s, t in nodes if s == "sg label"] == [  # the operations, nothing else
            r"$\cdot W_1$", r"$\max(0, \cdot)$", r"$\cdot W_2$", f"${loss}$"]
        # the key: the three local derivatives and both weight gradients
        back = [t for s, t in _nodes(key) if s == "sg backlabel"]
        dyhat = r"\tfrac{2}{n}(\hat y - y)" if conv == "mean" else r"\hat y - y"
        assert back == [
            "$" + D % "H" + " = " + D % "O" + r" \odot [H > 0]$",
            "$" + D % "O" + " = " + D % r"\hat y" + r"\, W_2^T$",
            "$" + D % r"\hat y" + " = " + dyhat + "$",
        ]
        grads = [t for s, t in _nodes(key) if s == "sg grad"]
        assert grads == ["$" + D % "W_1" + " = X^T " + D % "H" + "$",
                         "$" + D % "W_2" + " = O^T " + D % r"\hat y" + "$"]
    assert seen == {"mean", "half_sum"}


@pytest.mark.parametrize("convention", ["mean", "half_sum"])
@pytest.mark.parametrize("mode", ["statement", "key"])
def test_figure_layout_is_clean_and_fits(convention, mode):
    fig = BackpropChainFigure(convention)
    lay = fig.layout(mode)
    assert overlaps(lay.boxes, 0.02) == []
    assert len(lay.down) == 2 and len(lay.backward) == 4
    assert fig.width(mode) < TEXT_WIDTH_CM - 2  # no scaling needed
    assert not fig.tikz(mode).startswith(r"\resizebox")


def test_distinct_logits_over_10000_seeds():
    """The sampler's cheap rule (accept() repeats it): no dead unit, some unit cut off, and the
    logits of the samples pairwise different, so no two samples share p in part d."""
    options = FAMILY.resolve_options({})
    for seed in range(10_000):
        p = FAMILY.sample(np.random.default_rng(seed), options)
        H = np.array(p["X"]) @ np.array(p["W1"])
        logits = (np.maximum(H, 0) @ np.array(p["W2"])).ravel()
        if (H == 0).any() or (H > 0).all() or len(set(logits)) < len(logits):
            assert not FAMILY.accept(p, FAMILY.solve(p)), seed  # the sampler gave up: rejected
