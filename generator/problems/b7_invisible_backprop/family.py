"""B7: "invisible backprop" -- the two-layer net yhat = max(0, X W1) W2 with small integer matrices:
forward pass, backward pass layer by layer for the MSE, one gradient-descent step; then the same net
as a classifier p = sigma(max(0, X W1) W2) with the log-loss and its gradients (4 decimals)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from generator import mathtex
from generator.problems.base import Answer, Family, Option

from .check import verify
from .figure import BackpropChainFigure

CONVENTIONS = ("mean", "half_sum")  # L = (1/n) sum r^2, or L = 1/2 sum r^2
STEPS = ("0.1", "0.05", "0.02", "0.01")
ENTRY = (-2, 2)
TARGET = (-3, 3)
MAX_H = 6
MAX_LOGIT = 3  # |O W2| <= 3 keeps sigma away from saturation
MAX_GRAD = 30
PLACES = 4


def sample(rng, options) -> dict:
    convention = options["convention"]
    if convention == "random":
        convention = CONVENTIONS[int(rng.integers(2))]
    n = 2 if convention == "mean" else int(rng.choice((2, 3)))
    hidden = int(rng.choice((2, 3)))
    X, W1, W2 = _structured_net(rng, n, hidden)
    y = rng.integers(TARGET[0], TARGET[1] + 1, size=(n, 1)).tolist()
    labels = [[int(v)] for v in rng.permutation([0, 1] + rng.integers(0, 2, size=n - 2).tolist())]
    return {
        "convention": convention,
        "X": X,
        "W1": W1,
        "W2": W2,
        "y": y,
        "eta": float(STEPS[int(rng.integers(len(STEPS)))]),
        "c": labels,
    }


def _structured_net(rng, n, hidden, tries=200):
    """X, W1, W2 whose ReLU layer is neither dead nor idle: no pre-activation exactly 0, every
    hidden unit fires for some object, every object fires some unit, some unit is cut off, and
    |H| <= MAX_H, |O W2| <= MAX_LOGIT. Cheap integer checks drawn from the same rng; the final
    rule (accept) still sees every property again."""
    low, high = ENTRY
    for _ in range(tries):
        X = rng.integers(low, high + 1, size=(n, 2))
        W1 = rng.integers(low, high + 1, size=(2, hidden))
        W2 = rng.choice((-2, -1, 1, 2), size=(hidden, 1))
        H = X @ W1
        on = H > 0
        if not X.any(axis=0).all() or not X.any(axis=1).all():
            continue  # a zero feature or a zero object
        if (H == 0).any() or on.all() or not on.any(axis=0).all() or not on.any(axis=1).all():
            continue
        if np.abs(H).max() > MAX_H or np.abs(np.maximum(H, 0) @ W2).max() > MAX_LOGIT:
            continue
        return X.tolist(), W1.tolist(), W2.tolist()
    return X.tolist(), W1.tolist(), W2.tolist()  # accept() rejects it


def _round(value, places=PLACES) -> sp.Rational:
    return sp.Rational(str(mathtex.rounded(value, places)))


def _forward(X, W1, W2):
    H = X * W1
    A = H.applyfunc(lambda h: h if h > 0 else 0)
    return H, A, A * W2


def solve(params) -> dict:
    X, W1, W2, y, c = (sp.Matrix(params[k]) for k in ("X", "W1", "W2", "y", "c"))
    n = X.rows
    eta = sp.Rational(str(params["eta"]))
    mean = params["convention"] == "mean"
    scale = sp.Rational(1, n) if mean else sp.Rational(1, 2)
    grad_scale = sp.Rational(2, n) if mean else sp.Integer(1)

    H, A, yhat = _forward(X, W1, W2)
    r = yhat - y
    loss = scale * sum(v**2 for v in r)
    mask = H.applyfunc(lambda h: 1 if h > 0 else 0)
    g = grad_scale * r
    dW2 = A.T * g
    dO = g * W2.T
    dH = dO.multiply_elementwise(mask)
    dW1 = X.T * dH
    W1_new, W2_new = W1 - eta * dW1, W2 - eta * dW2
    _, _, yhat_new = _forward(X, W1_new, W2_new)
    loss_new = scale * sum(v**2 for v in (yhat_new - y))

    # classification: logits z = O W2 (A holds O); p rounded to 4 places and used in what follows
    z = yhat
    p = z.applyfunc(lambda t: _round(1 / (1 + sp.exp(-t))))
    logloss = -sp.Rational(1, n) * sum(
        ci * sp.log(pi) + (1 - ci) * sp.log(1 - pi) for ci, pi in zip(c, p)
    )
    dz = (p - c) / n
    dW2_cls = A.T * dz
    dH_cls = (dz * W2.T).multiply_elementwise(mask)
    dW1_cls = X.T * dH_cls
    return {
        "H": H, "O": A, "yhat": yhat, "r": r, "loss": loss, "g": g, "dW2": dW2, "dO": dO,
        "dH": dH, "dW1": dW1, "mask": mask, "W1_new": W1_new, "W2_new": W2_new,
        "yhat_new": yhat_new, "loss_new": loss_new, "scale": scale, "grad_scale": grad_scale,
        "p": p, "logloss": logloss, "dz": dz, "dW2_cls": dW2_cls, "dH_cls": dH_cls,
        "dW1_cls": dW1_cls,
    }


def accept(params, solution) -> bool:
    """ReLU matters (some unit is cut off) but no unit is dead, no pre-activation is exactly 0,
    the residual and both gradients are nonzero, numbers stay small, the step lowers the loss,
    the logits are unsaturated and both classes occur."""
    H, A = solution["H"], solution["O"]
    if any(h == 0 for h in H) or all(h > 0 for h in H):
        return False
    if any(all(A[i, j] == 0 for i in range(A.rows)) for j in range(A.cols)):
        return False  # a dead hidden unit
    if any(all(A[i, j] == 0 for j in range(A.cols)) for i in range(A.rows)):
        return False  # an object that reaches the output through no unit
    if any(abs(h) > MAX_H for h in H) or any(abs(v) > MAX_LOGIT for v in solution["yhat"]):
        return False
    if any(v == 0 for v in solution["r"]):
        return False
    for key in ("dW1", "dW2"):
        grad = solution[key]
        if grad.is_zero_matrix or any(abs(v) > MAX_GRAD for v in grad):
            return False
    if sum(1 for v in solution["dW1"] if v != 0) < 2:
        return False
    if not solution["loss_new"] < solution["loss"]:
        return False
    labels = [row[0] for row in params["c"]]
    if len(set(labels)) < 2:
        return False
    return not all(_round(v) == 0 for v in solution["dW1_cls"])


def _dec(value):
    """places for a value that is an exact short decimal: None for integers, else 4 (exact)."""
    values = value if isinstance(value, sp.MatrixBase) else [value]
    return None if all(sp.Rational(v).q == 1 for v in values) else PLACES


def answers(params, solution) -> list[Answer]:
    s = solution
    d = r"\frac{\partial L}{\partial %s}"
    dc = r"\frac{\partial L_{\mathrm{cls}}}{\partial %s}"
    exact = [
        ("H", "matrix", s["H"], "$H = X W_1$"),
        ("O", "matrix", s["O"], r"$O = \max(0, H)$"),
        ("yhat", "vector", s["yhat"], r"$\hat y = O W_2$"),
        ("r", "vector", s["r"], r"$\hat y - y$"),
        ("L", "number", s["loss"], "$L$"),
        ("dL_dyhat", "vector", s["g"], "$" + d % r"\hat y" + "$"),
        ("dL_dW2", "matrix", s["dW2"], "$" + d % "W_2" + "$"),
        ("dL_dO", "matrix", s["dO"], "$" + d % "O" + "$"),
        ("dL_dH", "matrix", s["dH"], "$" + d % "H" + "$"),
        ("dL_dW1", "matrix", s["dW1"], "$" + d % "W_1" + "$"),
        ("W1_new", "matrix", s["W1_new"], r"$W_1^{\mathrm{new}}$"),
        ("W2_new", "matrix", s["W2_new"], r"$W_2^{\mathrm{new}}$"),
    ]
    result = [
        Answer(name, kind, value, {"ru": label, "en": label}, places=_dec(value))
        for name, kind, value, label in exact
    ]
    rounded = [
        ("L_new", "number", s["loss_new"], r"$L(W_1^{\mathrm{new}}, W_2^{\mathrm{new}})$"),
        ("p", "vector", s["p"], r"$p = \sigma(O W_2)$"),
        ("logloss", "number", s["logloss"], r"$L_{\mathrm{cls}}$"),
        ("dLc_dz", "vector", s["dz"], "$" + dc % "z" + "$"),
        ("dLc_dW2", "matrix", s["dW2_cls"], "$" + dc % "W_2" + "$"),
        ("dLc_dW1", "matrix", s["dW1_cls"], "$" + dc % "W_1" + "$"),
    ]
    result += [
        Answer(name, kind, value, {"ru": label, "en": label}, places=PLACES)
        for name, kind, value, label in rounded
    ]
    return result


def figures(params, solution) -> dict:
    """The forward/backward chain X -> H -> O -> yhat -> L; the key adds the local derivatives."""
    return {"chain": BackpropChainFigure(params["convention"])}


FAMILY = Family(
    id="B7",
    title={"ru": "Невидимый бэкпроп", "en": "Invisible backprop"},
    summary="two-layer ReLU net yhat = max(0, X W1) W2: forward, backward, MSE, one GD step; "
    "then sigmoid + log-loss",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    figures=figures,
    options={
        "convention": Option(
            default="random",
            choices=("random", "mean", "half_sum"),
            help="MSE convention: mean over objects, 1/2 of the sum, or drawn at random",
        )
    },
)
