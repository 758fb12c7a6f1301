"""M6: logistic loss with l2 regularization through differentials, and one gradient step.

L(w) = sum_i ln(1 + exp(-y_i x_i^T w)) + lambda w^T w, y_i in {-1, +1}, x_i in R^2.
dL = -sum_i y_i sigma(-y_i x_i^T w) x_i^T dw + 2 lambda w^T dw, so
grad L = -X^T (y * sigma(-y * Xw)) + 2 lambda w.

Rounding rule (stated once in the problem, followed literally by the key and replayed by the
check): every value sigma(-m_i) is rounded to 4 decimals and the rounded values are used from then
on, so the gradient at w0 is exact with them (integers times 4-decimal numbers plus 2 lambda w0);
w1 = w0 - eta * (that gradient) is rounded to 4 decimals.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from generator.mathtex import rounded
from generator.problems.base import Answer, Family, Option

from .check import verify

ENTRY = 2  # entries of x_i in [-ENTRY, ENTRY]
LAMBDAS = ("0.1", "0.25", "0.5", "1")
STEPS = ("0.1", "0.2", "0.4")  # eta * (4 decimals) never ends in an exact 5 at the 5th but for 0.1
MAX_MARGIN = 3  # |y_i x_i^T w0| <= 3: no saturated sigmoid
MIN_GRAD = sp.Rational(1, 20)  # every gradient component at least 0.05 in size
PLACES = 4
GRAD_FORMULA = r"-X^T \bigl(y \odot \sigma(-y \odot X w)\bigr) + 2 \lambda w"


NONZERO_W0 = [(a, b) for a in (-1, 0, 1) for b in (-1, 0, 1) if (a, b) != (0, 0)]
POINTS = [(a, b) for a in range(-ENTRY, ENTRY + 1) for b in range(-ENTRY, ENTRY + 1) if (a, b) != (0, 0)]


def sample(rng, options) -> dict:
    """Distinct nonzero samples of both classes with unsaturated margins at a nonzero w0."""
    n = int(rng.integers(2, options["max_objects"] + 1))
    w0 = NONZERO_W0[int(rng.integers(len(NONZERO_W0)))]
    points = [x for x in POINTS if abs(x[0] * w0[0] + x[1] * w0[1]) <= MAX_MARGIN]
    X = [list(points[int(i)]) for i in rng.choice(len(points), size=n, replace=False)]
    y = [int(v) for v in rng.choice((-1, 1), size=n)]
    if len(set(y)) == 1:
        flip = int(rng.integers(n))
        y[flip] = -y[flip]
    return {
        "X": X,
        "y": y,
        "lam": str(rng.choice(LAMBDAS)),
        "w0": list(w0),
        "eta": str(rng.choice(STEPS)),
    }


def _sigma(t):
    return 1 / (1 + sp.exp(-t))


def solve(params) -> dict:
    X = sp.Matrix(params["X"])
    y = sp.Matrix(params["y"])
    lam = sp.Rational(params["lam"])
    w0 = sp.Matrix(params["w0"])
    eta = sp.Rational(params["eta"])
    n = X.rows
    margins = [y[i] * (X.row(i) * w0)[0] for i in range(n)]
    weights = [_round(_sigma(-m)) for m in margins]  # sigma(-m_i), the "error" of object i, rounded
    data_grad = sp.zeros(2, 1)
    for i in range(n):
        data_grad -= y[i] * weights[i] * X.row(i).T
    reg_grad = 2 * lam * w0
    grad = data_grad + reg_grad  # exact with the rounded weights: at most 4 decimals
    w1_exact = w0 - eta * grad
    w1 = sp.Matrix([_round(v) for v in w1_exact])

    def loss(w):  # only compared and shown to 4 decimals: 30-digit mpmath floats are plenty
        with mpmath.workdps(30):
            total = mpmath.mpf(lam.p) / lam.q * sum(mpmath.mpf(v.p) / v.q for v in w.multiply_elementwise(w))
            for i in range(n):
                m = y[i] * sum(X[i, k] * w[k] for k in range(2))
                total += mpmath.log(1 + mpmath.exp(-mpmath.mpf(m.p) / m.q))
            return sp.Float(total, 30)

    return {
        "margins": margins,
        "weights": weights,
        "data_grad": data_grad,
        "reg_grad": reg_grad,
        "grad": grad,
        "step": eta * grad,
        "w1_exact": w1_exact,
        "w1": w1,
        "L0": loss(w0),
        "L1": loss(w1),
    }


def _round(value) -> sp.Rational:
    return sp.Rational(str(rounded(value, PLACES)))


def accept(params, solution) -> bool:
    """Distinct nonzero samples of both classes, no saturated sigmoid, a visible gradient, a step
    that lowers the loss."""
    X = [tuple(row) for row in params["X"]]
    if len(set(X)) < len(X) or (0, 0) in X or params["w0"] == [0, 0]:
        return False
    if len(set(params["y"])) < 2:
        return False
    if any(abs(m) > MAX_MARGIN for m in solution["margins"]):
        return False
    if any(abs(v) < MIN_GRAD for v in solution["grad"]):
        return False
    # w0 - eta * g has 5 decimals: no exact tie at the 5th, so every rounding rule agrees on w1
    if any((v * 10**PLACES * 2).is_Integer and not (v * 10**PLACES).is_Integer for v in solution["w1_exact"]):
        return False
    return bool(solution["L1"] < solution["L0"])


def answers(params, solution) -> list[Answer]:
    def label(ru: str, en: str | None = None) -> dict:
        return {"ru": ru, "en": en if en is not None else ru}

    return [
        Answer("grad_formula", "text", GRAD_FORMULA, label(r"$\nabla_w L$"), item=1),
        Answer("grad_w0", "vector", solution["grad"], label(r"$\nabla_w L(w_0)$"), places=PLACES, item=2),
        Answer("w1", "vector", solution["w1"], label(r"$w_1$"), places=PLACES, item=3),
    ]


FAMILY = Family(
    id="M6",
    title={
        "ru": "Логистическая функция потерь с ℓ₂-регуляризацией",
        "en": "Logistic loss with ℓ₂ regularization",
    },
    summary="L(w) = sum ln(1 + exp(-y_i x_i^T w)) + lambda w^T w: dL, gradient at w0, one GD step",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_objects": Option(default=3, choices=(2, 3), help="most observations (rows of X)")},
)
