"""B5 (fully connected net in matrix form): hand-solved forward passes, shapes, the equations,
every architecture and activation, and verify() catching wrong keys."""

from __future__ import annotations

import collections
import dataclasses
import json

import numpy as np
import pytest
import sympy as sp

from generator import mathtex
from generator.problems import base
from generator.problems.b5_fc_network import check
from generator.problems.b5_fc_network import family as b5

FAMILY = dataclasses.replace(b5.FAMILY, folder="b5_fc_network")
SEEDS = range(1000)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_not_degenerate(drawn_all):
    for d in drawn_all:
        assert FAMILY.verify(d.params, _values(d)) == [], d.seed
        hs = [float(v) for h in d.solution["H"] for v in h]
        if d.params["activation"] == "relu":
            assert all(v != 0 for v in hs), d.seed
            assert all(any(v > 0 for v in h) for h in d.solution["H"]), d.seed  # no dead layer
            assert d.solution["yhat"] > 0
        else:
            assert max(abs(v) for v in hs) <= 2.5, d.seed  # not saturated
        assert d.figures["net"].width("key") <= 17
        for o in d.solution["O"][:-1]:  # the hidden units of a layer give different outputs
            shown = [mathtex.plain(v, None if d.params["activation"] == "relu" else 4) for v in o]
            assert len(set(shown)) == len(shown), d.seed
        items = [a.item for a in d.answers]
        assert items == sorted(items) and set(items) == {1, 2, 3, 4}, d.seed


def test_variety(drawn_all):
    kinds = collections.Counter((d.params["activation"], tuple(d.params["sizes"])) for d in drawn_all)
    assert len(kinds) == 12 and min(kinds.values()) > 40  # every architecture x activation
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    assert sum(d.rejected for d in drawn_all) / len(drawn_all) < 1


def _params(sizes, act, x, W, n=4):
    return {"sizes": sizes, "activation": act, "n": n, "x": x, "W": W}


def test_hand_solved_relu():
    # H1 = [1 2] [[1 -1] [2 1]] = [5 1], O1 = [5 1], H2 = 5*1 + 1*2 = 7, yhat = 7
    params = _params([2, 2, 1], "relu", [1, 2], [[[1, -1], [2, 1]], [[1], [2]]])
    solution = b5.solve(params)
    assert solution["O"][0].tolist() == [[5, 1]] and solution["yhat"] == 7
    values = {a.name: mathtex.plain(a.value, a.places) for a in b5.answers(params, solution)}
    assert values["W1_shape"] == r"2 \times 2" and values["W2_shape"] == r"2 \times 1"
    assert values["H1_shape"] == r"4 \times 2" and values["H2_shape"] == r"4 \times 1"
    assert values["O1"] == [[5, 1]] and values["yhat"] == 7
    assert check.verify(params, values) == []


def test_hand_solved_tanh_keeps_the_places_and_rounds_halves_away_from_zero():
    # H1 = [1 1] [[1 -0.5] [0.5 1]] = [1.5 0.5]; tanh -> 0.905148 -> 0.9051, 0.462117 -> 0.4621;
    # H2 = 0.9051 * 1 + 0.4621 * (-0.5) = 0.67405 (exact, not rounded); tanh(0.67405) = 0.587638
    params = _params([2, 2, 1], "tanh", [1, 1], [[[1, -0.5], [0.5, 1]], [[1], [-0.5]]])
    solution = b5.solve(params)
    assert solution["H"][1][0, 0] == sp.Rational("0.67405")
    answers = {a.name: a for a in b5.answers(params, solution)}
    assert mathtex.answer_tex(answers["O1"], "en") == r"\begin{bmatrix} 0.9051 & 0.4621 \end{bmatrix}"
    assert mathtex.answer_tex(answers["yhat"], "ru") == "0{,}5876"
    assert list(check.round_half_away(np.array([0.12345, -0.12345, 0.00004]))) == [0.1235, -0.1235, 0.0]


def test_hand_solved_sigmoid_rounds_every_layer():
    # H1 = [1 -1] [[0.5 -1] [1 0.5]] = [-0.5 -1.5]; sigma -> [0.3775 0.1824] (4 places);
    # H2 = 0.3775 - 0.1824 = 0.1951; sigma(0.1951) = 0.54862 -> 0.5486
    params = _params([2, 2, 1], "sigmoid", [1, -1], [[[0.5, -1], [1, 0.5]], [[1], [-1]]])
    solution = b5.solve(params)
    values = {a.name: mathtex.plain(a.value, a.places) for a in b5.answers(params, solution)}
    assert values["O1"] == [[0.3775, 0.1824]]
    assert values["yhat"] == 0.5486
    assert check.verify(params, values) == []


def test_equations_of_a_three_layer_net():
    eq = b5.equations(3)
    assert eq["forward1"].startswith("H_{1} = X W_{1}")
    assert r"\hat y = O_{3} = f(H_{3})" in eq["forward3"]
    assert eq["dL_dW1"].startswith(r"\frac{\partial L}{\partial W_{1}} = X^T")
    assert "O_{2}^T" in eq["dL_dW3"]
    assert r"W_{2}^T" in eq["dL_dO1"] and "dL_dO3" not in eq
    assert r"\odot f'(H_{2})" in eq["dL_dH2"]


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:20]:
        values = _values(d)
        K = len(d.params["W"])
        assert FAMILY.verify(d.params, {**values, "yhat": values["yhat"] + 0.001})
        sizes = d.params["sizes"]
        wrong = rf"{sizes[K]} \times {sizes[K - 1]}"  # transposed shape
        assert FAMILY.verify(d.params, {**values, f"W{K}_shape": wrong})
        assert FAMILY.verify(d.params, {**values, "H1_shape": rf"{sizes[1]} \times {d.params['n']}"}) or (
            sizes[1] == d.params["n"])
        assert FAMILY.verify(d.params, {**values, "H1_shape": "[[4 2]]"})


def test_figures_statement_names_weights_key_shows_numbers(drawn_all):
    fig = drawn_all[0].figures["net"]
    assert "w^{1}_{11}" in fig.tikz("statement") and r"\sgvalue" not in fig.tikz("statement")
    assert r"\sgvalue" in fig.tikz("key") and "w^{1}_{11}" not in fig.tikz("key")
