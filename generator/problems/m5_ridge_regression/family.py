"""M5: ridge regression L(w) = (y - Xw)^T (y - Xw) + lambda w^T w through differentials.

dL = -2 (y - Xw)^T X dw + 2 lambda w^T dw, grad L = 2 X^T (Xw - y) + 2 lambda w, the optimum
w* = (X^T X + lambda I)^{-1} X^T y, one gradient step, d^2L = 2 dw^T (X^T X + lambda I) dw.

The numeric instance is drawn directly (small X, y, integer lambda) and kept when w* comes out with
denominators <= 100; about half of the draws pass.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from generator.problems.base import Answer, Family, Option

from .check import verify

ENTRY = 3  # entries of X in [-ENTRY, ENTRY]
MAX_Y = 5  # entries of y in [-MAX_Y, MAX_Y]
LAMBDAS = (1, 2, 3, 4, 5)
MAX_DENOMINATOR = 100
MAX_W_STAR = 5
MAX_W0 = 2
# Step sizes that keep w1 = w0 - eta * g0 at <= 3 decimals (g0 is always an even integer vector).
STEPS = ("0.1", "0.05", "0.025", "0.02", "0.01", "0.005", "0.002", "0.001")
# The step must be neither tiny nor overshooting: eta * lambda_max(Hessian) in this window.
STEP_WINDOW = (0.2, 1.0)
W1_PLACES = 3
GRAD_FORMULA = r"2 X^T (X w - y) + 2 \lambda w"
W_STAR_FORMULA = r"(X^T X + \lambda I)^{-1} X^T y"
HESSIAN_FORMULA = r"2 (X^T X + \lambda I)"


def sample(rng, options) -> dict:
    n = int(rng.integers(3, options["max_rows"] + 1))
    X = rng.integers(-ENTRY, ENTRY + 1, size=(n, 2))
    y = rng.integers(-MAX_Y, MAX_Y + 1, size=n)
    lam = int(rng.choice(LAMBDAS))
    w0 = rng.integers(-MAX_W0, MAX_W0 + 1, size=2)
    top = 2 * (float(np.linalg.eigvalsh((X.T @ X).astype(float))[-1]) + lam)
    fitting = [s for s in STEPS if STEP_WINDOW[0] <= float(s) * top <= STEP_WINDOW[1]]
    eta = str(rng.choice(fitting)) if fitting else STEPS[-1]
    return {
        "X": X.tolist(),
        "y": [int(v) for v in y],
        "lam": lam,
        "w0": [int(v) for v in w0],
        "eta": eta,
    }


def solve(params) -> dict:
    X = sp.Matrix(params["X"])
    y = sp.Matrix(params["y"])
    lam = sp.Rational(params["lam"])
    w0 = sp.Matrix(params["w0"])
    eta = sp.Rational(params["eta"])
    gram = X.T * X
    system = gram + lam * sp.eye(2)
    moment = X.T * y
    det = system.det()  # > 0: X^T X is positive semidefinite and lambda > 0
    adj = system.adjugate()
    w_star = adj * moment / det
    half = system * w0 - moment
    g0 = 2 * half
    w1 = w0 - eta * g0

    def loss(w):
        r = y - X * w
        return (r.T * r)[0] + lam * (w.T * w)[0]

    return {
        "gram": gram,
        "system": system,
        "moment": moment,
        "det": det,
        "adj": adj,
        "w_star": w_star,
        "half": half,
        "g0": g0,
        "step": eta * g0,
        "w1": w1,
        "hessian": 2 * system,
        "L0": loss(w0),
        "L1": loss(w1),
    }


def accept(params, solution) -> bool:
    """w* short and exact, no zero column or zero X^T y, a real and stable gradient step."""
    X = np.array(params["X"])
    if any((X[:, k] == 0).all() for k in range(2)) or (X == 0).sum() > 2:
        return False
    w_star = solution["w_star"]
    if solution["moment"].is_zero_matrix or any(v == 0 for v in w_star):
        return False
    if any(v.q > MAX_DENOMINATOR or abs(v) > MAX_W_STAR for v in w_star):
        return False
    if list(w_star) == params["w0"] or any(v == 0 for v in solution["g0"]):
        return False
    top = float(np.linalg.eigvalsh(np.array(solution["hessian"].tolist(), dtype=float))[-1])
    if not STEP_WINDOW[0] <= float(params["eta"]) * top <= STEP_WINDOW[1]:
        return False
    if not solution["L1"] < solution["L0"]:
        return False
    return all((v * 10**W1_PLACES).is_Integer and abs(v) < 10 for v in solution["w1"])


def answers(params, solution) -> list[Answer]:
    # Formulas are the same in every variant: LaTeX text in course notation (the key prints text
    # in math mode).
    return [
        Answer("grad_formula", "text", GRAD_FORMULA, {"ru": r"$\nabla_w L$", "en": r"$\nabla_w L$"}),
        Answer("w_star_formula", "text", W_STAR_FORMULA, {"ru": r"$w^*$", "en": r"$w^*$"}),
        Answer(
            "hessian_formula",
            "text",
            HESSIAN_FORMULA,
            {"ru": r"гессиан $\nabla^2_w L$", "en": r"Hessian $\nabla^2_w L$"},
        ),
        Answer(
            "grad_w0",
            "vector",
            solution["g0"],
            {"ru": r"$\nabla_w L(w_0)$", "en": r"$\nabla_w L(w_0)$"},
        ),
        Answer("w_star", "vector", solution["w_star"], {"ru": r"$w^*$", "en": r"$w^*$"}),
        Answer(
            "w1",
            "vector",
            solution["w1"],
            {"ru": r"$w_1$ после одного шага", "en": r"$w_1$ after one step"},
            places=W1_PLACES,
        ),
        Answer(
            "hessian",
            "matrix",
            solution["hessian"],
            {
                "ru": r"гессиан $2(X^T X + \lambda I)$ для данных чисел",
                "en": r"Hessian $2(X^T X + \lambda I)$ for the given data",
            },
        ),
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
    options={"max_rows": Option(default=4, choices=(3, 4), help="most objects (rows of X)")},
)
