"""Computational graphs from sympy: decomposition, sharing, names, forward values and adjoints."""

import numpy as np
import pytest
import sympy as sp

from generator.diagrams import CompGraph, random_expression, sigmoid
from generator.diagrams.randexpr import count_ops

x, y = sp.symbols("x y")


def labels(g):
    return [n.label for n in g.ops]


def test_shared_product_is_one_node():
    g = CompGraph.from_sympy(x * y + sp.exp(x * y), [x, y])
    assert labels(g) == [r"a = x \cdot y", "b = e^{a}", "c = a + b"]
    assert g.shared() == ["a"]
    assert sorted((e.src, e.dst) for e in g.edges) == [
        ("a", "b"), ("a", "c"), ("b", "c"), ("x", "a"), ("y", "a")]


def test_shared_sum_inside_flattened_add():
    # sympy flattens x + y + (x+y)^2 into one Add; x + y must still be a single shared node
    g = CompGraph.from_sympy((x + y) ** 2 + x + y, [x, y])
    assert labels(g) == ["a = x + y", "b = a^2", "c = a + b"]
    assert g.shared() == ["a"]


def test_elementary_ops_and_names():
    g = CompGraph.from_sympy(x / y - 2 * x * y + 3, [x, y])
    assert labels(g) == ["a = x / y", r"b = x \cdot y", "c = 2 b", "d = a - c", "g = d + 3"]
    assert g.output == "g"  # e and f are skipped as node names
    g = CompGraph.from_sympy(-x - y, [x, y])
    assert labels(g) == ["a = x + y", "b = -a"]


def test_sigmoid_recognised_from_exp_form():
    g = CompGraph.from_sympy(1 / (1 + sp.exp(-x * y)) + x * y, [x, y])
    assert labels(g) == [r"a = x \cdot y", r"b = \sigma(a)", "c = a + b"]
    g2 = CompGraph.from_sympy(sigmoid(x * y) + x * y, [x, y])
    assert labels(g2) == labels(g)


def test_local_derivatives_in_node_names():
    g = CompGraph.from_sympy(sp.exp(x * y) * (x + y) ** 2, [x, y])
    assert labels(g) == ["a = x + y", r"b = x \cdot y", "c = a^2", "d = e^{b}", r"g = c \cdot d"]
    d = {(e.src, e.dst): e.derivative for e in g.edges}
    a, b, c, dd = sp.symbols("a b c d")
    assert d[("x", "b")] == y and d[("y", "b")] == x and d[("x", "a")] == 1
    assert d[("b", "d")] == sp.exp(b) and d[("a", "c")] == 2 * a
    assert d[("c", "g")] == dd and d[("d", "g")] == c


def test_evaluate_exact():
    g = CompGraph.from_sympy(x * y + sp.exp(x * y), [x, y])
    ev = g.evaluate({"x": 2, "y": sp.Rational(1, 2)})
    assert ev.values["a"] == 1 and ev.values["c"] == 1 + sp.E
    assert ev.adjoints["c"] == 1 and ev.adjoints["a"] == 1 + sp.E
    assert sp.simplify(ev.adjoints["x"] - (1 + sp.E) / 2) == 0


def test_unknown_symbol_rejected():
    with pytest.raises(ValueError):
        CompGraph.from_sympy(x * y, [x])


def _plain(expr):
    """The expression with sigmoid written out, for independent numeric evaluation."""
    return expr.replace(sigmoid, lambda u: 1 / (1 + sp.exp(-u)))


def _finite_difference(expr, point, var, h=1e-6):
    f = sp.lambdify((x, y), _plain(expr), "math")
    p = dict(point)
    p[var] += h
    up = f(p["x"], p["y"])
    p[var] -= 2 * h
    down = f(p["x"], p["y"])
    return (up - down) / (2 * h)


def test_adjoints_match_finite_differences():
    rng = np.random.default_rng(7)
    for _ in range(60):
        expr = random_expression(rng)
        g = CompGraph.from_sympy(expr, [x, y])
        point = {"x": float(rng.choice([-1, 0.5, 1, 2])), "y": float(rng.choice([-1, -0.5, 1, 2]))}
        ev = g.evaluate({k: sp.nsimplify(v) for k, v in point.items()})
        value = float(sp.N(ev.values[g.output]))
        expected = sp.lambdify((x, y), _plain(expr), "math")(point["x"], point["y"])
        assert value == pytest.approx(expected, rel=1e-9, abs=1e-9)
        for var in ("x", "y"):
            fd = _finite_difference(expr, point, var)
            assert float(sp.N(ev.adjoints[var])) == pytest.approx(fd, rel=1e-5, abs=1e-5), expr


def test_random_expression_contract():
    rng = np.random.default_rng(11)
    seen = set()
    for _ in range(200):
        expr = random_expression(rng)
        g = CompGraph.from_sympy(expr, [x, y])
        assert 4 <= len(g.ops) <= 7 and count_ops(expr) == len(g.ops)
        assert g.shared(), expr
        assert expr.free_symbols == {x, y}
        assert sum(isinstance(a, (sp.exp, sigmoid)) for a in sp.preorder_traversal(expr)) <= 1
        seen.update(n.op for n in g.ops)
    assert {"add", "mul", "square"} <= seen
    a = [random_expression(np.random.default_rng(5)) for _ in range(3)]
    b = [random_expression(np.random.default_rng(5)) for _ in range(3)]
    assert a == b
