"""Independent check of M4 in plain numpy: each pool function written out by hand, its gradient at
the item's numbers by a five-point central difference in every entry of the variable (exact for
polynomials up to degree 4, error ~h^4 for ln det and the inverses), compared with the key."""

from __future__ import annotations

import numpy as np

STEP = 1e-4
TOL = 1e-6

inv, det = np.linalg.inv, np.linalg.det

# pool id -> (f(r) with r: role -> array, vectors 1-D; variable role)
FUNCTIONS = {
    "trAXB": (lambda r: np.trace(r["A"] @ r["X"] @ r["B"]), "X"),
    "trAXtX": (lambda r: np.trace(r["A"] @ r["X"].T @ r["X"]), "X"),
    "trXtAX": (lambda r: np.trace(r["X"].T @ r["A"] @ r["X"]), "X"),
    "trAXBXt": (lambda r: np.trace(r["A"] @ r["X"] @ r["B"] @ r["X"].T), "X"),
    "frob": (lambda r: np.sum((r["A"] @ r["X"] - r["B"]) ** 2), "X"),
    "aXb": (lambda r: r["a"] @ r["X"] @ r["b"], "X"),
    "xAb_x": (lambda r: r["x"] @ r["A"] @ r["b"], "x"),
    "xAb_A": (lambda r: r["x"] @ r["A"] @ r["b"], "A"),
    "lndet": (lambda r: np.log(det(r["X"])), "X"),
    "trinvA": (lambda r: np.trace(inv(r["X"]) @ r["A"]), "X"),
    "trAXtXBXinvT": (lambda r: np.trace(r["A"] @ r["X"].T @ r["X"] @ r["B"] @ inv(r["X"]).T), "X"),
    "detXtAX": (lambda r: det(r["X"].T @ r["A"] @ r["X"]), "X"),
}


def verify(params, values) -> list[str]:
    problems = []
    for index, item in enumerate(params["items"]):
        tag = "abcdefgh"[index]
        f, var = FUNCTIONS[item["id"]]
        letters = item["roles"]
        if letters.get(var) != item["wrt"]:
            problems.append(f"item {tag}: cannot match the letters of {item['expr']!r}")
            continue
        roles = {role: np.array(item["values"][letter], dtype=float) for role, letter in letters.items()}
        want = _gradient(f, roles, var)
        got = np.array(values[f"value_{tag}"], dtype=float)
        if got.shape != want.shape or not np.allclose(got, want, atol=TOL, rtol=1e-8):
            problems.append(f"value_{tag}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems


def _gradient(f, roles: dict, var: str) -> np.ndarray:
    at = roles[var]
    g = lambda moved: float(f({**roles, var: moved}))
    grad = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        e = np.zeros_like(at)
        e[index] = STEP
        grad[index] = (8 * (g(at + e) - g(at - e)) - (g(at + 2 * e) - g(at - 2 * e))) / (12 * STEP)
    return grad.reshape(-1, 1) if at.ndim == 1 else grad
