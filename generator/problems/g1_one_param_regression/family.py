"""G1: one-parameter regression y = w x with MSE on two observations -- the exact minimiser,
three steps of GD, four of SGD in a stated order, two steps each of Momentum, Nesterov momentum,
RMSprop and Adam (the quiz option keeps w-hat, GD and Momentum).

Conventions (stated in the problem):
  L(w) = 1/2 * sum_i (y_i - w x_i)^2  (the mean over the two observations),
  l_i(w) = (y_i - w x_i)^2 for one observation, so grad L is the mean of grad l_i;
  the stochastic methods (SGD, Momentum, Nesterov, RMSprop, Adam) use one observation per step,
  in the stated order; h_0 = v_0 = 0, eps = 0; RMSprop and Adam step by
  w_t = w_{t-1} - Delta_t with Delta_t = eta g_t / sqrt(v_t) (Adam: eta h-hat_t / sqrt(v-hat_t)).
Rounding rule (stated in words in the problem, followed literally here): every quantity the
solution writes -- L'(w), g, h, v, h-hat, v-hat, the root sqrt(v) (sqrt(v-hat)), the step Delta,
the Nesterov look-ahead point and w -- is rounded half away from zero to 4 decimals as soon as it
is computed, and everything after it is computed from the rounded value. accept() keeps GD, SGD,
Momentum and Nesterov exact (no rounding happens there); RMSprop and Adam round their roots and
steps. check.py replays the same rule with its own decimal arithmetic.
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
METHODS = ("gd", "sgd", "momentum", "nesterov", "rmsprop", "adam")
STOCHASTIC = METHODS[1:]  # one observation per step
EXACT_METHODS = ("gd", "sgd", "momentum", "nesterov")  # accept() keeps them free of rounding


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


def _q(value) -> Fraction:
    """An exact short decimal from params (floats such as 0.1 come back as 1/10)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _shown(value: Fraction) -> Fraction:
    """The value as written on paper: rounded half away from zero to PLACES decimals, exact.

    Integer arithmetic on p/q (the same rule as generator.mathtex.rounded, but fast).
    """
    scale = 10**PLACES
    p, q = value.numerator * scale, value.denominator
    if p % q == 0:
        return value
    units = (2 * abs(p) + q) // (2 * q)
    return Fraction(units if p > 0 else -units, scale)


def _sqrt(v: Fraction) -> Fraction:
    """sqrt(v) through Decimal at 50 digits: exact for perfect squares; otherwise irrational and
    never a rounding tie at PLACES (a tie would need v = (k + 1/2)^2 / 10^(2 PLACES), which has
    more than PLACES decimals), so rounding this value gives the true shown root."""
    with localcontext() as ctx:
        ctx.prec = 50
        return Fraction((Decimal(v.numerator) / Decimal(v.denominator)).sqrt())


class _Step(dict):
    """One written step of a method: every quantity under its name (the shown value), with
    `raw[name]`, its value before rounding (the solution prints it through num(4), so a rounded
    value shows all four places), and `approx[name]`, whether the rounding rule changed it (the
    solution then writes approx instead of =). `previous` (the method's step before) supplies
    the raw h_prev and v_prev."""

    def __init__(self, previous=None, **given):
        super().__init__(given, approx={}, raw=dict(given))
        for name in ("h", "v"):
            if previous is not None and name in previous["raw"]:
                self["raw"][f"{name}_prev"] = previous["raw"][name]

    def keep(self, name: str, raw: Fraction, square: Fraction | None = None) -> Fraction:
        """Store the shown value of `raw`; for a root, `square` is the exact radicand."""
        shown = _shown(raw)
        self[name] = shown
        self["raw"][name] = raw
        self["approx"][name] = shown != raw if square is None else shown * shown != square
        return shown

    def keep_root(self, name: str, square: Fraction) -> Fraction:
        return self.keep(name, _sqrt(square), square)


def _observation_gradients(x, y):
    """grad(i, w): the gradient of l_i = (y_i - w x_i)^2 at w, for observation i = 1 or 2 (the
    other observation is 3 - i)."""
    def grad(i, w):
        return -2 * x[i - 1] * (y[i - 1] - w * x[i - 1])
    return grad


def _gd(S, c, w0, eta, loss) -> list:
    steps = [_Step(w=w0, g=None, L=loss(w0))]
    for _ in range(3):
        prev = steps[-1]["w"]
        st = _Step(prev=prev)
        g = st.keep("g", S * prev - c)
        st.keep("w", prev - eta * g)
        st["L"] = loss(st["w"])
        steps.append(st)
    return steps


def _sgd(grad, order, w0, eta) -> list:
    steps, w = [], w0
    for i in order:
        st = _Step(i=i, prev=w, g_other=grad(3 - i, w))
        g = st.keep("g", grad(i, w))
        w = st.keep("w", w - eta * g)
        steps.append(st)
    return steps


def _momentum(grad, order, w0, eta, alpha) -> list:
    steps, w, h = [], w0, Fraction(0)
    for i in order[:2]:
        st = _Step(steps[-1] if steps else None, i=i, prev=w, h_prev=h, g_other=grad(3 - i, w))
        g = st.keep("g", grad(i, w))
        h = st.keep("h", alpha * h + eta * g)
        w = st.keep("w", w - h)
        steps.append(st)
    return steps


def _nesterov(grad, order, w0, eta, alpha) -> list:
    steps, w, h = [], w0, Fraction(0)
    for i in order[:2]:
        st = _Step(steps[-1] if steps else None, i=i, prev=w, h_prev=h)
        look = st.keep("look", w - alpha * h)
        st["g_other"] = grad(3 - i, look)
        g = st.keep("g", grad(i, look))
        h = st.keep("h", alpha * h + eta * g)
        w = st.keep("w", w - h)
        steps.append(st)
    return steps


def _rmsprop(grad, order, w0, eta, alpha) -> list:
    steps, w, v = [], w0, Fraction(0)
    for i in order[:2]:
        st = _Step(steps[-1] if steps else None, i=i, prev=w, v_prev=v, g_other=grad(3 - i, w))
        g = st.keep("g", grad(i, w))
        v = st.keep("v", alpha * v + (1 - alpha) * g * g)
        root = st.keep_root("root", v) if v > 0 else None
        step = st.keep("step", eta * g / root) if root else Fraction(0)
        w = st.keep("w", w - step)
        steps.append(st)
    return steps


def _adam(grad, order, w0, eta, beta1, beta2) -> list:
    steps, w, h, v = [], w0, Fraction(0), Fraction(0)
    for t, i in enumerate(order[:2], start=1):
        c1, c2 = 1 - beta1**t, 1 - beta2**t
        st = _Step(steps[-1] if steps else None, t=t, i=i, prev=w, h_prev=h, v_prev=v, c1=c1, c2=c2,
                   g_other=grad(3 - i, w))
        g = st.keep("g", grad(i, w))
        h = st.keep("h", beta1 * h + (1 - beta1) * g)
        v = st.keep("v", beta2 * v + (1 - beta2) * g * g)
        h_hat = st.keep("h_hat", h / c1)
        v_hat = st.keep("v_hat", v / c2)
        root = st.keep_root("root", v_hat) if v_hat > 0 else None
        step = st.keep("step", eta * h_hat / root) if root else Fraction(0)
        w = st.keep("w", w - step)
        steps.append(st)
    return steps


def solve(params) -> dict:
    """Every method step by step under the stated rounding rule (see the module docstring).

    Plain exact rational arithmetic (fractions.Fraction: only sums, products and quotients of
    rationals, plus the shown square roots); answers() hands the values on as sympy Rationals.
    """
    x, y = [int(v) for v in params["x"]], [int(v) for v in params["y"]]
    eta, alpha = _q(params["eta"]), _q(params["alpha"])
    beta1, beta2 = _q(params["beta1"]), _q(params["beta2"])
    w0 = Fraction(params["w0"])
    order = params["order"]

    S = Fraction(x[0] ** 2 + x[1] ** 2)  # L(w) = (S w^2 - 2 c w + Y) / 2
    c = Fraction(x[0] * y[0] + x[1] * y[1])
    Y = Fraction(y[0] ** 2 + y[1] ** 2)
    w_hat = c / S

    def loss(w):
        return (S * w * w - 2 * c * w + Y) / 2

    grad = _observation_gradients(x, y)
    return {
        "S": S, "c": c, "Y": Y, "w_hat": w_hat, "L_hat": loss(w_hat),
        "q": 1 - eta * S,
        "sgd_factors": [1 - 2 * eta * xi**2 for xi in x],
        "gd": _gd(S, c, w0, eta, loss),
        "sgd": _sgd(grad, order, w0, eta),
        "momentum": _momentum(grad, order, w0, eta, alpha),
        "nesterov": _nesterov(grad, order, w0, eta, alpha),
        "rmsprop": _rmsprop(grad, order, w0, eta, alpha),
        "adam": _adam(grad, order, w0, eta, beta1, beta2),
    }


def _is_short(value: Fraction, places: int = PLACES) -> bool:
    return (value * 10**places).denominator == 1


def _steps(solution, methods=METHODS) -> list:
    """Every step taken (GD without its starting point)."""
    return [st for key in methods for st in (solution[key][1:] if key == "gd" else solution[key])]


def accept(params, solution) -> bool:
    """The hand-friendliness rules, each one a declared property of every accepted variant:

    1. w0 is not w-hat; GD contracts with a factor q = 1 - eta L'' in [-0.6, 0.9], q != 0 (it
       converges, without wild swings, and never jumps to w-hat at once); each SGD step contracts
       too (factor 1 - 2 eta x_i^2 in [-0.8, 0.95]).
    2. Two observations that differ where it matters: at every stochastic step (SGD, Momentum,
       Nesterov at its look-ahead point, RMSprop, Adam) the two observations' gradients differ,
       so SGD is never GD in disguise (e.g. x_2 = -x_1, y_2 = -y_1 gives equal losses).
    3. Every step moves: no zero gradient, no iterate equal to the one before; no iterate lands
       exactly on w-hat; gradients at most 60 and iterates at most 10 in absolute value.
    4. GD, SGD, Momentum and Nesterov are exact: every quantity fits 4 decimals, so the rounding
       rule bites only in RMSprop and Adam; the first GD iterates have at most 2 and 3 decimals.
    5. The GD points on the plot do not sit on top of each other; RMSprop and Adam never divide
       by the root of a second moment below 0.01.
    """
    return (_contracting(params, solution) and _observations_differ(solution)
            and _every_step_moves(solution) and _exact_methods_stay_exact(solution)
            and _plot_points_apart(solution) and _moments_not_tiny(solution))


def _contracting(params, solution) -> bool:
    q = solution["q"]
    return (solution["w_hat"] != params["w0"] and q != 0 and Q_RANGE[0] <= q <= Q_RANGE[1]
            and all(SGD_RANGE[0] <= r <= SGD_RANGE[1] for r in solution["sgd_factors"]))


def _observations_differ(solution) -> bool:
    return all(st["g"] != st["g_other"] for st in _steps(solution, STOCHASTIC))


def _every_step_moves(solution) -> bool:
    steps = _steps(solution)
    return all(
        st["g"] != 0 and abs(st["g"]) <= MAX_ABS_G and st["w"] != st["prev"]
        and st["w"] != solution["w_hat"] and abs(st["w"]) <= MAX_ABS_W
        for st in steps
    )


def _exact_methods_stay_exact(solution) -> bool:
    if any(any(st["approx"].values()) for st in _steps(solution, EXACT_METHODS)):
        return False
    gd = solution["gd"]
    return _is_short(gd[1]["w"], 2) and _is_short(gd[2]["w"], 3)


def _plot_points_apart(solution) -> bool:
    gd = solution["gd"]
    path = [st["w"] for st in gd] + [solution["w_hat"]]
    span = max(path) - min(path)
    return all(abs(gd[t + 1]["w"] - gd[t]["w"]) >= span / 16 for t in range(3))


def _moments_not_tiny(solution) -> bool:
    return all(st["v"] >= Fraction(1, 100) for st in solution["rmsprop"] + solution["adam"])


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _label(ru: str, en: str) -> dict:
    return {"ru": ru, "en": en}


def answers(params, solution) -> list[Answer]:
    """One answer per iterate; `item` is the part's letter in the statement (the parts present
    depend on the option), the label names the iterate."""
    parts = PARTS[params["parts"]]
    item = {part: index for index, part in enumerate(parts, start=1)}
    out = [Answer("w_hat", "number", _rational(solution["w_hat"]), _label(r"$\hat w$", r"$\hat w$"),
                  item=item["exact"])]
    prefixes = {"gd": "gd", "sgd": "sgd", "momentum": "mom", "nesterov": "nag",
                "rmsprop": "rms", "adam": "adam"}
    for key, prefix in prefixes.items():
        if key not in parts:
            continue
        steps = solution[key][1:] if key == "gd" else solution[key]
        for t, step in enumerate(steps, start=1):
            out.append(Answer(f"{prefix}_w{t}", "number", _rational(step["w"]), _label(f"$w_{t}$", f"$w_{t}$"),
                              places=PLACES, item=item[key]))
    return out


def figures(params, solution) -> dict:
    return {"loss": LossPlot.from_solution(params, solution)}


FAMILY = Family(
    id="G1",
    title={
        "ru": "Регрессия с одним параметром",
        "en": "One-parameter regression",
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
