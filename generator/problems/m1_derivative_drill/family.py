"""M1: derivative drill -- find df and the gradient (or the Jacobian) of 5-6 functions of a vector
or a matrix, in matrix form, and its value at a given small integer point.

Every formula and every number of the key comes from the matrix calculus engine
(`generator.matcalc.differentiate`): the pool holds expression templates in the calculator syntax
with role placeholders ({x} the vector variable, {a}, {b} constant vectors, {A} a constant matrix,
{X} the matrix variable); a variant renames the roles to its letters at the string level, the
engine differentiates the renamed string, and `Result.evaluate` gives the exact value at the point.
The worked solution shows, for every item, the differential lines that lead to the engine's df
(the auxiliary quantities u, v and their differentials, from `steps.STEPS`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy as sp

from generator.matcalc import differentiate
from generator.matcalc.latex import tidy_fractions
from generator.problems.base import Answer, Family, Option

from .check import verify
from .steps import calc_latex, calc_value, display_rows, item_steps

# id -> (template, role of the variable, group, rule tag); the solution's intermediate lines and
# auxiliary quantities are in steps.STEPS.
# group: "vec" scalar f of the vector, "mat" scalar f of a matrix, "jac" vector f of the vector.
POOL = {
    "sq": ("{x}'*{x}", "x", "vec", "product"),
    "lin": ("{a}'*{x}", "x", "vec", "linear"),
    "quad": ("{x}'*{A}*{x}", "x", "vec", "product"),
    "bil": ("{b}'*{A}*{x}", "x", "vec", "linear"),
    "quadlin": ("{x}'*{A}*{x} + {b}'*{x}", "x", "vec", "product"),
    "lsq": ("({A}*{x} - {b})'*({A}*{x} - {b})", "x", "vec", "product"),
    "sq2": ("({x}'*{x})^2", "x", "vec", "power"),
    "linsq": ("({a}'*{x})^2", "x", "vec", "power"),
    "cubic": ("({a}'*{x})*({x}'*{x})", "x", "vec", "product"),
    "lnlin": ("ln({a}'*{x})", "x", "vec", "log"),
    "lnquad": ("ln({x}'*{A}*{x})", "x", "vec", "log"),
    "rayleigh": ("({x}'*{A}*{x})/({x}'*{x})", "x", "vec", "quotient"),
    "bilA": ("{b}'*{A}*{x}", "A", "mat", "matrix"),
    "quadA": ("{x}'*{A}*{x}", "A", "mat", "matrix"),
    "aXb": ("{a}'*{X}*{b}", "X", "mat", "matrix"),
    "aXXa": ("{a}'*{X}'*{X}*{a}", "X", "mat", "matrix"),
    "aXAXa": ("{a}'*{X}*{A}*{X}*{a}", "X", "mat", "matrix"),
    "trXAX": ("tr({X}'*{A}*{X})", "X", "mat", "trace"),
    "xxx": ("{x}*{x}'*{x}", "x", "jac", "jacobian"),
    "axx": ("({a}'*{x})*{x}", "x", "jac", "jacobian"),
    "xAxx": ("({x}'*{A}*{x})*{x}", "x", "jac", "jacobian"),
    "xxAx": ("({x}'*{x})*{A}*{x}", "x", "jac", "jacobian"),
}
GROUPS = {g: [k for k, v in POOL.items() if v[2] == g] for g in ("vec", "mat", "jac")}
# Positive arguments of logarithms: pool id -> the scalar that must be > 0.
LOG_ARGS = {"lnlin": "{a}'*{x}", "lnquad": "{x}'*{A}*{x}"}

VECTOR_LETTERS = ("x", "y", "z", "w")
CONST_VECTOR_PAIRS = (("a", "b"), ("b", "c"), ("u", "v"))
CONST_MATRIX_LETTERS = ("A", "B", "C", "S")
MATRIX_LETTERS = ("X", "Y", "W")
ENTRY = {2: 3, 3: 2}  # entries in [-ENTRY, ENTRY] by dimension
MAX_ABS = 120  # entries of every answer value
MAX_DEN = 100


def rename(template: str, letters: dict) -> str:
    return re.sub(r"\{(\w)\}", lambda m: letters[m.group(1)], template)


@lru_cache(maxsize=4096)
def diff(expr: str, wrt: str):
    return differentiate(expr, wrt)


def roles_of(template: str) -> set:
    return set(re.findall(r"\{(\w)\}", template))


def sample(rng, options) -> dict:
    count = int(rng.integers(options["min_items"], 7))
    n = int(rng.integers(2, options["max_dim"] + 1))
    n_mat = int(rng.integers(1, 3))
    picks = [str(k) for k in rng.choice(GROUPS["vec"], size=count - 1 - n_mat, replace=False)]
    picks += [str(k) for k in rng.choice(GROUPS["mat"], size=n_mat, replace=False)]
    picks.append(str(rng.choice(GROUPS["jac"])))
    order = list(POOL)
    picks.sort(key=order.index)
    x = str(rng.choice(VECTOR_LETTERS))
    consts = CONST_VECTOR_PAIRS[int(rng.integers(len(CONST_VECTOR_PAIRS)))]
    matrix_letters = [m for m in MATRIX_LETTERS if m.lower() != x]
    all_letters = {"x": x, "a": consts[0], "b": consts[1],
                   "A": str(rng.choice(CONST_MATRIX_LETTERS)), "X": str(rng.choice(matrix_letters))}
    used = set().union(*(roles_of(POOL[k][0]) for k in picks))
    letters = {role: all_letters[role] for role in ("x", "a", "b", "A", "X") if role in used}
    items = []
    for k in picks:
        expr, wrt = rename(POOL[k][0], letters), letters[POOL[k][1]]
        items.append({"id": k, "expr": expr, "wrt": wrt, "tex": tidy_fractions(diff(expr, wrt).function_latex)})
    return {"n": n, "letters": letters, "items": items, "point": draw_point(rng, n, letters, picks)}


def draw_point(rng, n: int, letters: dict, picks: list) -> dict:
    """Small integer values for every letter; logarithm arguments positive (redrawn until so)."""
    high = ENTRY[n]
    while True:
        roles = {}
        for role in letters:
            if role.islower():
                vec = rng.integers(-high, high + 1, size=n)
                while not vec.any():
                    vec = rng.integers(-high, high + 1, size=n)
                roles[role] = vec
            else:
                roles[role] = rng.integers(-high, high + 1, size=(n, n))
        if any(a.ndim == 2 and (~a.any(axis=0)).any() | (~a.any(axis=1)).any() for a in roles.values()):
            continue  # a zero row or column makes a degenerate instance
        positive = {"lnlin": lambda r: r["a"] @ r["x"], "lnquad": lambda r: r["x"] @ r["A"] @ r["x"]}
        if all(positive[k](roles) > 0 for k in picks if k in positive):
            break
    return {letters[role]: ([int(v) for v in a] if a.ndim == 1 else a.tolist())
            for role, a in roles.items()}


def solve(params) -> dict:
    items = []
    for item in params["items"]:
        _, _, group, rule = POOL[item["id"]]
        result = diff(item["expr"], item["wrt"])
        point = {k: v for k, v in params["point"].items() if k in result.names}
        value = result.evaluate(point)
        logs = [_value(LOG_ARGS[item["id"]], params)] if item["id"] in LOG_ARGS else []
        steps = item_steps(item["id"], params["letters"])
        items.append({
            "id": item["id"], "group": group, "rule": rule, "kind": result.kind,
            "value": value, "log_args": logs,
            "aux": [(name, _value(expr, params, raw=True)) for name, expr in steps["aux"]],
            "steps": solution_steps(item, steps),
        })
    return {"items": items}


def solution_steps(item: dict, steps: dict) -> dict:
    """The worked solution's lines in LaTeX: the auxiliary quantities, f in their terms, and the
    rows of the aligned display from the aux differentials to the form the answer is read off."""
    forms = formulas(item)
    return {
        "defs": [(name, calc_latex(expr)) for name, expr in steps["aux"]],
        "outer": calc_latex(steps["outer"]) if steps["outer"] else None,
        "rows": display_rows(steps, item["expr"], forms["df"], readoff(forms, item["wrt"])),
    }


def readoff(forms: dict, var: str) -> str:
    """df in the form the derivative is read off: (G)^T dx, tr(G^T dX) or J dx."""
    g = forms["grad"]
    simple = re.fullmatch(r"[A-Za-z]", g) is not None
    if forms["kind"] == "jacobian":
        return (g if simple else rf"\left({g}\right)") + f" d{var}"
    transposed = f"{g}^T" if simple else rf"\left({g}\right)^T"
    if var.isupper():
        return rf"\operatorname{{tr}}\left({transposed} d{var}\right)"
    return f"{transposed} d{var}"


def _value(template_or_expr: str, params: dict, raw: bool = False):
    """The exact value at the point of a pool template (roles in braces) or of an expression in
    the variant's letters (raw=True)."""
    expr = template_or_expr if raw else rename(template_or_expr, params["letters"])
    values = {letter: sp.Matrix(v) for letter, v in params["point"].items()}
    return calc_value(expr, values)


def accept(params, solution) -> bool:
    """Positive logarithm arguments, no zero gradient, small entries and denominators."""
    for item in solution["items"]:
        if any(not v > 0 for v in item["log_args"]):  # sample() already ensures it
            return False
        value = item["value"]
        if value.is_zero_matrix:
            return False
        for v in value:
            if not v.is_Rational or v.q > MAX_DEN or abs(v) > MAX_ABS:
                return False
        for _, v in item["aux"]:
            if isinstance(v, sp.MatrixBase):
                continue
            if v == 0 and item["rule"] in ("log", "quotient"):
                return False
    return True


def formulas(item: dict) -> dict:
    """LaTeX of the function, its differential and gradient/Jacobian (engine output)."""
    result = diff(item["expr"], item["wrt"])
    return {"f": tidy_fractions(result.function_latex), "df": tidy_fractions(result.differential_latex),
            "grad": tidy_fractions(result.result_latex), "kind": result.kind}


def answers(params, solution) -> list[Answer]:
    out = []
    for index, (item, solved) in enumerate(zip(params["items"], solution["items"], strict=True)):
        tag = "abcdefgh"[index]
        forms = formulas(item)
        var = item["wrt"]
        if forms["kind"] == "jacobian":
            name = rf"\frac{{\partial f}}{{\partial {var}}}"
        else:
            name = rf"\nabla_{{{var}}} f"
        kind = "vector" if solved["value"].cols == 1 else "matrix"
        item_no = index + 1
        out += [
            Answer(f"df_{tag}", "text", forms["df"], {"ru": "$df$", "en": "$df$"}, item=item_no),
            Answer(f"grad_{tag}", "text", forms["grad"], {"ru": f"${name}$", "en": f"${name}$"}, item=item_no),
            Answer(f"value_{tag}", kind, solved["value"],
                   {"ru": f"${name}$ в заданной точке", "en": f"${name}$ at the given point"}, item=item_no),
        ]
    return out


FAMILY = Family(
    id="M1",
    title={"ru": "Разминка: дифференциалы и градиенты", "en": "Warm-up: differentials and gradients"},
    summary="df, the gradient (or Jacobian) in matrix form and its value for 5-6 functions of a "
            "vector or a matrix drawn from a pool of 22 (x'x, a'x, x'Ax, ln(x'Ax), a'XAXa, x x'x, ...)",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={
        "max_dim": Option(default=3, choices=(2, 3), help="largest size n of the vectors and matrices"),
        "min_items": Option(default=5, choices=(5, 6), help="fewest functions in the drill (at most 6)"),
    },
)
