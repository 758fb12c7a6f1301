"""B1 (computational graph): exact hand-friendly numbers over many seeds, a hand-solved instance,
the sum over paths, and verify() catching wrong keys."""

from __future__ import annotations

import dataclasses
import json

import pytest
import sympy as sp

from generator import mathtex
from generator.diagrams import sigmoid
from generator.problems import base
from generator.problems.b1_computational_graph import check
from generator.problems.b1_computational_graph import family as b1

FAMILY = dataclasses.replace(b1.FAMILY, folder="b1_computational_graph")
SEEDS = range(120)  # each draw lays out a graph; the generic test covers 1,000 seeds
x, y = sp.symbols("x y")


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        assert FAMILY.verify(d.params, _values(d)) == [], d.seed
        assert d.params["places"] is None  # default: exact numbers only
        assert d.params["x"] in b1.POINT_VALUES and d.params["y"] in b1.POINT_VALUES
        graph, ev = d.solution["graph"], d.solution["ev"]
        assert 4 <= len(graph.ops) <= 7, d.seed
        assert graph.shared(), d.seed  # a shared subexpression
        numbers = [*ev.values.values(), *ev.adjoints.values(), *ev.local.values()]
        assert all(v.is_Rational and v.q <= 16 and abs(v) <= 100 for v in numbers), d.seed
        assert d.solution["dfdx"] != 0 and d.solution["dfdy"] != 0
        assert d.solution["dfdx"] != d.solution["dfdy"], d.seed  # swapping x and y shows
        assert d.figures["graph"].width("key") <= b1.MAX_KEY_WIDTH_CM
        # the params round-trip: the stored string is the expression that was drawn
        assert b1.parse_expr(d.params["f"]) == d.solution["expr"]
        json.dumps(d.params)


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.8
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)


def _params(expr, px, py, places=None):
    return {"f": sp.srepr(expr), "x": px, "y": py, "places": places}


def test_hand_solved_instance():
    # f = (x + y)^2 + x (x + y) at (1, 2): a = x + y = 3, f = 9 + 3 = 12;
    # df/dx = 2a + a + x = 10 over three paths, df/dy = 2a + x = 7 over two paths.
    params = _params((x + y) ** 2 + x * (x + y), 1, 2)
    solution = b1.solve(params)
    assert solution["value"] == 12
    assert solution["dfdx"] == 10 and solution["dfdy"] == 7
    assert len(solution["paths"]["x"]) == 3 and len(solution["paths"]["y"]) == 2
    assert sorted(p["product"] for p in solution["paths"]["x"]) == [1, 3, 6]
    assert sorted(p["product"] for p in solution["paths"]["y"]) == [1, 6]
    assert b1.accept(params, solution)
    answers = {a.name: a for a in b1.answers(params, solution)}
    assert sp.expand(answers["df_dx_formula"].value - (4 * x + 3 * y)) == 0
    values = {n: mathtex.plain(a.value, a.places) for n, a in answers.items()}
    assert check.verify(params, values) == []


def test_equal_partials_are_rejected():
    # f = (x + y)^2 + x y at (1, 1): df/dx = 2(x + y) + y = 5 = df/dy
    params = _params((x + y) ** 2 + x * y, 1, 1)
    solution = b1.solve(params)
    assert solution["dfdx"] == solution["dfdy"] == 5
    assert not b1.accept(params, solution)


def test_key_items_follow_the_statement(drawn_all):
    for d in drawn_all[:20]:
        items = [a.item for a in d.answers]
        edges = len(d.solution["graph"].edges)
        assert items == [1] + [2] * edges + [3, 3, 4, 4], d.seed


def test_exact_exp_and_sigmoid_at_zero():
    # e^{x+y} and sigma(x+y) at x = -y are exact: e^0 = 1, sigma(0) = 1/2, sigma'(0) = 1/4
    expr = sp.exp(x + y) * sigmoid(x + y) + x * y
    params = _params(expr, 1, -1)
    solution = b1.solve(params)
    assert solution["value"] == sp.Rational(1, 2) - 1
    # df/dx = e^u sigma(u) + e^u sigma'(u) + y = 1/2 + 1/4 - 1
    assert solution["dfdx"] == sp.Rational(-1, 4)
    assert check.evaluate(params["f"], 1, -1, "x").b == sp.Rational(-1, 4)


def test_verify_catches_wrong_answers(drawn_all):
    d = drawn_all[0]
    values = _values(d)
    assert FAMILY.verify(d.params, {**values, "df_dx": values["df_dx"] + 1})
    assert FAMILY.verify(d.params, {**values, "f": values["f"] - 0.5})
    assert FAMILY.verify(d.params, {**values, "df_dy_formula": values["df_dx_formula"]}) or (
        values["df_dx_formula"] == values["df_dy_formula"])
    assert FAMILY.verify(d.params, {**values, "df_dx_formula": "x*y + 1"})


def test_decimal_option_rounds_consistently():
    for seed in range(15):
        d = base.generate(FAMILY, seed, {"transcendental": "decimal"})
        assert FAMILY.verify(d.params, _values(d)) == [], seed
        if d.params["places"] is not None:
            assert all(a.places == 4 for a in d.answers if a.kind == "number")


def test_statement_figure_is_bare_and_key_is_annotated(drawn_all):
    fig = drawn_all[1].figures["graph"]
    assert r"\sgvalue" not in fig.tikz("statement") and "sg adjoint" not in fig.tikz("statement")
    key = fig.tikz("key")
    assert r"\sgvalue" in key and "sg adjoint" in key and "sg deriv" in key
