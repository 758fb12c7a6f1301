"""Independent check of M8 in plain numpy: the nearest symmetric matrix as a linear least-squares
problem over the free entries of a symmetric X (np.linalg.lstsq on vec(X) = B s, vec(X) ~ vec(A));
the distance from its residual; the multiplier part Lambda - Lambda^T from the stationarity
condition 2 (X* - A) + (Lambda - Lambda^T) = 0 checked against the key."""

from __future__ import annotations

import numpy as np

TOL = 1e-6


def verify(params, values) -> list[str]:
    A = np.array(params["A"], dtype=float)
    k = A.shape[0]
    pairs = [(i, j) for i in range(k) for j in range(i, k)]
    basis = np.zeros((k * k, len(pairs)))
    for col, (i, j) in enumerate(pairs):
        e = np.zeros((k, k))
        e[i, j] = e[j, i] = 1.0
        basis[:, col] = e.ravel()
    coef = np.linalg.lstsq(basis, A.ravel(), rcond=None)[0]
    X = (basis @ coef).reshape(k, k)
    expected = {
        "X_star": X,
        "dist2": np.array(float(np.sum((X - A) ** 2))),
        "Lambda_skew": 2 * (A - X),
    }
    problems = []
    for name, want in expected.items():
        if name not in values:
            problems.append(f"{name}: missing from the key")
            continue
        got = np.array(values[name], dtype=float)
        if got.shape != want.shape or not np.allclose(got, want, rtol=0, atol=TOL):
            problems.append(f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems
