"""M3: linear regression L(w) = (y - Xw)^T (y - Xw) through differentials.

dL = 2 (Xw - y)^T X dw, grad L = 2 X^T (Xw - y), the normal equation X^T X w = X^T y, one step of
gradient descent w1 = w0 - eta * 2 X^T (X w0 - y), d^2L = 2 dw^T X^T X dw (Hessian 2 X^T X).

The numeric instance is built backwards so the optimum is exact and short: a small integer residual
e is drawn first, the columns of X are drawn among integer vectors orthogonal to e, then
y = X w* + e with an integer or half-integer w*; since X^T e = 0, w* solves the normal equation.

Rules for a variant a student can do by hand (`accept` checks each, the sampler draws X and w0
among the candidates that satisfy them, so few draws are rejected):
- X has no zero row (every observation has a nonzero feature) and at most two zero entries;
- X^T X is well conditioned: cond(X^T X) <= MAX_COND = 50, det(X^T X) <= MAX_DET, entries <= MAX_GRAM;
- the gradient at w0 is hand-sized: every entry nonzero and at most MAX_GRAD = 60 in size;
- y is integer with |y_i| <= MAX_Y, w* has integer or half-integer entries, L(w*) > 0;
- the step size puts eta * lambda_max(Hessian) in STEP_WINDOW (neither tiny nor overshooting).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import cache

import numpy as np

from generator.problems.base import Answer, Family, Option
from generator.problems.exactlinalg import dot as _dot
from generator.problems.exactlinalg import matmul as _matmul
from generator.problems.exactlinalg import matvec as _matvec
from generator.problems.exactlinalg import minus as _minus
from generator.problems.exactlinalg import to_sympy as _sym
from generator.problems.exactlinalg import transpose as _transpose

from .check import verify

ENTRY = 4  # entries of X in [-ENTRY, ENTRY]
RESIDUAL = 2  # entries of the residual e in [-RESIDUAL, RESIDUAL]
MAX_Y = 15  # |y_i| <= MAX_Y
MAX_DET = 400  # det(X^T X) small enough to invert by hand
MAX_GRAM = 40  # entries of X^T X
MAX_COND = 50  # condition number of X^T X
MAX_ZEROS = 2  # zero entries of X
MAX_GRAD = 60  # entries of the gradient at w0
MAX_W0 = 2  # starting point entries in [-MAX_W0, MAX_W0]
# Step sizes that keep w1 = w0 - eta * g0 at <= 3 decimals (g0 is an integer vector).
STEPS = ("0.1", "0.05", "0.025", "0.02", "0.01", "0.005", "0.002", "0.001")
# The step must be neither tiny nor overshooting: eta * lambda_max(2 X^T X) in this window.
STEP_WINDOW = (0.2, 1.0)
W1_PLACES = 3
BATCH = 256  # candidate designs drawn at once
DESIGN_BATCHES = 3  # batches tried before the draw is given up (a residual with no good pair)
DL_FORMULA = r"2 (X w - y)^T X\,dw"
GRAD_FORMULA = r"2 X^T (X w - y)"
W_STAR_FORMULA = r"(X^T X)^{-1} X^T y"
HESSIAN_FORMULA = r"2 X^T X"


@cache
def _grid(n: int) -> np.ndarray:
    """All nonzero integer vectors of length n with entries in [-ENTRY, ENTRY]."""
    grid = np.array(list(itertools.product(range(-ENTRY, ENTRY + 1), repeat=n)), dtype=int)
    return grid[np.abs(grid).sum(axis=1) > 0]


@cache
def _orthogonal_columns(residual: tuple) -> np.ndarray:
    """The candidate columns of X: grid vectors orthogonal to the residual that can be part of a
    good design (squared length <= MAX_GRAM, at most MAX_ZEROS zeros)."""
    grid = _grid(len(residual))
    keep = ((grid @ np.array(residual) == 0) & ((grid**2).sum(axis=1) <= MAX_GRAM)
            & ((grid == 0).sum(axis=1) <= MAX_ZEROS))
    return grid[keep]


def sample(rng, options) -> dict:
    n = int(rng.integers(3, options["max_rows"] + 1))
    residual = rng.integers(-RESIDUAL, RESIDUAL + 1, size=n)
    while not residual.any():
        residual = rng.integers(-RESIDUAL, RESIDUAL + 1, size=n)
    X = _draw_design(rng, _orthogonal_columns(tuple(int(v) for v in residual)))
    w_star = [Fraction(int(v)) for v in rng.integers(-3, 4, size=2)]
    # Half-integer components where X w* stays integer: odd halves a/2, b/2 need a c1 + b c2 even.
    halves = [h for h in ((1, 0), (0, 1), (1, 1)) if not ((h[0] * X[:, 0] + h[1] * X[:, 1]) % 2).any()]
    if halves and rng.random() < 0.5:
        pattern = halves[int(rng.integers(len(halves)))]
        signs = rng.choice((-1, 1), size=2)
        w_star = [w + Fraction(int(h * g), 2) for w, h, g in zip(w_star, pattern, signs, strict=True)]
    y = [sum(int(x) * w for x, w in zip(row, w_star, strict=True)) + int(e) for row, e in zip(X, residual, strict=True)]
    y_plain = [int(v) if v.denominator == 1 else str(v) for v in y]  # non-integers get rejected
    gram = X.T @ X
    top = 2 * float(np.linalg.eigvalsh(gram.astype(float))[-1])
    fitting = [s for s in STEPS if STEP_WINDOW[0] <= float(s) * top <= STEP_WINDOW[1]]
    eta = str(rng.choice(fitting)) if fitting else STEPS[-1]
    w0 = _draw_start(rng, gram, np.array([float(v) for v in w_star]))
    return {"X": X.tolist(), "y": y_plain, "w0": w0, "eta": eta}


def _draw_design(rng, columns: np.ndarray) -> np.ndarray:
    """Two columns among `columns` making a design that satisfies the rules on X and X^T X: drawn
    BATCH pairs at a time, the first good pair is kept (the last pair if none is good: rejected)."""
    for _ in range(DESIGN_BATCHES):
        pairs = columns[rng.integers(len(columns), size=(BATCH, 2))]  # (BATCH, 2, n)
        good = np.flatnonzero(_designs_ok(np.transpose(pairs, (0, 2, 1))))
        if good.size:
            return pairs[good[0]].T.copy()
    return pairs[-1].T.copy()


def _designs_ok(X: np.ndarray) -> np.ndarray:
    """The rules on X and X^T X for a stack of designs X (batch, n, 2)."""
    gram = np.einsum("bni,bnj->bij", X, X)
    det = gram[:, 0, 0] * gram[:, 1, 1] - gram[:, 0, 1] ** 2
    trace = gram[:, 0, 0] + gram[:, 1, 1]
    root = np.sqrt(np.maximum(trace**2 - 4 * det, 0))
    cond = np.divide(trace + root, trace - root, out=np.full(len(X), np.inf), where=trace - root > 0)
    return ((X != 0).any(axis=2).all(axis=1) & ((X == 0).sum(axis=(1, 2)) <= MAX_ZEROS)
            & (det > 0) & (det <= MAX_DET) & (np.abs(gram).max(axis=(1, 2)) <= MAX_GRAM)
            & (cond <= MAX_COND))


def _draw_start(rng, gram: np.ndarray, w_star: np.ndarray) -> list[int]:
    """An integer w0 in [-MAX_W0, MAX_W0]^2 whose gradient 2 X^T X (w0 - w*) has nonzero entries
    of at most MAX_GRAD (since X^T e = 0, that is the gradient); any w0 when none qualifies."""
    grid = np.array(list(itertools.product(range(-MAX_W0, MAX_W0 + 1), repeat=2)))
    grads = 2 * (grid - w_star) @ gram.T
    good = np.flatnonzero((grads != 0).all(axis=1) & (np.abs(grads) <= MAX_GRAD).all(axis=1))
    pick = good[int(rng.integers(len(good)))] if good.size else int(rng.integers(len(grid)))
    return [int(v) for v in grid[pick]]


def solve(params) -> dict:
    """Exact values as ints and Python Fractions (vectors as flat lists, matrices as lists of
    rows): ten times faster than sympy matrices, so the rules can be tested over 10,000 seeds; the formatter
    prints them as it prints sympy numbers, and `answers` hands sympy values to the key."""
    X, w0 = params["X"], params["w0"]  # integers stay ints: Fraction arithmetic is slow
    y = [v if isinstance(v, int) else Fraction(v) for v in params["y"]]
    eta = Fraction(params["eta"])
    Xt = _transpose(X)
    gram = _matmul(Xt, X)
    moment = _matvec(Xt, y)
    det = gram[0][0] * gram[1][1] - gram[0][1] * gram[1][0]
    adj = [[gram[1][1], -gram[0][1]], [-gram[1][0], gram[0][0]]]
    r0 = _minus(_matvec(X, w0), y)
    g0 = [2 * v for v in _matvec(Xt, r0)]
    step = [eta * v for v in g0]
    w1 = _minus(w0, step)
    r1 = _minus(_matvec(X, w1), y)
    solution = {
        "gram": gram, "moment": moment, "det": det, "adj": adj, "adj_moment": _matvec(adj, moment),
        "w_star": None, "r0": r0, "g0": g0, "step": step, "w1": w1,
        "hessian": [[2 * v for v in row] for row in gram], "L0": _dot(r0, r0), "L1": _dot(r1, r1),
    }
    if det != 0:
        w_star = [Fraction(v) / det for v in solution["adj_moment"]]
        residual = _minus(y, _matvec(X, w_star))
        solution.update(w_star=w_star, residual=residual, L_star=_dot(residual, residual))
    return solution


def accept(params, solution) -> bool:
    """The rules of the module docstring: no zero row in X, cond(X^T X) <= 50, a gradient at w0
    with nonzero entries of at most 60; integer y in range, a short exact w*, a real step."""
    X = np.array(params["X"])
    if not all(isinstance(v, int) and abs(v) <= MAX_Y for v in params["y"]):
        return False
    if solution["w_star"] is None or not _designs_ok(X[np.newaxis])[0]:
        return False
    if any(v.denominator > 2 for v in solution["w_star"]) or solution["L_star"] == 0:
        return False
    if list(solution["w_star"]) == params["w0"]:
        return False
    if any(v == 0 or abs(v) > MAX_GRAD for v in solution["g0"]):  # a zero component would not move
        return False
    eta = float(params["eta"])
    top = float(np.linalg.eigvalsh(np.array(solution["hessian"], dtype=float))[-1])
    if not STEP_WINDOW[0] <= eta * top <= STEP_WINDOW[1]:
        return False
    if not solution["L1"] < solution["L0"]:
        return False
    return all((v * 10**W1_PLACES).denominator == 1 and abs(v) < 10 for v in solution["w1"])


def answers(params, solution) -> list[Answer]:
    # The formulas are the same for every variant; they are kept as LaTeX text in course notation
    # (sympy's matrix-expression printer costs ~7 ms per call, and the key prints text in math mode).
    def label(ru: str, en: str | None = None) -> dict:
        return {"ru": ru, "en": en if en is not None else ru}

    return [
        Answer("dL_formula", "text", DL_FORMULA, label("$dL$"), item=1),
        Answer("grad_formula", "text", GRAD_FORMULA, label(r"$\nabla_w L$"), item=1),
        Answer("w_star_formula", "text", W_STAR_FORMULA, label(r"$w^*$"), item=2),
        Answer("w_star", "vector", _sym(solution["w_star"]),
               label(r"$w^*$ для данных чисел", r"$w^*$ for the given data"), item=2),
        Answer("L_star", "number", _sym(solution["L_star"]), label(r"$L(w^*)$"), item=2),
        Answer("grad_w0", "vector", _sym(solution["g0"]), label(r"$\nabla_w L(w_0)$"), item=3),
        Answer("w1", "vector", _sym(solution["w1"]), label(r"$w_1$"), places=W1_PLACES, item=3),
        Answer("hessian_formula", "text", HESSIAN_FORMULA, label(r"$\nabla^2_w L$"), item=4),
        Answer("hessian", "matrix", _sym(solution["hessian"]),
               label(r"$\nabla^2_w L$ для данных чисел", r"$\nabla^2_w L$ for the given data"), item=4),
    ]


FAMILY = Family(
    id="M3",
    title={"ru": "Линейная регрессия через дифференциалы", "en": "Linear regression via differentials"},
    summary="L(w) = (y - Xw)^T (y - Xw): dL, normal equation and w*, one GD step, Hessian 2X^T X",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_rows": Option(default=4, choices=(3, 4), help="most observations (rows of X)")},
)
