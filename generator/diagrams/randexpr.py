"""Random expressions in x, y with a shared subexpression, for computational-graph problems.

`random_expression(rng)` draws an expression tree whose leaves are x, y and a shared
subexpression S (used at least twice), substitutes S, and keeps the draw only when the built
graph has the requested number of elementary operations and still shares a node after sympy's
automatic simplification. Everything is decided by `rng`, so the same generator state gives the
same expression.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from generator.diagrams.graph import op_stats, sigmoid

X, Y = sp.symbols("x y")
_S = sp.Symbol("S")

_BINARY = (("add", 0.45), ("mul", 0.4), ("sub", 0.15))
_UNARY = (("square", 0.7), ("exp", 0.15), ("sigmoid", 0.15))


def _pick(rng: np.random.Generator, table) -> str:
    names = [n for n, _ in table]
    p = np.array([w for _, w in table], dtype=float)
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def _tree(rng, n_ops: int, leaves, state, unary=_UNARY) -> sp.Expr:
    if n_ops == 0:
        return leaves[int(rng.integers(len(leaves)))]
    if rng.random() < 0.3:
        op = _pick(rng, unary)
        # exp/sigmoid sparingly: once per expression, of a leaf or of one operation only
        if op in ("exp", "sigmoid") and (state["transcendental"] or n_ops > 2):
            op = "square"
        if op in ("exp", "sigmoid"):
            state["transcendental"] = True
        arg = _tree(rng, n_ops - 1, leaves, state, unary)
        return {"square": lambda a: a ** 2, "exp": sp.exp, "sigmoid": sigmoid}[op](arg)
    op = _pick(rng, _BINARY)
    left = int(rng.integers(0, n_ops))
    a = _tree(rng, left, leaves, state, unary)
    b = _tree(rng, n_ops - 1 - left, leaves, state, unary)
    return {"add": a + b, "mul": a * b, "sub": a - b}[op]


def count_ops(expr: sp.Expr) -> int:
    """Elementary operations in the computational graph of `expr` over x, y."""
    return op_stats(expr, [X, Y])[0]


def random_expression(rng: np.random.Generator, n_ops_range: tuple[int, int] = (4, 7),
                      allow_sigmoid: bool = True) -> sp.Expr:
    """An expression f(x, y) of n_ops_range[0]..n_ops_range[1] elementary operations (inclusive)
    with at least one subexpression used twice; ops +, -, ×, square, exp (rarely), sigmoid."""
    lo, hi = n_ops_range
    if lo < 2 or hi < lo:
        raise ValueError("need 2 <= low <= high operations")
    unary = _UNARY if allow_sigmoid else (("square", 0.8), ("exp", 0.2))
    for _ in range(1000):
        target = int(rng.integers(lo, hi + 1))
        state = {"transcendental": False}
        # the shared part: one binary op of x and y, or the square of one of them
        if rng.random() < 0.8:
            op = _pick(rng, (("add", 0.5), ("mul", 0.5)))
            shared = X + Y if op == "add" else X * Y
        else:
            shared = (X if rng.random() < 0.5 else Y) ** 2
        rest = target - 1
        outer = _tree(rng, rest, (X, Y, _S, _S), state, unary)
        if outer.count(_S) < 2 or not outer.has(X, Y):
            continue
        expr = outer.subs(_S, shared)
        if expr.free_symbols != {X, Y}:
            continue
        n_ops, n_shared = op_stats(expr, [X, Y])
        if lo <= n_ops <= hi and n_shared:
            return expr
    raise RuntimeError("no expression found")  # pragma: no cover
