"""G6: Adam's moment estimates are biased towards zero without the correction.

h_t = b1 h_{t-1} + (1 - b1) g_t, v_t = b2 v_{t-1} + (1 - b2) g_t^2, h_0 = v_0 = 0;
E h_t = (1 - b1^t) E g for identically distributed g_t, hence h-hat_t = h_t / (1 - b1^t).
Numbers: a three-step gradient sequence; h_t, v_t exact (short decimals), the corrected h-hat_3,
v-hat_3 rounded to 4 decimals (final answers only, nothing is computed from them).
"""

from __future__ import annotations

import sympy as sp

from generator.problems.base import Answer, Family

from .check import verify

BETAS = ("0.5", "0.8", "0.9")
G_VALUES = (-4, -3, -2, -1, 1, 2, 3, 4)
STEPS = 3
PLACES = 4


def sample(rng, options) -> dict:
    return {
        "beta1": float(rng.choice(BETAS)),
        "beta2": float(rng.choice(BETAS)),
        "g": [int(v) for v in rng.choice(G_VALUES, size=STEPS)],
    }


def _q(value) -> sp.Rational:
    return sp.Rational(repr(value)) if isinstance(value, float) else sp.Rational(value)


def solve(params) -> dict:
    b1, b2 = _q(params["beta1"]), _q(params["beta2"])
    h, v = sp.Integer(0), sp.Integer(0)
    rows = []
    for t, g in enumerate(params["g"], start=1):
        g = sp.Integer(g)
        h_prev, v_prev = h, v
        h = b1 * h + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        c1, c2 = 1 - b1**t, 1 - b2**t
        rows.append({"t": t, "g": g, "h_prev": h_prev, "v_prev": v_prev, "h": h, "v": v,
                     "c1": c1, "c2": c2, "h_hat": h / c1, "v_hat": v / c2})
    mean_g = sp.Rational(sum(params["g"]), STEPS)
    mean_g2 = sp.Rational(sum(g * g for g in params["g"]), STEPS)
    return {"rows": rows, "one_minus_b1": 1 - b1, "one_minus_b2": 1 - b2,
            "mean_g": mean_g, "mean_g2": mean_g2}


def accept(params, solution) -> bool:
    if params["beta1"] == 0.5 and params["beta2"] == 0.5:
        return False  # the bias would be almost gone after three steps: not instructive
    rows = solution["rows"]
    if any(r["h"] == 0 for r in rows):
        return False  # a zero moment hides the bias
    # the running moments stay exact short decimals
    return all((sp.Rational(r[k]) * 10**PLACES).is_integer for r in rows for k in ("h", "v"))


def answers(params, solution) -> list[Answer]:
    out = []
    for r in solution["rows"]:
        t = r["t"]
        out.append(Answer(f"h{t}", "number", r["h"], {"ru": f"$h_{t}$", "en": f"$h_{t}$"},
                          places=PLACES))
    for r in solution["rows"]:
        t = r["t"]
        out.append(Answer(f"v{t}", "number", r["v"], {"ru": f"$v_{t}$", "en": f"$v_{t}$"},
                          places=PLACES))
    last = solution["rows"][-1]
    out.append(Answer("h_hat3", "number", last["h_hat"],
                      {"ru": r"$\hat h_3$", "en": r"$\hat h_3$"}, places=PLACES))
    out.append(Answer("v_hat3", "number", last["v_hat"],
                      {"ru": r"$\hat v_3$", "en": r"$\hat v_3$"}, places=PLACES))
    return out


FAMILY = Family(
    id="G6",
    title={"ru": "Смещение в Adam", "en": "The bias of Adam"},
    summary="Adam's h_t, v_t are biased by (1 - beta^t): derivation and a numeric sequence",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
)
