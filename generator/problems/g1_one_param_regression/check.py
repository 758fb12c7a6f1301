"""Independent check of G1: plain-float optimizer loops and np.linalg.lstsq.

Written apart from family.py (no sympy, no shared helpers). The loops follow the rules printed in
the statement: one observation per stochastic step in the stated order, h_0 = v_0 = 0, eps = 0,
and every written quantity rounded half-up to 4 decimals before it is used again.
"""

from __future__ import annotations

import math

import numpy as np

EXACT_TOL = 1e-6  # GD, SGD, Momentum, Nesterov stay exact (at most 4 decimals); w_hat is exact
ROUNDED_TOL = 0.6e-4  # RMSprop and Adam: 4 decimals, each step from the shown value
PARTS = {
    "all": ("exact", "gd", "sgd", "momentum", "nesterov", "rmsprop", "adam"),
    "short": ("exact", "gd", "momentum"),
}


def r4(value: float) -> float:
    """Half-up (away from zero) rounding to 4 decimals, robust to binary-float noise."""
    scaled = abs(value) * 1e4
    return math.copysign(math.floor(scaled + 0.5 + 1e-6) / 1e4, value) + 0.0


def _expected(params) -> dict[str, tuple[float, float]]:
    x = np.array(params["x"], dtype=float)
    y = np.array(params["y"], dtype=float)
    eta, alpha = float(params["eta"]), float(params["alpha"])
    b1, b2 = float(params["beta1"]), float(params["beta2"])
    w0 = float(params["w0"])
    order = [int(i) - 1 for i in params["order"]]
    parts = PARTS[params.get("parts", "all")]

    def full_grad(w):  # L(w) = 1/2 * sum (y - w x)^2 = mean of the per-object squared errors
        return float(np.mean(-2.0 * x * (y - w * x)))

    def one_grad(i, w):
        return float(-2.0 * x[i] * (y[i] - w * x[i]))

    want = {}
    # closed-form least squares for y = w x (no intercept)
    solution, *_ = np.linalg.lstsq(x.reshape(-1, 1), y, rcond=None)
    want["w_hat"] = (float(solution[0]), EXACT_TOL)

    if "gd" in parts:
        w = w0
        for t in range(1, 4):
            w = r4(w - eta * r4(full_grad(w)))
            want[f"gd_w{t}"] = (w, EXACT_TOL)

    if "sgd" in parts:
        w = w0
        for t, i in enumerate(order, start=1):
            w = r4(w - eta * r4(one_grad(i, w)))
            want[f"sgd_w{t}"] = (w, EXACT_TOL)

    if "momentum" in parts:
        w, h = w0, 0.0
        for t, i in enumerate(order[:2], start=1):
            h = r4(alpha * h + eta * r4(one_grad(i, w)))
            w = r4(w - h)
            want[f"mom_w{t}"] = (w, EXACT_TOL)

    if "nesterov" in parts:
        w, h = w0, 0.0
        for t, i in enumerate(order[:2], start=1):
            ahead = r4(w - alpha * h)
            h = r4(alpha * h + eta * r4(one_grad(i, ahead)))
            w = r4(w - h)
            want[f"nag_w{t}"] = (w, EXACT_TOL)

    if "rmsprop" in parts:
        w, v = w0, 0.0
        for t, i in enumerate(order[:2], start=1):
            g = r4(one_grad(i, w))
            v = r4(alpha * v + (1 - alpha) * g * g)
            w = r4(w - eta * g / math.sqrt(v))
            want[f"rms_w{t}"] = (w, ROUNDED_TOL)

    if "adam" in parts:
        w, m, v = w0, 0.0, 0.0
        for t, i in enumerate(order[:2], start=1):
            g = r4(one_grad(i, w))
            m = r4(b1 * m + (1 - b1) * g)
            v = r4(b2 * v + (1 - b2) * g * g)
            m_hat = r4(m / (1 - b1**t))
            v_hat = r4(v / (1 - b2**t))
            w = r4(w - eta * m_hat / math.sqrt(v_hat))
            want[f"adam_w{t}"] = (w, ROUNDED_TOL)
    return want


def verify(params, values) -> list[str]:
    problems = []
    want = _expected(params)
    for name in sorted(set(values) - set(want)):
        problems.append(f"{name}: unexpected answer in the key")
    for name, (expected, tol) in want.items():
        if name not in values:
            problems.append(f"{name}: missing from the key")
            continue
        got = values[name]
        if not isinstance(got, (int, float)) or not math.isclose(got, expected, rel_tol=0, abs_tol=tol):
            problems.append(f"{name}: key {got} but independent {round(expected, 6)}")
    return problems
