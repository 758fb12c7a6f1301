"""Independent check of G2: the sigmoid in floats, the derivative of logloss by central finite
differences (not the (p - y) x formula), and the stated rounding rule replayed in decimal
arithmetic: p rounded half away from zero to 4 decimals, the derivative and w1 from that p, w1
rounded to 4 decimals. The replayed p, derivative and w1 must agree to the last digit."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

STEP = 1e-5
EXACT_TOL = 1e-9
FORMULA = r"(p - y)\,x"


def shown(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _logloss(w: float, x: float, y: float) -> float:
    p = 1.0 / (1.0 + np.exp(-w * x))
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _replayed(params) -> dict[str, float]:
    x, y = Decimal(params["x"]), Decimal(params["y"])
    w0, eta = Decimal(repr(params["w0"])), Decimal(repr(params["eta"]))
    # sigma(z) in double precision is good to ~1e-16, far below the distance of any sigma(w0 x)
    # on the grid from a rounding boundary (a test checks that margin)
    p = shown(Decimal(repr(1.0 / (1.0 + math.exp(-float(w0 * x))))))
    grad = (p - y) * x
    return {"p": float(p), "grad": float(grad), "w1": float(shown(w0 - eta * grad))}


def verify(params, values) -> list[str]:
    x, y, w0 = float(params["x"]), float(params["y"]), float(params["w0"])
    numeric = (_logloss(w0 + STEP, x, y) - _logloss(w0 - STEP, x, y)) / (2 * STEP)
    problems = []
    # the key's derivative uses the shown p: off the true derivative by at most |x| * 0.5e-4
    got = values.get("grad")
    if not isinstance(got, (int, float)) or abs(got - numeric) > abs(x) * 0.5e-4 + 1e-6:
        problems.append(f"grad: key {got} but finite differences {round(numeric, 6)}")
    for name, want in _replayed(params).items():
        got = values.get(name)
        if not isinstance(got, (int, float)) or abs(got - want) > EXACT_TOL:
            problems.append(f"{name}: key {got} but independent {want}")
    if values.get("formula") != FORMULA:
        problems.append(f"formula: key {values.get('formula')!r} but {FORMULA!r}")
    return problems
