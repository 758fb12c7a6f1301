"""Build the canonical form of a parsed, shape-checked expression."""

from __future__ import annotations

from fractions import Fraction

from generator.errors import SheetgenError
from generator.matcalc import algebra as al
from generator.matcalc.parser import Node
from generator.matcalc.shapes import integer_literal, numeric_literal

ELEMENTWISE = ("log", "exp", "sqrt", "sigmoid", "tanh", "sin", "cos")


class Converter:
    def __init__(self, shapes: dict, diff_names: dict | None = None):
        self.shapes = shapes
        self.diff_names = diff_names or {}

    def convert(self, node: Node) -> al.Sum:
        return getattr(self, "op_" + node.op)(node)

    def args(self, node):
        return [self.convert(a) for a in node.args]

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
        return al.neg(self.convert(node.args[0]))

    def op_T(self, node):
        return al.transpose(self.convert(node.args[0]))

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
        if al.is_scalar(base.shape):
            return al.scalar_pow(base, exponent)
        return al.matrix_power(base, integer_literal(node.args[1]))

    def op_epow(self, node):
        return al.elementwise_power(self.convert(node.args[0]), numeric_literal(node.args[1]))

    def op_call(self, node):
        name = node.value
        arg = self.convert(node.args[0])
        simple = {"tr": al.trace, "det": al.determinant, "inv": al.inverse, "sum": al.sum_all,
                  "norm2": al.norm2, "diag": al.diag}
        if name in simple:
            return simple[name](arg)
        if name in ELEMENTWISE:
            return al.func(name, arg)
        raise SheetgenError(f"unsupported function {name}")


def to_canonical(node: Node, shapes: dict, diff_names=None, user_names=()) -> al.Sum:
    converter = Converter(shapes, diff_names)
    converter.identity_name = "I" not in user_names
    return converter.convert(node)
