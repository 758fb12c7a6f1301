"""M2: differentials of matrix functions -- d(X^{-1}) = -X^{-1} dX X^{-1}, d det X =
det X tr(X^{-1} dX), d tr X = tr dX, d ln det X = tr(X^{-1} dX), and more (X^2, X^T X, AXB, ...),
plus the value of each differential at a given invertible X and direction dX.

The differentials and their values come from the matrix calculus engine
(`generator.matcalc.differentiate` and `Result.evaluate_differential`); the pool holds templates
with role placeholders ({X} the variable, {A}, {B} constants) renamed to the variant's letters.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy as sp

from generator.matcalc import differentiate
from generator.matcalc.latex import tidy_fractions
from generator.problems.base import Answer, Family, Option

from .check import verify

# id -> (template, rule tag shown in the worked solution)
POOL = {
    "inv": ("inv({X})", "inv"),
    "det": ("det({X})", "det"),
    "tr": ("tr({X})", "tr"),
    "lndet": ("ln(det({X}))", "lndet"),
    "sq": ("{X}*{X}", "product"),
    "cube": ("{X}*{X}*{X}", "product"),
    "gram": ("{X}'*{X}", "product"),
    "axb": ("{A}*{X}*{B}", "const"),
    "trinv": ("tr(inv({X}))", "trinv"),
    "trgram": ("tr({X}'*{X})", "trace"),
}
ALWAYS = ("inv", "det")
VARIABLE_LETTERS = ("X", "Y", "W")
CONST_PAIRS = (("A", "B"), ("B", "C"), ("C", "S"))
ENTRY = {2: 3, 3: 2}  # entries of X, A, B in [-ENTRY, ENTRY]
DIRECTION = 2  # entries of dX in [-DIRECTION, DIRECTION]
MAX_DET = 5
MAX_ABS = 100
MAX_DEN = 100


def rename(template: str, letters: dict) -> str:
    return re.sub(r"\{(\w)\}", lambda m: letters[m.group(1)], template)


@lru_cache(maxsize=1024)
def diff(expr: str, wrt: str):
    return differentiate(expr, wrt)


def sample(rng, options) -> dict:
    n = int(options["n"])
    extra = [k for k in POOL if k not in ALWAYS]
    count = int(rng.integers(2, 4))
    picks = list(ALWAYS) + [str(k) for k in rng.choice(extra, size=count, replace=False)]
    picks = [picks[i] for i in rng.permutation(len(picks))]
    pair = CONST_PAIRS[int(rng.integers(len(CONST_PAIRS)))]
    letters = {"X": str(rng.choice(VARIABLE_LETTERS))}
    if "axb" in picks:
        letters.update(A=pair[0], B=pair[1])
    high = ENTRY[n]
    while True:
        X = rng.integers(-high, high + 1, size=(n, n))
        det = round(float(sp.Matrix(X.tolist()).det()))
        if det != 0 and abs(det) <= MAX_DET and ("lndet" not in picks or det > 0):
            break
    dX = rng.integers(-DIRECTION, DIRECTION + 1, size=(n, n))
    while not dX.any():
        dX = rng.integers(-DIRECTION, DIRECTION + 1, size=(n, n))
    point = {letters["X"]: X.tolist()}
    for role in ("A", "B"):
        if role in letters:
            point[letters[role]] = rng.integers(-high, high + 1, size=(n, n)).tolist()
    items = []
    for k in picks:
        expr = rename(POOL[k][0], letters)
        items.append({"id": k, "expr": expr, "tex": tidy_fractions(diff(expr, letters["X"]).function_latex)})
    return {"n": n, "letters": letters, "items": items, "point": point, "direction": dX.tolist()}


def solve(params) -> dict:
    var = params["letters"]["X"]
    dX = sp.Matrix(params["direction"])
    items = []
    for item in params["items"]:
        result = diff(item["expr"], var)
        point = {k: v for k, v in params["point"].items() if k in result.names}
        value = result.evaluate_differential(point, dX)
        if value.shape == (1, 1):
            value = value[0, 0]
        items.append({"id": item["id"], "rule": POOL[item["id"]][1], "value": value})
    X = sp.Matrix(params["point"][var])
    det = X.det()
    return {"items": items, "det": det, "inverse": X.inv() if det != 0 else None}


def accept(params, solution) -> bool:
    """Invertible X with a small determinant; every differential nonzero, short and small."""
    if solution["det"] == 0 or abs(solution["det"]) > MAX_DET:
        return False
    for item in solution["items"]:
        value = item["value"]
        entries = list(value) if isinstance(value, sp.MatrixBase) else [value]
        if all(v == 0 for v in entries):
            return False
        if any(not v.is_Rational or v.q > MAX_DEN or abs(v) > MAX_ABS for v in entries):
            return False
    return True


def answers(params, solution) -> list[Answer]:
    var = params["letters"]["X"]
    out = []
    for index, (item, solved) in enumerate(zip(params["items"], solution["items"], strict=True)):
        tag = "abcdefgh"[index]
        df = tidy_fractions(diff(item["expr"], var).differential_latex)
        kind = "matrix" if isinstance(solved["value"], sp.MatrixBase) else "number"
        out += [
            Answer(f"d_{tag}", "text", df, {"ru": "$dF$", "en": "$dF$"}, item=index + 1),
            Answer(f"dval_{tag}", kind, solved["value"],
                   {"ru": f"$dF$ при заданных ${var}$, $d{var}$", "en": f"$dF$ at the given ${var}$, $d{var}$"},
                   item=index + 1),
        ]
    return out


FAMILY = Family(
    id="M2",
    title={"ru": "Дифференциалы матричных функций", "en": "Differentials of matrix functions"},
    summary="d(X^-1), d det X, d tr X, d ln det X and 2-3 more (X^2, X^3, X^T X, AXB, tr X^-1, "
            "tr X^T X) in random order, each also evaluated at a given X and dX",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"n": Option(default=2, choices=(2, 3), help="size of the square matrices")},
)
