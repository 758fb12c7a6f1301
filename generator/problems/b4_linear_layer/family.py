"""B4: backward pass of a linear layer Z = XW -- given the upstream gradient G = dL/dZ,
find dL/dX = G W^T and dL/dW = X^T G (and the forward value Z)."""

from __future__ import annotations

import sympy as sp

from generator.problems.base import Answer, Family, Option

from .check import verify

ENTRY_RANGE = (-3, 3)
MAX_ABS_ANSWER = 30


def sample(rng, options) -> dict:
    rows = int(rng.integers(2, options["max_rows"] + 1))
    inputs = int(rng.choice((2, 3)))
    outputs = int(rng.choice((1, 2))) if rows == 3 else int(rng.choice((1, 2, 3)))
    low, high = ENTRY_RANGE
    draw = lambda r, c: rng.integers(low, high + 1, size=(r, c)).tolist()
    return {"X": draw(rows, inputs), "W": draw(inputs, outputs), "G": draw(rows, outputs)}


def solve(params) -> dict:
    X, W, G = (sp.Matrix(params[k]) for k in ("X", "W", "G"))
    return {"Z": X * W, "dX": G * W.T, "dW": X.T * G}


def accept(params, solution) -> bool:
    """No zero row/column in the data, no zero or huge gradient, X of full column rank."""
    X, W, G = (sp.Matrix(params[k]) for k in ("X", "W", "G"))
    if any(_has_zero_line(m) for m in (X, W, G)):
        return False
    if X.rank() < min(X.shape) or W.rank() < min(W.shape):
        return False
    grads = (solution["dX"], solution["dW"])
    if any(g.is_zero_matrix or any(v == 0 for v in g) for g in grads):
        return False
    return all(abs(v) <= MAX_ABS_ANSWER for m in solution.values() for v in m)


def _has_zero_line(m: sp.Matrix) -> bool:
    rows = any(all(v == 0 for v in m.row(i)) for i in range(m.rows))
    cols = any(all(v == 0 for v in m.col(j)) for j in range(m.cols))
    return rows or cols


def answers(params, solution) -> list[Answer]:
    return [
        Answer("Z", "matrix", solution["Z"], {"ru": "$Z = XW$", "en": "$Z = XW$"}),
        Answer(
            "dL_dX",
            "matrix",
            solution["dX"],
            {"ru": r"$\frac{\partial L}{\partial X} = G W^T$", "en": r"$\frac{\partial L}{\partial X} = G W^T$"},
        ),
        Answer(
            "dL_dW",
            "matrix",
            solution["dW"],
            {"ru": r"$\frac{\partial L}{\partial W} = X^T G$", "en": r"$\frac{\partial L}{\partial W} = X^T G$"},
        ),
    ]


FAMILY = Family(
    id="B4",
    title={"ru": "Обратный проход через линейный слой", "en": "Backward pass through a linear layer"},
    summary="linear layer Z = XW: dL/dX = G W^T and dL/dW = X^T G from the upstream gradient G",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_rows": Option(default=3, choices=(2, 3), help="most objects (rows of X)")},
)
