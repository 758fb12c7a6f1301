"""Build the canonical form of a parsed, shape-checked expression (walking the raw tree without
recursion); every numeric exponent must lie within ±algebra.MAX_EXPONENT."""

from __future__ import annotations

from fractions import Fraction

from generator.errors import SheetgenError
from generator.matcalc import algebra as al
from generator.matcalc.parser import Node, postorder, shorten
from generator.matcalc.shapes import integer_literal, numeric_literal

ELEMENTWISE = ("log", "exp", "sqrt", "sigmoid", "tanh", "sin", "cos")


class Converter:
    def __init__(self, shapes: dict, diff_names: dict | None = None):
        self.shapes = shapes
        self.diff_names = diff_names or {}
        self.done: dict = {}

    def convert(self, root: Node) -> al.Sum:
        for node in postorder(root):
            self.done[node] = getattr(self, "op_" + node.op)(node)
        return self.done[root]

    def args(self, node):
        return [self.done[a] for a in node.args]

    def op_num(self, node):
        return al.const(node.value)

    def op_name(self, node):
        shape = self.shapes[node]
        if node.value == "I" and node.value not in self.diff_names and self.is_identity(node):
            return al.atom(al.Eye(shape[0]))
        return al.atom(al.Var(node.value, shape, False, node.value in self.diff_names))

    def is_identity(self, node):
        return getattr(self, "identity_name", True)

    def op_eye(self, node):
        return al.atom(al.Eye(node.value[0]))

    def op_ones(self, node):
        return al.atom(al.Ones(tuple(node.value)))

    def op_neg(self, node):
        return al.neg(*self.args(node))

    def op_T(self, node):
        return al.transpose(*self.args(node))

    def op_add(self, node):
        return al.add(*self.args(node))

    def op_sub(self, node):
        a, b = self.args(node)
        return al.sub(a, b)

    def op_mul(self, node):
        return al.mul(*self.args(node))

    def op_div(self, node):
        a, b = self.args(node)
        return al.mul(a, al.power(b, Fraction(-1)))

    def op_had(self, node):
        return al.hadamard(*self.args(node))

    def op_ediv(self, node):
        return al.elementwise_divide(*self.args(node))

    def op_pow(self, node):
        base, exponent = self.args(node)
        check_exponent(exponent)
        if al.is_scalar(base.shape):
            return al.scalar_pow(base, exponent)
        return al.matrix_power(base, integer_literal(node.args[1]))

    def op_epow(self, node):
        base, exponent = self.args(node)
        check_exponent(exponent)
        return al.elementwise_power(base, numeric_literal(node.args[1]))

    def op_call(self, node):
        name = node.value
        (arg,) = self.args(node)
        simple = {"tr": al.trace, "det": al.determinant, "inv": al.inverse, "sum": al.sum_all,
                  "norm2": al.norm2, "diag": al.diag}
        if name in simple:
            return simple[name](arg)
        if name in ELEMENTWISE:
            return al.func(name, arg)
        raise SheetgenError(f"unsupported function {name}")


def check_exponent(exponent: al.Sum) -> None:
    """Refuse a numeric exponent beyond ±MAX_EXPONENT (X^1000000 would expand into a million
    factors, 2^1000000 into a million digits)."""
    value = al.const_value(exponent)
    if value is not None and abs(value) > al.MAX_EXPONENT:
        raise SheetgenError(f"exponent {shorten(str(value))} is too large: exponents are numbers from "
                            f"-{al.MAX_EXPONENT} to {al.MAX_EXPONENT}")


def to_canonical(node: Node, shapes: dict, diff_names=None, user_names=()) -> al.Sum:
    converter = Converter(shapes, diff_names)
    converter.identity_name = "I" not in user_names
    return converter.convert(node)
