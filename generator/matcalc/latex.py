"""LaTeX printer in the course's notation: X^T, X^{-1}, X^{-T}, \\operatorname{tr}, \\det, \\odot."""

from __future__ import annotations

import re
from fractions import Fraction

from generator.matcalc.algebra import (
    Diag,
    DiagVec,
    Eye,
    Func,
    Group,
    Had,
    Inv,
    Ones,
    Pow,
    ScalarOf,
    Sum,
    TAtom,
    Term,
    Var,
)

GREEK = ("lambda", "alpha", "beta", "gamma", "eta", "mu", "sigma", "rho", "tau", "theta", "delta",
         "epsilon", "omega", "nu", "kappa")
FUNCS = {"exp": r"\exp", "log": r"\ln", "sin": r"\sin", "cos": r"\cos", "tanh": r"\tanh",
         "sigmoid": r"\sigma"}


def name_latex(name: str) -> str:
    if name in GREEK:
        return "\\" + name
    match = re.fullmatch(r"([A-Za-z])(\d+)", name)
    if match:
        return f"{match.group(1)}_{{{match.group(2)}}}"
    match = re.fullmatch(r"([A-Za-z]+)_(\w+)", name)
    if match:
        return f"{name_latex(match.group(1))}_{{{match.group(2)}}}"
    return name if len(name) == 1 else rf"\mathrm{{{name}}}"


def var_latex(a: Var) -> str:
    if a.is_diff:
        base = "d" + name_latex(a.name[1:])
    else:
        base = name_latex(a.name)
    return base + ("^T" if a.transposed else "")


def latex(s: Sum) -> str:
    if not s.terms:
        return "0"
    drop = len(s.terms) > 1 and not all(is_ones(t) for t in s.terms)
    out = ""
    for i, t in enumerate(s.terms):
        negative, body = term_latex(t, drop and is_ones(t))
        if i == 0:
            out = ("-" if negative else "") + body
        else:
            out += (" - " if negative else " + ") + body
    return out


def is_ones(t: Term) -> bool:
    return len(t.chain) == 1 and isinstance(t.chain[0], Ones)


def term_latex(t: Term, drop_ones=False) -> tuple[bool, str]:
    coef = abs(t.coef)
    numer, denom = [], []
    if coef.numerator != 1:
        numer.append(str(coef.numerator))
    if coef.denominator != 1:
        denom.append(str(coef.denominator))
    scalars = sorted(t.scalars, key=lambda p: not isinstance(p[0], Var))
    chain = () if drop_ones else t.chain
    crowded = len(scalars) + len(chain) > 1 or coef.numerator != 1
    for a, k in scalars:
        (numer if k > 0 else denom).append(power_latex(a, abs(k), crowded or (k > 0 and bool(denom))))
    for a in chain:
        numer.append(factor_latex(a, crowded))
    body = " ".join(numer) or "1"
    if denom:
        body = rf"\frac{{{body}}}{{{' '.join(denom)}}}"
    return t.coef < 0, body


def power_latex(a, k: Fraction, crowded: bool) -> str:
    if k == 1:
        return factor_latex(a, crowded)
    if k == Fraction(1, 2):
        return rf"\sqrt{{{atom_latex(a)}}}"
    return f"{factor_latex(a, True)}^{{{k}}}"


def factor_latex(a, crowded: bool) -> str:
    body = atom_latex(a)
    if isinstance(a, Group) and (len(a.arg.terms) > 1 or crowded):
        return rf"\left({body}\right)"
    if isinstance(a, (Had, Pow)) and crowded:
        return rf"\left({body}\right)"
    return body


def atom_latex(a) -> str:
    if isinstance(a, Var):
        return var_latex(a)
    if isinstance(a, Eye):
        return "I"
    if isinstance(a, Ones):
        return r"\mathbf{1}" if a.shape[0] != 1 else r"\mathbf{1}^T"
    if isinstance(a, Group):
        return latex(a.arg)
    if isinstance(a, Inv):
        return inverse_latex(a.arg)
    if isinstance(a, Func):
        return rf"{FUNCS[a.name]}\left({latex(a.arg)}\right)"
    if isinstance(a, (Diag, DiagVec)):
        return rf"\operatorname{{diag}}\left({latex(a.arg)}\right)"
    if isinstance(a, ScalarOf):
        inner = latex(a.arg)
        if a.kind == "norm2":
            return rf"\left\|{inner}\right\|"
        name = {"det": r"\det", "tr": r"\operatorname{tr}", "sum": r"\operatorname{sum}"}[a.kind]
        return rf"{name}\left({inner}\right)"
    if isinstance(a, Pow):
        return rf"{operand_latex(a.base)}^{{{latex(a.exponent)}}}"
    if isinstance(a, Had):
        return had_latex(a)
    if isinstance(a, TAtom):
        return rf"\left({atom_latex(a.arg)}\right)^T"
    raise TypeError(f"no LaTeX for {a!r}")


def single_atom(s: Sum):
    if len(s.terms) == 1 and s.terms[0].coef == 1:
        t = s.terms[0]
        if len(t.chain) == 1 and not t.scalars:
            return t.chain[0]
        if not t.chain and len(t.scalars) == 1 and t.scalars[0][1] == 1:
            return t.scalars[0][0]
    return None


def inverse_latex(s: Sum) -> str:
    a = single_atom(s)
    if isinstance(a, Var):
        base = var_latex(Var(a.name, a.shape, False, a.is_diff))
        return base + ("^{-T}" if a.transposed else "^{-1}")
    return rf"\left({latex(s)}\right)^{{-1}}"


def operand_latex(s: Sum) -> str:
    a = single_atom(s)
    if a is not None and not isinstance(a, (Had, Pow)) and not (isinstance(a, Group) and
                                                                len(a.arg.terms[0].chain) > 1):
        if not (isinstance(a, Var) and a.transposed):
            return latex(s)
    return rf"\left({latex(s)}\right)"


def had_latex(h: Had) -> str:
    parts = []
    for f, k in h.factors:
        if k > 0:
            parts.append((r" \odot ", elementwise_power_latex(f, k)))
    for f, k in h.factors:
        if k < 0:
            parts.append((r" \oslash ", elementwise_power_latex(f, -k)))
    out = parts[0][1] if parts[0][0] == r" \odot " else r"\mathbf{1}" + parts[0][0] + parts[0][1]
    for sep, body in parts[1:]:
        out += sep + body
    return out


def elementwise_power_latex(f: Sum, k: Fraction) -> str:
    if k == 1:
        return operand_latex(f)
    if k == Fraction(1, 2):
        return rf"\sqrt{{{latex(f)}}}"
    return rf"{operand_latex(f)}^{{\circ {k}}}"


def tidy_fractions(text: str) -> str:
    r"""Drop the outer \left( \right) that wrap a whole \frac numerator or denominator."""
    out, i = [], 0
    while i < len(text):
        if text.startswith(r"\frac{", i):
            out.append(r"\frac")
            i += len(r"\frac")
            for _ in range(2):
                end = _group_end(text, i)
                out.append("{" + _strip_parens(tidy_fractions(text[i + 1:end])) + "}")
                i = end + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _group_end(text: str, start: int) -> int:
    depth = 0
    for j in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return j
    raise ValueError(text)


def _strip_parens(body: str) -> str:
    if not (body.startswith(r"\left(") and body.endswith(r"\right)")):
        return body
    inner = body[len(r"\left("):-len(r"\right)")]
    depth = 0
    for m in re.finditer(r"\\left\(|\\right\)", inner):
        depth += 1 if m.group() == r"\left(" else -1
        if depth < 0:
            return body
    return inner if depth == 0 else body
