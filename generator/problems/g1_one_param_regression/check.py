"""Independent check of G1: its own optimizer loops in decimal arithmetic, and np.linalg.lstsq.

Written apart from family.py (no sympy, no shared helpers). The loops follow the rules printed in
the statement, literally: one observation per stochastic step in the stated order,
h_0 = v_0 = 0, eps = 0, and every quantity a student writes down (L'(w), g, h, v, h-hat, v-hat,
the root, the step Delta, the look-ahead point, w) is rounded half away from zero to 4 decimals
as soon as it is computed; what follows uses the rounded value. Products and quotients of short
decimals are exact in a 50-digit context, so the replayed key must agree to the last digit.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np

EXACT_TOL = 1e-9  # every iterate is a 4-decimal number replayed exactly; w_hat is a fraction
FOUR_PLACES = Decimal("0.0001")
PARTS = {
    "all": ("exact", "gd", "sgd", "momentum", "nesterov", "rmsprop", "adam"),
    "short": ("exact", "gd", "momentum"),
}


def shown(value: Decimal) -> Decimal:
    """What a student writes: half away from zero (Decimal's ROUND_HALF_UP) to 4 decimals."""
    with localcontext() as ctx:
        ctx.prec = 50
        return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def root(value: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        return shown(value.sqrt())


def dec(value) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


class _Loops:
    """The seven methods over one variant's data, each returning its iterates w_1, w_2, ..."""

    def __init__(self, params):
        self.x = [dec(v) for v in params["x"]]
        self.y = [dec(v) for v in params["y"]]
        self.eta, self.alpha = dec(params["eta"]), dec(params["alpha"])
        self.b1, self.b2 = dec(params["beta1"]), dec(params["beta2"])
        self.w0 = dec(params["w0"])
        self.order = [int(i) - 1 for i in params["order"]]

    def _raw_grad(self, i: int, w: Decimal) -> Decimal:
        return -2 * self.x[i] * (self.y[i] - w * self.x[i])

    def one_grad(self, i: int, w: Decimal) -> Decimal:
        return shown(self._raw_grad(i, w))

    def full_grad(self, w: Decimal) -> Decimal:  # the mean of the two observations' gradients
        return shown((self._raw_grad(0, w) + self._raw_grad(1, w)) / 2)

    def gd(self) -> list:
        ws, w = [], self.w0
        for _ in range(3):
            w = shown(w - self.eta * self.full_grad(w))
            ws.append(w)
        return ws

    def sgd(self) -> list:
        ws, w = [], self.w0
        for i in self.order:
            w = shown(w - self.eta * self.one_grad(i, w))
            ws.append(w)
        return ws

    def momentum(self, nesterov: bool = False) -> list:
        ws, w, h = [], self.w0, Decimal(0)
        for i in self.order[:2]:
            point = shown(w - self.alpha * h) if nesterov else w
            h = shown(self.alpha * h + self.eta * self.one_grad(i, point))
            w = shown(w - h)
            ws.append(w)
        return ws

    def rmsprop(self) -> list:
        ws, w, v = [], self.w0, Decimal(0)
        for i in self.order[:2]:
            g = self.one_grad(i, w)
            v = shown(self.alpha * v + (1 - self.alpha) * g * g)
            w = shown(w - self._delta(self.eta * g, v))
            ws.append(w)
        return ws

    def adam(self) -> list:
        ws, w, m, v = [], self.w0, Decimal(0), Decimal(0)
        for t, i in enumerate(self.order[:2], start=1):
            g = self.one_grad(i, w)
            m = shown(self.b1 * m + (1 - self.b1) * g)
            v = shown(self.b2 * v + (1 - self.b2) * g * g)
            m_hat = shown(m / (1 - self.b1**t))
            v_hat = shown(v / (1 - self.b2**t))
            w = shown(w - self._delta(self.eta * m_hat, v_hat))
            ws.append(w)
        return ws

    @staticmethod
    def _delta(numerator: Decimal, second_moment: Decimal) -> Decimal:
        """The step Delta = numerator / (the shown root of the second moment), shown."""
        with localcontext() as ctx:
            ctx.prec = 50
            return shown(numerator / root(second_moment))


def _expected(params) -> dict[str, float]:
    parts = PARTS[params.get("parts", "all")]
    loops = _Loops(params)
    x = np.array(params["x"], dtype=float)
    solution, *_ = np.linalg.lstsq(x.reshape(-1, 1), np.array(params["y"], dtype=float),
                                   rcond=None)
    want = {"w_hat": float(solution[0])}  # closed-form least squares for y = w x, no intercept
    methods = {
        "gd": ("gd", loops.gd), "sgd": ("sgd", loops.sgd), "momentum": ("mom", loops.momentum),
        "nesterov": ("nag", lambda: loops.momentum(nesterov=True)),
        "rmsprop": ("rms", loops.rmsprop), "adam": ("adam", loops.adam),
    }
    for part, (prefix, run) in methods.items():
        if part in parts:
            for t, w in enumerate(run(), start=1):
                want[f"{prefix}_w{t}"] = float(w)
    return want


def verify(params, values) -> list[str]:
    problems = []
    want = _expected(params)
    for name in sorted(set(values) - set(want)):
        problems.append(f"{name}: unexpected answer in the key")
    for name, expected in want.items():
        if name not in values:
            problems.append(f"{name}: missing from the key")
            continue
        got = values[name]
        if not isinstance(got, (int, float)) or not math.isclose(got, expected, rel_tol=0,
                                                                   abs_tol=EXACT_TOL):
            problems.append(f"{name}: key {got} but independent {round(expected, 6)}")
    return problems
