"""Independent check of G6: the moments as explicit weighted sums (closed form, not the recurrence)
h_t = (1 - b1) * sum_k b1^(t-k) g_k, and the corrections dividing by the sum of those weights."""

from __future__ import annotations

import numpy as np

EXACT_TOL = 1e-6
ROUNDED_TOL = 0.6e-4


def verify(params, values) -> list[str]:
    b1, b2 = float(params["beta1"]), float(params["beta2"])
    g = np.array(params["g"], dtype=float)
    want = {}
    for t in range(1, len(g) + 1):
        powers = np.arange(t - 1, -1, -1)  # exponents t-1, ..., 0 for g_1, ..., g_t
        w1 = (1 - b1) * b1**powers
        w2 = (1 - b2) * b2**powers
        want[f"h{t}"] = (float(w1 @ g[:t]), EXACT_TOL)
        want[f"v{t}"] = (float(w2 @ g[:t] ** 2), EXACT_TOL)
        if t == len(g):
            # the weights sum to 1 - beta^t: dividing by that sum makes them a proper average
            want["h_hat3"] = (float(w1 @ g[:t]) / float(w1.sum()), ROUNDED_TOL)
            want["v_hat3"] = (float(w2 @ g[:t] ** 2) / float(w2.sum()), ROUNDED_TOL)
    problems = []
    for name, (expected, tol) in want.items():
        got = values.get(name)
        if not isinstance(got, (int, float)) or abs(got - expected) > tol:
            problems.append(f"{name}: key {got} but independent {round(expected, 6)}")
    return problems
