"""Shape inference for the raw tree: default shapes by name, --shape overrides, unification.

Without a given shape, a name must be one capital letter (a matrix, n×n unless the expression
fixes its sizes), one lowercase letter (a column) or a scalar name (lambda, alpha, ...).  Every
dimension letter the user writes (in a shape, in eye(n) or ones(r,c)) is a size of its own: it
never merges with a different letter or number.  Integer sizes are at most MAX_SIZE.
"""

from __future__ import annotations

import itertools
import re

from generator.errors import SheetgenError
from generator.matcalc.parser import Node, postorder, shorten

SCALAR_NAMES = ("lambda", "alpha", "beta", "gamma", "eta", "mu", "sigma", "rho", "tau", "theta",
                "delta", "epsilon", "omega", "nu", "kappa")
DEFAULT_DIM = "n"
MAX_SIZE = 100
NAME_RULES = ("one capital letter is an n×n matrix, one lowercase letter an n-vector, "
              f"{', '.join(SCALAR_NAMES[:3])}, ... are scalars")
_fresh = itertools.count()


def parse_shape_option(text: str) -> tuple[str, tuple]:
    """'A=p,m' -> ('A', ('p', 'm')); integers become int."""
    match = re.fullmatch(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*([A-Za-z0-9_]+)\s*(?:,\s*([A-Za-z0-9_]+))?\s*",
                         text)
    if not match:
        raise SheetgenError(f"bad --shape {text!r}: expected NAME=R,C, e.g. A=p,m or c=1,1")
    dims = (match.group(2), match.group(3) or "1")
    return match.group(1), tuple(check_dim(d, text) for d in dims)


def check_dim(dim, context: str = ""):
    """A size: an integer from 1 to MAX_SIZE (also as digits) or a dimension letter."""
    if isinstance(dim, str) and re.fullmatch(r"[0-9]+", dim):
        number = int(dim) if len(dim.lstrip("0")) <= len(str(MAX_SIZE)) else MAX_SIZE + 1
    else:
        number = dim if isinstance(dim, int) else None
    if number is not None:
        if not 1 <= number <= MAX_SIZE:
            raise SheetgenError(f"bad size {dim!r} in {context!r}: sizes are integers from 1 to {MAX_SIZE} "
                                "(or letters)")
        return number
    if isinstance(dim, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", dim):
        return dim
    raise SheetgenError(f"bad size {dim!r} in {context!r}: use an integer or a letter")


def show(shape) -> str:
    return f"{shape[0]}×{shape[1]}"


class Dims:
    """Union-find over dimension variables; a class may carry one concrete size (int or letter)."""

    def __init__(self):
        self.parent: dict = {}
        self.value: dict = {}
        self.non_unit: set = set()

    def new(self, concrete=None, non_unit=False):
        key = ("v", next(_fresh))
        self.parent[key] = key
        if concrete is not None:
            self.value[key] = concrete
        if non_unit:
            self.non_unit.add(key)
        return key

    def find(self, key):
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def get(self, key):
        return self.value.get(self.find(key))

    def unify(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        va, vb = self.value.get(ra), self.value.get(rb)
        if va is not None and vb is not None and va != vb:
            return False
        if (va == 1 and rb in self.non_unit) or (vb == 1 and ra in self.non_unit):
            return False
        self.parent[rb] = ra
        if rb in self.non_unit:
            self.non_unit.add(ra)
        if va is None and vb is not None:
            self.value[ra] = vb
        return True


class ShapeChecker:
    """Walks the raw tree and records each node's shape; scalars (1×1) scale and broadcast."""

    def __init__(self, source: str, shapes: dict):
        self.source = source
        self.dims = Dims()
        self.given = {name: tuple(check_dim(d, name) for d in dims) for name, dims in shapes.items()}
        self.names: dict = {}
        self.node_shape: dict = {}

    def text(self, node: Node) -> str:
        return shorten(self.source[node.start:node.end].strip(), 60)

    def resolved(self, shape) -> tuple:
        return tuple(self.dims.get(d) or DEFAULT_DIM for d in shape)

    def is_scalar(self, shape) -> bool:
        return self.dims.get(shape[0]) == 1 and self.dims.get(shape[1]) == 1

    def mismatch(self, what: str, *nodes: Node) -> SheetgenError:
        parts = [f"{self.text(n)} is {show(self.resolved(self.node_shape[n]))}" for n in nodes]
        return SheetgenError(f"shape mismatch in {what}: " + " but ".join(parts))

    def name_shape(self, name: str):
        if name not in self.names:
            self.names[name] = self.given_shape(name) if name in self.given else self.default_shape(name)
        return self.names[name]

    def given_shape(self, name: str):
        return tuple(self.dims.new(d) for d in self.given[name])

    def default_shape(self, name: str):
        """A matrix for one capital letter (square unless the expression says otherwise, see
        finish), a column for one lowercase letter, 1×1 for a scalar name."""
        if name in SCALAR_NAMES:
            return self.scalar()
        if re.fullmatch(r"[A-Z]", name):
            return (self.dims.new(non_unit=True), self.dims.new(non_unit=True))
        if re.fullmatch(r"[a-z]", name):
            return (self.dims.new(non_unit=True), self.dims.new(1))
        raise SheetgenError(f"the name {name} needs a shape: {NAME_RULES}; give other names one with "
                            f"--shape {name}=R,C (e.g. {name}=m,n)")

    def check(self, root: Node):
        for node in postorder(root):
            self.node_shape[node] = getattr(self, "check_" + node.op)(node)
        return self.node_shape[root]

    def arg_shapes(self, node: Node) -> list:
        return [self.node_shape[a] for a in node.args]

    def scalar(self):
        return (self.dims.new(1), self.dims.new(1))

    def check_num(self, node):
        return self.scalar()

    def check_name(self, node):
        if node.value == "I" and "I" not in self.given:
            d = self.dims.new()
            return (d, d)
        return self.name_shape(node.value)

    def check_eye(self, node):
        d = self.dims.new(check_dim(node.value[0], self.text(node)))
        return (d, d)

    def check_ones(self, node):
        return tuple(self.dims.new(check_dim(v, self.text(node))) for v in node.value)

    def check_neg(self, node):
        return self.node_shape[node.args[0]]

    def check_T(self, node):
        rows, cols = self.node_shape[node.args[0]]
        return (cols, rows)

    def elementwise(self, node, kind):
        left, right = self.arg_shapes(node)
        if self.is_scalar(left):
            return right
        if self.is_scalar(right):
            return left
        if not (self.dims.unify(left[0], right[0]) and self.dims.unify(left[1], right[1])):
            raise self.mismatch(f"'{self.text(node)}' ({kind})", *node.args)
        return left

    def check_add(self, node):
        return self.elementwise(node, "sum")

    check_sub = check_add

    def check_had(self, node):
        return self.elementwise(node, "elementwise operation")

    check_ediv = check_had

    def check_mul(self, node):
        left, right = self.arg_shapes(node)
        if self.is_scalar(left):
            return right
        if self.is_scalar(right):
            return left
        if not self.dims.unify(left[1], right[0]):
            raise self.mismatch(f"product '{self.text(node)}'", *node.args)
        return (left[0], right[1])

    def check_div(self, node):
        left, right = self.arg_shapes(node)
        if not self.is_scalar(right):
            raise self.mismatch(f"'{self.text(node)}': '/' divides by a scalar only", node.args[1])
        return left

    def check_pow(self, node):
        base, exponent = self.arg_shapes(node)
        if not self.is_scalar(exponent):
            raise self.mismatch(f"'{self.text(node)}': the exponent must be a scalar", node.args[1])
        if self.is_scalar(base):
            return base
        if integer_literal(node.args[1]) is None:
            raise self.mismatch(f"'{self.text(node)}': '^' raises a scalar, or a square matrix "
                                "to an integer power (use .^ for elementwise)", node.args[0])
        self.square(node.args[0], base, "'^'")
        return base

    def check_epow(self, node):
        base, _ = self.arg_shapes(node)
        if numeric_literal(node.args[1]) is None:
            raise SheetgenError(f"unsupported: '{self.text(node)}': the exponent of .^ must be a number")
        return base

    def square(self, node, shape, what):
        if not self.dims.unify(shape[0], shape[1]):
            raise self.mismatch(f"{what} needs a square matrix", node)

    def check_call(self, node):
        name, (arg,) = node.value, node.args
        shape = self.node_shape[arg]
        if name in ("tr", "det"):
            self.square(arg, shape, f"{name}()")
            return self.scalar()
        if name == "inv":
            self.square(arg, shape, "inv()")
            return shape
        if name in ("sum", "norm2"):
            return self.scalar()
        if name == "diag":
            if self.dims.get(shape[1]) == 1:
                return (shape[0], shape[0])
            self.square(arg, shape, "diag() of a matrix")
            return (shape[0], self.dims.new(1))
        return shape

    def finish(self, root: Node) -> dict:
        """Default unresolved sizes (square for uppercase names, n otherwise); return concrete shapes."""
        for name, (rows, cols) in self.names.items():
            if name[0].isupper() and (self.dims.get(rows) is None) != (self.dims.get(cols) is None):
                self.dims.unify(rows, cols)
        resolve = lambda d: self.dims.get(d) or DEFAULT_DIM  # noqa: E731
        shapes = {node: (resolve(r), resolve(c)) for node, (r, c) in self.node_shape.items()}
        names = {name: (resolve(r), resolve(c)) for name, (r, c) in self.names.items()}
        return shapes, names


def integer_literal(node: Node):
    value = numeric_literal(node)
    return int(value) if value is not None and value.denominator == 1 else None


def numeric_literal(node: Node):
    if node.op == "num":
        return node.value
    if node.op == "neg" and node.args[0].op == "num":
        return -node.args[0].value
    if node.op == "div" and all(a.op == "num" for a in node.args) and node.args[1].value:
        return node.args[0].value / node.args[1].value
    return None


def infer_shapes(source: str, root: Node, shapes: dict | None = None):
    """Return (shape of every node, shape of every name); raise SheetgenError on a mismatch."""
    checker = ShapeChecker(source, shapes or {})
    checker.check(root)
    return checker.finish(root)
