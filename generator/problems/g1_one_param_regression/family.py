"""G1: one-parameter regression y = w x with MSE on two observations -- the exact minimiser,
three steps of GD, four of SGD in a stated order, two steps each of Momentum, Nesterov momentum,
RMSprop and Adam.

Conventions (stated in the problem):
  L(w) = 1/2 * sum_i (y_i - w x_i)^2  (the mean over the two observations),
  l_i(w) = (y_i - w x_i)^2 for one observation, so grad L is the mean of grad l_i;
  the stochastic methods and Momentum/Nesterov/RMSprop/Adam use one observation per step, in the
  stated order; h_0 = v_0 = 0, eps = 0;
  every written quantity (g, h, v, h-hat, v-hat, w and the Nesterov look-ahead point) is rounded
  half-up to 4 decimals and later steps use the rounded value.
The accept rule keeps GD, SGD, Momentum and Nesterov exact (at most 4 decimals, so the rounding
never bites there); only RMSprop and Adam (square roots) are rounded.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

import sympy as sp

from generator.problems.base import Answer, Family, Option

from .check import verify
from .plot import LossPlot

X_VALUES = (-2, -1, 1, 2, 3)
Y_RANGE = (-3, 6)
W0_RANGE = (-2, 2)
ETAS = ("0.05", "0.1", "0.2")
ALPHAS = ("0.5", "0.8", "0.9")
BETA1S = ("0.5", "0.8", "0.9")
BETA2S = ("0.9", "0.99")
ORDERS = ((1, 2, 1, 2), (2, 1, 2, 1), (1, 2, 2, 1), (2, 1, 1, 2))
Q_RANGE = (Fraction(-6, 10), Fraction(9, 10))  # GD factor 1 - eta * L'': converge, no wild swings
SGD_RANGE = (Fraction(-8, 10), Fraction(95, 100))  # the same for each one-observation step
PLACES = 4
MAX_ABS_W = 10
MAX_ABS_G = 60

PARTS = {
    "all": ("exact", "gd", "sgd", "momentum", "nesterov", "rmsprop", "adam"),
    "short": ("exact", "gd", "momentum"),
}


def sample(rng, options) -> dict:
    """Draw until the cheap structural rules hold (two different observations, w0 != w-hat,
    GD and every SGD step contracting); accept() then checks the numbers themselves."""
    while True:
        x = [int(v) for v in rng.choice(X_VALUES, size=2, replace=False)]
        y = [int(v) for v in rng.integers(Y_RANGE[0], Y_RANGE[1] + 1, size=2)]
        w0 = int(rng.integers(W0_RANGE[0], W0_RANGE[1] + 1))
        eta = str(rng.choice(ETAS))
        if _structurally_fine(x, y, w0, Fraction(eta)):
            break
    return {
        "x": x,
        "y": y,
        "w0": w0,
        "eta": float(eta),
        "alpha": float(rng.choice(ALPHAS)),
        "beta1": float(rng.choice(BETA1S)),
        "beta2": float(rng.choice(BETA2S)),
        "order": [int(i) for i in ORDERS[int(rng.integers(len(ORDERS)))]],
        "parts": options["parts"],
    }


def _structurally_fine(x, y, w0, eta: Fraction) -> bool:
    S = x[0] ** 2 + x[1] ** 2
    c = x[0] * y[0] + x[1] * y[1]
    q = 1 - eta * S
    sgd = [1 - 2 * eta * xi**2 for xi in x]
    return (
        Fraction(c, S) != w0
        and q != 0
        and Q_RANGE[0] <= q <= Q_RANGE[1]
        and all(SGD_RANGE[0] <= r <= SGD_RANGE[1] for r in sgd)
    )


def _q(value) -> sp.Rational:
    """An exact short decimal from params (floats such as 0.1 come back as 1/10)."""
    return sp.Rational(repr(value)) if isinstance(value, float) else sp.Rational(value)


def _shown(value) -> sp.Rational:
    """The value as written on paper: rounded half-up (away from zero) to PLACES decimals, exact.

    Integer arithmetic on p/q (the same rule as generator.mathtex.rounded, but fast).
    """
    value = sp.Rational(value)
    scale = 10**PLACES
    p, q = int(value.p) * scale, int(value.q)
    if p % q == 0:
        return value
    units = (2 * abs(p) + q) // (2 * q)
    return sp.Rational(units if p > 0 else -units, scale)


def _step_over_root(w, numerator, v) -> tuple[sp.Rational, bool]:
    """The shown value of w - numerator / sqrt(v) for rationals (v > 0), rounded to PLACES,
    and whether the rounding changed it.

    sqrt through Decimal at 50 digits: exact for perfect squares, otherwise irrational and far
    from a rounding tie at this precision; much faster than sympy's radicals.
    """
    if v <= 0:
        return w, False
    with localcontext() as ctx:
        ctx.prec = 50
        root = (Decimal(int(v.p)) / Decimal(int(v.q))).sqrt()
        value = Decimal(int(w.p)) / Decimal(int(w.q)) - (
            Decimal(int(numerator.p)) / Decimal(int(numerator.q))
        ) / root
    exact = sp.Rational(str(value))
    shown = _shown(exact)
    return shown, shown != exact


def solve(params) -> dict:
    x = [sp.Integer(v) for v in params["x"]]
    y = [sp.Integer(v) for v in params["y"]]
    eta, alpha = _q(params["eta"]), _q(params["alpha"])
    beta1, beta2 = _q(params["beta1"]), _q(params["beta2"])
    w0 = sp.Integer(params["w0"])
    order = params["order"]

    S = x[0] ** 2 + x[1] ** 2  # L(w) = (S w^2 - 2 c w + Y) / 2
    c = x[0] * y[0] + x[1] * y[1]
    Y = y[0] ** 2 + y[1] ** 2
    w_hat = sp.Rational(c, S)

    def loss(w):
        return sp.Rational(1, 2) * sum((y[i] - w * x[i]) ** 2 for i in range(2))

    def grad_one(i, w):  # gradient of l_i at w, i is 1-based
        return -2 * x[i - 1] * (y[i - 1] - w * x[i - 1])

    unrounded = []  # GD, SGD, Momentum, Nesterov must never need the rounding rule

    def exact(value):
        unrounded.append(value)
        return _shown(value)

    gd = [{"w": w0, "g": None, "L": loss(w0)}]
    for _ in range(3):
        w = gd[-1]["w"]
        g = exact(S * w - c)
        gd.append({"w": exact(w - eta * g), "g": g, "prev": w})
        gd[-1]["L"] = loss(gd[-1]["w"])

    sgd, w = [], w0
    for i in order:
        g = exact(grad_one(i, w))
        new = exact(w - eta * g)
        sgd.append({"i": i, "prev": w, "g": g, "w": new})
        w = new

    momentum, w, h = [], w0, sp.Integer(0)
    for i in order[:2]:
        g = exact(grad_one(i, w))
        h_new = exact(alpha * h + eta * g)
        new = exact(w - h_new)
        momentum.append({"i": i, "prev": w, "h_prev": h, "g": g, "h": h_new, "w": new})
        w, h = new, h_new

    nesterov, w, h = [], w0, sp.Integer(0)
    for i in order[:2]:
        look = exact(w - alpha * h)
        g = exact(grad_one(i, look))
        h_new = exact(alpha * h + eta * g)
        new = exact(w - h_new)
        nesterov.append(
            {"i": i, "prev": w, "h_prev": h, "look": look, "g": g, "h": h_new, "w": new}
        )
        w, h = new, h_new

    rmsprop, w, v = [], w0, sp.Integer(0)
    for i in order[:2]:
        g = _shown(grad_one(i, w))
        v_new = _shown(alpha * v + (1 - alpha) * g * g)
        new, rounded_off = _step_over_root(w, eta * g, v_new)
        rmsprop.append({"i": i, "prev": w, "v_prev": v, "g": g, "v": v_new, "w": new,
                        "approx": rounded_off})
        w, v = new, v_new

    adam, w, h, v = [], w0, sp.Integer(0), sp.Integer(0)
    for t, i in enumerate(order[:2], start=1):
        g = _shown(grad_one(i, w))
        h_new = _shown(beta1 * h + (1 - beta1) * g)
        v_new = _shown(beta2 * v + (1 - beta2) * g * g)
        h_hat = _shown(h_new / (1 - beta1**t))
        v_hat = _shown(v_new / (1 - beta2**t))
        new, rounded_off = _step_over_root(w, eta * h_hat, v_hat)
        adam.append(
            {
                "t": t, "i": i, "prev": w, "h_prev": h, "v_prev": v, "g": g, "h": h_new,
                "v": v_new, "h_hat": h_hat, "v_hat": v_hat, "w": new,
                "c1": 1 - beta1**t, "c2": 1 - beta2**t, "approx": rounded_off,
            }
        )
        w, h, v = new, h_new, v_new

    return {
        "S": S, "c": c, "Y": Y, "w_hat": w_hat, "L_hat": loss(w_hat),
        "q": 1 - eta * S,
        "sgd_factors": [1 - 2 * eta * x[i] ** 2 for i in range(2)],
        "gd": gd, "sgd": sgd, "momentum": momentum, "nesterov": nesterov,
        "rmsprop": rmsprop, "adam": adam, "unrounded": unrounded,
    }


def _is_short(value, places: int = PLACES) -> bool:
    return (sp.Rational(value) * 10**places).is_integer


def _fraction(value) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def accept(params, solution) -> bool:
    x, y, w0 = params["x"], params["y"], params["w0"]
    if x[0] == x[1] or (x[0], y[0]) == (x[1], y[1]):
        return False  # identical observations (or the same x twice)
    if solution["w_hat"] == w0:
        return False  # starting in the minimum
    q = _fraction(solution["q"])
    if q == 0 or not (Q_RANGE[0] <= q <= Q_RANGE[1]):
        return False  # GD must converge, without wild oscillation, and not jump to w_hat at once
    if any(not (SGD_RANGE[0] <= r <= SGD_RANGE[1]) for r in map(_fraction, solution["sgd_factors"])):
        return False  # each SGD step must be a contraction too
    gradients = [s["g"] for key in ("gd", "sgd", "momentum", "nesterov", "rmsprop", "adam")
                 for s in solution[key] if s.get("g") is not None]
    if any(g == 0 or abs(g) > MAX_ABS_G for g in gradients):
        return False  # every step moves; no huge gradients
    # the exact methods must stay exact: at most 4 decimals, so no rounding happens there
    if not all(_is_short(v) for v in solution["unrounded"]):
        return False
    # the first GD iterates are short decimals (at most 2 and 3 places)
    gd = solution["gd"]
    if not (_is_short(gd[1]["w"], 2) and _is_short(gd[2]["w"], 3)):
        return False
    for key in ("gd", "sgd", "momentum", "nesterov", "rmsprop", "adam"):
        steps = solution[key] if key != "gd" else solution[key][1:]
        if any(s["w"] == s["prev"] for s in steps):
            return False  # a step that does not move (e.g. Momentum with h_2 = 0)
    # the numbered GD points on the plot must not sit on top of each other
    path = [s["w"] for s in gd] + [solution["w_hat"]]
    span = max(path) - min(path)
    if any(abs(gd[t + 1]["w"] - gd[t]["w"]) < span / 16 for t in range(3)):
        return False
    iterates = [s["w"] for key in ("gd", "sgd", "momentum", "nesterov", "rmsprop", "adam")
                for s in solution[key]]
    if any(abs(w) > MAX_ABS_W for w in iterates):
        return False
    # the adaptive methods must not divide by a tiny rounded second moment
    if any(s["v"] < sp.Rational(1, 100) for s in solution["rmsprop"] + solution["adam"]):
        return False
    return True


def _label(ru: str, en: str) -> dict:
    return {"ru": ru, "en": en}


def answers(params, solution) -> list[Answer]:
    parts = PARTS[params["parts"]]
    out = [Answer("w_hat", "number", solution["w_hat"], _label(r"$\hat w$", r"$\hat w$"))]
    if "gd" in parts:
        for t, step in enumerate(solution["gd"][1:], start=1):
            out.append(Answer(f"gd_w{t}", "number", step["w"],
                              _label(f"GD: $w_{t}$", f"GD: $w_{t}$"), places=PLACES))
    if "sgd" in parts:
        for t, step in enumerate(solution["sgd"], start=1):
            out.append(Answer(f"sgd_w{t}", "number", step["w"],
                              _label(f"SGD: $w_{t}$", f"SGD: $w_{t}$"), places=PLACES))
    names = {"momentum": ("mom", "Momentum"), "nesterov": ("nag", "Nesterov"),
             "rmsprop": ("rms", "RMSprop"), "adam": ("adam", "Adam")}
    for key, (prefix, title) in names.items():
        if key not in parts:
            continue
        for t, step in enumerate(solution[key], start=1):
            out.append(Answer(f"{prefix}_w{t}", "number", step["w"],
                              _label(f"{title}: $w_{t}$", f"{title}: $w_{t}$"), places=PLACES))
    return out


def figures(params, solution) -> dict:
    return {"loss": LossPlot.from_solution(params, solution)}


FAMILY = Family(
    id="G1",
    title={
        "ru": "Пятьдесят оттенков градиентного спуска",
        "en": "Fifty shades of gradient descent",
    },
    summary="y = w x with MSE on two points: exact w-hat, GD, SGD, Momentum, Nesterov, RMSprop, Adam",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    figures=figures,
    verify=verify,
    options={
        "parts": Option(
            default="all",
            choices=tuple(PARTS),
            help="all: every optimizer; short (for a quiz): w-hat, three GD steps, two Momentum steps",
        )
    },
)
