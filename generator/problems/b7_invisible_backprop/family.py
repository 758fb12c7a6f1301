"""B7: "invisible backprop" -- the two-layer net yhat = max(0, X W1) W2 with small integer matrices:
forward pass, backward pass layer by layer for the MSE, one gradient-descent step; then the same net
as a classifier p = sigma(max(0, X W1) W2) with the log-loss and its gradients (4 decimals).

Numbers (the statement says so in words): every value with more than 4 decimals is rounded half
away from zero to 4 places as soon as it is found and later values are computed from the rounded
ones. The regression part is exact except L at the new weights; in the classifier part p and
dL/dz = (p - c)/n are rounded and the gradients after them are exact products of the rounded dL/dz.
`solve` keeps each value as computed from the shown ones before its own rounding; the key prints
it through num(4), which rounds it and keeps every place."""

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
    hidden unit fires for some sample, every sample fires some unit, some unit is cut off, and
    |H| <= MAX_H, |O W2| <= MAX_LOGIT with pairwise different logits. `tries` candidates are drawn
    at once from the same rng and checked together (cheap integer checks); the first good one is
    taken. The final rule (accept) still sees every property again."""
    low, high = ENTRY
    X = rng.integers(low, high + 1, size=(tries, n, 2))
    W1 = rng.integers(low, high + 1, size=(tries, 2, hidden))
    W2 = rng.choice((-2, -1, 1, 2), size=(tries, hidden, 1))
    H = X @ W1
    on = H > 0
    logits = (np.maximum(H, 0) @ W2)[:, :, 0]
    good = (
        X.any(axis=1).all(axis=1) & X.any(axis=2).all(axis=1)  # no zero feature, no zero sample
        & ~(H == 0).any(axis=(1, 2)) & ~on.all(axis=(1, 2))
        & on.any(axis=1).all(axis=1) & on.any(axis=2).all(axis=1)
        & (np.abs(H).max(axis=(1, 2)) <= MAX_H) & (np.abs(logits).max(axis=1) <= MAX_LOGIT)
        & (np.diff(np.sort(logits, axis=1), axis=1) != 0).all(axis=1)
    )
    pick = int(np.argmax(good)) if good.any() else tries - 1  # none good: accept() rejects it
    return X[pick].tolist(), W1[pick].tolist(), W2[pick].tolist()


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

    # classification: logits z = O W2 (A holds O); every later value from the rounded p and dL/dz
    z = yhat
    p = z.applyfunc(lambda t: sp.N(1 / (1 + sp.exp(-t)), 30))
    p_shown = p.applyfunc(_round)
    logloss = -sp.Rational(1, n) * sum(
        ci * sp.log(pi) + (1 - ci) * sp.log(1 - pi) for ci, pi in zip(c, p_shown)
    )
    dz = (p_shown - c) / n
    dz_shown = dz.applyfunc(_round)
    dW2_cls = A.T * dz_shown
    dH_cls = (dz_shown * W2.T).multiply_elementwise(mask)
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
    the logits are unsaturated and pairwise different (no two samples share p), both classes
    occur and the classifier's gradient for W_1 is not zero."""
    H, A = solution["H"], solution["O"]
    if any(h == 0 for h in H) or all(h > 0 for h in H):
        return False
    if any(all(A[i, j] == 0 for i in range(A.rows)) for j in range(A.cols)):
        return False  # a dead hidden unit
    if any(all(A[i, j] == 0 for j in range(A.cols)) for i in range(A.rows)):
        return False  # a sample that reaches the output through no unit
    if any(abs(h) > MAX_H for h in H) or any(abs(v) > MAX_LOGIT for v in solution["yhat"]):
        return False
    if len(set(solution["yhat"])) < solution["yhat"].rows:
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
    return not solution["dW1_cls"].is_zero_matrix


def _dec(value):
    """places for a value that is an exact short decimal: None for integers, else 4 (exact)."""
    values = value if isinstance(value, sp.MatrixBase) else [value]
    return None if all(sp.Rational(v).q == 1 for v in values) else PLACES


def answers(params, solution) -> list[Answer]:
    """Forward pass (a), backward pass (b), the GD step (c), the classifier (d)."""
    s = solution
    d = r"\frac{\partial L}{\partial %s}"
    dc = r"\frac{\partial L_{\mathrm{cls}}}{\partial %s}"
    exact = [
        (1, "H", "matrix", s["H"], "$H = X W_1$"),
        (1, "O", "matrix", s["O"], r"$O = \max(0, H)$"),
        (1, "yhat", "vector", s["yhat"], r"$\hat y = O W_2$"),
        (1, "r", "vector", s["r"], r"$\hat y - y$"),
        (1, "L", "number", s["loss"], "$L$"),
        (2, "dL_dyhat", "vector", s["g"], "$" + d % r"\hat y" + "$"),
        (2, "dL_dW2", "matrix", s["dW2"], "$" + d % "W_2" + "$"),
        (2, "dL_dO", "matrix", s["dO"], "$" + d % "O" + "$"),
        (2, "dL_dH", "matrix", s["dH"], "$" + d % "H" + "$"),
        (2, "dL_dW1", "matrix", s["dW1"], "$" + d % "W_1" + "$"),
        (3, "W1_new", "matrix", s["W1_new"], r"$W_1^{\mathrm{new}}$"),
        (3, "W2_new", "matrix", s["W2_new"], r"$W_2^{\mathrm{new}}$"),
    ]
    result = [
        Answer(name, kind, value, {"ru": label, "en": label}, places=_dec(value), item=item)
        for item, name, kind, value, label in exact
    ]
    rounded = [
        (3, "L_new", "number", s["loss_new"], r"$L(W_1^{\mathrm{new}}, W_2^{\mathrm{new}})$"),
        (4, "p", "vector", s["p"], r"$p = \sigma(O W_2)$"),
        (4, "logloss", "number", s["logloss"], r"$L_{\mathrm{cls}}$"),
        (4, "dLc_dz", "vector", s["dz"], "$" + dc % "z" + "$"),
        (4, "dLc_dW2", "matrix", s["dW2_cls"], "$" + dc % "W_2" + "$"),
        (4, "dLc_dW1", "matrix", s["dW1_cls"], "$" + dc % "W_1" + "$"),
    ]
    result += [
        Answer(name, kind, value, {"ru": label, "en": label}, places=PLACES, item=item)
        for item, name, kind, value, label in rounded
    ]
    return result


def figures(params, solution) -> dict:
    """The forward/backward chain X -> H -> O -> yhat -> L; the key adds the local derivatives."""
    return {"chain": BackpropChainFigure(params["convention"])}


FAMILY = Family(
    id="B7",
    title={"ru": "Невидимый бэкпроп", "en": "Backprop through a two-layer ReLU network"},
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
            help="MSE convention: mean over samples, 1/2 of the sum, or drawn at random",
        )
    },
)
