"""Independent check of G6: the moments as explicit weighted sums (closed form, not the recurrence)
h_t = (1 - b1) * sum_k b1^(t-k) g_k, in decimal arithmetic (exact for these short decimals), and
the corrections dividing by the sum of those weights, rounded half away from zero to 4 decimals
as the statement says. Every number must agree to the last digit; part a)'s formulas are compared
with this module's own strings."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

EXACT_TOL = 1e-9
FORMULAS = {"h_sum": r"(1 - \beta_1) \sum_{k=1}^{t} \beta_1^{\,t-k} g_k",
            "mean_h": r"(1 - \beta_1^t)\,\mu"}


def _shown(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _weights(beta: Decimal, t: int) -> list[Decimal]:
    """The weight of g_1, ..., g_t in the t-th moment: (1 - beta) beta^(t - k)."""
    return [(1 - beta) * beta ** (t - k) for k in range(1, t + 1)]


def _expected(params) -> dict[str, float]:
    b1, b2 = Decimal(repr(params["beta1"])), Decimal(repr(params["beta2"]))
    g = [Decimal(v) for v in params["g"]]
    want = {}
    with localcontext() as ctx:
        ctx.prec = 50
        for t in range(1, len(g) + 1):
            w1, w2 = _weights(b1, t), _weights(b2, t)
            h = sum(w * gk for w, gk in zip(w1, g))
            v = sum(w * gk * gk for w, gk in zip(w2, g))
            want[f"h{t}"], want[f"v{t}"] = float(h), float(v)
        # the weights sum to 1 - beta^t: dividing by that sum makes them a proper average
        want["h_hat3"] = float(_shown(h / sum(w1)))
        want["v_hat3"] = float(_shown(v / sum(w2)))
    return want


def verify(params, values) -> list[str]:
    problems = []
    for name, expected in _expected(params).items():
        got = values.get(name)
        if not isinstance(got, (int, float)) or abs(got - expected) > EXACT_TOL:
            problems.append(f"{name}: key {got} but independent {expected}")
    for name, formula in FORMULAS.items():
        if values.get(name) != formula:
            problems.append(f"{name}: key {values.get(name)!r} but {formula!r}")
    return problems
