"""Independent check of M6 in plain numpy, in two parts.

The formula: the gradient at w0 by central finite differences of
L(w) = sum_i log(1 + exp(-y_i x_i^T w)) + lambda w^T w (np.logaddexp for the log-sum), compared
with the key within what the stated rounding can move it (every rounded sigma moves the gradient by
at most 0.5e-4 |x_i|).

The rounding rule, replayed as the statement words it: sigma(-y_i x_i^T w0) = 1 / (1 + exp(m_i))
rounded to 4 decimals (half up), the gradient -sum_i y_i sigma_i x_i + 2 lambda w0 from these rounded
values (exact: no further rounding), then w1 = w0 - eta * gradient rounded to 4 decimals; the key
must give exactly these numbers.
"""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare, numeric_grad

STEP = 1e-5
PLACES = 4
EXACT = 1e-9  # replayed values are compared as exact decimals


def verify(params, values) -> list[str]:
    X = np.array(params["X"], dtype=float)
    y = np.array(params["y"], dtype=float)
    lam = float(params["lam"])
    w0 = np.array(params["w0"], dtype=float)
    eta = float(params["eta"])

    def loss(w):
        return float(np.sum(np.logaddexp(0.0, -y * (X @ w))) + lam * (w @ w))

    fd_grad, fd_error = numeric_grad(loss, w0, STEP, with_error=True)
    budget = 0.5 * 10.0**-PLACES * np.abs(X).sum(axis=0)  # each rounded sigma_i moves it by <= |x_i| / 2e4
    problems = compare({"grad_w0": fd_grad.reshape(-1, 1)}, values, atol=(budget + 1e-7).reshape(-1, 1),
                       rtol=0.0, errors={"grad_w0": fd_error.reshape(-1, 1)})
    if problems:
        return problems

    sigmas = half_up(1.0 / (1.0 + np.exp(y * (X @ w0))))
    grad = -(X.T @ (y * sigmas)) + 2 * lam * w0
    expected = {"grad_w0": grad.reshape(-1, 1), "w1": half_up(w0 - eta * grad).reshape(-1, 1)}
    return compare(expected, values, atol=EXACT, rtol=0.0)


def half_up(values: np.ndarray) -> np.ndarray:
    """Rounding to PLACES decimals, halves away from zero (the values here are never within float
    noise of a half: sigma of an integer is irrational or 1/2, and ties of w1 are never drawn)."""
    scale = 10.0**PLACES
    return np.sign(values) * np.floor(np.abs(values) * scale + 0.5) / scale
