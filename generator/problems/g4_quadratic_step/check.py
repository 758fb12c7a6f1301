"""Independent check of G4 with numpy polynomials: the derivative by np.polyder, the minimiser by
np.roots of the derivative, the step size from 'where must one step land', and the steps (two
with the doubled step) by plain arithmetic."""

from __future__ import annotations

import numpy as np

TOL = 1e-6


def verify(params, values) -> list[str]:
    a, b, c, x0 = (float(params[k]) for k in ("a", "b", "c", "x0"))
    poly = np.array([a, b, c])
    dpoly = np.polyder(poly)
    (x_star,) = np.roots(dpoly).real
    grad0 = float(np.polyval(dpoly, x0))
    eta = (x0 - x_star) / grad0  # the one step size with x0 - eta f'(x0) = x*
    x1_double = x0 - 2 * eta * grad0
    want = {
        "grad0": grad0,
        "eta": eta,
        "x1": x0 - eta * grad0,
        "f_min": float(np.polyval(poly, x_star)),
        "x1_double": x1_double,
        "x2_double": x1_double - 2 * eta * float(np.polyval(dpoly, x1_double)),
    }
    problems = []
    if values.get("eta_formula") != r"\frac{1}{2a}":
        problems.append(f"eta_formula: key {values.get('eta_formula')!r} is not 1/(2a)")
    if abs(eta * 2 * a - 1) > TOL:
        problems.append(f"eta: independent {eta} is not 1/(2a)")
    for name, expected in want.items():
        got = values.get(name)
        if not isinstance(got, (int, float)) or abs(got - expected) > TOL:
            problems.append(f"{name}: key {got} but independent {round(expected, 6)}")
    return problems
