"""Independent check of M4 in plain numpy: each pool function written out by hand, its gradient at
the item's numbers by a five-point central difference in every entry of the variable (exact for
polynomials up to degree 4, error ~h^4 for ln det and the inverses), compared with the key within
a tolerance that scales with the value and with the estimated finite-difference error
(numcheck.compare)."""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare, gradient

STEP = 1e-4

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
    expected, errors = {}, {}
    for index, item in enumerate(params["items"]):
        tag = "abcdefgh"[index]
        f, var = FUNCTIONS[item["id"]]
        letters = item["roles"]
        if letters.get(var) != item["wrt"]:
            problems.append(f"item {tag}: cannot match the letters of {item['expr']!r}")
            continue
        roles = {role: np.array(item["values"][letter], dtype=float) for role, letter in letters.items()}
        expected[f"value_{tag}"], errors[f"value_{tag}"] = _gradient(f, roles, var)
    return problems + compare(expected, values, errors=errors)


def _gradient(f, roles: dict, var: str) -> tuple[np.ndarray, np.ndarray]:
    at = roles[var]
    grad, error = gradient(lambda moved: float(f({**roles, var: moved})), at, STEP)
    if at.ndim == 1:
        return grad.reshape(-1, 1), error.reshape(-1, 1)
    return grad, error
