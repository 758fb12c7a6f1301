"""B3: backward pass of an elementwise sigmoid layer S = sigma(Z) -- given the saved output S and
the upstream gradient G = dL/dS, find the local derivative S*(1 - S) and dL/dZ = G * S * (1 - S)."""

from __future__ import annotations

import sympy as sp

from generator.problems.base import Answer, Family, Option

from .check import verify

# Sigmoid outputs that are pleasant by hand and far from saturation (0.1 ... 0.9).
S_VALUES = ("0.1", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6", "0.7", "0.75", "0.8", "0.9")
G_RANGE = (-3, 3)
PLACES = 4  # every answer is a decimal with at most 4 places, so 4 places are exact
MAX_SIGMA_PRIME = sp.Rational(1, 4)  # sigma'(0) = 1/2 * 1/2


def sample(rng, options) -> dict:
    rows = int(rng.integers(2, options["max_rows"] + 1))
    cols = int(rng.choice((2, 3)))
    S = [[float(S_VALUES[int(rng.integers(len(S_VALUES)))]) for _ in range(cols)] for _ in range(rows)]
    low, high = G_RANGE
    G = rng.integers(low, high + 1, size=(rows, cols)).tolist()
    return {"S": S, "G": G}


def _rational(value) -> sp.Rational:
    return sp.Rational(str(value))


def solve(params) -> dict:
    S = sp.Matrix(params["S"]).applyfunc(_rational)
    G = sp.Matrix(params["G"])
    D = S.applyfunc(lambda s: s * (1 - s))
    return {"D": D, "dZ": G.multiply_elementwise(D)}


def accept(params, solution) -> bool:
    """Several different S values, at most one zero in G (no zero row), no zero gradient row."""
    S, G = params["S"], params["G"]
    if len({v for row in S for v in row}) < 3:
        return False
    if sum(v == 0 for row in G for v in row) > 1 or any(all(v == 0 for v in row) for row in G):
        return False
    if len({v for row in G for v in row}) < 3:
        return False
    return not solution["dZ"].is_zero_matrix


SIGMA_PRIME = r"\sigma(z)\bigl(1 - \sigma(z)\bigr)"
GRAD_FORMULA = r"G \odot S \odot (1 - S)"
D_Z = r"\frac{\partial L}{\partial Z}"


def _same(label: str) -> dict:
    return {"ru": label, "en": label}


def answers(params, solution) -> list[Answer]:
    """One answer per item: the identity (a), the matrix formula (b), both matrices (c) and the
    largest value of sigma' (d)."""
    return [
        Answer("sigma_prime", "text", SIGMA_PRIME, _same(r"$\sigma'(z)$"), item=1),
        Answer("grad_formula", "text", GRAD_FORMULA, _same(f"${D_Z}$"), item=2),
        Answer("dS_dZ", "matrix", solution["D"], _same(r"$\sigma'(Z) = S \odot (1 - S)$"),
               places=PLACES, item=3),
        Answer("dL_dZ", "matrix", solution["dZ"], _same(f"${D_Z}$"), places=PLACES, item=3),
        Answer("max_sigma_prime", "number", MAX_SIGMA_PRIME, _same(r"$\max_z \sigma'(z)$"), item=4),
    ]


FAMILY = Family(
    id="B3",
    title={"ru": "Обратный проход через сигмоиду", "en": "Backward pass through a sigmoid layer"},
    summary="elementwise sigmoid S = sigma(Z): dL/dZ = dL/dS * S * (1 - S) from the saved output S",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_rows": Option(default=3, choices=(2, 3), help="most rows of Z")},
)
