"""Independent check of M3 in plain numpy.

w* by np.linalg.lstsq; the gradient at w0 and the Hessian by central / second differences of
L(w) = ||y - Xw||^2 (exact for a quadratic, so the step is 1); w1 = w0 - eta * (numeric gradient);
L(w*) as the squared residual of the least-squares fit.
"""

from __future__ import annotations

import numpy as np

STEP = 1.0
TOL = 1e-6


def verify(params, values) -> list[str]:
    X = np.array(params["X"], dtype=float)
    y = np.array([float(v) for v in params["y"]])
    w0 = np.array(params["w0"], dtype=float)
    eta = float(params["eta"])

    def loss(w):
        r = y - X @ w
        return float(r @ r)

    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    grad = _numeric_grad(loss, w0)
    expected = {
        "grad_w0": grad.reshape(-1, 1),
        "w_star": w_star.reshape(-1, 1),
        "w1": (w0 - eta * grad).reshape(-1, 1),
        "hessian": _numeric_hessian(loss, w0),
        "L_star": np.array(loss(w_star)),
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


def _numeric_grad(f, at: np.ndarray) -> np.ndarray:
    grad = np.zeros_like(at)
    for k in range(at.size):
        shift = np.zeros_like(at)
        shift[k] = STEP
        grad[k] = (f(at + shift) - f(at - shift)) / (2 * STEP)
    return grad


def _numeric_hessian(f, at: np.ndarray) -> np.ndarray:
    size = at.size
    hess = np.zeros((size, size))
    basis = np.eye(size) * STEP
    for i in range(size):
        for j in range(size):
            hess[i, j] = (
                f(at + basis[i] + basis[j])
                - f(at + basis[i] - basis[j])
                - f(at - basis[i] + basis[j])
                + f(at - basis[i] - basis[j])
            ) / (4 * STEP * STEP)
    return hess
