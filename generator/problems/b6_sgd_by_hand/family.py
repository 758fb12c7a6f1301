"""B6: backprop by hand -- two SGD steps on a tiny net d-2-1 (d = 1 or 2, no biases, linear output,
L = 1/2 (yhat - y)^2) with a chosen hidden activation; plus why zero/constant initialization fails.

Numbers (the statement says so in words): with ReLU or linear activation everything is exact (short
terminating decimals); with sigmoid or tanh every value with more than 4 decimals is rounded half
away from zero to 4 places as soon as it is found, and every later value -- in the same step and in
the next one -- is computed from the rounded values (f'(z) from the rounded h: h(1 - h), 1 - h^2).
A step keeps each value as computed from the shown ones before its own rounding; the key prints it
through num(4), which rounds it and keeps every place."""

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


PREC = 30  # sigmoid/tanh values are transcendental: 30 significant digits before rounding


def _f(act, z):
    if act == "sigmoid":
        return sp.N(1 / (1 + sp.exp(-z)), PREC)
    if act == "tanh":
        return sp.N(sp.tanh(z), PREC)
    if act == "relu":
        return z if z > 0 else sp.Integer(0)
    return z


def _df(act, z, h):
    """f'(z) from the shown output h = f(z), as the statement asks for sigmoid and tanh."""
    if act == "sigmoid":
        return h * (1 - h)
    if act == "tanh":
        return 1 - h**2
    if act == "relu":
        return sp.Integer(1) if z > 0 else sp.Integer(0)
    return sp.Integer(1)


def _round(value):
    return sp.Rational(str(mathtex.rounded(value, ROUND_PLACES)))


def _shown(value, smooth):
    """What the student writes down: rounded to 4 places (elementwise) for sigmoid/tanh."""
    if not smooth:
        return value
    return value.applyfunc(_round) if isinstance(value, sp.MatrixBase) else _round(value)


def _step(act, W, v, x, y, eta, smooth):
    """One SGD step on one observation from the shown weights W (2 x d) and v, x a column."""
    keep = lambda value: _shown(value, smooth)  # noqa: E731
    z = W * x
    h = z.applyfunc(lambda t: _f(act, t))
    yhat = (v.T * keep(h))[0, 0]
    delta = keep(yhat) - y
    dv = delta * keep(h)
    dh = delta * v
    df = sp.Matrix([_df(act, z[j], keep(h)[j]) for j in range(2)])
    dz = keep(dh).multiply_elementwise(keep(df))
    dW = keep(dz) * x.T
    return {
        "z": z, "h": h, "yhat": yhat, "L": delta**2 / 2, "delta": delta, "dv": dv, "dh": dh,
        "df": df, "dz": dz, "dW": dW, "W": W - eta * keep(dW), "v": v - eta * keep(dv),
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
        W, v = _shown(step["W"], smooth), _shown(step["v"], smooth)
    return {"steps": steps, "smooth": smooth}


def _entries(value):
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def accept(params, solution) -> bool:
    """Hidden units not clones of each other and distinguishable at every step (h_1 != h_2 as
    written), the two observations differ, every step moves both layers (also once the gradients
    are rounded), no saturation (0 < |z| <= 2.5 for sigmoid/tanh), no dead or kinked ReLU (z != 0,
    some unit active), small numbers, exact values terminate within 5 decimals."""
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
        h = _shown(step["h"], solution["smooth"])
        if h[0] == h[1]:
            return False
        if solution["smooth"]:
            if any(abs(t) > MAX_Z_SMOOTH for t in z) or any(t == 0 for t in step["z"]):
                return False  # saturated, or z = 0 (rational values, ties when rounding)
            if any(_shown(step[key], True).is_zero_matrix for key in ("dW", "dv")):
                return False  # a layer that does not move once the gradient is rounded
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


SYMMETRY = r"z_1 = z_2,\ h_1 = h_2,\ \frac{\partial L}{\partial w_{1k}} = \frac{\partial L}{\partial w_{2k}}"


def answers(params, solution) -> list[Answer]:
    """Every value of the two steps (a), then the symmetry argument (b) as a formula."""
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
            result.append(Answer(f"{key}_s{k}", kind, value, label, places_for(value, smooth), 1))
    result.append(Answer("symmetry", "text", SYMMETRY,
                         {"ru": "при равных весах нейроны остаются одинаковыми",
                          "en": "with equal weights the neurons stay identical"}, item=2))
    return result


FAMILY = Family(
    id="B6",
    title={"ru": "Обратное распространение вручную", "en": "Backpropagation by hand"},
    summary="two SGD steps on a d-2-1 net (sigmoid/tanh/ReLU/linear hidden layer): forward and "
    "backward tables, updated weights; why zero or constant initialization is bad",
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
