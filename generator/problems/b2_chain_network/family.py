"""B2: the chain network x -w1-> f -w2-> f ... -wk-> yhat (one neuron per layer, no biases, linear
output) with L = 1/2 (y - yhat)^2: the composition, dL/dw_j as products of repeated factors,
backprop as reuse of those products, and the numbers for given x, y, w.

Numbers (the statement says so in words): with ReLU or the identity everything is exact; with the
sigmoid or tanh every value with more than 4 decimals is rounded half away from zero to 4 places
as soon as it is found, and every later value is computed from the rounded ones (f'(z_j) from the
rounded a_j: a_j (1 - a_j) or 1 - a_j^2). `solve` keeps each value as computed from the shown
values before its own rounding ("raw"); the key prints it through num(4), which rounds it and
keeps all four places."""

from __future__ import annotations

import sympy as sp

from generator.mathtex import rounded
from generator.problems.base import Answer, Family, Option

from .check import verify
from .figure import figure

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
SMOOTH = ("sigmoid", "tanh")
PLACES = 4
PREC = 30
MAX_Z_SMOOTH = 2.5
MAX_VALUE = 40


class fprime(sp.Function):  # noqa: N801 -- prints as f'(z_j); str() is "fprime(zj)"
    """The derivative f' of the activation, left symbolic in the formulas."""

    def _latex(self, printer, exp=None):
        body = "f'(" + printer._print(self.args[0]) + ")"
        return body if exp is None else "{" + body + "}^{" + str(exp) + "}"


class residual(sp.Function):  # noqa: N801 -- prints as (yhat - y) in this order, as the solution
    """yhat - y written the way the solution writes it; str() "(yhat - y)" evaluates in Python."""

    nargs = 2

    def _latex(self, printer, exp=None):
        return r"(\hat y - y)"

    def _sympystr(self, printer):
        return "(yhat - y)"

    def doit(self, **hints):
        return self.args[0] - self.args[1]


class chain_product(sp.Function):  # noqa: N801 -- an ordered product
    """A product whose factors print in the given order (from the output back to the weight),
    so the key reads exactly like the chain rule of the solution."""

    def _latex(self, printer, exp=None):
        return r"\, ".join(printer._print(a) for a in self.args)

    def _sympystr(self, printer):
        return "*".join(printer._print(a) for a in self.args)

    def doit(self, **hints):
        return sp.Mul(*(a.doit(**hints) for a in self.args))


def sample(rng, options) -> dict:
    act = options["activation"]
    if act == "random":
        act = ACTIVATIONS[int(rng.integers(len(ACTIVATIONS)))]
    depth = int(rng.integers(2, 5)) if options["depth"] == "random" else int(options["depth"])
    x = int(rng.choice((-2, -1, 1, 2)))
    y = int(rng.integers(-3, 4))
    w = [int(rng.choice((1, 2))) * int(rng.choice((-1, 1))) for _ in range(depth)]
    if act == "relu":  # keep every unit alive: z_1 = w1 x > 0, then w_j > 0 for the hidden layers
        w[0] = abs(w[0]) * (1 if x > 0 else -1)
        w[1:-1] = [abs(v) for v in w[1:-1]]
    return {"activation": act, "x": x, "y": y, "w": w}


def _f(act, z):
    if act == "sigmoid":
        return sp.N(1 / (1 + sp.exp(-z)), PREC)
    if act == "tanh":
        return sp.N(sp.tanh(z), PREC)
    if act == "relu":
        return z if z > 0 else sp.Integer(0)
    return z


def _df(act, z, a):
    """f'(z) from the neuron's shown output a = f(z), as a student computes it by hand."""
    if act == "sigmoid":
        return a * (1 - a)
    if act == "tanh":
        return 1 - a**2
    if act == "relu":
        return sp.Integer(1) if z > 0 else sp.Integer(0)
    return sp.Integer(1)


def shown(value, smooth: bool):
    """The value as written down: rounded half away from zero to 4 places for sigmoid/tanh."""
    return sp.Rational(str(rounded(value, PLACES))) if smooth else value


def formulas(depth: int) -> list:
    """dL/dw_j for j = 1..depth as ordered products (yhat - y) w_k f'(z_{k-1}) ... a_{j-1}."""
    yhat, y, x = sp.symbols("yhat y x")
    w = sp.symbols(f"w1:{depth + 1}")
    z = sp.symbols(f"z1:{depth}")
    a = [x] + list(sp.symbols(f"a1:{depth}"))
    result = []
    for j in range(1, depth + 1):
        factors = [residual(yhat, y)]
        for i in range(depth, j, -1):  # from the output back to layer j
            factors += [w[i - 1], fprime(z[i - 2])]
        factors.append(a[j - 1])
        result.append(chain_product(*factors))
    return result


def solve(params) -> dict:
    """Forward and backward pass. Lists hold each value as computed from the shown values of the
    earlier steps (exact for ReLU/identity); `shown(v)` is what the student writes down."""
    act = params["activation"]
    smooth = act in SMOOTH
    w = [sp.Integer(v) for v in params["w"]]
    k = len(w)
    a, z = [sp.Integer(params["x"])], []
    for j in range(k - 1):
        z.append(w[j] * shown(a[-1], smooth))
        a.append(_f(act, z[-1]))
    yhat = w[-1] * shown(a[-1], smooth)
    delta = yhat - params["y"]
    df = [_df(act, z[j], shown(a[j + 1], smooth)) for j in range(k - 1)]
    # backward: dz[j] = dL/dz_{j+1}, each from the shown upstream value
    dz = [sp.Integer(0)] * (k - 1)
    upstream = delta
    for j in range(k - 2, -1, -1):
        dz[j] = upstream * w[j + 1] * shown(df[j], smooth)
        upstream = shown(dz[j], smooth)
    deltas = [shown(v, smooth) for v in dz] + [delta]
    grads = [deltas[j] * shown(a[j], smooth) for j in range(k)]
    return {
        "z": z, "a": a, "yhat": yhat, "delta": delta, "L": delta**2 / 2, "dz": dz,
        "df": df, "grads": grads, "formulas": formulas(k), "smooth": smooth,
    }


def accept(params, solution) -> bool:
    """Nonzero error, every gradient nonzero as written (no dead ReLU, none that rounds to 0 at 4
    places), the gradients not all equal in absolute value as written (with ReLU or the identity
    dL/dw_j = delta x prod_{i != j} w_i, so equal |w_i| would make every answer the same number),
    no saturation for sigmoid/tanh (|z| <= 2.5), numbers small."""
    smooth = solution["smooth"]
    if solution["delta"] == 0:
        return False
    grads = [abs(shown(g, smooth)) for g in solution["grads"]]
    if 0 in grads or len(set(grads)) == 1:
        return False
    if smooth and any(abs(float(t)) > MAX_Z_SMOOTH for t in solution["z"]):
        return False
    values = solution["z"] + [solution["yhat"], solution["L"]] + solution["grads"]
    return all(abs(float(v)) <= MAX_VALUE for v in values)


def composition(depth: int) -> str:
    """yhat = w_k f(... f(w_1 x)) as LaTeX."""
    expr = "w_1 x"
    for j in range(2, depth + 1):
        expr = f"w_{j} f({expr})"
    return expr


def _same(label: str) -> dict:
    return {"ru": label, "en": label}


def answers(params, solution) -> list[Answer]:
    places = PLACES if solution["smooth"] else None
    k = len(params["w"])
    d = lambda j: rf"\frac{{\partial L}}{{\partial w_{j}}}"  # noqa: E731
    result = [Answer("composition", "text", composition(k), _same(r"$\hat y$"), item=1)]
    result += [Answer(f"formula_w{j}", "expression", solution["formulas"][j - 1], _same(f"${d(j)}$"),
                      item=2) for j in range(1, k + 1)]
    result += [
        Answer("delta_rule", "text", rf"\delta_{{j+1}}\, w_{{j+1}} f'(z_j),\ \ \delta_{k} = \hat y - y",
               _same(r"$\delta_j = \frac{\partial L}{\partial z_j}$"), item=3),
        Answer("grad_rule", "text", r"\delta_j\, a_{j-1}", _same(f"${d('j')}$"), item=3),
    ]
    for j in range(1, k):
        result.append(Answer(f"z{j}", "number", solution["z"][j - 1], _same(f"$z_{j}$"), places, 4))
        result.append(Answer(f"a{j}", "number", solution["a"][j],
                             _same(f"$a_{j} = f(z_{j})$"), places, 4))
    result.append(Answer("yhat", "number", solution["yhat"], _same(r"$\hat y$"), places, 4))
    result.append(Answer("L", "number", solution["L"], _same("$L$"), places, 4))
    result += [Answer(f"dL_dw{j}", "number", solution["grads"][j - 1], _same(f"${d(j)}$"), places, 4)
               for j in range(1, k + 1)]
    return result


def figures(params, solution) -> dict:
    """The chain drawn as a 1-1-...-1 network: w_j on the edges in the statement, the numbers
    (weights and forward values, formatted like the answers) in the key."""
    return {"chain": figure(params, solution, PLACES if solution["smooth"] else None)}


FAMILY = Family(
    id="B2",
    title={"ru": "Цепочка нейронов", "en": "A chain of neurons"},
    summary="chain network x -w1-> f -w2-> ... -wk-> yhat, L = 1/2 (y - yhat)^2: dL/dw_j as "
    "products, the repeated parts, backprop, numbers",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    figures=figures,
    options={
        "activation": Option(default="random", choices=("random",) + ACTIVATIONS,
                             help="activation f, or drawn at random"),
        "depth": Option(default="random", choices=("random", 2, 3, 4),
                        help="number of weights k (k - 1 activations)"),
    },
)
