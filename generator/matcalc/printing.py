"""Text printer: canonical forms back into the calculator syntax (parseable by parser.py)."""

from __future__ import annotations

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
    is_scalar,
)


def text(s: Sum) -> str:
    if not s.terms:
        return "0"
    drop_ones = len(s.terms) > 1 and not all(is_ones_term(t) for t in s.terms)
    out = ""
    for i, t in enumerate(s.terms):
        negative, body = term_text(t, drop_ones and is_ones_term(t))
        if i == 0:
            out = ("-" if negative else "") + body
        else:
            out += (" - " if negative else " + ") + body
    return out


def is_ones_term(t: Term) -> bool:
    return len(t.chain) == 1 and isinstance(t.chain[0], Ones)


def term_text(t: Term, drop_ones: bool = False) -> tuple[bool, str]:
    coef = abs(t.coef)
    numer, denom = [], []
    if coef.numerator != 1:
        numer.append(str(coef.numerator))
    if coef.denominator != 1:
        denom.append(str(coef.denominator))
    scalars = sorted(t.scalars, key=lambda p: not isinstance(p[0], Var))
    chain = () if drop_ones else t.chain
    crowded = len(scalars) + len(chain) > 1
    for a, k in scalars:
        (numer if k > 0 else denom).append(power_text(a, abs(k), crowded or k < 0))
    for a in chain:
        numer.append(factor_text(a, crowded))
    body = "*".join(numer) or "1"
    if denom:
        body += "/" + (denom[0] if len(denom) == 1 else "(" + "*".join(denom) + ")")
    return t.coef < 0, body


def group_text(s: Sum) -> str:
    """(S), or (S')' when that reads with fewer transposes, e.g. (y - X*w)'."""
    body = f"({text(s)})"
    if s.shape[0] == 1 and not is_scalar(s.shape):
        from generator.matcalc.algebra import transpose
        flipped = f"({text(transpose(s))})'"
        if flipped.count("'") < body.count("'"):
            return flipped
    return body


def power_text(a, k: Fraction, crowded: bool) -> str:
    if k == 1:
        return factor_text(a, crowded)
    if k == Fraction(1, 2):
        return f"sqrt({atom_text(a)})"
    base = factor_text(a, True)
    exponent = str(k) if k.denominator == 1 else f"({k})"
    return f"{base}^{exponent}"


def factor_text(a, crowded: bool) -> str:
    """An atom as a factor of a product: parenthesised unless it binds tighter than '*'."""
    if isinstance(a, Group) and len(a.arg.terms) > 1:
        return group_text(a.arg)
    body = atom_text(a)
    if isinstance(a, Group) and crowded:
        return f"({body})"
    if isinstance(a, Had) and crowded:
        return f"({body})"
    if isinstance(a, Pow):
        return f"({body})"
    return body


def atom_text(a) -> str:
    if isinstance(a, Var):
        return a.name + ("'" if a.transposed else "")
    if isinstance(a, Eye):
        return f"eye({a.n})"
    if isinstance(a, Ones):
        return f"ones({a.shape[0]},{a.shape[1]})"
    if isinstance(a, Group):
        return text(a.arg)
    if isinstance(a, Inv):
        return inverse_text(a.arg)
    if isinstance(a, Func):
        return f"{a.name}({text(a.arg)})"
    if isinstance(a, (Diag, DiagVec)):
        return f"diag({text(a.arg)})"
    if isinstance(a, ScalarOf):
        return f"{a.kind}({text(a.arg)})"
    if isinstance(a, Pow):
        return f"{operand_text(a.base)}^({text(a.exponent)})"
    if isinstance(a, Had):
        return had_text(a)
    if isinstance(a, TAtom):
        return f"({atom_text(a.arg)})'"
    raise TypeError(f"no text for {a!r}")


def inverse_text(s: Sum) -> str:
    t = s.terms[0] if len(s.terms) == 1 else None
    if t is not None and t.coef == 1 and not t.scalars and len(t.chain) == 1:
        a = t.chain[0]
        if isinstance(a, Var) and a.transposed:
            return f"inv({a.name})'"
    return f"inv({text(s)})"


def operand_text(s: Sum) -> str:
    """A Sum as a single operand (of an elementwise operator or a power)."""
    body = text(s)
    t = s.terms[0] if len(s.terms) == 1 else None
    if t is not None and t.coef == 1 and len(t.chain) + len(t.scalars) == 1:
        a = t.chain[0] if t.chain else t.scalars[0][0]
        k = 1 if t.chain else t.scalars[0][1]
        if k == 1 and not isinstance(a, (Had, Pow)) and not (isinstance(a, Group) and len(a.arg.terms) > 1):
            if not (isinstance(a, Group) and len(a.arg.terms[0].chain) > 1):
                return body
    return f"({body})"


def had_text(h: Had) -> str:
    numer = [elementwise_power_text(f, k) for f, k in h.factors if k > 0]
    denom = [elementwise_power_text(f, -k) for f, k in h.factors if k < 0]
    out = " .* ".join(numer) or "1"
    for d in denom:
        out += " ./ " + d
    return out


def elementwise_power_text(f: Sum, k: Fraction) -> str:
    if k == 1:
        return operand_text(f)
    if k == Fraction(1, 2):
        return f"sqrt({text(f)})"
    exponent = str(k) if k.denominator == 1 else f"({k})"
    return f"{operand_text(f)}.^{exponent}"


def shape_text(shape) -> str:
    return "scalar" if is_scalar(shape) else f"{shape[0]}×{shape[1]}"
