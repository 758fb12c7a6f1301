"""Independent check of B1 without sympy: the stored expression (a sympy srepr string such as
"Add(Pow(Symbol('x'), Integer(2)), ...)") is evaluated by plain Python with forward-mode dual
numbers over exact Fractions (floats only where exp/sigma leave the rationals), which gives f and
both partials by a route unrelated to the reverse-mode graph pass and to sympy.diff. Central
finite differences cross-check the dual numbers, and the symbolic partials of the key (sympy
str, i.e. Python syntax) are evaluated at the point and at two more points."""

from __future__ import annotations

import math
from fractions import Fraction

STEP = 1e-5


class Dual:
    """a + b ε with ε² = 0; `b` is the derivative with respect to the chosen input."""

    __slots__ = ("a", "b")

    def __init__(self, a, b=0):
        self.a, self.b = a, b

    @staticmethod
    def lift(v):
        return v if isinstance(v, Dual) else Dual(v, 0)

    def __add__(self, o):
        o = Dual.lift(o)
        return Dual(self.a + o.a, self.b + o.b)

    def __mul__(self, o):
        o = Dual.lift(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)

    def power(self, n):
        if isinstance(n, Dual):
            if n.b != 0:
                raise ValueError("variable exponents are not expected in B1")
            n = n.a
        if isinstance(n, Fraction) and n.denominator == 1:
            n = int(n)
        if isinstance(n, int) and n < 0 and self.a != 0:
            base = Fraction(self.a) if not isinstance(self.a, float) else self.a
            return Dual(base ** n, n * base ** (n - 1) * self.b)
        return Dual(self.a ** n, n * self.a ** (n - 1) * self.b)


def _exp(u: Dual) -> Dual:
    value = Fraction(1) if u.a == 0 else math.exp(u.a)
    return Dual(value, value * u.b)


def _sigmoid(u: Dual) -> Dual:
    s = Fraction(1, 2) if u.a == 0 else 1 / (1 + math.exp(-u.a))
    return Dual(s, s * (1 - s) * u.b)


def _add(*args):
    out = Dual(0)
    for a in args:
        out = out + a
    return out


def _mul(*args):
    out = Dual(1)
    for a in args:
        out = out * a
    return out


def evaluate(srepr: str, x, y, wrt: str) -> Dual:
    """f(x, y) and ∂f/∂wrt as a Dual."""
    point = {"x": Dual(x, 1 if wrt == "x" else 0), "y": Dual(y, 1 if wrt == "y" else 0)}
    names = {
        "Symbol": lambda name: point[name],
        "Integer": lambda n: Dual(Fraction(n)),
        "Rational": lambda p, q: Dual(Fraction(p, q)),
        "Add": _add,
        "Mul": _mul,
        "Pow": lambda base, n: Dual.lift(base).power(n),
        "exp": _exp,
        "sigmoid": _sigmoid,
    }
    return eval(srepr, {"__builtins__": {}}, names)  # noqa: S307 - our own params, no builtins


def _formula(text: str, x: float, y: float) -> float:
    names = {"x": x, "y": y, "exp": math.exp, "sigmoid": lambda u: 1 / (1 + math.exp(-u))}
    return float(eval(text, {"__builtins__": {}}, names))  # noqa: S307


def _frac(v) -> Fraction:
    return Fraction(str(v)) if isinstance(v, float) else Fraction(v)


def verify(params, values) -> list[str]:
    x, y = _frac(params["x"]), _frac(params["y"])
    f = params["f"]
    on_x, on_y = evaluate(f, x, y, "x"), evaluate(f, x, y, "y")
    expected = {"f": on_x.a, "df_dx": on_x.b, "df_dy": on_y.b}
    tol = 1e-6 if params["places"] is None else 0.6 * 10.0 ** -params["places"]
    problems = []
    # the dual numbers themselves against central differences of the plain values
    plain = lambda u, v: float(evaluate(f, u, v, "x").a)  # noqa: E731
    xf, yf = float(x), float(y)
    fd = {"df_dx": (plain(xf + STEP, yf) - plain(xf - STEP, yf)) / (2 * STEP),
          "df_dy": (plain(xf, yf + STEP) - plain(xf, yf - STEP)) / (2 * STEP)}
    for name, approx in fd.items():
        if abs(approx - float(expected[name])) > 1e-4 * (1 + abs(approx)):
            problems.append(f"{name}: dual numbers {float(expected[name])} but finite "
                            f"differences {approx} (check.py itself is wrong)")
    for name, want in expected.items():
        got = values.get(name)
        if not isinstance(got, (int, float)) or abs(float(got) - float(want)) > tol:
            problems.append(f"{name}: key {got} but independent {float(want):.6g}")
    for name, var in (("df_dx_formula", "x"), ("df_dy_formula", "y")):
        text = values.get(name)
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = repr(text)  # a constant partial derivative comes as a plain number
        if not isinstance(text, str):
            problems.append(f"{name}: not a formula: {text!r}")
            continue
        for u, v in ((xf, yf), (0.3, -0.7), (-1.1, 0.4)):
            want = float(evaluate(f, u, v, var).b)
            try:
                got = _formula(text, u, v)
            except Exception as exc:  # noqa: BLE001 - any failure is a wrong key
                problems.append(f"{name}: cannot evaluate {text!r}: {exc}")
                break
            if abs(got - want) > 1e-9 * (1 + abs(want)):
                problems.append(f"{name} at ({u}, {v}): key formula gives {got}, independent {want}")
                break
    return problems
