"""Independent check of M1 in plain numpy: each pool function written out by hand, its gradient
(or Jacobian) at the given point by a five-point central difference (exact for polynomials up to
degree 4, error ~h^4 for the logarithms), compared with the key's value within a tolerance that
scales with the value and with the estimated finite-difference error (numcheck.compare)."""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare, gradient

STEP = 1e-3

# pool id -> (f(r) with r: role -> array, variable role); vectors are 1-D arrays.
FUNCTIONS = {
    "sq": (lambda r: r["x"] @ r["x"], "x"),
    "lin": (lambda r: r["a"] @ r["x"], "x"),
    "quad": (lambda r: r["x"] @ r["A"] @ r["x"], "x"),
    "bil": (lambda r: r["b"] @ r["A"] @ r["x"], "x"),
    "quadlin": (lambda r: r["x"] @ r["A"] @ r["x"] + r["b"] @ r["x"], "x"),
    "lsq": (lambda r: np.sum((r["A"] @ r["x"] - r["b"]) ** 2), "x"),
    "sq2": (lambda r: (r["x"] @ r["x"]) ** 2, "x"),
    "linsq": (lambda r: (r["a"] @ r["x"]) ** 2, "x"),
    "cubic": (lambda r: (r["a"] @ r["x"]) * (r["x"] @ r["x"]), "x"),
    "lnlin": (lambda r: np.log(r["a"] @ r["x"]), "x"),
    "lnquad": (lambda r: np.log(r["x"] @ r["A"] @ r["x"]), "x"),
    "rayleigh": (lambda r: (r["x"] @ r["A"] @ r["x"]) / (r["x"] @ r["x"]), "x"),
    "bilA": (lambda r: r["b"] @ r["A"] @ r["x"], "A"),
    "quadA": (lambda r: r["x"] @ r["A"] @ r["x"], "A"),
    "aXb": (lambda r: r["a"] @ r["X"] @ r["b"], "X"),
    "aXXa": (lambda r: r["a"] @ r["X"].T @ r["X"] @ r["a"], "X"),
    "aXAXa": (lambda r: r["a"] @ r["X"] @ r["A"] @ r["X"] @ r["a"], "X"),
    "trXAX": (lambda r: np.trace(r["X"].T @ r["A"] @ r["X"]), "X"),
    "xxx": (lambda r: r["x"] * (r["x"] @ r["x"]), "x"),
    "axx": (lambda r: (r["a"] @ r["x"]) * r["x"], "x"),
    "xAxx": (lambda r: (r["x"] @ r["A"] @ r["x"]) * r["x"], "x"),
    "xxAx": (lambda r: (r["x"] @ r["x"]) * (r["A"] @ r["x"]), "x"),
}


def verify(params, values) -> list[str]:
    letters = params["letters"]
    roles = {role: np.array(params["point"][letter], dtype=float) for role, letter in letters.items()}
    problems = []
    expected, errors = {}, {}
    for index, item in enumerate(params["items"]):
        tag = "abcdefgh"[index]
        f, var = FUNCTIONS[item["id"]]
        if letters[var] != item["wrt"]:
            problems.append(f"item {tag}: variable {item['wrt']} is not the role {var}")
            continue
        expected[f"value_{tag}"], errors[f"value_{tag}"] = derivative(f, roles, var)
    return problems + compare(expected, values, errors=errors)


def derivative(f, roles: dict, var: str) -> tuple[np.ndarray, np.ndarray]:
    """Gradient (shaped like the variable, vectors as columns) of a scalar f, or the Jacobian
    (rows: components of f, columns: components of the variable) of a vector f; and the estimated
    error of every entry (how much it moves when the step is doubled)."""
    at = roles[var]
    grad, error = gradient(lambda moved: f({**roles, var: moved}), at, STEP)
    if grad.shape == at.shape and at.ndim == 1:  # a scalar f of a vector: a column
        return grad.reshape(-1, 1), error.reshape(-1, 1)
    return grad, error
