"""Computational graphs: a sympy expression split into elementary operations.

`CompGraph.from_sympy(expr, inputs)` makes one node per distinct subexpression (so `x*y` used
twice is one node), names the operation nodes a, b, c, ... in topological order (inputs keep
their names), and records on every edge the local derivative of the destination with respect to
the source as a sympy expression in the node symbols. `graph.evaluate(point)` runs the forward
pass and reverse-mode accumulation exactly in sympy.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy as sp


class sigmoid(sp.Function):  # noqa: N801 - sympy functions are lower-case
    """The logistic function 1/(1+e^{-u}); prints as \\sigma(u)."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sp.Rational(1, 2)
        return None

    def fdiff(self, argindex=1):
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sp.exp(-arg))

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        base = rf"\sigma\left({inner}\right)"
        return base if exp is None else rf"{base}^{{{exp}}}"


# Node letters in order; letters that read as something else (e, f, i, j, l, o, x, y, z) are skipped.
LETTERS = "abcdghkmnpqrstuvw"

UNARY_LABELS = {
    "neg": "-{a}",
    "square": "{a}^2",
    "recip": "1 / {a}",
    "sqrt": r"\sqrt{{{a}}}",
    "exp": "e^{{{a}}}",
    "log": r"\ln {a}",
    "sigmoid": r"\sigma({a})",
    "tanh": r"\tanh {a}",
    "relu": r"\max(0, {a})",
}
BINARY_LABELS = {
    "add": "{a} + {b}",
    "sub": "{a} - {b}",
    "mul": r"{a} \cdot {b}",
    "div": "{a} / {b}",
    "powv": "{a}^{{{b}}}",
}


@dataclass(frozen=True)
class Node:
    """One node: an input (op "input") or an elementary operation on earlier nodes.

    `rule` is the node value as a sympy expression in the operand symbols; `expr` is the
    subexpression of the original expression that the node computes; `const` is the numeric
    parameter of ops like "scale" (k·a), "shift" (a + k) and "pow" (a^k).
    """

    id: str
    op: str
    operands: tuple[str, ...]
    label: str
    rule: sp.Expr
    expr: sp.Expr
    const: sp.Expr | None = None

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.id)

    @property
    def tex(self) -> str:
        """The node's name as TeX (x_1 -> x_{1})."""
        return sp.latex(self.symbol)


@dataclass(frozen=True)
class Edge:
    """src -> dst, with `derivative` = ∂dst/∂src as a sympy expression in node symbols."""

    src: str
    dst: str
    derivative: sp.Expr


@dataclass(frozen=True)
class Evaluation:
    """Forward values, adjoints ∂f/∂node and local derivative values on edges, at one point."""

    values: dict[str, sp.Expr]
    adjoints: dict[str, sp.Expr]
    local: dict[tuple[str, str], sp.Expr]


@dataclass(frozen=True)
class CompGraph:
    """A DAG of elementary operations; `nodes` are in topological order, the last is `output`."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    inputs: tuple[str, ...]
    output: str
    _index: dict = field(default=None, compare=False, repr=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_index", {n.id: n for n in self.nodes})

    def node(self, node_id: str) -> Node:
        return self._index[node_id]

    @property
    def ops(self) -> tuple[Node, ...]:
        """The operation (non-input) nodes."""
        return tuple(n for n in self.nodes if n.op != "input")

    def successors(self, node_id: str) -> list[str]:
        return [e.dst for e in self.edges if e.src == node_id]

    def shared(self) -> list[str]:
        """Operation nodes used by two or more later nodes (shared subexpressions)."""
        return [n.id for n in self.ops if len(self.successors(n.id)) >= 2]

    @classmethod
    def from_sympy(cls, expr, inputs: Sequence) -> CompGraph:
        return _Builder(inputs).build(sp.sympify(expr))

    def evaluate(self, point: Mapping) -> Evaluation:
        """Forward values and adjoints at `point` (input symbol or name -> number), exactly."""
        given = {str(k): sp.nsimplify(v) if isinstance(v, float) else sp.sympify(v)
                 for k, v in point.items()}
        missing = [i for i in self.inputs if i not in given]
        if missing:
            raise ValueError(f"point lacks values for {missing}")
        values: dict[str, sp.Expr] = {}
        for n in self.nodes:
            if n.op == "input":
                values[n.id] = given[n.id]
            else:
                values[n.id] = n.rule.xreplace({sp.Symbol(o): values[o] for o in n.operands})
        subs = {sp.Symbol(k): v for k, v in values.items()}
        local = {(e.src, e.dst): e.derivative.xreplace(subs) for e in self.edges}
        adjoints: dict[str, sp.Expr] = {self.output: sp.Integer(1)}
        for n in reversed(self.nodes):
            if n.id == self.output:
                continue
            total = sp.Integer(0)
            for e in self.edges:
                if e.src == n.id:
                    total += adjoints[e.dst] * local[(e.src, e.dst)]
            adjoints[n.id] = total
        return Evaluation(values, adjoints, local)


@dataclass
class _Raw:
    op: str
    operands: tuple[int, ...]
    expr: sp.Expr
    const: sp.Expr | None = None


class _Builder:
    """Post-order decomposition with a memo table keyed by subexpression."""

    def __init__(self, inputs: Sequence):
        self.inputs = [sp.Symbol(i) if isinstance(i, str) else i for i in inputs]
        self.raw: list[_Raw] = []
        self.memo: dict[sp.Expr, int] = {}
        for sym in self.inputs:
            self.memo[sym] = len(self.raw)
            self.raw.append(_Raw("input", (), sym))

    def _make(self, op, operands, expr, const=None) -> int:
        if expr in self.memo:
            return self.memo[expr]
        self.memo[expr] = len(self.raw)
        self.raw.append(_Raw(op, tuple(operands), expr, const))
        return self.memo[expr]

    def visit(self, e: sp.Expr) -> int:
        if e in self.memo:
            return self.memo[e]
        if e.is_Symbol:
            raise ValueError(f"symbol {e} is not among the inputs {self.inputs}")
        if e.is_Number:
            raise ValueError("a constant has no node; constants belong to an operation")
        if e.is_Add:
            return self._add(e)
        if e.is_Mul:
            return self._mul(e)
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, sp.Max) and len(e.args) == 2 and sp.S.Zero in e.args:
            (arg,) = [a for a in e.args if a != 0]
            return self._make("relu", [self.visit(arg)], e)
        if isinstance(e, sp.Function) and len(e.args) == 1:
            name = {sp.exp: "exp", sp.log: "log", sigmoid: "sigmoid", sp.tanh: "tanh"}.get(
                e.func, "func")
            return self._make(name, [self.visit(e.args[0])], e)
        raise ValueError(f"cannot decompose {e!r}")

    def _chain(self, op: str, terms: list[sp.Expr], combine) -> int:
        """Binary chain over n-ary terms, starting with the largest already-built sub-sum."""
        ids = [self.visit(t) for t in terms]
        order = list(range(len(terms)))
        start: list[int] = [order[0]]
        for size in range(len(terms) - 1, 1, -1):
            hit = None
            for combo in itertools.combinations(order, size):
                if combine(*[terms[k] for k in combo]) in self.memo:
                    hit = list(combo)
                    break
            if hit:
                start = hit
                break
        if len(start) > 1:
            acc_expr = combine(*[terms[k] for k in start])
            acc = self.memo[acc_expr]
        else:
            acc_expr, acc = terms[start[0]], ids[start[0]]
        for k in order:
            if k in start:
                continue
            acc_expr = combine(acc_expr, terms[k])
            acc = self._make(op, [acc, ids[k]], acc_expr)
        return acc

    def _add(self, e: sp.Expr) -> int:
        const = sum((a for a in e.args if a.is_Number), sp.Integer(0))
        terms = sorted((a for a in e.args if not a.is_Number), key=sp.default_sort_key)
        pos = [t for t in terms if not t.could_extract_minus_sign()]
        neg = [-t for t in terms if t.could_extract_minus_sign()]
        if const != 0:
            base = sp.Add(*terms)
            return self._make("shift", [self.visit(base)], e, const)
        if not pos:
            return self._make("neg", [self.visit(-e)], e)
        acc = self._chain("add", pos, sp.Add) if len(pos) > 1 else self.visit(pos[0])
        acc_expr = sp.Add(*pos)
        for t in neg:
            acc_expr = acc_expr - t
            acc = self._make("sub", [acc, self.visit(t)], acc_expr)
        return acc

    def _mul(self, e: sp.Expr) -> int:
        coeff, rest = e.as_coeff_Mul()
        if coeff == -1:
            return self._make("neg", [self.visit(rest)], e)
        if coeff != 1:
            return self._make("scale", [self.visit(rest)], e, coeff)
        factors = sorted(e.args, key=sp.default_sort_key)
        num = [f for f in factors if not (f.is_Pow and f.exp.is_Number and f.exp < 0)]
        den = [1 / f for f in factors if f.is_Pow and f.exp.is_Number and f.exp < 0]
        if den:
            d_expr = sp.Mul(*den)
            if not num:
                return self._make("recip", [self.visit(d_expr)], e)
            n_expr = sp.Mul(*num)
            return self._make("div", [self.visit(n_expr), self.visit(d_expr)], e)
        return self._chain("mul", num, sp.Mul)

    def _pow(self, e: sp.Expr) -> int:
        base, ex = e.base, e.exp
        if ex == -1 and base.is_Add and len(base.args) == 2 and sp.S.One in base.args:
            (other,) = [a for a in base.args if a != 1]
            if isinstance(other, sp.exp):
                return self._make("sigmoid", [self.visit(-other.args[0])], e)
        if not ex.is_Number:
            return self._make("powv", [self.visit(base), self.visit(ex)], e)
        if ex < 0:
            return self._make("recip", [self.visit(base ** (-ex))], e)
        if ex == 2:
            return self._make("square", [self.visit(base)], e)
        if ex == sp.Rational(1, 2):
            return self._make("sqrt", [self.visit(base)], e)
        return self._make("pow", [self.visit(base)], e, ex)

    def build(self, expr: sp.Expr) -> CompGraph:
        if expr.is_Symbol or expr.is_Number:
            raise ValueError("the expression has no operation to draw")
        root = self.visit(expr)
        # Keep only nodes the root depends on (plus all inputs).
        needed = set()
        stack = [root]
        while stack:
            k = stack.pop()
            if k not in needed:
                needed.add(k)
                stack.extend(self.raw[k].operands)
        keep = [k for k in range(len(self.raw)) if k in needed or self.raw[k].op == "input"]
        # Longest-path depth, then creation order: names follow the picture left to right.
        depth: dict[int, int] = {}
        for k in keep:
            ops = self.raw[k].operands
            depth[k] = 1 + max(depth[o] for o in ops) if ops else 0
        ordered = sorted(keep, key=lambda k: (depth[k], k))
        taken = {str(s) for s in self.inputs}
        letters = [c for c in LETTERS if c not in taken]
        names: dict[int, str] = {}
        count = 0
        for k in ordered:
            if self.raw[k].op == "input":
                names[k] = str(self.raw[k].expr)
            else:
                names[k] = letters[count] if count < len(letters) else f"v_{count + 1}"
                count += 1
        nodes, edges = [], []
        for k in ordered:
            r = self.raw[k]
            name = names[k]
            if r.op == "input":
                nodes.append(Node(name, "input", (), sp.latex(r.expr), r.expr, r.expr))
                continue
            operands = tuple(names[o] for o in r.operands)
            syms = [sp.Symbol(o) for o in operands]
            rule, body = _rule_and_label(r, syms)
            label = f"{sp.latex(sp.Symbol(name))} = {body}"
            nodes.append(Node(name, r.op, operands, label, rule, r.expr, r.const))
            for o, s in zip(operands, syms):
                edges.append(Edge(o, name, _local_derivative(r.op, rule, syms, s)))
        return CompGraph(tuple(nodes), tuple(edges), tuple(str(s) for s in self.inputs),
                         names[root])


def _local_derivative(op: str, rule: sp.Expr, syms: list[sp.Symbol], s: sp.Symbol) -> sp.Expr:
    """∂rule/∂s; the common ops by table (fast), the rest by sympy."""
    a = syms[0]
    if op == "add":
        return sp.Integer(1)
    if op == "sub":
        return sp.Integer(1) if s == a else sp.Integer(-1)
    if op == "mul":
        return syms[1] if s == a else a
    if op == "square":
        return 2 * a
    if op == "neg":
        return sp.Integer(-1)
    if op == "exp":
        return sp.exp(a)
    if op == "sigmoid":
        return sigmoid(a) * (1 - sigmoid(a))
    return sp.diff(rule, s)


def op_stats(expr, inputs: Sequence) -> tuple[int, int]:
    """(number of operation nodes, number of shared operation nodes) of the graph of `expr`,
    without building the graph (cheap enough for rejection sampling)."""
    b = _Builder(inputs)
    root = b.visit(sp.sympify(expr))
    needed, stack = set(), [root]
    while stack:
        k = stack.pop()
        if k not in needed:
            needed.add(k)
            stack.extend(b.raw[k].operands)
    uses: dict[int, int] = {}
    for k in needed:
        for o in b.raw[k].operands:
            uses[o] = uses.get(o, 0) + 1
    ops = [k for k in needed if b.raw[k].op != "input"]
    return len(ops), sum(1 for k in ops if uses.get(k, 0) >= 2)


def _rule_and_label(r: _Raw, syms: list[sp.Symbol]) -> tuple[sp.Expr, str]:
    from generator.mathtex import num

    texs = [sp.latex(s) for s in syms]
    a = syms[0]
    k = r.const
    if r.op in BINARY_LABELS:
        b = syms[1]
        rule = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b, "powv": a ** b}[r.op]
        return rule, BINARY_LABELS[r.op].format(a=texs[0], b=texs[1])
    if r.op in UNARY_LABELS:
        rule = {
            "neg": -a, "square": a ** 2, "recip": 1 / a, "sqrt": sp.sqrt(a), "exp": sp.exp(a),
            "log": sp.log(a), "sigmoid": sigmoid(a), "tanh": sp.tanh(a),
            "relu": sp.Max(0, a),
        }[r.op]
        return rule, UNARY_LABELS[r.op].format(a=texs[0])
    if r.op == "scale":
        coeff = "-" if k == -1 else num(k)
        return k * a, f"{coeff} {texs[0]}"
    if r.op == "shift":
        sign = "-" if k < 0 else "+"
        return a + k, f"{texs[0]} {sign} {num(abs(k))}"
    if r.op == "pow":
        return a ** k, f"{texs[0]}^{{{num(k)}}}"
    if r.op == "func":
        rule = r.expr.func(a)
        return rule, sp.latex(rule)
    raise ValueError(f"unknown op {r.op}")
