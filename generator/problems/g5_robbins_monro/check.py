"""Independent check of G5: no table of rules per kind. For every sequence, ln eta_t is evaluated
at astronomically large t = e^u (u = 40, 80, 160) from its own formula, and the three values are
fitted exactly by ln eta = A - p ln t - q ln ln t; super-polynomial decay shows up as a huge p.
Then the p-series / Bertrand test decides:
    sum t^-p (ln t)^-q  converges  <=>  p > 1, or p = 1 and q > 1.
"""

from __future__ import annotations

import math

import numpy as np

YES, NO = r"\checkmark", r"\times"
US = (40.0, 80.0, 160.0)
SUPER_POLY = 50.0


def _log_eta(seq, u: float) -> float:
    """ln eta_t at t = e^u, straight from the formula of the sequence."""
    t = math.exp(u)
    c = math.log(float(seq["c"]))
    kind = seq["kind"]
    lnln = math.log(math.log(t + 1))
    if kind == "power":
        return c - float(seq["p"]) * u
    if kind == "shifted":
        s0 = float(seq["s0"])
        return c + float(seq["p"]) * (math.log(s0) - math.log(s0 + t))
    if kind == "exp":
        return c - t / float(seq["k"])
    if kind == "geom":
        return c + t * math.log(float(seq["q"]))
    if kind == "const":
        return c
    if kind == "tlog":
        return c - u - lnln
    if kind == "tlog2":
        return c - u - 2 * lnln
    if kind == "logt":
        return c + lnln - u
    if kind == "sqrtlog":
        return c - 0.5 * u - lnln
    raise ValueError(f"unknown sequence kind {kind!r}")


def _exponents(seq) -> tuple[float, float]:
    """(p, q) with ln eta_t = A - p ln t - q ln ln t, fitted exactly at three scales."""
    rows = np.array([[1.0, -u, -math.log(u)] for u in US])
    rhs = np.array([_log_eta(seq, u) for u in US])
    _, p, q = np.linalg.solve(rows, rhs)
    return float(p), float(q)


def _converges(p: float, q: float) -> bool:
    if p > SUPER_POLY:
        return True
    p, q = round(p * 20) / 20, round(q * 2) / 2  # the fit is exact up to float noise
    return p > 1 or (p == 1 and q > 1)


def verify(params, values) -> list[str]:
    problems = []
    for i, seq in enumerate(params["sequences"], start=1):
        p, q = _exponents(seq)
        sum_conv = _converges(p, q)
        sq_conv = _converges(2 * p, 2 * q)
        ok = (not sum_conv) and sq_conv
        want_ok = YES if ok else NO
        if ok:
            want_why = r"\sum \eta_t = \infty,\ \sum \eta_t^2 < \infty"
        elif sum_conv:
            want_why = r"\sum \eta_t < \infty"
        else:
            want_why = r"\sum \eta_t^2 = \infty"
        if values.get(f"ok{i}") != want_ok:
            problems.append(f"ok{i}: key {values.get(f'ok{i}')!r} but the series test says {want_ok!r}")
        if values.get(f"why{i}") != want_why:
            problems.append(f"why{i}: key {values.get(f'why{i}')!r} but the series test says {want_why!r}")
    extra = set(values) - {f"{k}{i}" for k in ("ok", "why") for i in range(1, len(params["sequences"]) + 1)}
    problems.extend(f"{name}: unexpected answer in the key" for name in sorted(extra))
    return problems
