"""M4: derivatives of traces and determinants with rectangular shapes -- tr(AXB), tr(AX^T X),
ln det X, tr(AX^T X B X^{-T}), det(X^T A X), x^T A b by x and by A, and more: df, the gradient
with its shape stated, and its value at given small integer matrices.

Every formula, shape and number of the key comes from the matrix calculus engine
(`generator.matcalc.differentiate` with the item's shapes, and `Result.evaluate`); the pool holds
templates with role placeholders ({X} the matrix variable, {A}, {B} constant matrices, {x} a
vector, {a}, {b} constant vectors) and dimension placeholders {p}, {m}, {n}, renamed per variant.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy as sp

from generator.errors import SheetgenError
from generator.matcalc import differentiate
from generator.matcalc.latex import tidy_fractions
from generator.problems.base import Answer, Family, Option

from .check import verify

# id -> (template, variable role, shapes (role -> (rows, cols) of dimension roles or 1), rule tag,
#        size rule: "rect" (m != n), "tall" (m > n, so X^T A X can be invertible) or "square")
POOL = {
    "trAXB": ("tr({A}*{X}*{B})", "X", {"A": "pm", "X": "mn", "B": "np"}, "trace", "rect"),
    "trAXtX": ("tr({A}*{X}'*{X})", "X", {"A": "nn", "X": "mn"}, "trace", "rect"),
    "trXtAX": ("tr({X}'*{A}*{X})", "X", {"A": "mm", "X": "mn"}, "trace", "rect"),
    "trAXBXt": ("tr({A}*{X}*{B}*{X}')", "X", {"A": "mm", "X": "mn", "B": "nn"}, "trace", "rect"),
    "frob": ("tr(({A}*{X} - {B})'*({A}*{X} - {B}))", "X", {"A": "pm", "X": "mn", "B": "pn"},
             "frob", "rect"),
    "aXb": ("{a}'*{X}*{b}", "X", {"a": "m1", "X": "mn", "b": "n1"}, "scalar", "rect"),
    "xAb_x": ("{x}'*{A}*{b}", "x", {"x": "m1", "A": "mn", "b": "n1"}, "vector", "rect"),
    "xAb_A": ("{x}'*{A}*{b}", "A", {"x": "m1", "A": "mn", "b": "n1"}, "scalar", "rect"),
    "lndet": ("ln(det({X}))", "X", {"X": "nn"}, "lndet", "square"),
    "trinvA": ("tr(inv({X})*{A})", "X", {"X": "nn", "A": "nn"}, "inverse", "square"),
    "trAXtXBXinvT": ("tr({A}*{X}'*{X}*{B}*inv({X})')", "X", {"A": "nn", "X": "nn", "B": "nn"},
                     "inverse", "square"),
    "detXtAX": ("det({X}'*{A}*{X})", "X", {"X": "mn", "A": "mm"}, "det", "tall"),
}
MATRIX_LETTERS = ("X", "Y", "W")
CONST_PAIRS = (("A", "B"), ("B", "C"), ("C", "S"))
VECTOR_LETTERS = ("x", "y", "z")
CONST_VECTOR_PAIRS = (("a", "b"), ("b", "c"), ("u", "v"))
DIM_LETTERS = (("p", "m", "n"), ("k", "m", "n"), ("m", "n", "p"), ("q", "m", "n"), ("k", "p", "q"))
ENTRY = 2  # entries in [-ENTRY, ENTRY]
MAX_ABS = 100
MAX_DEN = 100
MAX_DET = 6  # |det| of square variables (inverse denominators stay small)


def rename(template: str, letters: dict) -> str:
    return re.sub(r"\{(\w)\}", lambda m: letters[m.group(1)], template)


@lru_cache(maxsize=2048)
def diff(expr: str, wrt: str, shapes: tuple):
    return differentiate(expr, wrt, {name: dims for name, dims in shapes})


def item_shapes(item: dict) -> tuple:
    """The engine's shapes for an item: letter -> (rows, cols) with dimension letters."""
    return tuple(sorted((name, tuple(dims)) for name, dims in item["shapes"].items()))


def result_of(item: dict):
    return diff(item["expr"], item["wrt"], item_shapes(item))


def sample(rng, options) -> dict:
    count = int(options["items"])
    picks = sorted((str(k) for k in rng.choice(list(POOL), size=count, replace=False)), key=list(POOL).index)
    dims = DIM_LETTERS[int(rng.integers(len(DIM_LETTERS)))]
    dim_letters = dict(zip("pmn", dims, strict=True))
    mats = CONST_PAIRS[int(rng.integers(len(CONST_PAIRS)))]
    vecs = CONST_VECTOR_PAIRS[int(rng.integers(len(CONST_VECTOR_PAIRS)))]
    letters = {"X": str(rng.choice(MATRIX_LETTERS)), "A": mats[0], "B": mats[1],
               "x": str(rng.choice(VECTOR_LETTERS)), "a": vecs[0], "b": vecs[1]}
    items = []
    for k in picks:
        template, var, shape_roles, _, size_rule = POOL[k]
        if size_rule == "square":
            sizes = {"n": 2}
        elif size_rule == "tall":
            sizes = {"m": 3, "n": 2}
        else:
            m = int(rng.integers(2, 4))
            sizes = {"m": m, "n": 5 - m, "p": int(rng.integers(2, 4))}
        shapes = {letters[role]: [dim_letters[d] if d != "1" else 1 for d in rd] for role, rd in shape_roles.items()}
        values = {}
        for role, rd in shape_roles.items():
            rows, cols = (sizes[d] if d != "1" else 1 for d in rd)
            values[letters[role]] = _draw(rng, rows, cols, square_variable=(role == var and rows == cols))
        expr = rename(template, letters)
        item = {"id": k, "expr": expr, "wrt": letters[var],
                "roles": {role: letters[role] for role in shape_roles}, "shapes": shapes,
                "sizes": {dim_letters[d]: s for d, s in sizes.items() if any(d in rd for rd in shape_roles.values())},
                "values": values}
        item["tex"] = tidy_fractions(result_of(item).function_latex)
        items.append(item)
    return {"items": items}


def _draw(rng, rows: int, cols: int, square_variable: bool):
    while True:
        a = rng.integers(-ENTRY, ENTRY + 1, size=(rows, cols))
        if (~a.any(axis=0)).any() or (~a.any(axis=1)).any():
            continue  # no zero row or column
        if square_variable:
            det = round(float(sp.Matrix(a.tolist()).det()))
            if det <= 0 or det > MAX_DET:  # > 0 keeps ln det defined
                continue
        return [int(v) for v in a[:, 0]] if cols == 1 else a.tolist()


def solve(params) -> dict:
    items = []
    for item in params["items"]:
        result = result_of(item)
        try:
            value = result.evaluate(item["values"])
        except SheetgenError:  # undefined at the point (a singular inverse): rejected
            value = None
        items.append({"id": item["id"], "rule": POOL[item["id"]][3], "value": value,
                      "shape": result.shape})
    return {"items": items}


def accept(params, solution) -> bool:
    """No zero gradient; entries small, exact and with short denominators."""
    for item in solution["items"]:
        value = item["value"]
        if value is None or value.is_zero_matrix:
            return False
        if any(not v.is_Rational or v.q > MAX_DEN or abs(v) > MAX_ABS for v in value):
            return False
    return True


def shape_tex(shape) -> str:
    return rf"{shape[0]} \times {shape[1]}"


def answers(params, solution) -> list[Answer]:
    out = []
    for index, (item, solved) in enumerate(zip(params["items"], solution["items"], strict=True)):
        tag = "abcdefgh"[index]
        result = result_of(item)
        name = rf"\nabla_{{{item['wrt']}}} f"
        kind = "vector" if solved["value"].cols == 1 else "matrix"
        item_no = index + 1
        out += [
            Answer(f"df_{tag}", "text", tidy_fractions(result.differential_latex),
                   {"ru": "$df$", "en": "$df$"}, item=item_no),
            Answer(f"grad_{tag}", "text", tidy_fractions(result.result_latex),
                   {"ru": f"${name}$", "en": f"${name}$"}, item=item_no),
            Answer(f"shape_{tag}", "text", shape_tex(result.shape),
                   {"ru": f"размер ${name}$", "en": f"size of ${name}$"}, item=item_no),
            Answer(f"value_{tag}", kind, solved["value"],
                   {"ru": f"${name}$ при заданных значениях", "en": f"${name}$ at the given values"}, item=item_no),
        ]
    return out


FAMILY = Family(
    id="M4",
    title={"ru": "Производные следа и определителя", "en": "Derivatives of traces and determinants"},
    summary="df, the gradient with its shape and its value for 4 of 12 functions with rectangular "
            "shapes: tr(AXB), tr(AX'X), ln det X, tr(AX'XBX^-T), det(X'AX), x'Ab by x and by A, ...",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"items": Option(default=4, choices=(3, 4, 5), help="how many functions to differentiate")},
)
