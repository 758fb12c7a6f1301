"""Independent check of M2 in plain numpy: each pool function written out by hand; the value of
its differential at X in the direction dX is the derivative of t -> F(X + t dX) at t = 0, taken by
a five-point central difference (exact for polynomials up to degree 4, error ~h^4 otherwise)."""

from __future__ import annotations

import numpy as np

STEP = 1e-4
TOL = 1e-6

# pool id -> F(X, r) with r: role -> array of the constants
FUNCTIONS = {
    "inv": lambda X, r: np.linalg.inv(X),
    "det": lambda X, r: np.linalg.det(X),
    "tr": lambda X, r: np.trace(X),
    "lndet": lambda X, r: np.log(np.linalg.det(X)),
    "sq": lambda X, r: X @ X,
    "cube": lambda X, r: X @ X @ X,
    "gram": lambda X, r: X.T @ X,
    "axb": lambda X, r: r["A"] @ X @ r["B"],
    "trinv": lambda X, r: np.trace(np.linalg.inv(X)),
    "trgram": lambda X, r: np.sum(X * X),
}


def verify(params, values) -> list[str]:
    letters = params["letters"]
    X = np.array(params["point"][letters["X"]], dtype=float)
    dX = np.array(params["direction"], dtype=float)
    consts = {role: np.array(params["point"][letter], dtype=float)
              for role, letter in letters.items() if role != "X"}
    problems = []
    for index, item in enumerate(params["items"]):
        tag = "abcdefgh"[index]
        F = FUNCTIONS[item["id"]]
        g = lambda t, F=F: np.asarray(F(X + t * dX, consts), dtype=float)
        want = (8 * (g(STEP) - g(-STEP)) - (g(2 * STEP) - g(-2 * STEP))) / (12 * STEP)
        got = np.array(values[f"dval_{tag}"], dtype=float)
        if want.ndim == 0:
            got = got.reshape(()) if got.size == 1 else got
        if got.shape != want.shape or not np.allclose(got, want, atol=TOL, rtol=1e-9):
            problems.append(f"dval_{tag}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems
