"""G5: which step-size sequences satisfy the Robbins--Monro conditions
sum eta_t = infinity and sum eta_t^2 < infinity (t = 1, 2, ...)?

Each variant lists a few sequences of different kinds in random order, with at least one
admissible and one inadmissible; the key says yes/no per sequence with the reason (which of the
two series converges). The classification here is by the textbook rules per kind; check.py
re-derives it by a numeric asymptotic fit and the p-series / Bertrand tests.
"""

from __future__ import annotations

import sympy as sp

from generator.mathtex import num
from generator.problems.base import Answer, Family, Option

from .check import verify

YES, NO = r"\checkmark", r"\times"
REASON_OK = r"\sum \eta_t = \infty,\ \sum \eta_t^2 < \infty"
REASON_SUM = r"\sum \eta_t < \infty"
REASON_SQUARES = r"\sum \eta_t^2 = \infty"

KINDS = ("power", "shifted", "exp", "geom", "const", "tlog", "tlog2", "logt", "sqrtlog")
POWERS = ("0.3", "0.5", "0.6", "0.75", "1", "1.5", "2")
SHIFT_POWERS = ("0.5", "0.75", "1", "2")


def sample(rng, options) -> dict:
    count = options["count"]
    kinds = [str(k) for k in rng.choice(KINDS, size=count, replace=False)]
    return {"sequences": [_draw(rng, kind) for kind in kinds]}


def _draw(rng, kind: str) -> dict:
    pick = lambda values: float(rng.choice(values))  # noqa: E731
    if kind == "power":
        return {"kind": kind, "c": pick(("0.1", "0.5", "1")), "p": pick(POWERS)}
    if kind == "shifted":
        return {"kind": kind, "c": pick(("0.01", "0.1", "1")), "s0": int(rng.choice((1, 10, 100))),
                "p": pick(SHIFT_POWERS)}
    if kind == "exp":
        return {"kind": kind, "c": pick(("0.1", "1")), "k": int(rng.choice((1, 10, 100)))}
    if kind == "geom":
        return {"kind": kind, "c": pick(("0.1", "1")), "q": pick(("0.5", "0.9", "0.99"))}
    if kind == "const":
        return {"kind": kind, "c": pick(("0.001", "0.01", "0.1"))}
    return {"kind": kind, "c": pick(("0.1", "1"))}


def _q(value) -> sp.Rational:
    return sp.Rational(repr(value)) if isinstance(value, float) else sp.Rational(value)


def classify(seq) -> tuple[bool, bool]:
    """(sum eta_t converges, sum eta_t^2 converges) by the rules for each kind."""
    kind = seq["kind"]
    if kind in ("power", "shifted"):  # both behave like t^(-p)
        p = _q(seq["p"])
        return p > 1, 2 * p > 1
    if kind in ("exp", "geom"):  # geometric decay: everything converges
        return True, True
    if kind == "const":
        return False, False
    if kind == "tlog":  # 1/(t ln t): Bertrand, diverges; squares converge
        return False, True
    if kind == "tlog2":  # 1/(t ln^2 t): converges
        return True, True
    if kind == "logt":  # ln t / t: diverges; ln^2 t / t^2 converges
        return False, True
    if kind == "sqrtlog":  # 1/(sqrt t ln t): diverges; 1/(t ln^2 t) converges
        return False, True
    raise ValueError(kind)


def solve(params) -> dict:
    rows = []
    for seq in params["sequences"]:
        sum_conv, sq_conv = classify(seq)
        ok = (not sum_conv) and sq_conv
        reason = REASON_OK if ok else (REASON_SUM if sum_conv else REASON_SQUARES)
        rows.append({"kind": seq["kind"], "sum_converges": sum_conv, "squares_converge": sq_conv,
                     "ok": ok, "reason": reason})
    return {"rows": rows}


def accept(params, solution) -> bool:
    oks = [r["ok"] for r in solution["rows"]]
    return any(oks) and not all(oks)


def formula(seq, lang: str) -> str:
    """eta_t as LaTeX, numbers in the language's notation."""
    kind = seq["kind"]
    c = seq["c"]
    cn = num(c, lang)
    coef = "" if c == 1 else cn + r" \cdot "
    if kind == "power":
        p = seq["p"]
        den = "t" if p == 1 else (r"\sqrt{t}" if p == 0.5 else f"t^{{{num(p, lang)}}}")
        return rf"\frac{{{cn}}}{{{den}}}"
    if kind == "shifted":
        s0, p = seq["s0"], seq["p"]
        frac = rf"\left(\frac{{{s0}}}{{{s0} + t}}\right)"
        power = "" if p == 1 else f"^{{{num(p, lang)}}}"
        return f"{coef}{frac}{power}"
    if kind == "exp":
        k = seq["k"]
        return f"{coef}e^{{-t}}" if k == 1 else f"{coef}e^{{-t/{k}}}"
    if kind == "geom":
        return f"{coef}{num(seq['q'], lang)}^{{t}}"
    if kind == "const":
        return cn
    if kind == "tlog":
        return rf"\frac{{{cn}}}{{t \ln(t + 1)}}"
    if kind == "tlog2":
        return rf"\frac{{{cn}}}{{t \ln^2(t + 1)}}"
    if kind == "logt":
        top = r"\ln(t + 1)" if c == 1 else rf"{cn} \ln(t + 1)"
        return rf"\frac{{{top}}}{{t}}"
    if kind == "sqrtlog":
        return rf"\frac{{{cn}}}{{\sqrt{{t}} \ln(t + 1)}}"
    raise ValueError(kind)


def answers(params, solution) -> list[Answer]:
    out = []
    for i, (seq, row) in enumerate(zip(params["sequences"], solution["rows"], strict=True), start=1):
        label = {}
        for lang in ("ru", "en"):
            shown = formula(seq, lang).replace(r"\frac", r"\dfrac")
            label[lang] = rf"$\eta_t = {shown}$"
        out.append(Answer(f"ok{i}", "choice", YES if row["ok"] else NO, label, item=i))
        out.append(Answer(f"why{i}", "text", row["reason"], {"ru": "почему", "en": "why"}, item=i))
    return out


FAMILY = Family(
    id="G5",
    title={"ru": "Условия Роббинса–Монро", "en": "The Robbins–Monro conditions"},
    summary="which step-size sequences satisfy sum eta = inf, sum eta^2 < inf: yes/no and why",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"count": Option(default=4, choices=(3, 4, 5), help="sequences in the list")},
)
