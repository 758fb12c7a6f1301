"""Exact small-matrix arithmetic on plain lists of ints and Fractions, shared by the families whose
solve() must be fast (M3, M5): products, differences, dot products, and the step to sympy values
for the key."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp


def transpose(a: list) -> list:
    return [list(col) for col in zip(*a, strict=True)]


def matmul(a: list, b: list) -> list:
    return [[sum(x * y for x, y in zip(row, col, strict=True)) for col in zip(*b, strict=True)] for row in a]


def matvec(a: list, v: list) -> list:
    return [sum(x * y for x, y in zip(row, v, strict=True)) for row in a]


def minus(u: list, v: list) -> list:
    return [a - b for a, b in zip(u, v, strict=True)]


def dot(u: list, v: list) -> Fraction:
    return sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))


def to_sympy(value):
    """An int or Fraction as a sympy Rational, a list as a column, a list of lists as a matrix."""
    if isinstance(value, list):
        rows = value if isinstance(value[0], list) else [[v] for v in value]
        return sp.Matrix([[to_sympy(v) for v in row] for row in rows])
    return sp.Rational(value.numerator, value.denominator)
