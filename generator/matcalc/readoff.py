"""Reading the gradient off df = tr(G' dX) and the Jacobian off df = J dx.

The gradient is found by pushing a cotangent U through the linear expression df:
<U, L F R> = <L' U R', F>,  <U, F'> = <U', F>,  <u, tr F> = <u I, F>,  <U, A .* F> = <A .* U, F>,
<u, sum F> = <u 1 1', F>; the trace's cyclic and transpose rules are exactly these moves.
"""

from __future__ import annotations

from generator.errors import SheetgenError
from generator.matcalc import algebra as al
from generator.matcalc.algebra import ONE


def refuse(what: str) -> SheetgenError:
    return SheetgenError(f"unsupported: cannot read the {what} off this differential")


def gradient(df: al.Sum, wrt_shape) -> al.Sum:
    """G with df = tr(G' dX) for a scalar df linear in dX."""
    return grad_sum(df, al.const(1), wrt_shape)


def grad_sum(s: al.Sum, upstream: al.Sum, wrt_shape) -> al.Sum:
    parts = [grad_term(t, upstream, s.shape, wrt_shape) for t in s.terms]
    return al.add(al.zero(wrt_shape), *parts)


def grad_term(t: al.Term, upstream: al.Sum, shape, wrt_shape) -> al.Sum:
    scalar_hits = [i for i, (a, _) in enumerate(t.scalars) if a.has_diff]
    chain_hits = [i for i, a in enumerate(t.chain) if a.has_diff]
    if len(scalar_hits) + len(chain_hits) != 1:
        raise refuse("gradient")
    if scalar_hits:
        i = scalar_hits[0]
        a, k = t.scalars[i]
        if k != 1:
            raise refuse("gradient")
        rest = al.term_sum(al.make_term(t.coef, t.scalars[:i] + t.scalars[i + 1:], t.chain), shape)
        return grad_atom(a, al.inner(upstream, rest) if not al.is_scalar(shape) else al.mul(upstream, rest),
                         wrt_shape)
    i = chain_hits[0]
    scalar = al.term_sum(al.make_term(t.coef, t.scalars, ()))
    inner = al.mul(scalar, upstream)
    if i > 0:
        inner = al.mul(al.transpose(al.chain_product(t.chain[:i])), inner)
    if i + 1 < len(t.chain):
        inner = al.mul(inner, al.transpose(al.chain_product(t.chain[i + 1:])))
    return grad_atom(t.chain[i], inner, wrt_shape)


def grad_atom(a, upstream: al.Sum, wrt_shape) -> al.Sum:
    if isinstance(a, al.Var) and a.is_diff:
        return al.transpose(upstream) if a.transposed else upstream
    if isinstance(a, al.Group):
        return grad_sum(a.arg, upstream, wrt_shape)
    if isinstance(a, al.ScalarOf) and a.kind == "tr":
        return grad_sum(a.arg, al.mul(upstream, al.atom(al.Eye(a.arg.shape[0]))), wrt_shape)
    if isinstance(a, al.ScalarOf) and a.kind == "sum":
        return grad_sum(a.arg, al.mul(upstream, al.atom(al.Ones(a.arg.shape))), wrt_shape)
    if isinstance(a, al.Had):
        hits = [i for i, (f, _) in enumerate(a.factors) if f.has_diff]
        if len(hits) != 1 or a.factors[hits[0]][1] != 1:
            raise refuse("gradient")
        factors = list(a.factors)
        chosen = factors.pop(hits[0])[0]
        return grad_sum(chosen, al.hadamard(al.had_monomial(factors, a.shape), upstream), wrt_shape)
    if isinstance(a, al.TAtom):
        return grad_atom(a.arg, al.transpose(upstream), wrt_shape)
    if isinstance(a, al.Diag):
        return grad_sum(a.arg, al.atom(al.DiagVec(upstream)) if not al.is_scalar(upstream.shape)
                        else upstream, wrt_shape)
    if isinstance(a, al.DiagVec):
        return grad_sum(a.arg, al.diag(upstream), wrt_shape)
    raise refuse("gradient")


def jacobian(df: al.Sum, wrt_shape) -> al.Sum:
    """J with df = J dx for a column df linear in the column dx."""
    n = wrt_shape[0]
    parts = [jac_term(t, df.shape, wrt_shape) for t in df.terms]
    return al.add(al.zero((df.shape[0], n)), *parts)


def jac_term(t: al.Term, shape, wrt_shape) -> al.Sum:
    scalar_hits = [i for i, (a, _) in enumerate(t.scalars) if a.has_diff]
    chain_hits = [i for i, a in enumerate(t.chain) if a.has_diff]
    if len(scalar_hits) + len(chain_hits) != 1:
        raise refuse("Jacobian")
    if scalar_hits:
        i = scalar_hits[0]
        a, k = t.scalars[i]
        if k != 1:
            raise refuse("Jacobian")
        rest = al.term_sum(al.make_term(t.coef, t.scalars[:i] + t.scalars[i + 1:], t.chain), shape)
        g = grad_atom(a, al.const(1), wrt_shape)
        if not al.is_scalar(rest.shape) and rest.shape[1] != 1:
            raise refuse("Jacobian")
        return al.mul(rest, al.transpose(g))
    i = chain_hits[0]
    scalar = al.term_sum(al.make_term(t.coef, t.scalars, ()))
    left = t.chain[:i]
    right = t.chain[i + 1:]
    a = t.chain[i]
    if right and isinstance(a, al.Diag) and al.chain_shape(right)[1] == 1:
        column = al.chain_product(right)
        inner = al.mul(al.diag(column), jacobian(a.arg, wrt_shape))
    elif right:
        raise refuse("Jacobian")
    else:
        inner = jac_atom(a, wrt_shape)
    if left:
        inner = al.mul(al.chain_product(left), inner)
    return al.mul(scalar, inner)


def jac_atom(a, wrt_shape) -> al.Sum:
    if isinstance(a, al.Var) and a.is_diff and not a.transposed:
        return al.atom(al.Eye(wrt_shape[0]))
    if isinstance(a, al.Group):
        return jacobian(a.arg, wrt_shape)
    if isinstance(a, al.Had):
        hits = [i for i, (f, _) in enumerate(a.factors) if f.has_diff]
        if len(hits) != 1 or a.factors[hits[0]][1] != 1:
            raise refuse("Jacobian")
        factors = list(a.factors)
        chosen = factors.pop(hits[0])[0]
        return al.mul(al.diag(al.had_monomial(factors, a.shape)), jacobian(chosen, wrt_shape))
    raise refuse("Jacobian")


__all__ = ["gradient", "jacobian", "ONE"]

