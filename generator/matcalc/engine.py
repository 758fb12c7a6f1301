"""differentiate(): parse, check shapes, take the differential, read off the gradient or
Jacobian, print, and verify numerically before returning anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import SheetgenError
from generator.matcalc import algebra as al
from generator.matcalc.convert import to_canonical
from generator.matcalc.latex import latex
from generator.matcalc.parser import parse, postorder
from generator.matcalc.printing import text
from generator.matcalc.readoff import gradient, jacobian
from generator.matcalc.rules import differential
from generator.matcalc.shapes import check_dim, infer_shapes
from generator.matcalc.simplify import tidy


@dataclass
class Result:
    """What `differentiate` returns; texts use the calculator syntax, *_latex the course notation.

    kind: "gradient" (scalar f; df = tr(G' dX)), "jacobian" (column f of a column x; df = J dx)
    or "differential" (anything else: only df is given, result_* are None).
    shape: shape of the gradient/Jacobian as (rows, cols) of ints/letters (None for differential).
    """

    kind: str
    wrt: str
    function_text: str
    differential_text: str
    result_text: str | None
    function_latex: str
    differential_latex: str
    result_latex: str | None
    shape: tuple | None
    function_shape: tuple
    wrt_shape: tuple
    names: dict = field(repr=False)
    _f: al.Sum = field(repr=False, default=None)
    _df: al.Sum = field(repr=False, default=None)
    _result: al.Sum | None = field(repr=False, default=None)

    @property
    def diff_name(self) -> str:
        return "d" + self.wrt

    def evaluate(self, values: dict):
        """Exact value (sympy Matrix) of the gradient/Jacobian at values: name -> Matrix/number."""
        if self._result is None:
            raise SheetgenError(f"{self.function_text} is not scalar- or vector-valued: "
                                "only its differential is available")
        self._check_defined(values)
        return self._exact(self._result, values)

    def _check_defined(self, values: dict) -> None:
        """Refuse points where f itself is undefined (log or sqrt of a non-positive number,
        a singular inverse): a gradient printed there would be a silent guess."""
        value = self.evaluate_function(values)
        if any(not cell.is_extended_real or not cell.is_finite for cell in value):
            raise SheetgenError(f"{self.function_text} is not defined at this point")

    def evaluate_differential(self, values: dict, dvalues):
        """Exact value of df at values, with dVAR := dvalues (a Matrix/number)."""
        return self._exact(self._df, dict(values, **{self.diff_name: dvalues}))

    def evaluate_float(self, values: dict, which: str = "result"):
        """Float value (numpy) at numeric values: which = "result" (gradient/Jacobian),
        "differential" (give d<VAR> in values) or "function"."""
        import numpy as np

        from generator.matcalc.evaluate import CanonicalEvaluator, NumpyBackend
        target = {"result": self._result, "differential": self._df, "function": self._f}[which]
        if target is None:
            raise SheetgenError("only the differential is available")
        names = dict(self.names, **{self.diff_name: self.wrt_shape})
        arrays = {name: np.atleast_2d(np.asarray(v, dtype=float)) for name, v in values.items()}
        sizes = {}
        for name, a in arrays.items():
            for dim, size in zip(names.get(name, ()), a.shape, strict=False):
                if isinstance(dim, str):
                    sizes[dim] = size
        return CanonicalEvaluator(NumpyBackend(), arrays, sizes).sum(target)

    def evaluate_function(self, values: dict):
        return self._exact(self._f, values)

    def _exact(self, s: al.Sum, values: dict):
        import sympy

        from generator.matcalc.evaluate import CanonicalEvaluator, SympyBackend
        matrices = {name: as_matrix(v) for name, v in values.items()}
        shapes = dict(self.names, **{self.diff_name: self.wrt_shape})
        sizes = {}
        for name, m in matrices.items():
            if name not in shapes:
                continue
            for dim, size in zip(shapes[name], m.shape, strict=False):
                if isinstance(dim, str):
                    if sizes.setdefault(dim, size) != size:
                        raise SheetgenError(f"value of {name} has shape {m.shape}, inconsistent with {dim}")
                elif dim != size:
                    raise SheetgenError(f"value of {name} has shape {m.shape}, expected {shapes[name]}")
        try:
            value = CanonicalEvaluator(SympyBackend(), matrices, sizes).sum(s)
        except (ValueError, ZeroDivisionError) as err:  # e.g. a singular matrix to invert
            raise SheetgenError(f"cannot evaluate at this point: {err}") from None
        value = value.applyfunc(sympy.simplify)
        if any(cell.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) for cell in value):
            raise SheetgenError("the value is infinite or undefined at this point")
        return value


def as_matrix(value):
    import sympy
    if isinstance(value, sympy.MatrixBase):
        return sympy.Matrix(value)
    if isinstance(value, (list, tuple)):
        m = sympy.Matrix(value)
        return m
    return sympy.Matrix([[sympy.sympify(value)]])


def normalize_shapes(shapes: dict | None) -> dict:
    out = {}
    for name, dims in (shapes or {}).items():
        if isinstance(dims, str):
            dims = tuple(d.strip() for d in dims.split(","))
        dims = tuple(dims)
        if len(dims) == 1:
            dims = (dims[0], 1)
        if len(dims) != 2:
            raise SheetgenError(f"shape of {name} must be (rows, cols), got {dims!r}")
        out[name] = tuple(check_dim(d, name) for d in dims)
    return out


def kind_of(f_shape, wrt_shape) -> str:
    if al.is_scalar(f_shape):
        return "gradient"
    if f_shape[1] == 1 and wrt_shape[1] == 1:
        return "jacobian"
    return "differential"


def differentiate(expr: str, wrt: str, shapes: dict | None = None, check: bool = True) -> Result:
    """Differentiate EXPR with respect to the variable WRT.

    shapes: optional dict name -> (rows, cols) with ints or dimension letters; defaults: one
    uppercase letter is n×n, one lowercase letter a column n×1, lambda/alpha/... scalars; other
    names need a shape.
    Raises SheetgenError on syntax or shape errors, unsupported constructs, input beyond the
    limits (see parser.py, shapes.py), or when the numeric self-check (finite differences at
    random points) disagrees with the answer.
    """
    if not isinstance(expr, str) or not expr.strip():
        raise SheetgenError("empty expression")
    shapes = normalize_shapes(shapes)
    tree = parse(expr)
    diff_name = "d" + wrt
    if diff_name in names_in(tree):
        raise SheetgenError(f"the name {diff_name} is reserved for the differential of {wrt}")
    node_shapes, names = infer_shapes(expr, tree, shapes)
    if wrt not in names:
        raise SheetgenError(f"the expression does not contain the variable {wrt}")
    f = to_canonical(tree, node_shapes, user_names=tuple(shapes))
    wrt_shape = names[wrt]
    raw_df = differential(f, wrt, diff_name)
    df = tidy(raw_df, differential=True)
    kind = kind_of(f.shape, wrt_shape)
    result = None
    if kind == "gradient":
        result = tidy(gradient(raw_df, wrt_shape))
    elif kind == "jacobian":
        result = tidy(jacobian(raw_df, wrt_shape))
    texts = {"function": text(f), "differential": text(df),
             "result": text(result) if result is not None else None}
    if check:
        run_self_check(tree, node_shapes, names, wrt, diff_name, f, df, texts, kind)
    return Result(kind=kind, wrt=wrt, function_text=texts["function"],
                  differential_text=texts["differential"], result_text=texts["result"],
                  function_latex=latex(f), differential_latex=latex(df),
                  result_latex=latex(result) if result is not None else None,
                  shape=result.shape if result is not None else None,
                  function_shape=f.shape, wrt_shape=wrt_shape, names=names,
                  _f=f, _df=df, _result=result)


def names_in(tree) -> set:
    return {node.value for node in postorder(tree) if node.op == "name"}


def run_self_check(*args):
    from generator.matcalc.selfcheck import SelfCheck
    try:
        SelfCheck(*args).run()
    except SheetgenError:
        raise
    except Exception as exc:  # noqa: BLE001 - any evaluation failure means: do not print
        raise SheetgenError(f"self-check failed: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
