"""Final tidying of results into textbook shape: common scalar factors and coefficients are
pulled out and common left/right matrix factors are factored, e.g. A x + A' x -> (A + A') x and
A x/(x'Ax) + A' x/(x'Ax) -> (A + A') x/(x'Ax)."""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from generator.matcalc import algebra as al
from generator.matcalc.algebra import ONE, Group, Term


def tidy(s: al.Sum, differential: bool = False) -> al.Sum:
    if len(s.terms) < 2:
        return s
    pulled = pull_common_scalars(s, with_coef=not differential)
    if pulled is not None:
        return pulled
    if differential:
        factored = factor_scalar_chains(s) if al.is_scalar(s.shape) else None
        return factored if factored is not None else s
    factored = factor_chains(s)
    return factored if factored is not None else s


def grouped(coef, scalars, inner: al.Sum, differential: bool = False) -> al.Sum:
    inner = tidy(inner, differential)
    if len(inner.terms) == 1:
        return al.mul(al.term_sum(al.make_term(coef, scalars, ())), inner)
    if al.is_scalar(inner.shape):
        return al.term_sum(al.make_term(coef, tuple(scalars) + ((Group(inner), ONE),), ()))
    return al.term_sum(al.make_term(coef, scalars, (Group(inner),)), inner.shape)


def pull_common_scalars(s: al.Sum, with_coef: bool = True) -> al.Sum | None:
    first = dict(s.terms[0].scalars)
    common = {}
    for a, k in first.items():
        exps = [dict(t.scalars).get(a) for t in s.terms]
        if all(e is not None and (e > 0) == (k > 0) for e in exps):
            common[a] = min(exps, key=abs)
    coef = common_coefficient([t.coef for t in s.terms]) if with_coef else ONE
    if not common and coef == 1:
        return None
    rest = [al.make_term(t.coef / coef, [(a, k - common.get(a, 0)) for a, k in t.scalars], t.chain)
            for t in s.terms]
    inner = al.make_sum(rest, s.shape)
    inner = inner if not with_coef else order_terms(inner)
    return grouped(coef, list(common.items()), inner, not with_coef)


def common_coefficient(coefs) -> Fraction:
    num = 0
    den = 1
    for c in coefs:
        num = gcd(num, abs(c.numerator))
        den = den * c.denominator // gcd(den, c.denominator)
    value = Fraction(num, den) if num else ONE
    return -value if all(c < 0 for c in coefs) else value


def order_terms(s: al.Sum) -> al.Sum:
    """Positive terms first, then fewer transposes (A + A', not A' + A)."""
    from generator.matcalc.printing import term_text
    ranked = sorted(s.terms, key=lambda t: (t.coef < 0, term_text(t)[1].count("'")))
    return al.Sum(tuple(ranked), s.shape)


def factor_chains(s: al.Sum) -> al.Sum | None:
    if al.is_scalar(s.shape):
        return factor_scalar_chains(s)
    chains = [t.chain for t in s.terms]
    if not all(chains):
        return None
    last = chains[0][-1]
    if all(c[-1] == last for c in chains) and any(len(c) > 1 for c in chains):
        rest = [rest_term(t, t.chain[:-1], last.shape[0]) for t in s.terms]
        inner = order_terms(al.make_sum(rest, (s.shape[0], last.shape[0])))
        return al.mul(grouped(ONE, (), inner), al.atom(last))
    first = chains[0][0]
    if all(c[0] == first for c in chains) and any(len(c) > 1 for c in chains):
        rest = [rest_term(t, t.chain[1:], first.shape[1]) for t in s.terms]
        inner = order_terms(al.make_sum(rest, (first.shape[1], s.shape[1])))
        return al.mul(al.atom(first), grouped(ONE, (), inner))
    return None


def rest_term(t: Term, chain, n) -> Term:
    return al.make_term(t.coef, t.scalars, chain or (al.Eye(n),))


def factor_scalar_chains(s: al.Sum) -> al.Sum | None:
    """x'A'dx + x'A dx -> x'(A + A')dx: factor the 1×1 chains of single-chain scalar terms."""
    chains = []
    for t in s.terms:
        if len(t.scalars) != 1 or t.scalars[0][1] != 1:
            return None
        a = t.scalars[0][0]
        if not (isinstance(a, Group) and len(a.arg.terms) == 1 and a.arg.terms[0].coef == 1
                and not a.arg.terms[0].scalars and a.arg.terms[0].chain):
            return None
        chains.append(Term(t.coef, (), a.arg.terms[0].chain))
    first_shape = chains[0].chain[0].shape[0], chains[0].chain[-1].shape[1]
    if not all(t.chain[0].shape[0] == 1 for t in chains):
        return None
    first = chains[0].chain[0]
    last = chains[0].chain[-1]
    if all(t.chain[0] == first for t in chains) and all(t.chain[-1] == last for t in chains) \
            and all(len(t.chain) > 2 for t in chains):
        inner = order_terms(al.make_sum([al.make_term(t.coef, (), t.chain[1:-1]) for t in chains],
                                        (first.shape[1], last.shape[0])))
        if len(inner.terms) < 2:
            return None
        middle = tidy(inner)
        if len(middle.terms) == 1:
            return al.mul(al.mul(al.atom(first), middle), al.atom(last))
        return al.chain_product((first, Group(middle), last), first_shape)
    return None
