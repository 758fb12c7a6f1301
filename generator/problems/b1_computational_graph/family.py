"""B1: a computational graph of f(x, y) built from elementary operations (+, -, ×, square, exp,
sigma) with a shared subexpression: forward pass at a point, local derivatives on the edges,
df/dx and df/dy as sums over paths, and the same partials symbolically."""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from generator.diagrams import CompGraph, random_expression, sigmoid, text_size
from generator.mathtex import tex
from generator.problems.base import Answer, Family, Option

from .check import verify
from .figure import TEXT_WIDTH_CM, GraphFigure, parse_expr

X, Y = sp.symbols("x y")
POINT_VALUES = (-2, -1, -0.5, 0.5, 1, 2)
POINT_WEIGHTS = (3, 3, 1, 1, 3, 3)  # halves less often: integers are friendlier
MAX_ABS = 100  # forward values, local derivatives, adjoints
MAX_DEN = 16
MAX_KEY_WIDTH_CM = 20.0  # wider key graphs are redrawn; 17-20 cm are scaled to the text width
MAX_FORMULA_CM = 5.4  # a symbolic partial must fit one column of the two-column key (11pt)
PLACES = 4


def _transcendental_args(expr) -> list:
    return [a.args[0] for a in expr.atoms(sp.exp, sigmoid)]


def _value(v):
    return sp.Rational(str(v)) if isinstance(v, float) else sp.Integer(v)


def sample(rng, options) -> dict:
    lo, hi = (4, 7) if options["size"] == "4-7" else tuple(int(t) for t in options["size"].split("-"))
    mode = options["transcendental"]
    while True:
        expr = random_expression(rng, (lo, hi), allow_sigmoid=mode != "none")
        if mode != "none" or not expr.has(sp.exp, sigmoid):
            break
    p = [w / sum(POINT_WEIGHTS) for w in POINT_WEIGHTS]
    pairs = [(POINT_VALUES[int(rng.choice(6, p=p))], POINT_VALUES[int(rng.choice(6, p=p))])
             for _ in range(12)]
    point = pairs[0]
    args = _transcendental_args(expr)
    if args and mode == "exact":
        # exp and sigma are exact only at 0: prefer a point where every such argument vanishes
        for px, py in pairs:
            if all(a.subs({X: _value(px), Y: _value(py)}) == 0 for a in args):
                point = (px, py)
                break
    px, py = point
    exact = all(a.subs({X: _value(px), Y: _value(py)}) == 0 for a in args)
    places = None if exact or mode == "exact" else PLACES  # "exact": accept() rejects e^1 etc.
    return {"f": sp.srepr(expr), "x": px, "y": py, "places": places}


def _paths(graph: CompGraph, start: str) -> list[list[str]]:
    out = []

    def walk(path):
        node = path[-1]
        if node == graph.output:
            out.append(list(path))
            return
        for nxt in graph.successors(node):
            walk(path + [nxt])

    walk([start])
    return out


def solve(params) -> dict:
    expr = parse_expr(params["f"])
    graph = CompGraph.from_sympy(expr, ["x", "y"])
    point = {"x": _value(params["x"]), "y": _value(params["y"])}
    ev = graph.evaluate(point)
    derivs = {(e.src, e.dst): e.derivative for e in graph.edges}
    paths = {}
    for var in ("x", "y"):
        items = []
        for nodes in _paths(graph, var):
            edges = list(zip(nodes, nodes[1:]))
            product = sp.Integer(1)
            for e in edges:
                product *= ev.local[e]
            items.append({"nodes": nodes, "formulas": [derivs[e] for e in edges],
                          "values": [ev.local[e] for e in edges], "product": product})
        paths[var] = items
    return {
        "expr": expr, "graph": graph, "ev": ev, "paths": paths,
        "ops": [n for n in graph.ops],
        "value": ev.values[graph.output],
        "dfdx": ev.adjoints["x"], "dfdy": ev.adjoints["y"],
        "point": point,
    }


@lru_cache(maxsize=256)
def _partials(srepr: str) -> tuple:
    """sympy.diff of f in the shortest of its plain, factored and expanded forms (by LaTeX width)."""
    expr = parse_expr(srepr)
    out = []
    for var in (X, Y):
        d = sp.diff(expr, var)
        forms = [d, sp.factor(d), sp.expand(d)]
        out.append(min(forms, key=lambda e: (_width(e), forms.index(e))))
    return tuple(out)


def _width(expr) -> float:
    return text_size(tex(expr), "normal")[0] * 1.1  # the layout estimate is for 10pt


def symbolic_partials(params, solution) -> tuple:
    """The symbolic partials, checked against the path sums (slow: only for drawn variants)."""
    subs = {X: solution["point"]["x"], Y: solution["point"]["y"]}
    out = _partials(params["f"])
    for d, key in zip(out, ("dfdx", "dfdy")):
        if abs(sp.N(d.xreplace(subs) - solution[key], 30)) > 1e-20:
            raise AssertionError("B1: path sums disagree with sympy.diff")  # never: a bug
    return out


def accept(params, solution) -> bool:
    """Exact short numbers (or 4-decimal ones when exp/sigma is not at 0 and the sheet allows it),
    no zero adjoint anywhere (every path matters), both partials nonzero and different from each
    other (a student who mixes up x and y is caught), values up to 100, short symbolic partials
    (one key column), and the key graph fits (after at most a mild scaling) on the page."""
    if solution["dfdx"] == solution["dfdy"]:
        return False
    ev = solution["ev"]
    numbers = list(ev.values.values()) + list(ev.adjoints.values()) + list(ev.local.values())
    if params["places"] is None:
        if not all(v.is_Rational for v in numbers) or max(v.q for v in numbers) > MAX_DEN:
            return False
    else:
        numbers = [sp.N(v, 30) for v in numbers]
        if any(abs(v) < 5 * 10 ** -(PLACES + 1) for v in (solution["dfdx"], solution["dfdy"])):
            return False
    if any(abs(v) > MAX_ABS for v in numbers):
        return False
    if any(v == 0 for v in ev.adjoints.values()):
        return False
    figure = _figure(params)
    if figure.width("key") > MAX_KEY_WIDTH_CM or figure.width("statement") > TEXT_WIDTH_CM:
        return False
    return all(_width(d) <= MAX_FORMULA_CM for d in _partials(params["f"]))


def _figure(params) -> GraphFigure:
    point = (("x", _value(params["x"])), ("y", _value(params["y"])))
    return GraphFigure(params["f"], point, params["places"])


def _same(label: str) -> dict:
    return {"ru": label, "en": label}


def answers(params, solution) -> list[Answer]:
    """In the statement's order: f at the point (a), the local derivative of every edge as a
    formula in node values (b; their values stand on the edges of the key's graph), the two
    partials at the point (c), the partials as functions (d)."""
    places = params["places"]
    dfdx_expr, dfdy_expr = symbolic_partials(params, solution)
    d = lambda top, var: rf"\frac{{\partial {top}}}{{\partial {var}}}"  # noqa: E731
    out = [Answer("f", "number", solution["value"], _same(r"$f(x_0, y_0)$"), places, 1)]
    out += [Answer(f"local_{e.src}_{e.dst}", "text", tex(e.derivative), _same(f"${d(e.dst, e.src)}$"),
                   item=2) for e in solution["graph"].edges]
    out += [
        Answer("df_dx", "number", solution["dfdx"], _same(f"${d('f', 'x')}(x_0, y_0)$"), places, 3),
        Answer("df_dy", "number", solution["dfdy"], _same(f"${d('f', 'y')}(x_0, y_0)$"), places, 3),
        Answer("df_dx_formula", "expression", dfdx_expr, _same(f"${d('f', 'x')}$"), item=4),
        Answer("df_dy_formula", "expression", dfdy_expr, _same(f"${d('f', 'y')}$"), item=4),
    ]
    return out


def figures(params, solution) -> dict:
    return {"graph": _figure(params)}


FAMILY = Family(
    id="B1",
    title={"ru": "Вычислительный граф", "en": "A computational graph"},
    summary="computational graph of f(x, y) with a shared node: forward values, local "
    "derivatives, df/dx and df/dy as sums over paths, symbolic partials",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    figures=figures,
    options={
        "transcendental": Option(
            default="exact", choices=("exact", "decimal", "none"),
            help="exp/sigma: only where the point makes them exact (exp(0), sigma(0)); also "
            "elsewhere with 4-decimal answers; or never"),
        "size": Option(default="4-7", choices=("4-7", "4-5", "5-6", "6-7"),
                       help="number of elementary operations in the graph"),
    },
)
