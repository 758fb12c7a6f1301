"""M8: the nearest symmetric matrix in the Frobenius norm, by a Lagrangian with a matrix of
multipliers: min ||X - A||_F^2 subject to X = X^T.

F(X, Lambda) = ||X - A||_F^2 + tr(Lambda^T (X - X^T)), dF = tr((2(X - A) + Lambda - Lambda^T)^T dX),
so 2(X - A) + (Lambda - Lambda^T) = 0; with X = X^T this gives Lambda - Lambda^T = A - A^T and
X* = (A + A^T) / 2. Only the antisymmetric part of Lambda is determined, so the key gives
Lambda - Lambda^T, plus the squared distance ||X* - A||_F^2 = ||(A - A^T) / 2||_F^2.
"""

from __future__ import annotations

import sympy as sp

from generator.problems.base import Answer, Family, Option

from .check import verify

ENTRY = 5  # entries of A in [-ENTRY, ENTRY]
PLACES = 1  # halves print exactly as one decimal
X_FORMULA = r"\frac{A + A^T}{2}"
DF_FORMULA = r"\operatorname{tr}\bigl((2(X - A) + \Lambda - \Lambda^T)^T dX\bigr)"
LAMBDA_PART = r"\Lambda - \Lambda^T"  # the part of the multipliers that is determined


def sample(rng, options) -> dict:
    k = int(rng.integers(2, options["max_size"] + 1))
    return {"A": rng.integers(-ENTRY, ENTRY + 1, size=(k, k)).tolist()}


def solve(params) -> dict:
    A = sp.Matrix(params["A"])
    X = (A + A.T) / 2
    skew = A - A.T
    diff = X - A
    return {
        "k": A.rows,
        "sum": A + A.T,
        "X_star": X,
        "skew": skew,
        "diff": diff,
        "dist2": sum(v**2 for v in diff),
    }


def accept(params, solution) -> bool:
    """A clearly non-symmetric: every off-diagonal pair of a 2x2, at least two pairs of a 3x3 differ;
    no zero row in A."""
    A = params["A"]
    k = len(A)
    unequal = sum(A[i][j] != A[j][i] for i in range(k) for j in range(i + 1, k))
    if unequal < (1 if k == 2 else 2):
        return False
    return all(any(v != 0 for v in row) for row in A)


def answers(params, solution) -> list[Answer]:
    def label(ru: str, en: str | None = None) -> dict:
        return {"ru": ru, "en": en if en is not None else ru}

    return [
        Answer("dF_formula", "text", DF_FORMULA, label(r"$dF$"), item=1),
        Answer("X_formula", "text", X_FORMULA, label(r"$X^*$"), item=2),
        Answer("Lambda_part", "text", LAMBDA_PART, label("однозначно определено", "determined uniquely"), item=2),
        Answer("X_star", "matrix", solution["X_star"], label(r"$X^*$ для данной $A$", r"$X^*$ for the given $A$"),
               places=PLACES, item=3),
        Answer("Lambda_skew", "matrix", solution["skew"], label(r"$\Lambda - \Lambda^T$"), item=3),
        Answer("dist2", "number", solution["dist2"], label(r"$\|X^* - A\|_F^2$"), places=PLACES, item=3),
    ]


FAMILY = Family(
    id="M8",
    title={
        "ru": "Ближайшая симметричная матрица",
        "en": "The nearest symmetric matrix",
    },
    summary="min ||X - A||_F^2 s.t. X = X^T via a Lagrangian: X* = (A + A^T)/2, Lambda - Lambda^T = A - A^T",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_size": Option(default=3, choices=(2, 3), help="largest size of A (2x2 or 3x3)")},
)
