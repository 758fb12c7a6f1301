"""The intermediate lines of M1's worked solutions: for every pool entry, the auxiliary scalars (or
vectors) it is built from and the differential lines that lead to the engine's df, written once in
the calculator syntax with role placeholders and printed as LaTeX exactly as written.

A pool entry's STEPS hold
  aux:   (placeholder, expression) pairs, e.g. ("u", "{x}'*{A}*{x}"): u = x^T A x;
  outer: f in terms of the aux names (e.g. "ln({u})"), or None when f is used as it is;
  lines: placeholder -> the forms of its differential after `d<name> =` ("d{x}" is dx), in order;
         "f" lists the forms of df before the engine's df ("pre") and "f+" those after it ("post").
The matrix calculus engine gives the final df and the gradient; these lines only show the way. The
tests evaluate every form numerically against the engine's differential, so a typo cannot pass.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from generator.matcalc.parser import Node, parse

STEPS = {
    "sq": {"lines": {"f": ["d{x}'*{x} + {x}'*d{x}"]}},
    "lin": {"lines": {}},
    "quad": {"lines": {"f": ["d{x}'*{A}*{x} + {x}'*{A}*d{x}", "{x}'*{A}'*d{x} + {x}'*{A}*d{x}"]}},
    "bil": {"lines": {}},
    "quadlin": {"lines": {"f": ["d{x}'*{A}*{x} + {x}'*{A}*d{x} + {b}'*d{x}"]}},
    "lsq": {"aux": [("u", "{A}*{x} - {b}")], "outer": "{u}'*{u}",
            "lines": {"u": ["{A}*d{x}"],
                      "f": ["d{u}'*{u} + {u}'*d{u}", "2*{u}'*d{u}", "2*({A}*{x} - {b})'*{A}*d{x}"]}},
    "sq2": {"aux": [("u", "{x}'*{x}")], "outer": "{u}^2",
            "lines": {"u": ["d{x}'*{x} + {x}'*d{x}", "2*{x}'*d{x}"], "f": ["2*{u}*d{u}"]}},
    "linsq": {"aux": [("u", "{a}'*{x}")], "outer": "{u}^2",
              "lines": {"u": ["{a}'*d{x}"], "f": ["2*{u}*d{u}"]}},
    "cubic": {"aux": [("u", "{a}'*{x}"), ("v", "{x}'*{x}")], "outer": "{u}*{v}",
              "lines": {"u": ["{a}'*d{x}"], "v": ["d{x}'*{x} + {x}'*d{x}", "2*{x}'*d{x}"],
                        "f": ["d{u}*{v} + {u}*d{v}"]}},
    "lnlin": {"aux": [("u", "{a}'*{x}")], "outer": "ln({u})",
              "lines": {"u": ["{a}'*d{x}"], "f": ["d{u}/{u}"]}},
    "lnquad": {"aux": [("u", "{x}'*{A}*{x}")], "outer": "ln({u})",
               "lines": {"u": ["d{x}'*{A}*{x} + {x}'*{A}*d{x}", "{x}'*({A} + {A}')*d{x}"],
                         "f": ["d{u}/{u}"]}},
    "rayleigh": {"aux": [("u", "{x}'*{A}*{x}"), ("v", "{x}'*{x}")], "outer": "{u}/{v}",
                 "lines": {"u": ["d{x}'*{A}*{x} + {x}'*{A}*d{x}", "{x}'*({A} + {A}')*d{x}"],
                           "v": ["d{x}'*{x} + {x}'*d{x}", "2*{x}'*d{x}"],
                           "f": ["d{u}/{v} - {u}*d{v}/{v}^2",
                                 "({x}'*({A} + {A}')*d{x})/({x}'*{x}) - 2*({x}'*{A}*{x})*({x}'*d{x})/({x}'*{x})^2"]}},
    "bilA": {"lines": {"f+": ["tr({b}'*d{A}*{x})", "tr({x}*{b}'*d{A})"]}},
    "quadA": {"lines": {"f+": ["tr({x}'*d{A}*{x})", "tr({x}*{x}'*d{A})"]}},
    "aXb": {"lines": {"f+": ["tr({a}'*d{X}*{b})", "tr({b}*{a}'*d{X})"]}},
    "aXXa": {"lines": {"f": ["{a}'*d{X}'*{X}*{a} + {a}'*{X}'*d{X}*{a}"],
                       "f+": ["tr(2*{a}*{a}'*{X}'*d{X})"]}},
    "aXAXa": {"lines": {"f": ["{a}'*d{X}*{A}*{X}*{a} + {a}'*{X}*{A}*d{X}*{a}"],
                        "f+": ["tr({A}*{X}*{a}*{a}'*d{X}) + tr({a}*{a}'*{X}*{A}*d{X})"]}},
    "trXAX": {"lines": {"f": ["tr(d{X}'*{A}*{X}) + tr({X}'*{A}*d{X})"],
                        "f+": ["tr({X}'*({A} + {A}')*d{X})"]}},
    "xxx": {"aux": [("u", "{x}'*{x}")], "outer": "{u}*{x}",
            "lines": {"u": ["d{x}'*{x} + {x}'*d{x}", "2*{x}'*d{x}"], "f": ["d{u}*{x} + {u}*d{x}"],
                      "f+": ["2*{x}*{x}'*d{x} + ({x}'*{x})*d{x}"]}},
    "axx": {"aux": [("u", "{a}'*{x}")], "outer": "{u}*{x}",
            "lines": {"u": ["{a}'*d{x}"], "f": ["d{u}*{x} + {u}*d{x}"],
                      "f+": ["{x}*{a}'*d{x} + ({a}'*{x})*d{x}"]}},
    "xAxx": {"aux": [("u", "{x}'*{A}*{x}")], "outer": "{u}*{x}",
             "lines": {"u": ["d{x}'*{A}*{x} + {x}'*{A}*d{x}", "{x}'*({A} + {A}')*d{x}"],
                       "f": ["d{u}*{x} + {u}*d{x}"],
                       "f+": ["{x}*{x}'*({A} + {A}')*d{x} + ({x}'*{A}*{x})*d{x}"]}},
    "xxAx": {"aux": [("u", "{x}'*{x}")], "outer": "{u}*{A}*{x}",
             "lines": {"u": ["d{x}'*{x} + {x}'*d{x}", "2*{x}'*d{x}"],
                       "f": ["d{u}*{A}*{x} + {u}*{A}*d{x}"],
                       "f+": ["2*{A}*{x}*{x}'*d{x} + ({x}'*{x})*{A}*d{x}"]}},
}
# Names for the auxiliary quantities: u, v unless the variant's constants are called so.
AUX_NAMES = (("u", "v"), ("s", "t"))
ROW_WIDTH = 46  # rough printed width (characters) of one row of the aligned display


def aux_names(letters: dict) -> dict:
    """Placeholder -> letter for the auxiliary quantities, avoiding the variant's own letters."""
    for pair in AUX_NAMES:
        if not set(pair) & set(letters.values()):
            return dict(zip(("u", "v"), pair, strict=True))
    raise ValueError(f"no free names for the auxiliary quantities among {AUX_NAMES}")


def rename(template: str, names: dict) -> str:
    return re.sub(r"\{(\w)\}", lambda m: names[m.group(1)], template)


def item_steps(item_id: str, letters: dict) -> dict:
    """The steps of one pool entry in the variant's letters, in calculator syntax:
    aux [(name, expr)], outer (or None), lines [(lhs name, [forms])] with "f" last, post [forms]."""
    spec = STEPS[item_id]
    names = {**letters, **aux_names(letters)}
    aux = [(names[p], rename(expr, names)) for p, expr in spec.get("aux", [])]
    lines = [(names[p], [rename(form, names) for form in spec["lines"].get(p, [])])
             for p, _ in spec.get("aux", [])]
    pre = [rename(form, names) for form in spec["lines"].get("f", [])]
    post = [rename(form, names) for form in spec["lines"].get("f+", [])]
    outer = rename(spec["outer"], names) if "outer" in spec else None
    return {"aux": aux, "outer": outer, "lines": lines, "pre": pre, "post": post}


def display_rows(steps: dict, function: str, df_latex: str, readoff_latex: str) -> list[tuple[str, str]]:
    """The rows (left side, right side) of the aligned display: each aux differential, then df from
    d(f) through the engine's df to the form the answer is read off; long chains wrap onto rows
    of their own."""
    rows = [(f"d{name}", [calc_latex(form) for form in forms]) for name, forms in steps["lines"]]
    start = r"d" + wrapped(steps["outer"] or function)
    chain = [start] + [calc_latex(form) for form in steps["pre"]] + [df_latex]
    chain += [calc_latex(form) for form in steps["post"]] + [readoff_latex]
    rows.append(("df", _dedupe(chain)))
    return [row for lhs, forms in rows for row in wrap_row(lhs, forms)]


def _dedupe(forms: list[str]) -> list[str]:
    out = []
    for form in forms:
        if not out or _squash(out[-1]) != _squash(form):
            out.append(form)
    return out


def _squash(tex: str) -> str:
    return re.sub(r"\s+", "", tex)


def wrap_row(lhs: str, forms: list[str]) -> list[tuple[str, str]]:
    """`lhs = f1 = f2 = ...` as rows of at most ROW_WIDTH printed characters (a form never split)."""
    rows, current, width = [], [], 0
    for form in forms:
        size = printed_width(form) + 3
        if current and width + size > ROW_WIDTH:
            rows.append(" = ".join(current))
            current, width = [], 0
        current.append(form)
        width += size
    rows.append(" = ".join(current))
    return [(lhs if i == 0 else "", row) for i, row in enumerate(rows)]


def printed_width(tex: str) -> int:
    """A rough count of the glyphs a LaTeX formula prints (a fraction counts its wider part)."""
    tex = re.sub(r"\\frac\{((?:[^{}]|\{[^{}]*\})*)\}\{((?:[^{}]|\{[^{}]*\})*)\}",
                 lambda m: "x" * max(printed_width(m.group(1)), printed_width(m.group(2))), tex)
    tex = re.sub(r"\\operatorname\{tr\}", "tr", tex)
    tex = re.sub(r"\\(left|right|bigl|bigr|Bigl|Bigr)", "", tex)
    tex = re.sub(r"\\[,;!]", "", tex)
    tex = re.sub(r"\\[A-Za-z]+", "x", tex)
    tex = re.sub(r"[{}\s^_]", "", tex)
    return len(tex)


def wrapped(expr: str) -> str:
    """The LaTeX of expr as an operand of d: `d\\ln u`, `d\\operatorname{tr}(...)`, `d\\frac{u}{v}`,
    `d(x^T A x)`."""
    tree = parse(expr)
    body = calc_latex(expr)
    if tree.op in ("call", "div"):
        return body
    return rf"\left({body}\right)"


@lru_cache(maxsize=4096)
def calc_latex(expr: str) -> str:
    """A calculator-syntax expression printed as written: the parentheses of the source stay,
    transposes are ^T, a / b is a fraction, eye(n) is I, ln/tr/det/inv in course notation."""
    return _Printer(expr).node(parse(expr))


class _Printer:
    def __init__(self, source: str):
        self.source = source

    def explicit_parens(self, node: Node) -> bool:
        """True when the source wraps exactly this node in parentheses."""
        if node.op == "call" or self.source[node.start:node.start + 1] != "(":
            return False
        depth = 0
        for i in range(node.start, node.end):
            depth += {"(": 1, ")": -1}.get(self.source[i], 0)
            if depth == 0:
                return i == node.end - 1
        return False

    def node(self, node: Node, bare: bool = False) -> str:
        body = getattr(self, "op_" + node.op)(node)
        if self.explicit_parens(node) and not bare:
            return rf"\left({body}\right)"
        return body

    def op_num(self, node: Node) -> str:
        value = Fraction(node.value)
        return str(value) if value.denominator == 1 else rf"\frac{{{value.numerator}}}{{{value.denominator}}}"

    def op_name(self, node: Node) -> str:
        return node.value

    def op_eye(self, node: Node) -> str:
        return "I"

    def op_T(self, node: Node) -> str:
        return self.node(node.args[0]) + "^T"

    def op_neg(self, node: Node) -> str:
        return "-" + self.node(node.args[0])

    def op_add(self, node: Node) -> str:
        return f"{self.node(node.args[0])} + {self.node(node.args[1])}"

    def op_sub(self, node: Node) -> str:
        return f"{self.node(node.args[0])} - {self.node(node.args[1])}"

    def op_mul(self, node: Node) -> str:
        left, right = self.node(node.args[0]), self.node(node.args[1])
        differential = re.search(r"(^|[\s,])d[A-Za-z](\^T)?$", left) or re.match(r"d[A-Za-z]\b", right)
        space = r"\," if differential else " "  # du\,v and u\,dv, not duv and udv
        return f"{left}{space}{right}"

    def op_div(self, node: Node) -> str:
        return rf"\frac{{{self.node(node.args[0], bare=True)}}}{{{self.node(node.args[1], bare=True)}}}"

    def op_pow(self, node: Node) -> str:
        return f"{self.node(node.args[0])}^{{{self.node(node.args[1], bare=True)}}}"

    def op_call(self, node: Node) -> str:
        arg = node.args[0]
        inner = self.node(arg, bare=True)
        if node.value == "inv":
            return rf"{inner}^{{-1}}" if arg.op == "name" else rf"\left({inner}\right)^{{-1}}"
        name = {"log": r"\ln", "tr": r"\operatorname{tr}", "det": r"\det"}.get(node.value, node.value)
        if node.value == "log" and arg.op == "name":
            return rf"{name} {inner}"
        return rf"{name}\left({inner}\right)"


def calc_value(expr: str, values: dict):
    """The exact value of a calculator-syntax expression (products, sums, transposes, powers and
    quotients of scalars) at values: name -> sympy Matrix; a 1 x 1 result is returned as a number."""

    def ev(node: Node):
        args = [ev(a) for a in node.args]
        if node.op == "name":
            return values[node.value]
        if node.op == "num":
            return sp.Matrix([[sp.Rational(node.value.numerator, node.value.denominator)]])
        if node.op == "mul":
            left, right = args
            if left.shape == (1, 1) or right.shape == (1, 1):
                return left[0, 0] * right if left.shape == (1, 1) else right[0, 0] * left
            return left * right
        scalar = {"T": lambda a: a.T, "neg": lambda a: -a, "add": lambda a, b: a + b,
                  "sub": lambda a, b: a - b, "div": lambda a, b: a / b[0, 0],
                  "pow": lambda a, b: sp.Matrix([[a[0, 0] ** b[0, 0]]])}
        return scalar[node.op](*args)

    value = ev(parse(expr))
    return value[0, 0] if value.shape == (1, 1) else value
