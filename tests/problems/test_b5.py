"""B5 (fully connected net in matrix form): hand-solved forward passes, shapes, the equations,
every architecture and activation, and verify() catching wrong keys."""

from __future__ import annotations

import collections
import dataclasses
import json

import pytest

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
    assert values["W1_shape"] == [[2, 2]] and values["W2_shape"] == [[2, 1]]
    assert values["H1_shape"] == [[4, 2]] and values["H2_shape"] == [[4, 1]]
    assert values["O1"] == [[5, 1]] and values["yhat"] == 7
    assert check.verify(params, values) == []


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
        wrong = [list(reversed(values[f"W{K}_shape"][0]))]  # transposed shape
        assert FAMILY.verify(d.params, {**values, f"W{K}_shape": wrong})
        assert FAMILY.verify(d.params, {**values, "H1_shape": [[d.params["sizes"][1], d.params["n"]]]}) or (
            d.params["sizes"][1] == d.params["n"])


def test_figures_statement_names_weights_key_shows_numbers(drawn_all):
    fig = drawn_all[0].figures["net"]
    assert "w^{1}_{11}" in fig.tikz("statement") and r"\sgvalue" not in fig.tikz("statement")
    assert r"\sgvalue" in fig.tikz("key") and "w^{1}_{11}" not in fig.tikz("key")
