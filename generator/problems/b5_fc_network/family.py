"""B5: a small fully connected net (2-2-1, 2-3-1, 3-2-1, 2-2-2-1; no biases, activation f on
every layer) in matrix form: the forward equations H_k = O_{k-1} W_k, O_k = f(H_k), the backward
equations, the shapes of all matrices for a batch of n objects, and one numeric forward pass."""

from __future__ import annotations

import sympy as sp

from generator.mathtex import rounded
from generator.problems.base import Answer, Family, Option

from .check import verify
from .figure import TEXT_WIDTH_CM, NetFigure

ARCHITECTURES = ("2-2-1", "2-3-1", "3-2-1", "2-2-2-1")
ACTIVATIONS = ("sigmoid", "tanh", "relu")
WEIGHTS = {"relu": (-2, -1, 1, 2, 3), "smooth": (-1, -0.5, 0.5, 1)}
INPUTS = {"relu": (-1, 1, 2, 3), "smooth": (-2, -1, 1, 2)}
PLACES = 4
MAX_Z_SMOOTH = {"sigmoid": 2.5, "tanh": 2.0}  # beyond: saturated (sigma' < 0.07, tanh' < 0.08)
MAX_Z_RELU = 20
REDRAWS = 200


def sample(rng, options) -> dict:
    """Architecture, activation and batch size first; then the numbers of the numeric part are
    redrawn (bounded) until they pass the number rule of accept(), so that every architecture
    and activation keeps its share of the variants."""
    arch = options["sizes"]
    if arch == "random":
        arch = ARCHITECTURES[int(rng.integers(len(ARCHITECTURES)))]
    act = options["activation"]
    if act == "random":
        act = ACTIVATIONS[int(rng.integers(len(ACTIVATIONS)))]
    sizes = [int(t) for t in arch.split("-")]
    n = int(rng.integers(3, 9))
    kind = "relu" if act == "relu" else "smooth"
    table = WEIGHTS[kind]
    for _ in range(REDRAWS):
        weights = [[[_plain(table[int(i)]) for i in row]
                    for row in rng.integers(0, len(table), size=(a, b))]
                   for a, b in zip(sizes, sizes[1:])]
        x = [int(INPUTS[kind][int(i)]) for i in rng.integers(0, len(INPUTS[kind]), size=sizes[0])]
        params = {"sizes": sizes, "activation": act, "n": n, "x": x, "W": weights}
        if numbers_ok(params, solve(params)):
            break
    return params


def _plain(v):
    return int(v) if float(v).is_integer() else float(v)


def activate(act: str, h):
    """f(h), exact for ReLU, else a 40-digit number (rounded afterwards)."""
    if act == "relu":
        return h if h > 0 else sp.Integer(0)
    if act == "sigmoid":
        return sp.N(1 / (1 + sp.exp(-h)), 40)
    return sp.N(sp.tanh(h), 40)


def _shown(act: str, v):
    """The value as written down: exact for ReLU, 4 decimals (as an exact Rational) otherwise."""
    return v if act == "relu" else sp.Rational(str(rounded(v, PLACES)))


def solve(params) -> dict:
    act = params["activation"]
    o = sp.Matrix([params["x"]])  # 1 x n_0: one object as a row
    hs, os = [], []
    for W in params["W"]:
        # computed from the shown (rounded) values of the previous layer
        h = o * sp.Matrix(W).applyfunc(lambda v: sp.Rational(str(v)))
        o = h.applyfunc(lambda v: _shown(act, activate(act, v)))
        hs.append(h)
        os.append(o)
    return {"H": hs, "O": os, "yhat": os[-1][0, 0], "layers": len(params["W"])}


def numbers_ok(params, solution) -> bool:
    """ReLU: no pre-activation exactly 0, every layer has a live unit and the output is positive;
    sigma/tanh: no saturation (|h| <= 2.5) and not every h zero; small numbers."""
    act = params["activation"]
    hs = [v for h in solution["H"] for v in h]
    if act == "relu":
        if any(v == 0 for v in hs) or any(abs(v) > MAX_Z_RELU for v in hs):
            return False
        if any(all(v <= 0 for v in h) for h in solution["H"]):
            return False
    else:
        limit = MAX_Z_SMOOTH[act]
        if any(abs(v) > limit for v in hs) or all(v == 0 for v in hs):
            return False
    for W in params["W"][:-1]:  # two hidden neurons with equal weights would be one neuron
        columns = [tuple(row[j] for row in W) for j in range(len(W[0]))]
        if len(set(columns)) < len(columns):
            return False
    return True


def accept(params, solution) -> bool:
    """The number rule (numbers_ok) and a key diagram that fits the text width unscaled."""
    if not numbers_ok(params, solution):
        return False
    figure = _figure(params, solution)
    return figure.width("key") <= TEXT_WIDTH_CM


def _figure(params, solution) -> NetFigure:
    values = (tuple(params["x"]),) + tuple(tuple(o) for o in solution["O"])
    return NetFigure(tuple(params["sizes"]), params["activation"],
                     tuple(map(tuple, (map(tuple, W) for W in params["W"]))), values,
                     None if params["activation"] == "relu" else PLACES)


def figures(params, solution) -> dict:
    return {"net": _figure(params, solution)}


def _d(what: str) -> str:
    return rf"\frac{{\partial L}}{{\partial {what}}}"


def equations(layers: int) -> dict:
    """The course's matrix equations as LaTeX (O_0 = X, O_K = yhat)."""
    def O(k):  # noqa: E743
        return "X" if k == 0 else rf"O_{{{k}}}"

    out = {}
    d_yhat = _d(r"\hat y")
    for k in range(1, layers + 1):
        last = rf"\hat y = O_{{{k}}}" if k == layers else rf"O_{{{k}}}"
        out[f"forward{k}"] = rf"H_{{{k}}} = {O(k - 1)} W_{{{k}}},\ \ {last} = f(H_{{{k}}})"
    out["dL_dyhat"] = d_yhat + r" = \hat y - y"
    for k in range(layers, 0, -1):
        up = d_yhat if k == layers else _d(f"O_{{{k}}}")
        out[f"dL_dH{k}"] = rf"{_d(f'H_{{{k}}}')} = {up} \odot f'(H_{{{k}}})"
        out[f"dL_dW{k}"] = rf"{_d(f'W_{{{k}}}')} = {O(k - 1)}^T\, {_d(f'H_{{{k}}}')}"
        if k > 1:
            out[f"dL_dO{k - 1}"] = rf"{_d(f'O_{{{k - 1}}}')} = {_d(f'H_{{{k}}}')}\, W_{{{k}}}^T"
    return out


def _label(ru: str, en: str) -> dict:
    return {"ru": ru, "en": en}


def answers(params, solution) -> list[Answer]:
    sizes, n, layers = params["sizes"], params["n"], solution["layers"]
    places = None if params["activation"] == "relu" else PLACES
    eq = equations(layers)
    out = []
    for k in range(1, layers + 1):
        out.append(Answer(f"forward{k}", "text", eq[f"forward{k}"],
                          _label(f"а) слой {k}", f"a) layer {k}")))
    out.append(Answer("dL_dyhat", "text", eq["dL_dyhat"],
                      _label("в) выход", "c) output")))
    for k in range(layers, 0, -1):
        out.append(Answer(f"dL_dH{k}", "text", eq[f"dL_dH{k}"],
                          _label(f"в) слой {k}", f"c) layer {k}")))
        out.append(Answer(f"dL_dW{k}", "text", eq[f"dL_dW{k}"],
                          _label(f"в) слой {k}", f"c) layer {k}")))
        if k > 1:
            out.append(Answer(f"dL_dO{k - 1}", "text", eq[f"dL_dO{k - 1}"],
                              _label(f"в) слой {k}", f"c) layer {k}")))
    for k in range(1, layers + 1):
        shape = sp.Matrix([[sizes[k - 1], sizes[k]]])
        out.append(Answer(f"W{k}_shape", "matrix", shape,
                          _label(f"б) размер $W_{k}$ (строк, столбцов)", f"b) shape of $W_{k}$ (rows, cols)")))
    for k in range(1, layers + 1):
        shape = sp.Matrix([[n, sizes[k]]])
        out.append(Answer(f"H{k}_shape", "matrix", shape,
                          _label(f"б) размер $H_{k}$ и $O_{k}$", f"b) shape of $H_{k}$ and $O_{k}$")))
    for k in range(1, layers):
        out.append(Answer(f"O{k}", "matrix", solution["O"][k - 1],
                          _label(f"г) $O_{k}$", f"d) $O_{k}$"), places))
    out.append(Answer("yhat", "number", solution["yhat"], _label(r"г) $\hat y$", r"d) $\hat y$"),
                      places))
    return out


FAMILY = Family(
    id="B5",
    title={"ru": "Полносвязная сеть в матричной форме", "en": "A fully connected net in matrix form"},
    summary="small fully connected net (2-2-1, 2-3-1, 3-2-1, 2-2-2-1; sigmoid/tanh/ReLU): matrix "
    "forward and backward equations, shapes for a batch of n, one numeric forward pass",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    figures=figures,
    options={
        "sizes": Option(default="random", choices=("random",) + ARCHITECTURES,
                        help="layer sizes (inputs-hidden-...-output)"),
        "activation": Option(default="random", choices=("random",) + ACTIVATIONS,
                             help="activation f of every layer"),
    },
)
