"""Course notation: numbers, vectors, matrices and expressions as LaTeX, and as plain JSON values.

One formatter serves statements, keys, tables and diagrams, so a number never looks different in
two places. Russian uses the decimal comma (`0{,}25`), English the point. Rounding is half-up on
the exact value (no binary-float surprises: 0.125 -> 0.13 at two places). A value that rounding
changed shows every one of its places, trailing zeros included (0.96398 -> 0.9640 at four places),
so a student who rounds as told writes the same digits; a value that is exact in fewer places
shows as it is (0.5 stays 0.5, 3 stays 3).

Long formulas: `top_level_terms` cuts a formula's LaTeX before each + or - that joins two terms
at the top level (never inside braces, parentheses, brackets, \\left...\\right or environments),
and `answer_tex` returns a `Formula`, a str that also offers those terms as `\\sgterm{...}` runs, so
the key (sheetgen.sty's `\\sgkey`) can measure the one-line form and break before a term when it
does not fit.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import sympy as sp

LANGS = ("ru", "en")


def to_fraction(value) -> Fraction:
    """An exact Fraction for ints, Fractions, sympy Rationals, decimal strings and floats."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError("bool is not a number here")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, str):
        return Fraction(value)
    value = sp.sympify(value)
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    if value.is_Float:
        return Fraction(str(value))
    return Fraction(repr(float(value)))


def rounded(value, places: int) -> Decimal:
    """Half-up rounding of the exact value to `places` decimals, trailing zeros dropped."""
    exact = _exact_decimal(value)
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as ctx:
        ctx.prec = max(60, exact.adjusted() + places + 5)
        result = exact.quantize(quantum, rounding=ROUND_HALF_UP)
        result = result.normalize() if result != 0 else Decimal(0)
        if result == result.to_integral_value():
            result = result.quantize(Decimal(1))
    return result


def _exact_decimal(value) -> Decimal:
    if not isinstance(value, (int, Fraction, str)) and not getattr(value, "is_Rational", False):
        if getattr(value, "is_number", False) and not getattr(value, "is_Float", False):
            with localcontext() as ctx:
                ctx.prec = 40
                return Decimal(str(sp.N(value, 40)))
    frac = to_fraction(value)
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(frac.numerator) / Decimal(frac.denominator)


def num(value, lang: str = "ru", places: int | None = None, frac_macro: str = r"\frac") -> str:
    """A number as LaTeX (math mode content): exact fraction, or decimal when `places` is given.

    Non-rational exact values (e.g. sqrt(2)) without `places` print through sympy.
    """
    if places is None and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if places is None:
        symbolic = sp.sympify(value) if not isinstance(value, (int, Fraction, str)) else None
        if symbolic is not None and not symbolic.is_Rational and not symbolic.is_Float:
            return sp.latex(symbolic)
        if symbolic is not None and symbolic.is_Float:
            return _decimal_tex(Decimal(str(symbolic)).normalize(), lang)
        exact = to_fraction(value)
        if exact.denominator == 1:
            return _minus(exact.numerator < 0) + str(abs(exact.numerator))
        body = rf"{frac_macro}{{{abs(exact.numerator)}}}{{{exact.denominator}}}"
        return _minus(exact < 0) + body
    shown = rounded(value, places)
    if shown == 0 or shown == _exact_decimal(value):
        return _decimal_tex(shown, lang)
    return _fixed_tex(shown, places, lang)


def _fixed_tex(dec: Decimal, places: int, lang: str) -> str:
    text = format(dec, "f")
    whole, _, decimals = text.partition(".")
    text = f"{whole}.{decimals.ljust(places, '0')}"
    return text.replace(".", "{,}") if lang == "ru" else text


def _minus(negative: bool) -> str:
    return "-" if negative else ""


def _decimal_tex(dec: Decimal, lang: str) -> str:
    text = format(dec, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", "{,}") if lang == "ru" else text


def mat(value, lang: str = "ru", places: int | None = None, env: str = "bmatrix") -> str:
    """A matrix (or vector, as a column) as a bmatrix of formatted entries. Fractions are \\dfrac;
    sheetgen.sty pads every \\dfrac inside a matrix, so rows of fractions never touch."""
    rows = [
        " & ".join(num(cell, lang, places, r"\dfrac") for cell in row) for row in _rows(value)
    ]
    return rf"\begin{{{env}}} " + r" \\ ".join(rows) + rf" \end{{{env}}}"


def _rows(value) -> list[list]:
    """Rows of a sympy Matrix, a nested list, or a flat list (a column vector)."""
    if isinstance(value, sp.MatrixBase):
        return value.tolist()
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (list, tuple)):
        return [[cell] for cell in value]
    return [list(row) for row in value]


def tex(expr) -> str:
    """A sympy expression in course notation (X^T for transposes, \\operatorname{tr})."""
    text = sp.latex(expr)
    return text.replace("^{T}", "^T").replace(r"\operatorname{tr}", r"\operatorname{tr}")


ITEM_LETTERS = {"ru": "абвгдежзиклмнопрстуфхцчшэюя", "en": "abcdefghijklmnopqrstuvwxyz"}


def item_label(index: int, lang: str = "ru") -> str:
    """The label of a problem's sub-item: 1 -> `а)` in Russian, `a)` in English (ё and й skipped,
    as Russian lists do). Statements and keys both print it from here."""
    letters = ITEM_LETTERS[lang]
    if not 1 <= index <= len(letters):
        raise ValueError(f"sub-item {index} is out of range 1..{len(letters)}")
    return f"{letters[index - 1]})"


def key_label(answer, lang: str = "ru") -> str:
    """How the key names an answer: its sub-item's letter, then its own label (either may be
    absent), e.g. `б) $\\partial L/\\partial W$`."""
    parts = [item_label(answer.item, lang)] if answer.item is not None else []
    own = answer.label.get(lang, "") if answer.label else ""
    if own:
        parts.append(own)
    return " ".join(parts)


def answer_tex(answer, lang: str = "ru") -> Formula:
    """The LaTeX of one Answer value, by kind (a `Formula`: a str that also knows its terms)."""
    if answer.kind in ("text", "choice"):
        return Formula(str(answer.value))
    if answer.kind == "expression":
        return Formula(tex(answer.value))
    if answer.kind in ("matrix", "vector"):
        return Formula(mat(answer.value, lang, answer.places))
    return Formula(num(answer.value, lang, answer.places))


class Formula(str):
    """A formula's LaTeX, equal to the plain string, that also offers its top-level terms: the
    key template prints `breakable` (`\\sgterm{a}\\sgterm{+ b}...`) for sheetgen.sty to lay out."""

    __slots__ = ()

    @property
    def terms(self) -> list[str]:
        return top_level_terms(self)

    @property
    def breakable(self) -> str:
        return "".join(rf"\sgterm{{{term}}}" for term in self.terms)


OPENERS = {"{", "(", "[", r"\{", r"\langle", r"\lfloor", r"\lceil", r"\lvert", r"\lVert",
           r"\begin", r"\left"}
CLOSERS = {"}", ")", "]", r"\}", r"\rangle", r"\rfloor", r"\rceil", r"\rvert", r"\rVert",
           r"\end", r"\right"}
BARS = {"|", r"\|", r"\vert", r"\Vert"}  # the same sign opens and closes
SPACES = {r"\,", r"\;", r"\:", r"\!", "\\ ", r"\quad", r"\qquad", "~"}
OPERATORS = {"+", "-", "=", "<", ">", ",", ";", ":", "&", "^", "_", "*", "/", r"\\",
             r"\cdot", r"\times", r"\odot", r"\circ", r"\otimes", r"\oplus", r"\pm", r"\mp",
             r"\div", r"\ast", r"\star", r"\setminus", r"\wedge", r"\vee", r"\cap", r"\cup",
             r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\approx", r"\sim",
             r"\simeq", r"\equiv", r"\to", r"\mapsto", r"\in", r"\subset", r"\subseteq",
             r"\propto", r"\colon", r"\Rightarrow", r"\iff"}
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.DOTALL)


def top_level_terms(latex: str) -> list[str]:
    """The formula cut before each top-level binary + or -, e.g. `a + \\left(b - c\\right) - d` ->
    [`a `, `+ \\left(b - c\\right) `, `- d`]; the pieces join back to the formula exactly. A sign
    inside any group, a unary sign, or a formula whose groups do not balance is never a cut."""
    cuts, depth, operand, bars = [], 0, False, set()
    sized = None  # \left or \right, waiting for its delimiter
    for match in TOKEN.finditer(latex):
        token = match.group()
        if token.isspace() or token in SPACES:
            continue
        if sized:  # the delimiter belongs to \left or \right, which counted already
            sized = None
            continue
        if token in BARS:
            depth += -1 if token in bars else 1
            bars ^= {token}
        elif token in OPENERS or token in CLOSERS:
            depth += 1 if token in OPENERS else -1
            sized = token if token in (r"\left", r"\right") else None
        if depth < 0:
            return [latex]
        if depth == 0 and token in ("+", "-") and operand:
            cuts.append(match.start())
        operand = _ends_operand(token)
    if depth != 0 or sized:
        return [latex]
    bounds = [0, *cuts, len(latex)]
    return [latex[start:end] for start, end in zip(bounds, bounds[1:])]


def _ends_operand(token: str) -> bool:
    """Whether a + or - right after this token joins two terms (rather than being a sign)."""
    if token in CLOSERS or token in BARS:
        return True
    return token not in OPENERS and token not in OPERATORS


def plain(value, places: int | None = None):
    """A JSON-ready value: int, float (rounded to `places` when given), nested lists, or str."""
    if isinstance(value, str):
        return value
    if isinstance(value, (sp.MatrixBase, list, tuple)):
        matrix = sp.Matrix(value)
        return [[plain(matrix[i, j], places) for j in range(matrix.cols)] for i in range(matrix.rows)]
    symbolic = sp.sympify(value)
    if not symbolic.is_number:
        return str(symbolic)
    if places is not None:
        dec = rounded(symbolic, places)
        return int(dec) if dec == dec.to_integral_value() else float(dec)
    if symbolic.is_Integer:
        return int(symbolic)
    return float(symbolic)


def exact(value) -> str | list | None:
    """The exact rational form ("-3/4") of a number or matrix, or None when not rational."""
    if isinstance(value, str):
        return None
    if isinstance(value, (sp.MatrixBase, list, tuple)):
        matrix = sp.Matrix(value)
        cells = [[exact(matrix[i, j]) for j in range(matrix.cols)] for i in range(matrix.rows)]
        return None if any(c is None for row in cells for c in row) else cells
    symbolic = sp.sympify(value)
    if symbolic.is_Rational:
        return str(symbolic)
    return None
