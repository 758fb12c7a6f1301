"""Numeric (numpy, float) and exact (sympy) evaluation of canonical forms and of raw trees.

Values are always 2-D: numpy arrays or sympy matrices; a scalar is 1×1.
"""

from __future__ import annotations

from fractions import Fraction

from generator.errors import SheetgenError
from generator.matcalc import algebra as al
from generator.matcalc.parser import postorder


class NumpyBackend:
    def __init__(self):
        import numpy as np
        self.np = np

    def number(self, value: Fraction):
        return self.np.array([[float(value)]])

    def eye(self, n):
        return self.np.eye(n)

    def ones(self, r, c):
        return self.np.ones((r, c))

    def matmul(self, a, b):
        if a.shape == (1, 1) or b.shape == (1, 1):
            return a * b
        return a @ b

    def add(self, a, b):
        return a + b

    def transpose(self, a):
        return a.T

    def inv(self, a):
        return self.np.linalg.inv(a)

    def det(self, a):
        return self.np.array([[self.np.linalg.det(a)]])

    def trace(self, a):
        return self.np.array([[self.np.trace(a)]])

    def sum_all(self, a):
        return self.np.array([[a.sum()]])

    def norm2(self, a):
        return self.np.array([[self.np.sqrt((a * a).sum())]])

    def hadamard(self, a, b):
        return a * b

    def power(self, a, k: Fraction):
        return a ** float(k)

    def pow(self, a, b):
        return a ** b

    def func(self, name, a):
        np = self.np
        table = {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "tanh": np.tanh, "sin": np.sin,
                 "cos": np.cos, "sigmoid": lambda v: 1 / (1 + np.exp(-v))}
        return table[name](a)

    def diag(self, v):
        return self.np.diag(v[:, 0])

    def diagvec(self, m):
        return self.np.diag(m).reshape(-1, 1)


class SympyBackend:
    def __init__(self):
        import sympy
        self.sp = sympy

    def number(self, value: Fraction):
        return self.sp.Matrix([[self.sp.Rational(value.numerator, value.denominator)]])

    def eye(self, n):
        return self.sp.eye(n)

    def ones(self, r, c):
        return self.sp.ones(r, c)

    def matmul(self, a, b):
        if a.shape == (1, 1):
            return b * a[0, 0]
        if b.shape == (1, 1):
            return a * b[0, 0]
        return a * b

    def add(self, a, b):
        if a.shape == (1, 1) and b.shape != (1, 1):
            return b + self.sp.ones(*b.shape) * a[0, 0]
        if b.shape == (1, 1) and a.shape != (1, 1):
            return a + self.sp.ones(*a.shape) * b[0, 0]
        return a + b

    def transpose(self, a):
        return a.T

    def inv(self, a):
        return a.inv()

    def det(self, a):
        return self.sp.Matrix([[a.det()]])

    def trace(self, a):
        return self.sp.Matrix([[a.trace()]])

    def sum_all(self, a):
        return self.sp.Matrix([[sum(a)]])

    def norm2(self, a):
        return self.sp.Matrix([[self.sp.sqrt(sum(v * v for v in a))]])

    def hadamard(self, a, b):
        if a.shape == (1, 1) or b.shape == (1, 1):
            return self.matmul(a, b)
        return a.multiply_elementwise(b)

    def power(self, a, k: Fraction):
        exponent = self.sp.Rational(k.numerator, k.denominator)
        return a.applyfunc(lambda v: v ** exponent)

    def pow(self, a, b):
        return self.sp.Matrix([[a[0, 0] ** b[0, 0]]])

    def func(self, name, a):
        sp = self.sp
        table = {"exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "tanh": sp.tanh, "sin": sp.sin,
                 "cos": sp.cos, "sigmoid": lambda v: 1 / (1 + sp.exp(-v))}
        return a.applyfunc(table[name])

    def diag(self, v):
        return self.sp.diag(*list(v))

    def diagvec(self, m):
        return self.sp.Matrix([m[i, i] for i in range(m.shape[0])])


class CanonicalEvaluator:
    """Evaluates a canonical Sum given values of the variables and the sizes of letters."""

    def __init__(self, backend, values: dict, sizes: dict):
        self.b = backend
        self.values = values
        self.sizes = sizes

    def size(self, dim):
        if isinstance(dim, int):
            return dim
        if dim not in self.sizes:
            raise SheetgenError(f"cannot evaluate: size {dim} is unknown")
        return self.sizes[dim]

    def sum(self, s: al.Sum):
        r, c = (self.size(d) for d in s.shape)
        total = None
        for t in s.terms:
            value = self.term(t)
            total = value if total is None else self.b.add(total, value)
        if total is None:
            return self.b.matmul(self.b.number(Fraction(0)), self.b.ones(r, c))
        return total

    def term(self, t: al.Term):
        value = self.b.number(t.coef)
        for a, k in t.scalars:
            value = self.b.matmul(value, self.b.power(self.atom(a), k))
        chain = None
        for a in t.chain:
            v = self.atom(a)
            chain = v if chain is None else self.b.matmul(chain, v)
        return value if chain is None else self.b.matmul(value, chain)

    def atom(self, a):
        b = self.b
        if isinstance(a, al.Var):
            if a.name not in self.values:
                raise SheetgenError(f"cannot evaluate: no value for {a.name}")
            v = self.values[a.name]
            return b.transpose(v) if a.transposed else v
        if isinstance(a, al.Eye):
            return b.eye(self.size(a.n))
        if isinstance(a, al.Ones):
            return b.ones(*(self.size(d) for d in a.shape))
        if isinstance(a, al.Group):
            return self.sum(a.arg)
        if isinstance(a, al.Inv):
            return b.inv(self.sum(a.arg))
        if isinstance(a, al.Func):
            return b.func(a.name, self.sum(a.arg))
        if isinstance(a, al.Diag):
            return b.diag(self.sum(a.arg))
        if isinstance(a, al.DiagVec):
            return b.diagvec(self.sum(a.arg))
        if isinstance(a, al.ScalarOf):
            return getattr(b, {"det": "det", "tr": "trace", "sum": "sum_all", "norm2": "norm2"}[a.kind])(
                self.sum(a.arg))
        if isinstance(a, al.Pow):
            return b.pow(self.sum(a.base), self.sum(a.exponent))
        if isinstance(a, al.Had):
            value = None
            for f, k in a.factors:
                v = b.power(self.sum(f), k)
                value = v if value is None else b.hadamard(value, v)
            return value
        if isinstance(a, al.TAtom):
            return b.transpose(self.atom(a.arg))
        raise SheetgenError(f"cannot evaluate {type(a).__name__}")


class RawEvaluator:
    """Evaluates the raw parsed tree with numpy, independently of the canonical form (arguments
    first, without recursion)."""

    def __init__(self, shapes: dict, values: dict, sizes: dict):
        import numpy as np
        self.np = np
        self.b = NumpyBackend()
        self.shapes = shapes
        self.values = values
        self.sizes = sizes

    def size(self, dim):
        return dim if isinstance(dim, int) else self.sizes[dim]

    def eval(self, root):
        values: dict = {}
        for node in postorder(root):
            values[node] = self.eval_node(node, [values[a] for a in node.args])
        return values[root]

    def eval_node(self, node, vals: list):
        np, b = self.np, self.b
        op = node.op
        if op == "num":
            return b.number(node.value)
        if op == "name":
            if node.value in self.values:
                return self.values[node.value]
            if node.value == "I":
                return np.eye(self.size(self.shapes[node][0]))
            raise SheetgenError(f"no value for {node.value}")
        if op == "eye":
            return np.eye(self.size(node.value[0]))
        if op == "ones":
            return np.ones(tuple(self.size(d) for d in node.value))
        if op == "neg":
            return -vals[0]
        if op == "T":
            return vals[0].T
        if op == "add":
            return vals[0] + vals[1]
        if op == "sub":
            return vals[0] - vals[1]
        if op == "mul":
            return b.matmul(*vals)
        if op == "div":
            return vals[0] / vals[1]
        if op == "had":
            return vals[0] * vals[1]
        if op == "ediv":
            return vals[0] / vals[1]
        if op == "epow":
            return vals[0] ** vals[1]
        if op == "pow":
            if vals[0].shape == (1, 1):
                return vals[0] ** vals[1]
            return np.linalg.matrix_power(vals[0], int(round(vals[1][0, 0])))
        if op == "call":
            return self.call(node.value, vals[0])
        raise SheetgenError(f"cannot evaluate {op}")

    def call(self, name, v):
        b, np = self.b, self.np
        table = {"tr": b.trace, "det": b.det, "inv": b.inv, "sum": b.sum_all, "norm2": b.norm2}
        if name in table:
            return table[name](v)
        if name == "diag":
            return np.diag(v[:, 0]) if v.shape[1] == 1 else np.diag(v).reshape(-1, 1)
        return b.func(name, v)
