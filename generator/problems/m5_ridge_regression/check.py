"""Independent check of M5 in plain numpy.

w* as the least-squares solution of the augmented system [X; sqrt(lambda) I] w ~ [y; 0] (ridge
regression is ordinary least squares on these stacked rows), by np.linalg.lstsq; the gradient at w0
and the Hessian by central / second differences of L(w) = ||y - Xw||^2 + lambda ||w||^2 (exact for
a quadratic, so the step is 1); w1 = w0 - eta * (numeric gradient).
"""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare, numeric_grad, numeric_hessian

STEP = 1.0
TOL = 1e-6


def verify(params, values) -> list[str]:
    X = np.array(params["X"], dtype=float)
    y = np.array(params["y"], dtype=float)
    lam = float(params["lam"])
    w0 = np.array(params["w0"], dtype=float)
    eta = float(params["eta"])

    def loss(w):
        r = y - X @ w
        return float(r @ r + lam * (w @ w))

    stacked = np.vstack([X, np.sqrt(lam) * np.eye(X.shape[1])])
    target = np.concatenate([y, np.zeros(X.shape[1])])
    w_star = np.linalg.lstsq(stacked, target, rcond=None)[0]
    grad = numeric_grad(loss, w0, STEP)
    expected = {
        "grad_w0": grad.reshape(-1, 1),
        "w_star": w_star.reshape(-1, 1),
        "w1": (w0 - eta * grad).reshape(-1, 1),
        "hessian": numeric_hessian(loss, w0, STEP),
    }
    return compare(expected, values, TOL)
