"""Independent check of M2 in plain numpy: each pool function written out by hand; the value of
its differential at X in the direction dX is the derivative of t -> F(X + t dX) at t = 0, taken by
a five-point central difference (exact for polynomials up to degree 4, error ~h^4 otherwise),
compared within a tolerance that scales with the value and with the estimated finite-difference
error (numcheck.compare)."""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare, derivative

STEP = 1e-4

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
    expected, errors, values = {}, {}, dict(values)
    for index, item in enumerate(params["items"]):
        name = "dval_" + "abcdefgh"[index]
        F = FUNCTIONS[item["id"]]
        want, error = derivative(lambda t, F=F: F(X + t * dX, consts), STEP)
        if want.ndim == 0 and name in values:  # a scalar differential may come as v or [[v]]
            try:
                got = np.asarray(values[name], dtype=float)
            except (TypeError, ValueError):
                got = None  # compare() reports it
            if got is not None and got.size == 1:
                values[name] = got.reshape(())
        expected[name], errors[name] = want, error
    return compare(expected, values, errors=errors)
