"""Independent check of M8 in plain numpy: the nearest symmetric matrix as a linear least-squares
problem over the free entries of a symmetric X (np.linalg.lstsq on vec(X) = B s, vec(X) ~ vec(A));
the distance from its residual; the multiplier part Lambda - Lambda^T from the stationarity
condition 2 (X* - A) + (Lambda - Lambda^T) = 0 checked against the key."""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare

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
    return compare(expected, values, TOL)
