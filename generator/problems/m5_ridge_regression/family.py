"""M5: ridge regression L(w) = (y - Xw)^T (y - Xw) + lambda w^T w through differentials.

dL = 2 (Xw - y)^T X dw + 2 lambda w^T dw, grad L = 2 X^T (Xw - y) + 2 lambda w, the optimum
w* = (X^T X + lambda I)^{-1} X^T y, one gradient step, d^2L = 2 dw^T (X^T X + lambda I) dw.

Rules for a variant a student can do by hand (`accept` checks each; the sampler draws X among the
designs that satisfy the rules on X and w0 among the starting points with a hand-sized gradient, so
few draws are rejected):
- X has no zero row (every observation has a nonzero feature) and at most two zero entries;
- X^T X is well conditioned: cond(X^T X) <= MAX_COND = 50;
- w* is exact with denominators <= MAX_DENOMINATOR = 60: the sampler keeps det(X^T X + lambda I)
  <= 60, and the denominators divide it; nonzero entries of at most MAX_W_STAR in size;
- the gradient at w0 is hand-sized: every entry nonzero and at most MAX_GRAD = 60 in size;
- the step size puts eta * lambda_max(Hessian) in STEP_WINDOW (neither tiny nor overshooting).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from generator.problems.base import Answer, Family, Option
from generator.problems.exactlinalg import dot as _dot
from generator.problems.exactlinalg import matmul as _matmul
from generator.problems.exactlinalg import matvec as _matvec
from generator.problems.exactlinalg import minus as _minus
from generator.problems.exactlinalg import to_sympy as _sym
from generator.problems.exactlinalg import transpose as _transpose

from .check import verify

ENTRY = 3  # entries of X in [-ENTRY, ENTRY]
# How often each entry -3..3 is proposed: small entries more often, so that most proposed designs
# keep det(X^T X + lambda I) <= 60 even for lambda = 5 and four rows.
ENTRY_WEIGHTS = np.array([1, 2, 4, 3, 4, 2, 1]) / 17
MAX_Y = 5  # entries of y in [-MAX_Y, MAX_Y]
LAMBDAS = (1, 2, 3, 4, 5)
MAX_DENOMINATOR = 60  # denominators of w*
MAX_COND = 50  # condition number of X^T X
MAX_ZEROS = 2  # zero entries of X
MAX_GRAD = 60  # entries of the gradient at w0
MAX_W_STAR = 5
MAX_W0 = 2
# Step sizes that keep w1 = w0 - eta * g0 at <= 3 decimals (g0 is always an even integer vector).
STEPS = ("0.1", "0.05", "0.025", "0.02", "0.01", "0.005", "0.002", "0.001")
# The step must be neither tiny nor overshooting: eta * lambda_max(Hessian) in this window.
STEP_WINDOW = (0.2, 1.0)
W1_PLACES = 3
BATCH = 256  # candidate designs drawn at once
DESIGN_BATCHES = 5  # batches tried before the draw is given up
DL_FORMULA = r"2 (X w - y)^T X\,dw + 2 \lambda w^T dw"
GRAD_FORMULA = r"2 X^T (X w - y) + 2 \lambda w"
W_STAR_FORMULA = r"(X^T X + \lambda I)^{-1} X^T y"
HESSIAN_FORMULA = r"2 (X^T X + \lambda I)"


def sample(rng, options) -> dict:
    n = int(rng.integers(3, options["max_rows"] + 1))
    lam = int(rng.choice(LAMBDAS))
    X = _draw_design(rng, n, lam)
    y = rng.integers(-MAX_Y, MAX_Y + 1, size=n)
    system = X.T @ X + lam * np.eye(2, dtype=int)
    top = 2 * float(np.linalg.eigvalsh(system.astype(float))[-1])
    fitting = [s for s in STEPS if STEP_WINDOW[0] <= float(s) * top <= STEP_WINDOW[1]]
    eta = str(rng.choice(fitting)) if fitting else STEPS[-1]
    return {
        "X": X.tolist(),
        "y": [int(v) for v in y],
        "lam": lam,
        "w0": _draw_start(rng, system, X.T @ y),
        "eta": eta,
    }


def _draw_design(rng, n: int, lam: int) -> np.ndarray:
    """An n x 2 design satisfying the rules on X, X^T X and det(X^T X + lambda I): drawn BATCH at a
    time, the first good one is kept (the last one if none is good: rejected)."""
    for _ in range(DESIGN_BATCHES):
        X = rng.choice(np.arange(-ENTRY, ENTRY + 1), p=ENTRY_WEIGHTS, size=(BATCH, n, 2))
        good = np.flatnonzero(_designs_ok(X, lam))
        if good.size:
            return X[good[0]]
    return X[-1]


def _designs_ok(X: np.ndarray, lam: int) -> np.ndarray:
    """The rules on a stack of designs X (batch, n, 2): no zero row, few zeros, cond(X^T X) <= 50,
    det(X^T X + lambda I) <= MAX_DENOMINATOR."""
    gram = np.einsum("bni,bnj->bij", X, X)
    det = gram[:, 0, 0] * gram[:, 1, 1] - gram[:, 0, 1] ** 2
    trace = gram[:, 0, 0] + gram[:, 1, 1]
    root = np.sqrt(np.maximum(trace**2 - 4 * det, 0))
    cond = np.divide(trace + root, trace - root, out=np.full(len(X), np.inf), where=trace - root > 0)
    system_det = det + lam * trace + lam**2
    return ((X != 0).any(axis=2).all(axis=1) & ((X == 0).sum(axis=(1, 2)) <= MAX_ZEROS)
            & (det > 0) & (cond <= MAX_COND) & (system_det <= MAX_DENOMINATOR))


def _draw_start(rng, system: np.ndarray, moment: np.ndarray) -> list[int]:
    """An integer w0 in [-MAX_W0, MAX_W0]^2 whose gradient 2 ((X^T X + lambda I) w0 - X^T y) has
    nonzero entries of at most MAX_GRAD; any w0 when none qualifies (then rejected)."""
    grid = np.array(list(itertools.product(range(-MAX_W0, MAX_W0 + 1), repeat=2)))
    grads = 2 * (grid @ system.T - moment)
    good = np.flatnonzero((grads != 0).all(axis=1) & (np.abs(grads) <= MAX_GRAD).all(axis=1))
    pick = good[int(rng.integers(len(good)))] if good.size else int(rng.integers(len(grid)))
    return [int(v) for v in grid[pick]]


def solve(params) -> dict:
    """Exact values as ints and Python Fractions (vectors as flat lists, matrices as lists of
    rows): ten times faster than sympy matrices, so the rules can be tested over 10,000 seeds; the
    formatter prints them as it prints sympy numbers, and `answers` hands sympy values to the key."""
    X, y, lam, w0 = params["X"], params["y"], params["lam"], params["w0"]
    eta = Fraction(params["eta"])
    Xt = _transpose(X)
    gram = _matmul(Xt, X)
    system = [[gram[0][0] + lam, gram[0][1]], [gram[1][0], gram[1][1] + lam]]
    moment = _matvec(Xt, y)
    det = system[0][0] * system[1][1] - system[0][1] * system[1][0]  # > 0 for lambda > 0
    adj = [[system[1][1], -system[0][1]], [-system[1][0], system[0][0]]]
    adj_moment = _matvec(adj, moment)
    half = _minus(_matvec(system, w0), moment)
    g0 = [2 * v for v in half]
    step = [eta * v for v in g0]
    w1 = _minus(w0, step)

    def loss(w):
        r = _minus(y, _matvec(X, w))
        return _dot(r, r) + lam * _dot(w, w)

    return {
        "gram": gram, "system": system, "moment": moment, "det": det, "adj": adj,
        "adj_moment": adj_moment, "w_star": [Fraction(v, det) for v in adj_moment],
        "half": half, "g0": g0, "step": step, "w1": w1,
        "hessian": [[2 * v for v in row] for row in system], "L0": loss(w0), "L1": loss(w1),
    }


def accept(params, solution) -> bool:
    """The rules of the module docstring: no zero row in X, cond(X^T X) <= 50, w* with nonzero
    entries and denominators <= 60, a gradient at w0 with nonzero entries of at most 60, a real and
    stable step."""
    X = np.array(params["X"])
    if not _designs_ok(X[np.newaxis], params["lam"])[0]:
        return False
    w_star = solution["w_star"]
    if not any(solution["moment"]) or any(v == 0 for v in w_star):
        return False
    if any(v.denominator > MAX_DENOMINATOR or abs(v) > MAX_W_STAR for v in w_star):
        return False
    if list(w_star) == params["w0"] or any(v == 0 or abs(v) > MAX_GRAD for v in solution["g0"]):
        return False
    top = float(np.linalg.eigvalsh(np.array(solution["hessian"], dtype=float))[-1])
    if not STEP_WINDOW[0] <= float(params["eta"]) * top <= STEP_WINDOW[1]:
        return False
    if not solution["L1"] < solution["L0"]:
        return False
    return all((v * 10**W1_PLACES).denominator == 1 and abs(v) < 10 for v in solution["w1"])


def answers(params, solution) -> list[Answer]:
    # Formulas are the same in every variant: LaTeX text in course notation (the key prints text
    # in math mode).
    def label(ru: str, en: str | None = None) -> dict:
        return {"ru": ru, "en": en if en is not None else ru}

    return [
        Answer("dL_formula", "text", DL_FORMULA, label("$dL$"), item=1),
        Answer("grad_formula", "text", GRAD_FORMULA, label(r"$\nabla_w L$"), item=1),
        Answer("w_star_formula", "text", W_STAR_FORMULA, label(r"$w^*$"), item=2),
        Answer("w_star", "vector", _sym(solution["w_star"]),
               label(r"$w^*$ для данных чисел", r"$w^*$ for the given data"), item=2),
        Answer("grad_w0", "vector", _sym(solution["g0"]), label(r"$\nabla_w L(w_0)$"), item=3),
        Answer("w1", "vector", _sym(solution["w1"]), label(r"$w_1$"), places=W1_PLACES, item=3),
        Answer("hessian_formula", "text", HESSIAN_FORMULA, label(r"$\nabla^2_w L$"), item=4),
        Answer("hessian", "matrix", _sym(solution["hessian"]),
               label(r"$\nabla^2_w L$ для данных чисел", r"$\nabla^2_w L$ for the given data"), item=4),
    ]


FAMILY = Family(
    id="M5",
    title={"ru": "Гребневая регрессия", "en": "Ridge regression"},
    summary="L(w) = ||y - Xw||^2 + lambda ||w||^2: dL, w* = (X^T X + lambda I)^{-1} X^T y, GD step, "
    "Hessian 2(X^T X + lambda I)",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_rows": Option(default=4, choices=(3, 4), help="most observations (rows of X)")},
)
