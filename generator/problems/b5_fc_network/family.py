"""B5: a small fully connected net (2-2-1, 2-3-1, 3-2-1, 2-2-2-1; no biases, activation f on
every layer) in matrix form: the forward equations H_k = O_{k-1} W_k, O_k = f(H_k), the shapes of
all matrices for a batch of n samples, the backward equations, and one numeric forward pass.

Numbers (the statement says so in words): for sigmoid/tanh the outputs O_k of every layer are
rounded half away from zero to 4 places and the next layer is computed from the rounded outputs;
H_k = O_{k-1} W_k is then exact (at most 5 places with weights +-0.5, +-1) and is not rounded.
ReLU keeps everything exact."""

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
    """H_k from the shown outputs of layer k - 1; O_k holds f(H_k) before its rounding (the key
    prints it through num(4), which rounds it and keeps every place), `shown` the rounded O_k."""
    act = params["activation"]
    o = sp.Matrix([params["x"]])  # 1 x n_0: one sample as a row
    hs, os = [], []
    for W in params["W"]:
        h = o * sp.Matrix(W).applyfunc(lambda v: sp.Rational(str(v)))
        hs.append(h)
        os.append(h.applyfunc(lambda v: activate(act, v)))
        o = os[-1].applyfunc(lambda v: _shown(act, v))
    return {"H": hs, "O": os, "yhat": os[-1][0, 0], "layers": len(params["W"])}


def numbers_ok(params, solution) -> bool:
    """ReLU: no pre-activation exactly 0, every layer has a live unit and the output is positive;
    sigma/tanh: no saturation (|h| <= 2.5) and not every h zero; small numbers; the units of a
    hidden layer give pairwise different outputs as written (no two neurons look alike, at most
    one dead ReLU unit per layer)."""
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
    for o in solution["O"][:-1]:
        shown = [_shown(act, v) for v in o]
        if len(set(shown)) < len(shown):
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


def _same(label: str) -> dict:
    return {"ru": label, "en": label}


def answers(params, solution) -> list[Answer]:
    """In the statement's order: forward equations (a), shapes (b), backward equations (c),
    the numeric forward pass (d)."""
    sizes, n, layers = params["sizes"], params["n"], solution["layers"]
    places = None if params["activation"] == "relu" else PLACES
    eq = equations(layers)
    out = [Answer(f"forward{k}", "text", eq[f"forward{k}"], _label(f"слой {k}", f"layer {k}"), item=1)
           for k in range(1, layers + 1)]
    for k in range(1, layers + 1):
        out.append(Answer(f"W{k}_shape", "text", shape_tex(sizes[k - 1], sizes[k]),
                          _same(f"$W_{k}$"), item=2))
        out.append(Answer(f"H{k}_shape", "text", shape_tex(n, sizes[k]),
                          _same(f"$H_{k}$, $O_{k}$"), item=2))
    out.append(Answer("dL_dyhat", "text", eq["dL_dyhat"], _label("выход", "output"), item=3))
    for k in range(layers, 0, -1):
        names = [f"dL_dH{k}", f"dL_dW{k}"] + ([f"dL_dO{k - 1}"] if k > 1 else [])
        out += [Answer(name, "text", eq[name], _label(f"слой {k}", f"layer {k}"), item=3)
                for name in names]
    for k in range(1, layers):
        out.append(Answer(f"O{k}", "matrix", solution["O"][k - 1], _same(f"$O_{k}$"), places, 4))
    out.append(Answer("yhat", "number", solution["yhat"], _same(r"$\hat y$"), places, 4))
    return out


def shape_tex(rows: int, cols: int) -> str:
    return rf"{rows} \times {cols}"


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
