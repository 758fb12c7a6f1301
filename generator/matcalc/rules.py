"""Differential rules: d(AXB) = A dX B, d(X^-1) = -X^-1 dX X^-1, d det X = det X tr(X^-1 dX),
d tr X = tr dX, d ln s = ds/s, the product rule, elementwise functions via the Hadamard product."""

from __future__ import annotations

from fractions import Fraction

from generator.errors import SheetgenError
from generator.matcalc import algebra as al
from generator.matcalc.algebra import ONE


class Differentiator:
    """d(.) with respect to one variable; the result is linear in the variable d<name>."""

    def __init__(self, wrt: str, diff_name: str):
        self.wrt = wrt
        self.diff_name = diff_name

    def d_sum(self, s: al.Sum) -> al.Sum:
        parts = [self.d_term(t, s.shape) for t in s.terms]
        return al.add(al.zero(s.shape), *parts) if parts else al.zero(s.shape)

    def d_term(self, t: al.Term, shape) -> al.Sum:
        parts = []
        for i, (a, k) in enumerate(t.scalars):
            da = self.d_atom(a)
            if da is None:
                continue
            others = t.scalars[:i] + ((a, k - 1),) + t.scalars[i + 1:]
            rest = al.term_sum(al.make_term(t.coef * k, others, t.chain), shape)
            parts.append(al.mul(da, rest))
        for i, a in enumerate(t.chain):
            da = self.d_atom(a)
            if da is None:
                continue
            left = al.term_sum(al.make_term(t.coef, t.scalars, ()))
            piece = al.mul(left, da)
            if i > 0:
                piece = al.mul(al.chain_product(t.chain[:i]), piece)
            if i + 1 < len(t.chain):
                piece = al.mul(piece, al.chain_product(t.chain[i + 1:]))
            parts.append(piece)
        return al.add(al.zero(shape), *parts)

    def d_atom(self, a) -> al.Sum | None:
        handler = getattr(self, "d_" + type(a).__name__)
        result = handler(a)
        if result is None or al.is_zero(result):
            return None
        return result

    def d_Var(self, a: al.Var):
        if a.name != self.wrt or a.is_diff:
            return None
        return al.atom(al.Var(self.diff_name, a.shape, a.transposed, True))

    def d_Eye(self, a):
        return None

    d_Ones = d_Eye

    def d_Group(self, a: al.Group):
        return self.d_sum(a.arg)

    def d_Inv(self, a: al.Inv):
        ds = self.d_sum(a.arg)
        inv = al.atom(a)
        return al.neg(al.mul(al.mul(inv, ds), inv))

    def d_ScalarOf(self, a: al.ScalarOf):
        ds = self.d_sum(a.arg)
        if al.is_zero(ds):
            return None
        if a.kind == "tr":
            return al.trace(ds)
        if a.kind == "sum":
            return al.sum_all(ds)
        if a.kind == "det":
            return al.mul(al.atom(a), al.trace(al.mul(al.inverse(a.arg), ds)))
        if a.kind == "norm2":
            return al.mul(al.inner(a.arg, ds), al.power(al.atom(a), Fraction(-1)))
        raise SheetgenError(f"unsupported: differential of {a.kind}")

    def d_Func(self, a: al.Func):
        ds = self.d_sum(a.arg)
        if al.is_zero(ds):
            return None
        return al.hadamard(self.derivative(a.name, a.arg), ds)

    def derivative(self, name: str, s: al.Sum) -> al.Sum:
        """f'(s), elementwise."""
        value = al.func(name, s)
        if name == "exp":
            return value
        if name == "log":
            return al.elementwise_power(s, Fraction(-1))
        if name == "sigmoid":
            return al.hadamard(value, al.sub(al.const(1), value))
        if name == "tanh":
            return al.sub(al.const(1), al.elementwise_power(value, Fraction(2)))
        if name == "sin":
            return al.func("cos", s)
        if name == "cos":
            return al.neg(al.func("sin", s))
        raise SheetgenError(f"unsupported: derivative of {name}")

    def d_Had(self, a: al.Had):
        parts = []
        for i, (f, k) in enumerate(a.factors):
            df = self.d_sum(f)
            if al.is_zero(df):
                continue
            others = a.factors[:i] + ((f, k - 1),) + a.factors[i + 1:]
            rest = al.had_monomial(list(others), a.shape)
            parts.append(al.scale(al.hadamard(rest, df), k))
        return al.add(al.zero(a.shape), *parts) if parts else None

    def d_Pow(self, a: al.Pow):
        db, de = self.d_sum(a.base), self.d_sum(a.exponent)
        inner = al.add(al.mul(al.mul(a.exponent, db), al.power(a.base, Fraction(-1))),
                       al.mul(al.func("log", a.base), de))
        return al.mul(al.atom(a), inner)

    def d_Diag(self, a: al.Diag):
        ds = self.d_sum(a.arg)
        return None if al.is_zero(ds) else al.diag(ds)

    def d_DiagVec(self, a: al.DiagVec):
        ds = self.d_sum(a.arg)
        return None if al.is_zero(ds) else al.atom(al.DiagVec(ds))

    def d_TAtom(self, a: al.TAtom):
        da = self.d_atom(a.arg)
        return None if da is None else al.transpose(da)


def differential(f: al.Sum, wrt: str, diff_name: str) -> al.Sum:
    """df as a canonical Sum linear in the variable diff_name."""
    return Differentiator(wrt, diff_name).d_sum(f)


__all__ = ["differential", "ONE"]
