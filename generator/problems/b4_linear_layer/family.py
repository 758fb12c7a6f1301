"""B4: backward pass of a linear layer Z = XW -- given the upstream gradient G = dL/dZ,
find dL/dX = G W^T and dL/dW = X^T G (and the forward value Z)."""

from __future__ import annotations

import numpy as np
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
    """No zero row/column in the data or in the output Z (no sample and no output unit is
    trivially zero), no two equal samples (rows of X), no zero or huge gradient, X and W of full
    rank. (Small integer matrices: numpy's rank is exact here, and much faster than sympy's.)"""
    X, W, G = (np.array(params[k], dtype=np.int64) for k in ("X", "W", "G"))
    Z, dX, dW = X @ W, G @ W.T, X.T @ G
    if any(_has_zero_line(m) for m in (X, W, G, Z)):
        return False
    if len({tuple(row) for row in X.tolist()}) < len(X):
        return False
    if np.linalg.matrix_rank(X) < min(X.shape) or np.linalg.matrix_rank(W) < min(W.shape):
        return False
    if not (dX != 0).all() or not (dW != 0).all():
        return False
    return all(np.abs(m).max() <= MAX_ABS_ANSWER for m in (Z, dX, dW))


def _has_zero_line(m: np.ndarray) -> bool:
    return not (m.any(axis=0).all() and m.any(axis=1).all())


D_X = r"\frac{\partial L}{\partial X}"
D_W = r"\frac{\partial L}{\partial W}"


def _same(label: str) -> dict:
    return {"ru": label, "en": label}


def answers(params, solution) -> list[Answer]:
    """Z (a), the two formulas (b), the two matrices (c)."""
    return [
        Answer("Z", "matrix", solution["Z"], _same("$Z = XW$"), item=1),
        Answer("dL_dX_formula", "text", "G W^T", _same(f"${D_X}$"), item=2),
        Answer("dL_dW_formula", "text", "X^T G", _same(f"${D_W}$"), item=2),
        Answer("dL_dX", "matrix", solution["dX"], _same(f"${D_X}$"), item=3),
        Answer("dL_dW", "matrix", solution["dW"], _same(f"${D_W}$"), item=3),
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
    options={"max_rows": Option(default=3, choices=(2, 3), help="most samples (rows of X)")},
)
