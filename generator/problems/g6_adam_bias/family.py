"""G6: Adam's moment estimates are biased towards zero without the correction.

h_t = b1 h_{t-1} + (1 - b1) g_t, v_t = b2 v_{t-1} + (1 - b2) g_t^2, h_0 = v_0 = 0;
E h_t = (1 - b1^t) E g for identically distributed g_t, hence h-hat_t = h_t / (1 - b1^t).
Numbers: a three-step gradient sequence; h_t, v_t exact (short decimals: accept() keeps them
within 4 decimals, the statement says they are exact), the corrected h-hat_3 = h_3 / (1 - b1^3)
and v-hat_3 computed from the exact h_3, v_3 and rounded half away from zero to 4 decimals (final
answers only, nothing is computed from them). Part a) has two short formula answers.
"""

from __future__ import annotations

import sympy as sp

from generator.problems.base import Answer, Family

from .check import verify

BETAS = ("0.5", "0.8", "0.9")
G_VALUES = (-4, -3, -2, -1, 1, 2, 3, 4)
STEPS = 3
PLACES = 4
H_SUM = r"(1 - \beta_1) \sum_{k=1}^{t} \beta_1^{\,t-k} g_k"
MEAN_H = r"(1 - \beta_1^t)\,\mu"


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
    last = rows[-1]
    rounded = {name: not _fits(value) for name, value in
               (("h_hat", last["h_hat"]), ("v_hat", last["v_hat"]), ("mean_g", mean_g),
                ("mean_g2", mean_g2))}
    return {"rows": rows, "one_minus_b1": 1 - b1, "one_minus_b2": 1 - b2,
            "mean_g": mean_g, "mean_g2": mean_g2, "rounded": rounded}


def _fits(value) -> bool:
    """Whether the value has at most PLACES decimals (then it is written with =, not approx)."""
    return (sp.Rational(value) * 10**PLACES).is_integer


def accept(params, solution) -> bool:
    """Declared rules: not both betas 0.5 (the bias would be almost gone after three steps); the
    three gradients are not all equal (then every weighted mean is that gradient and the
    comparison with the plain means says nothing); no moment h_t is zero (it would hide the
    bias); every h_t and v_t is an exact short decimal (at most 4 places)."""
    if params["beta1"] == 0.5 and params["beta2"] == 0.5:
        return False
    if len(set(params["g"])) == 1:
        return False
    rows = solution["rows"]
    if any(r["h"] == 0 for r in rows):
        return False
    # the running moments stay exact short decimals
    return all(_fits(r[k]) for r in rows for k in ("h", "v"))


def _same(text: str) -> dict:
    return {"ru": text, "en": text}


def answers(params, solution) -> list[Answer]:
    out = [Answer("h_sum", "text", H_SUM, _same(r"$h_t$"), item=1),
           Answer("mean_h", "text", MEAN_H, _same(r"$\mathbb{E} h_t$"), item=1)]
    for r in solution["rows"]:
        t = r["t"]
        out.append(Answer(f"h{t}", "number", r["h"], _same(f"$h_{t}$"), places=PLACES, item=2))
    for r in solution["rows"]:
        t = r["t"]
        out.append(Answer(f"v{t}", "number", r["v"], _same(f"$v_{t}$"), places=PLACES, item=2))
    last = solution["rows"][-1]
    out.append(Answer("h_hat3", "number", last["h_hat"], _same(r"$\hat h_3$"), places=PLACES,
                      item=2))
    out.append(Answer("v_hat3", "number", last["v_hat"], _same(r"$\hat v_3$"), places=PLACES,
                      item=2))
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
