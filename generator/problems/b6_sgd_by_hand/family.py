"""B6: backprop by hand -- two SGD steps on a tiny net d-2-1 (d = 1 or 2, no biases, linear output,
L = 1/2 (yhat - y)^2) with a chosen hidden activation; plus why zero/constant initialisation fails.

Numbers: with ReLU or linear activation everything is exact (short terminating decimals); with
sigmoid or tanh every shown quantity is rounded to 4 places and the weights after step 1 are rounded
to 4 places before step 2 starts (step 2 is computed from the shown weights)."""

from __future__ import annotations

import sympy as sp

from generator import mathtex
from generator.problems.base import Answer, Family, Option

from .check import verify

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
SMOOTH = ("sigmoid", "tanh")
ROUND_PLACES = 4  # sigmoid / tanh
EXACT_PLACES = 5  # relu / linear: every value terminates within 5 decimals (checked by accept)
MAX_Z_SMOOTH = 2.5
MAX_VALUE = 20


def sample(rng, options) -> dict:
    act = options["activation"]
    if act == "random":
        act = ACTIVATIONS[int(rng.integers(len(ACTIVATIONS)))]
    d = int(rng.choice((1, 2))) if options["inputs"] == "random" else int(options["inputs"])
    smooth = act in SMOOTH
    if d == 1:
        w_pool, x_pool = ((-1, 1), (-2, -1, 1, 2)) if smooth else ((-2, -1, 1, 2), (-1, 1, 2))
    else:
        w_pool, x_pool = ((-1, 0, 1), (-1, 1)) if smooth else ((-1, 0, 1, 2), (-1, 1, 2))
    v_pool = (-2, -1, 1, 2) if smooth else (-1, 1, 2)
    W = [_nonzero_row(rng, w_pool, d) for _ in range(2)]
    v = [int(rng.choice(v_pool)) for _ in range(2)]
    xs = [_nonzero_row(rng, x_pool, d)]
    xs.append(_nonzero_row(rng, x_pool, d, avoid=xs[0]))
    ys = [int(rng.integers(-3, 4)) for _ in range(2)]
    etas = ("0.1", "0.5") if smooth else ("0.1", "0.2")
    eta = float(etas[int(rng.integers(len(etas)))])
    return {"activation": act, "W": W, "v": v, "x": xs, "y": ys, "eta": eta}


def _nonzero_row(rng, pool, d, avoid=None, tries=50):
    for _ in range(tries):
        row = [int(rng.choice(pool)) for _ in range(d)]
        if any(row) and row != avoid:
            return row
    return row  # accept() rejects what is left


PREC = 30  # sigmoid/tanh values are transcendental: 30 significant digits, rounded only for display


def _f(act, z):
    if act == "sigmoid":
        return sp.N(1 / (1 + sp.exp(-z)), PREC)
    if act == "tanh":
        return sp.N(sp.tanh(z), PREC)
    if act == "relu":
        return z if z > 0 else sp.Integer(0)
    return z


def _df(act, z):
    if act in SMOOTH:
        s = _f(act, z)
        return s * (1 - s) if act == "sigmoid" else 1 - s**2
    if act == "relu":
        return sp.Integer(1) if z > 0 else sp.Integer(0)
    return sp.Integer(1)


def _round(value):
    return sp.Rational(str(mathtex.rounded(value, ROUND_PLACES)))


def _step(act, W, v, x, y, eta, smooth):
    """One SGD step on one observation; W is 2 x d, v and x are column matrices."""
    z = W * x
    h = z.applyfunc(lambda t: _f(act, t))
    yhat = (v.T * h)[0, 0]
    delta = yhat - y
    loss = delta**2 / 2
    dv = delta * h
    dh = delta * v
    dz = sp.Matrix([dh[j] * _df(act, z[j]) for j in range(2)])
    dW = dz * x.T
    W_new, v_new = W - eta * dW, v - eta * dv
    if smooth:  # the shown (rounded) weights are what the next step starts from
        W_new, v_new = W_new.applyfunc(_round), v_new.applyfunc(_round)
    return {
        "z": z, "h": h, "yhat": yhat, "L": loss, "delta": delta, "dv": dv, "dh": dh,
        "dz": dz, "dW": dW, "W": W_new, "v": v_new, "df": z.applyfunc(lambda t: _df(act, t)),
    }


def solve(params) -> dict:
    act = params["activation"]
    smooth = act in SMOOTH
    eta = sp.Rational(str(params["eta"]))
    W = sp.Matrix(params["W"])
    v = sp.Matrix(params["v"])
    steps = []
    for x, y in zip(params["x"], params["y"]):
        step = _step(act, W, v, sp.Matrix(x), sp.Integer(y), eta, smooth)
        steps.append(step)
        W, v = step["W"], step["v"]
    return {"steps": steps, "smooth": smooth}


def _entries(value):
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def accept(params, solution) -> bool:
    """Hidden units not clones of each other, the two observations differ, every step moves both
    layers, no saturation (0 < |z| <= 2.5 for sigmoid/tanh), no dead or kinked ReLU (z != 0, some
    unit active), small numbers, exact values terminate within 5 decimals."""
    act = params["activation"]
    W, v = params["W"], params["v"]
    if W[0] == W[1] and v[0] == v[1]:
        return False
    if any(all(w == 0 for w in row) for row in W):
        return False
    if params["x"][0] == params["x"][1]:
        return False
    for step in solution["steps"]:
        z = [float(t) for t in step["z"]]
        if step["delta"] == 0 or step["dW"].is_zero_matrix or step["dv"].is_zero_matrix:
            return False
        if solution["smooth"]:
            if any(abs(t) > MAX_Z_SMOOTH for t in z) or any(t == 0 for t in step["z"]):
                return False  # saturated, or z = 0 (rational values, ties when rounding)
            if all(_round(g) == 0 for g in step["dW"]):
                return False
        elif act == "relu" and (any(t == 0 for t in z) or all(t < 0 for t in z)):
            return False
        for key in ("yhat", "dv", "dW", "W", "v", "dz"):
            if any(abs(float(e)) > MAX_VALUE for e in _entries(step[key])):
                return False
        if not solution["smooth"]:
            for key in STEP_KEYS:
                for e in _entries(step[key]):
                    if (sp.Rational(e) * 10**EXACT_PLACES).q != 1:
                        return False
    return True


STEP_KEYS = ("z", "h", "yhat", "L", "delta", "dv", "dh", "dz", "dW", "W", "v")
LABELS = {
    "z": ("vector", "z = W x", "z = W x"),
    "h": ("vector", "h = f(z)", "h = f(z)"),
    "yhat": ("number", r"\hat y = v^T h", r"\hat y = v^T h"),
    "L": ("number", "L", "L"),
    "delta": ("number", r"\frac{\partial L}{\partial \hat y}", r"\frac{\partial L}{\partial \hat y}"),
    "dv": ("vector", r"\frac{\partial L}{\partial v}", r"\frac{\partial L}{\partial v}"),
    "dh": ("vector", r"\frac{\partial L}{\partial h}", r"\frac{\partial L}{\partial h}"),
    "dz": ("vector", r"\frac{\partial L}{\partial z}", r"\frac{\partial L}{\partial z}"),
    "dW": ("matrix", r"\frac{\partial L}{\partial W}", r"\frac{\partial L}{\partial W}"),
    "W": ("matrix", r"W^{(%d)}", r"W^{(%d)}"),
    "v": ("vector", r"v^{(%d)}", r"v^{(%d)}"),
}


def places_for(value, smooth):
    if smooth:
        return ROUND_PLACES
    return None if all(sp.Rational(e).q == 1 for e in _entries(value)) else EXACT_PLACES


def answers(params, solution) -> list[Answer]:
    result = []
    smooth = solution["smooth"]
    for k, step in enumerate(solution["steps"], start=1):
        for key in STEP_KEYS:
            kind, ru, en = LABELS[key]
            if key in ("W", "v"):
                ru, en = ru % k, en % k
                label = {"ru": f"${ru}$ (после шага {k})", "en": f"${en}$ (after step {k})"}
            else:
                label = {"ru": f"шаг {k}: ${ru}$", "en": f"step {k}: ${en}$"}
            value = step[key]
            result.append(Answer(f"{key}_s{k}", kind, value, label, places_for(value, smooth)))
    return result


FAMILY = Family(
    id="B6",
    title={"ru": "Обратное распространение вручную", "en": "Backpropagation by hand"},
    summary="two SGD steps on a d-2-1 net (sigmoid/tanh/ReLU/linear hidden layer): forward and "
    "backward tables, updated weights; why zero or constant initialisation is bad",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={
        "activation": Option(default="random", choices=("random",) + ACTIVATIONS,
                             help="hidden activation, or drawn at random"),
        "inputs": Option(default="random", choices=("random", 1, 2),
                         help="number of inputs d of the d-2-1 net"),
    },
)
