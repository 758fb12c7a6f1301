"""Independent check of M1 in plain numpy: each pool function written out by hand, its gradient
(or Jacobian) at the given point by a five-point central difference (exact for polynomials up to
degree 4, error ~h^4 for the logarithms), compared with the key's value."""

from __future__ import annotations

import numpy as np

STEP = 1e-3
TOL = 1e-6

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
    for index, item in enumerate(params["items"]):
        tag = "abcdefgh"[index]
        f, var = FUNCTIONS[item["id"]]
        if letters[var] != item["wrt"]:
            problems.append(f"item {tag}: variable {item['wrt']} is not the role {var}")
            continue
        want = derivative(f, roles, var)
        got = np.array(values[f"value_{tag}"], dtype=float)
        if got.shape != want.shape or not np.allclose(got, want, atol=TOL, rtol=1e-9):
            problems.append(f"value_{tag}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems


def derivative(f, roles: dict, var: str) -> np.ndarray:
    """Gradient (shaped like the variable, vectors as columns) of a scalar f, or the Jacobian
    (rows: components of f, columns: components of the variable) of a vector f."""
    at = roles[var]

    def g(moved):
        return np.asarray(f({**roles, var: moved}), dtype=float)

    out_shape = g(at).shape
    grad = np.zeros(out_shape + at.shape)
    for index in np.ndindex(at.shape):
        e = np.zeros_like(at)
        e[index] = STEP
        grad[(...,) + index] = (8 * (g(at + e) - g(at - e)) - (g(at + 2 * e) - g(at - 2 * e))) / (12 * STEP)
    if out_shape == ():
        return grad.reshape(-1, 1) if at.ndim == 1 else grad
    return grad
