"""Independent check of M6 in plain numpy.

The gradient at w0 by central finite differences of
L(w) = sum_i log(1 + exp(-y_i x_i^T w)) + lambda w^T w (np.logaddexp for the log-sum);
w1 mirrors the stated convention: w1 = w0 - eta * (the gradient as shown in the key, 4 decimals),
then rounded to 4 decimals. Tolerances: 0.6e-4 for a 4-decimal value against the exact one.
"""

from __future__ import annotations

import numpy as np

STEP = 1e-5
TOL = 0.6e-4


def verify(params, values) -> list[str]:
    X = np.array(params["X"], dtype=float)
    y = np.array(params["y"], dtype=float)
    lam = float(params["lam"])
    w0 = np.array(params["w0"], dtype=float)
    eta = float(params["eta"])

    def loss(w):
        return float(np.sum(np.logaddexp(0.0, -y * (X @ w))) + lam * (w @ w))

    grad = np.array([(loss(w0 + STEP * e) - loss(w0 - STEP * e)) / (2 * STEP) for e in np.eye(w0.size)])
    problems = []
    shown = _get(values, "grad_w0", (w0.size, 1), problems)
    if shown is not None and not np.allclose(shown.ravel(), grad, rtol=0, atol=TOL):
        problems.append(f"grad_w0: key {shown.ravel().tolist()} but independent {np.round(grad, 6).tolist()}")
    w1 = _get(values, "w1", (w0.size, 1), problems)
    if w1 is not None:
        base = shown.ravel() if shown is not None else grad
        want = w0 - eta * base
        if not np.allclose(w1.ravel(), want, rtol=0, atol=TOL):
            problems.append(f"w1: key {w1.ravel().tolist()} but w0 - eta * grad = {np.round(want, 6).tolist()}")
    return problems


def _get(values, name, shape, problems):
    if name not in values:
        problems.append(f"{name}: missing from the key")
        return None
    got = np.array(values[name], dtype=float)
    if got.shape != shape:
        problems.append(f"{name}: shape {got.shape}, expected {shape}")
        return None
    return got
