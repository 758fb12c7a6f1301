"""Canonical form of matrix expressions and the constructors that keep it canonical.

An expression is a `Sum` of `Term`s; a term is  coef * (product of scalar atoms with rational
powers) * (chain of matrix atoms).  Anything 1×1 is a scalar: 1×1 atoms and 1×1 sub-chains
(e.g. x'Ax) live among the scalar factors, never in the chain.  A scalar added to a matrix is
broadcast: it is stored as  scalar * ones(r,c).  Sums containing several terms appear inside
other atoms as `Group`s; products are never expanded, so textbook factors such as (y - Xw) stay.
Sizes stay bounded: coefficients and exponents have at most MAX_DIGITS digits, and a matrix power
expands into at most MAX_EXPONENT factors (the converter bounds the exponents the user writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from generator.errors import SheetgenError

ONE = Fraction(1)
SCALAR = (1, 1)
MAX_DIGITS = 300
MAX_EXPONENT = 100
DIGITS_LIMIT = 10 ** MAX_DIGITS


class InternalError(SheetgenError):
    """An inconsistency inside the engine (reported, never printed as an answer)."""


@dataclass(frozen=True, eq=False)
class Sum:
    """Terms are distinct, so equality ignores their (printing) order."""

    terms: tuple
    shape: tuple

    def __eq__(self, other):
        return isinstance(other, Sum) and self.shape == other.shape and \
            frozenset(self.terms) == frozenset(other.terms)

    def __hash__(self):
        return hash((frozenset(self.terms), self.shape))

    @cached_property
    def has_diff(self) -> bool:
        return any(t.has_diff for t in self.terms)


@dataclass(frozen=True)
class Term:
    coef: Fraction
    scalars: tuple  # ((atom, Fraction exponent), ...) sorted
    chain: tuple  # (atom, ...) of non-1×1 atoms

    @cached_property
    def has_diff(self) -> bool:
        return any(a.has_diff for a, _ in self.scalars) or any(a.has_diff for a in self.chain)

    @property
    def shape(self):
        return chain_shape(self.chain)


class Atom:
    """Base of all atoms; subclasses are frozen dataclasses with a `shape`."""

    @cached_property
    def has_diff(self) -> bool:
        return any(s.has_diff for s in self.parts())

    def parts(self) -> tuple:
        return ()


@dataclass(frozen=True)
class Var(Atom):
    name: str
    shape: tuple
    transposed: bool = False
    is_diff: bool = False

    @cached_property
    def has_diff(self) -> bool:
        return self.is_diff


@dataclass(frozen=True)
class Eye(Atom):
    n: object

    @property
    def shape(self):
        return (self.n, self.n)


@dataclass(frozen=True)
class Ones(Atom):
    shape: tuple


class Wrap(Atom):
    """An atom around one Sum."""

    def parts(self):
        return (self.arg,)


@dataclass(frozen=True)
class Group(Wrap):
    arg: Sum

    @property
    def shape(self):
        return self.arg.shape


@dataclass(frozen=True)
class Inv(Wrap):
    arg: Sum

    @property
    def shape(self):
        return self.arg.shape


@dataclass(frozen=True)
class Func(Wrap):
    name: str
    arg: Sum

    @property
    def shape(self):
        return self.arg.shape


@dataclass(frozen=True)
class Diag(Wrap):
    """diag(v): the square matrix with the column v on its diagonal."""

    arg: Sum

    @property
    def shape(self):
        return (self.arg.shape[0], self.arg.shape[0])


@dataclass(frozen=True)
class DiagVec(Wrap):
    """diag(M): the diagonal of a square matrix as a column."""

    arg: Sum

    @property
    def shape(self):
        return (self.arg.shape[0], 1)


@dataclass(frozen=True)
class ScalarOf(Wrap):
    """A scalar function of a matrix: kind is 'det', 'tr', 'sum' or 'norm2'."""

    kind: str
    arg: Sum
    shape: tuple = SCALAR


@dataclass(frozen=True)
class Pow(Atom):
    """base ^ exponent for a non-numeric scalar exponent."""

    base: Sum
    exponent: Sum
    shape: tuple = SCALAR

    def parts(self):
        return (self.base, self.exponent)


@dataclass(frozen=True)
class Had(Atom):
    """Elementwise monomial: product of factors (Sums) raised to rational powers."""

    factors: tuple  # ((Sum, Fraction), ...)
    shape: tuple

    def parts(self):
        return tuple(f for f, _ in self.factors)


@dataclass(frozen=True)
class TAtom(Atom):
    """Transpose of an atom that cannot push the transpose inside."""

    arg: Atom

    @property
    def shape(self):
        return (self.arg.shape[1], self.arg.shape[0])

    def parts(self):
        return (self.arg,)


# ---------------------------------------------------------------- basic helpers

def chain_shape(chain) -> tuple:
    return (chain[0].shape[0], chain[-1].shape[1]) if chain else SCALAR


def is_scalar(shape) -> bool:
    return tuple(shape) == SCALAR


def zero(shape) -> Sum:
    return Sum((), tuple(shape))


def is_zero(s: Sum) -> bool:
    return not s.terms


def bounded(value) -> Fraction:
    """value as a Fraction; SheetgenError when its numerator or denominator has over MAX_DIGITS digits."""
    value = Fraction(value)
    if max(abs(value.numerator), value.denominator) >= DIGITS_LIMIT:
        raise too_many_digits()
    return value


def too_many_digits() -> SheetgenError:
    return SheetgenError(f"a number in the computation exceeds {MAX_DIGITS} digits (the limit)")


def const(value) -> Sum:
    value = bounded(value)
    return Sum((Term(value, (), ()),), SCALAR) if value else zero(SCALAR)


def const_value(s: Sum):
    """The number a constant scalar Sum stands for, else None."""
    if not s.terms:
        return Fraction(0) if is_scalar(s.shape) else None
    if len(s.terms) == 1 and not s.terms[0].scalars and not s.terms[0].chain:
        return s.terms[0].coef
    return None


def atom(a: Atom) -> Sum:
    if is_scalar(a.shape):
        return Sum((Term(ONE, ((a, ONE),), ()),), SCALAR)
    return Sum((Term(ONE, (), (a,)),), tuple(a.shape))


def sort_key(a) -> str:
    from generator.matcalc.printing import atom_text
    return atom_text(a)


def single(s: Sum, shape=None) -> Term:
    """The Sum as one term: multi-term sums become a Group atom."""
    if len(s.terms) == 1:
        return s.terms[0]
    group = Group(s)
    return Term(ONE, ((group, ONE),), ()) if is_scalar(s.shape) else Term(ONE, (), (group,))


# ---------------------------------------------------------------- terms

def make_term(coef, scalars, chain) -> Term | None:
    """Canonical term: merged scalar powers, identities dropped, 1×1 sub-chains made scalars."""
    if not coef:
        return None
    chain = list(chain)
    extra = []
    chain = cancel_inverses([a for a in chain if not isinstance(a, Eye)] or chain[:1])
    chain, pulled = extract_scalar_chains(chain)
    extra.extend((a, ONE) for a in pulled)
    powers: dict = {}
    for a, k in list(scalars) + extra:
        if isinstance(a, Sum):
            raise InternalError("internal: Sum among scalar factors")
        powers[a] = powers.get(a, 0) + k
    merged = tuple(sorted(((a, bounded(k)) for a, k in powers.items() if k), key=lambda p: sort_key(p[0])))
    return Term(bounded(coef), merged, tuple(chain))


def cancel_inverses(chain: list) -> list:
    out: list = []
    for a in chain:
        if out and (is_inverse_of(out[-1], a) or is_inverse_of(a, out[-1])):
            n = a.shape[1]
            out.pop()
            out.append(Eye(n))
            continue
        out.append(a)
    kept = [a for a in out if not isinstance(a, Eye)]
    return kept or out[:1]


def is_inverse_of(inv, a) -> bool:
    return (isinstance(inv, Inv) and len(inv.arg.terms) == 1 and inv.arg.terms[0].coef == 1
            and not inv.arg.terms[0].scalars and inv.arg.terms[0].chain == (a,))


def extract_scalar_chains(chain: list):
    """Pull 1×1 sub-chains (a row ... a column) out of a chain as scalar atoms."""
    pulled = []
    i = 0
    while i < len(chain):
        if chain[i].shape[0] == 1:
            for j in range(i, len(chain)):
                if chain[j].shape[1] == 1:
                    pulled.append(scalar_chain_atom(tuple(chain[i:j + 1])))
                    del chain[i:j + 1]
                    break
            else:
                i += 1
            continue
        i += 1
    return chain, pulled


def scalar_chain_atom(chain: tuple) -> Atom:
    """A 1×1 chain as a scalar atom, in the orientation with fewer transposes (x'Ax, a'x)."""
    flipped = tuple(transpose_atom(a) for a in reversed(chain))
    best = min(chain, flipped, key=orientation_key)
    return Group(Sum((Term(ONE, (), best),), SCALAR))


def orientation_key(chain) -> tuple:
    diff_transposed = any(isinstance(a, Var) and a.is_diff and a.transposed for a in chain)
    diff_first = bool(chain) and chain[0].has_diff and not chain[-1].has_diff
    text = "*".join(sort_key(a) for a in chain)
    return (diff_transposed, diff_first, text.count("'"), text)


def term_sum(t: Term | None, shape=None) -> Sum:
    if t is None:
        return zero(shape or SCALAR)
    return make_sum([t], shape or t.shape)


def make_sum(terms, shape) -> Sum:
    """Collect like terms; a scalar term in a matrix-shaped sum is broadcast (times ones)."""
    shape = tuple(shape)
    coefs: dict = {}
    for t in terms:
        if t is None:
            continue
        if t.shape != shape:
            if t.shape != SCALAR:
                raise InternalError(f"internal: term of shape {t.shape} in a sum of shape {shape}")
            t = Term(t.coef, t.scalars, (Ones(shape),))
        key = (t.scalars, t.chain)
        coefs[key] = coefs.get(key, 0) + t.coef
    return Sum(tuple(Term(bounded(c), s, ch) for (s, ch), c in coefs.items() if c), shape)


# ---------------------------------------------------------------- arithmetic

def add(*sums: Sum) -> Sum:
    shapes = {s.shape for s in sums if not is_scalar(s.shape)}
    if len(shapes) > 1:
        raise InternalError(f"internal: adding shapes {shapes}")
    shape = shapes.pop() if shapes else SCALAR
    return make_sum([t for s in sums for t in s.terms], shape)


def scale(s: Sum, c) -> Sum:
    return make_sum([Term(t.coef * Fraction(c), t.scalars, t.chain) for t in s.terms], s.shape)


def neg(s: Sum) -> Sum:
    return scale(s, -1)


def sub(a: Sum, b: Sum) -> Sum:
    return add(a, neg(b))


def mul(a: Sum, b: Sum) -> Sum:
    """Matrix product, or scaling when one side is 1×1."""
    if is_zero(a) or is_zero(b):
        return zero(product_shape(a.shape, b.shape))
    if is_scalar(a.shape) or is_scalar(b.shape):
        factor, other = (a, b) if is_scalar(a.shape) else (b, a)
        if is_scalar(other.shape) and len(factor.terms) > 1 and (len(other.terms) == 1 or factor.has_diff):
            factor, other = other, factor
        f = single(factor)
        return make_sum([make_term(f.coef * t.coef, f.scalars + t.scalars, t.chain)
                         for t in other.terms], other.shape)
    if a.shape[1] != b.shape[0]:
        raise InternalError(f"internal: product of {a.shape} and {b.shape}")
    ta, tb = single(a), single(b)
    shape = (a.shape[0], b.shape[1])
    return term_sum(make_term(ta.coef * tb.coef, ta.scalars + tb.scalars, ta.chain + tb.chain), shape)


def product_shape(left, right):
    if is_scalar(left):
        return right
    if is_scalar(right):
        return left
    return (left[0], right[1])


def chain_product(chain, shape=None) -> Sum:
    return term_sum(make_term(ONE, (), chain), shape or chain_shape(chain))


def transpose(s: Sum) -> Sum:
    shape = (s.shape[1], s.shape[0])
    return make_sum([make_term(t.coef, t.scalars, tuple(transpose_atom(a) for a in reversed(t.chain)))
                     for t in s.terms], shape)


def transpose_atom(a: Atom) -> Atom:
    if isinstance(a, Var):
        return Var(a.name, (a.shape[1], a.shape[0]), not a.transposed, a.is_diff)
    if isinstance(a, (Eye, Diag)) or is_scalar(a.shape):
        return a
    if isinstance(a, Ones):
        return Ones((a.shape[1], a.shape[0]))
    if isinstance(a, Group):
        return Group(transpose(a.arg))
    if isinstance(a, Inv):
        return Inv(transpose(a.arg))
    if isinstance(a, Func):
        return Func(a.name, transpose(a.arg))
    if isinstance(a, Had):
        return Had(tuple((transpose(f), k) for f, k in a.factors), (a.shape[1], a.shape[0]))
    if isinstance(a, TAtom):
        return a.arg
    return TAtom(a)


# ---------------------------------------------------------------- powers

def power(s: Sum, exponent: Fraction) -> Sum:
    """s ^ exponent for a scalar s and a rational exponent."""
    exponent = Fraction(exponent)
    if exponent == 1:
        return s
    if exponent == 0:
        return const(1)
    if is_zero(s):
        if exponent < 0:
            raise SheetgenError("division by zero")
        return s
    if len(s.terms) == 1:
        t = s.terms[0]
        if exponent.denominator == 1:
            coef = bounded_power(t.coef, int(exponent))
            return term_sum(make_term(coef, [(a, k * exponent) for a, k in t.scalars], ()))
        if t.coef == 1 and len(t.scalars) == 1 and t.scalars[0][1] == 1:
            return term_sum(make_term(ONE, [(t.scalars[0][0], exponent)], ()))
        root = exact_root(t.coef, exponent)
        if root is not None and not t.scalars:
            return const(root)
    return term_sum(make_term(ONE, [(Group(s), exponent)], ()))


def bounded_power(value: Fraction, k: int) -> Fraction:
    """value ** k, refused before computing it when the result would exceed MAX_DIGITS digits."""
    size = max(abs(value.numerator), value.denominator).bit_length()
    if (size - 1) * abs(k) >= DIGITS_LIMIT.bit_length():
        raise too_many_digits()
    return bounded(value ** k)


def exact_root(value: Fraction, exponent: Fraction):
    if value <= 0:
        return None
    num = round(float(value.numerator) ** float(exponent))
    den = round(float(value.denominator) ** float(exponent))
    if num and den and Fraction(num, den) ** exponent.denominator == value ** exponent.numerator:
        return Fraction(num, den)
    return None


def scalar_pow(base: Sum, exponent: Sum) -> Sum:
    value = const_value(exponent)
    if value is not None:
        return power(base, value)
    return atom(Pow(base, exponent))


def matrix_power(s: Sum, k: int) -> Sum:
    if is_scalar(s.shape):
        return power(s, Fraction(k))
    if k < 0:
        return matrix_power(inverse(s), -k)
    factors = k * len(single(s).chain)
    if factors > MAX_EXPONENT:
        raise SheetgenError(f"a matrix power expands into {factors} matrix factors: at most {MAX_EXPONENT}")
    result = atom(Eye(s.shape[0]))
    for _ in range(k):
        result = mul(result, s)
    return result


# ---------------------------------------------------------------- elementwise

def had_factors(s: Sum):
    """(coef, scalars, [(factor Sum, power)]) of an elementwise factor."""
    if len(s.terms) != 1:
        return ONE, (), [(s, ONE)]
    t = s.terms[0]
    chain = t.chain
    if len(chain) == 1 and isinstance(chain[0], Had):
        return t.coef, t.scalars, list(chain[0].factors)
    if len(chain) == 1 and isinstance(chain[0], Ones):
        return t.coef, t.scalars, []
    return t.coef, t.scalars, [(term_sum(Term(ONE, (), chain)), ONE)]


def had_monomial(factors, shape) -> Sum:
    powers: dict = {}
    for f, k in factors:
        powers[f] = powers.get(f, 0) + k
    items = tuple(sorted(((f, Fraction(k)) for f, k in powers.items() if k),
                         key=lambda p: (p[0].has_diff, sum_key(p[0]))))
    if not items:
        return atom(Ones(shape))
    if len(items) == 1 and items[0][1] == 1:
        return items[0][0]
    return atom(Had(items, tuple(shape)))


def sum_key(s: Sum) -> str:
    from generator.matcalc.printing import text
    return text(s)


def hadamard(a: Sum, b: Sum) -> Sum:
    if is_scalar(a.shape) or is_scalar(b.shape):
        return mul(a, b)
    if a.shape != b.shape:
        raise InternalError(f"internal: elementwise product of {a.shape} and {b.shape}")
    if is_zero(a) or is_zero(b):
        return zero(a.shape)
    ca, sa, fa = had_factors(a)
    cb, sb, fb = had_factors(b)
    scalar = term_sum(make_term(ca * cb, sa + sb, ()))
    return mul(scalar, had_monomial(fa + fb, a.shape))


def elementwise_power(s: Sum, exponent: Fraction) -> Sum:
    if is_scalar(s.shape):
        return power(s, exponent)
    exponent = Fraction(exponent)
    if exponent == 1:
        return s
    if is_zero(s):
        if exponent < 0:
            raise SheetgenError("elementwise division by zero")
        return s
    coef, scalars, factors = had_factors(s)
    simple = coef == 1 and not scalars and len(factors) == 1 and factors[0][1] == 1
    if exponent.denominator != 1 and not simple:
        wrapped = term_sum(Term(ONE, (), (Group(s),)))
        return had_monomial([(wrapped, exponent)], s.shape)
    scalar = power(term_sum(make_term(coef, scalars, ())), exponent)
    return mul(scalar, had_monomial([(f, k * exponent) for f, k in factors], s.shape))


def elementwise_divide(a: Sum, b: Sum) -> Sum:
    return hadamard(a, elementwise_power(b, Fraction(-1)))


def func(name: str, s: Sum) -> Sum:
    if name == "sqrt":
        return elementwise_power(s, Fraction(1, 2))
    inner = s.terms[0].chain if len(s.terms) == 1 and s.terms[0].coef == 1 and not s.terms[0].scalars else ()
    only = s.terms[0].scalars if len(s.terms) == 1 and s.terms[0].coef == 1 and not s.terms[0].chain else ()
    wrapped = inner[0] if len(inner) == 1 else (only[0][0] if len(only) == 1 and only[0][1] == 1 else None)
    if name == "log" and isinstance(wrapped, Func) and wrapped.name == "exp":
        return wrapped.arg
    if name == "exp" and isinstance(wrapped, Func) and wrapped.name == "log":
        return wrapped.arg
    value = const_value(s)
    if value == 0 and name in ("exp", "cos"):
        return const(1)
    if value == 1 and name == "log":
        return const(0)
    if value == 0 and name in ("sin", "tanh"):
        return const(0)
    return atom(Func(name, s))


# ---------------------------------------------------------------- square-matrix functions

def inverse(s: Sum) -> Sum:
    if is_scalar(s.shape):
        return power(s, Fraction(-1))
    if is_zero(s):
        raise SheetgenError("inverse of a zero matrix")
    if len(s.terms) != 1:
        return atom(Inv(s))
    t = s.terms[0]
    scalar = power(term_sum(make_term(t.coef, t.scalars, ())), Fraction(-1))
    chain = t.chain
    if len(chain) == 1 and isinstance(chain[0], Inv):
        core = chain[0].arg
    elif len(chain) == 1 and isinstance(chain[0], Eye):
        core = atom(chain[0])
    else:
        core = atom(Inv(chain_product(chain)))
    return mul(scalar, core)


def determinant(s: Sum) -> Sum:
    if is_scalar(s.shape):
        return s
    n = s.shape[0]
    if len(s.terms) == 1:
        t = s.terms[0]
        chain = t.chain
        if isinstance(n, int) or (t.coef == 1 and not t.scalars):
            scalar = power(term_sum(make_term(t.coef, t.scalars, ())), Fraction(n)) if isinstance(n, int) \
                else const(1)
            if len(chain) == 1 and isinstance(chain[0], Eye):
                return scalar
            if len(chain) == 1 and isinstance(chain[0], Inv):
                return mul(scalar, power(determinant(chain[0].arg), Fraction(-1)))
            if len(chain) == 1 and isinstance(chain[0], Var) and chain[0].transposed:
                chain = (transpose_atom(chain[0]),)
            return mul(scalar, atom(ScalarOf("det", chain_product(chain))))
    return atom(ScalarOf("det", s))


def trace(s: Sum) -> Sum:
    if is_scalar(s.shape):
        return s
    parts = []
    for t in s.terms:
        for expanded in expand_diff_groups(t):
            scalar = term_sum(make_term(expanded.coef, expanded.scalars, ()))
            parts.append(mul(scalar, trace_chain(expanded.chain)))
    return add(const(0), *parts)


def expand_diff_groups(t: Term) -> list:
    """Distribute the chain over a Group that contains the differential (one level, recursively)."""
    for i, a in enumerate(t.chain):
        if isinstance(a, Group) and a.has_diff:
            out = []
            for inner in a.arg.terms:
                new = make_term(t.coef * inner.coef, t.scalars + inner.scalars,
                                t.chain[:i] + inner.chain + t.chain[i + 1:])
                if new is not None and new.shape == t.shape:
                    out.extend(expand_diff_groups(new))
                elif new is not None:
                    return [t]
            return out
    return [t]


def trace_chain(chain: tuple) -> Sum:
    if len(chain) == 1 and isinstance(chain[0], Eye):
        n = chain[0].n
        return const(n) if isinstance(n, int) else atom(ScalarOf("tr", atom(chain[0])))
    if len(chain) == 1 and isinstance(chain[0], Group):
        return trace(chain[0].arg)
    for k in range(len(chain)):
        if chain[k].shape[0] == 1 and chain[k - 1].shape[1] == 1:
            return chain_product(chain[k:] + chain[:k])
    diff = [i for i, a in enumerate(chain) if isinstance(a, Var) and a.is_diff]
    if diff:
        i = diff[0]
        chain = chain[i + 1:] + chain[:i + 1]
        if chain[-1].transposed:
            chain = tuple(transpose_atom(a) for a in reversed(chain))
            chain = chain[1:] + chain[:1]
    return atom(ScalarOf("tr", chain_product(chain)))


def sum_all(s: Sum) -> Sum:
    if is_scalar(s.shape):
        return s
    parts = []
    for t in s.terms:
        scalar = term_sum(make_term(t.coef, t.scalars, ()))
        parts.append(mul(scalar, sum_chain(t.chain, s.shape)))
    return add(const(0), *parts)


def sum_chain(chain: tuple, shape) -> Sum:
    if len(chain) == 1 and isinstance(chain[0], Had):
        return inner_product_of(chain[0])
    if len(chain) == 1 and isinstance(chain[0], Ones) and all(isinstance(d, int) for d in shape):
        return const(shape[0] * shape[1])
    if len(chain) == 1 and isinstance(chain[0], Group):
        return sum_all(chain[0].arg)
    return atom(ScalarOf("sum", chain_product(chain)))


def inner_product_of(h: Had) -> Sum:
    """sum(a .* b) as a'b (vectors) or tr(a'b) (matrices)."""
    factors = list(h.factors)
    linear = [i for i, (f, k) in enumerate(factors) if k == 1]
    if not linear:
        return atom(ScalarOf("sum", atom(h)))
    with_diff = [i for i in linear if factors[i][0].has_diff]
    pick = with_diff[0] if with_diff else linear[-1]
    chosen = factors.pop(pick)[0]
    rest = had_monomial(factors, h.shape)
    return inner(rest, chosen)


def inner(a: Sum, b: Sum) -> Sum:
    """<a, b> = sum of a .* b, written as a'b, ab' or tr(a'b)."""
    if is_scalar(a.shape):
        return mul(a, b)
    if a.shape[1] == 1:
        return mul(transpose(a), b)
    if a.shape[0] == 1:
        return mul(b, transpose(a))
    return trace(mul(transpose(a), b))


def norm2(s: Sum) -> Sum:
    if len(s.terms) == 1 and s.terms[0].coef != 1:
        t = s.terms[0]
        return scale(norm2(term_sum(Term(ONE, t.scalars, t.chain), s.shape)), abs(t.coef))
    return atom(ScalarOf("norm2", s))


def diag(s: Sum) -> Sum:
    if s.shape[1] == 1:
        return atom(Diag(s))
    return atom(DiagVec(s))
