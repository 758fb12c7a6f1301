"""B2: the chain network x -w1-> f -w2-> f ... -wk-> yhat (one neuron per layer, no biases, linear
output) with L = 1/2 (y - yhat)^2: the composition, dL/dw_j as products of repeated factors,
backprop as reuse of those products, and the numbers for given x, y, w."""

from __future__ import annotations

import sympy as sp

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


def _df(act, z):
    if act == "sigmoid":
        s = _f(act, z)
        return s * (1 - s)
    if act == "tanh":
        return 1 - _f(act, z) ** 2
    if act == "relu":
        return sp.Integer(1) if z > 0 else sp.Integer(0)
    return sp.Integer(1)


def formulas(depth: int) -> list:
    """dL/dw_j for j = 1..depth as sympy products in yhat, y, x, w_i, a_i, f'(z_i)."""
    yhat, y, x = sp.symbols("yhat y x")
    w = sp.symbols(f"w1:{depth + 1}")
    z = sp.symbols(f"z1:{depth}")
    a = [x] + list(sp.symbols(f"a1:{depth}"))
    result = []
    for j in range(1, depth + 1):
        expr = (yhat - y) * a[j - 1]
        for i in range(j, depth):  # the chain from layer j up to the output
            expr *= w[i] * fprime(z[i - 1])
        result.append(expr)
    return result


def solve(params) -> dict:
    act = params["activation"]
    w = [sp.Integer(v) for v in params["w"]]
    k = len(w)
    a = [sp.Integer(params["x"])]
    z = []
    for j in range(k - 1):
        z.append(w[j] * a[-1])
        a.append(_f(act, z[-1]))
    yhat = w[-1] * a[-1]
    delta = yhat - params["y"]
    loss = delta**2 / 2
    # backward: g[j] = dL/dz_{j+1}; the repeated product grows one factor per layer
    dz = [sp.Integer(0)] * (k - 1)
    upstream = delta  # dL/d(output of the next linear piece)
    for j in range(k - 2, -1, -1):
        dz[j] = upstream * w[j + 1] * _df(act, z[j])
        upstream = dz[j]
    grads = [(dz[j] if j < k - 1 else delta) * a[j] for j in range(k)]
    return {
        "z": z, "a": a, "yhat": yhat, "delta": delta, "L": loss, "dz": dz,
        "df": [_df(act, t) for t in z], "grads": grads, "formulas": formulas(k),
        "smooth": act in SMOOTH,
    }


def accept(params, solution) -> bool:
    """Nonzero error, every gradient nonzero (no dead ReLU), no saturation for sigmoid/tanh
    (|z| <= 2.5), numbers small."""
    if solution["delta"] == 0:
        return False
    if any(g == 0 for g in solution["grads"]):
        return False
    if solution["smooth"]:
        if any(abs(float(t)) > MAX_Z_SMOOTH for t in solution["z"]):
            return False
        if any(abs(float(g)) < 5e-4 for g in solution["grads"]):
            return False  # would print as 0 at 4 places
    values = solution["z"] + [solution["yhat"], solution["L"]] + solution["grads"]
    return all(abs(float(v)) <= MAX_VALUE for v in values)


def answers(params, solution) -> list[Answer]:
    places = PLACES if solution["smooth"] else None
    k = len(params["w"])
    result = []
    for j in range(1, k):
        result.append(Answer(f"z{j}", "number", solution["z"][j - 1],
                             {"ru": f"$z_{j}$", "en": f"$z_{j}$"}, places))
        result.append(Answer(f"a{j}", "number", solution["a"][j],
                             {"ru": f"$a_{j} = f(z_{j})$", "en": f"$a_{j} = f(z_{j})$"}, places))
    result.append(Answer("yhat", "number", solution["yhat"], {"ru": r"$\hat y$", "en": r"$\hat y$"}, places))
    result.append(Answer("L", "number", solution["L"], {"ru": "$L$", "en": "$L$"}, places))
    for j in range(1, k + 1):
        d = rf"\frac{{\partial L}}{{\partial w_{j}}}"
        result.append(Answer(f"formula_w{j}", "expression", solution["formulas"][j - 1],
                             {"ru": f"${d}$", "en": f"${d}$"}))
    for j in range(1, k + 1):
        d = rf"\frac{{\partial L}}{{\partial w_{j}}}"
        result.append(Answer(f"dL_dw{j}", "number", solution["grads"][j - 1],
                             {"ru": f"${d}$ (число)", "en": f"${d}$ (value)"}, places))
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
