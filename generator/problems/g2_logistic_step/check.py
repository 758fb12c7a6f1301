"""Independent check of G2: the sigmoid in numpy, the derivative of logloss by central finite
differences (not the (p - y) x formula), the step in plain floats."""

from __future__ import annotations

import math

import numpy as np

STEP = 1e-5
TOL = 0.6e-4


def r4(value: float) -> float:
    return math.copysign(math.floor(abs(value) * 1e4 + 0.5 + 1e-6) / 1e4, value) + 0.0


def _logloss(w: float, x: float, y: float) -> float:
    p = 1.0 / (1.0 + np.exp(-w * x))
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def verify(params, values) -> list[str]:
    x, y = float(params["x"]), float(params["y"])
    w0, gamma = float(params["w0"]), float(params["gamma"])
    p = r4(float(1.0 / (1.0 + np.exp(-w0 * x))))
    numeric = (_logloss(w0 + STEP, x, y) - _logloss(w0 - STEP, x, y)) / (2 * STEP)
    # the key's gradient uses the shown p: off the true derivative by at most |x| * 0.5e-4
    grad_tol = abs(x) * 0.5e-4 + 1e-6
    # the step from the shown p, rounded: independent of the key's own gradient value
    shown_grad = (p - y) * x
    w1 = r4(w0 - gamma * shown_grad)
    problems = []
    checks = (("p", p, TOL), ("grad", numeric, grad_tol), ("w1", w1, TOL))
    for name, want, tol in checks:
        got = values.get(name)
        if not isinstance(got, (int, float)) or abs(got - want) > tol:
            problems.append(f"{name}: key {got} but independent {round(want, 6)}")
    return problems
