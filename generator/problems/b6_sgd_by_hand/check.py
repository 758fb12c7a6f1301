"""Independent check of B6 in plain numpy: a separate forward pass of the d-2-1 net, the weight
gradients by central finite differences of L = 1/2 (yhat - y)^2, and two plain SGD steps.

With ReLU or the identity the key is exact and must equal these numbers. With sigmoid or tanh the
key follows the statement's rule, replayed here value by value: every value is rounded half away
from zero to 4 places as soon as it is found and the next one is computed from the rounded values
(f'(z) from the rounded h), in both steps; the replay must equal the key to the last place, and
the finite-difference gradients bound how far the rounding may drift."""

from __future__ import annotations

import numpy as np

STEP = 1e-6
EXACT_TOL = 1e-6
ROUNDED_TOL = 1e-9  # replayed rounded values agree to the last place
DRIFT = 2e-3  # how far rounding to 4 places may move a gradient (relative, plus 4 units)
PLACES = 4
CLEAN = 12  # products of shown decimals have at most 9 places: float noise sits far below 1e-12

ACT = {
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "linear": lambda z: z,
}


def _local(act: str, z: np.ndarray, h: np.ndarray) -> np.ndarray:
    """f'(z), for sigmoid/tanh from the shown output h as the statement asks."""
    if act == "sigmoid":
        return h * (1 - h)
    if act == "tanh":
        return 1 - h * h
    if act == "relu":
        return (z > 0).astype(float)
    return np.ones_like(z)


def round_half_away(a, places: int = PLACES) -> np.ndarray:
    """0.12345 -> 0.1235 and -0.12345 -> -0.1235: halves go away from zero."""
    clean = np.round(np.asarray(a, dtype=float), CLEAN)
    return np.sign(clean) * np.floor(np.abs(clean) * 10**places + 0.5 + 1e-6) / 10**places


def _fd(f, at):
    grad = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        e = np.zeros_like(at)
        e[index] = STEP
        grad[index] = (f(at + e) - f(at - e)) / (2 * STEP)
    return grad


def _step_by_the_rule(act, keep, W, v, x, y, eta) -> dict:
    """One SGD step as the statement prescribes (keep = rounding, or nothing for exact keys)."""
    z = keep(W @ x)
    h = keep(ACT[act](z))
    yhat = keep(float((v.T @ h)[0, 0]))
    delta = keep(yhat - y)
    dv, dh = keep(delta * h), keep(delta * v)
    df = keep(_local(act, z, h))
    dz = keep(dh * df)
    dW = keep(dz @ x.T)
    return {"z": z, "h": h, "yhat": yhat, "L": keep(0.5 * delta**2), "delta": delta, "dv": dv,
            "dh": dh, "dz": dz, "dW": dW, "W": keep(W - eta * dW), "v": keep(v - eta * dv)}


def _drift_problems(k, act, W, v, x, y, chain) -> list[str]:
    """The chain's weight gradients against finite differences of the true loss."""
    f = ACT[act]
    loss = lambda W_, v_: 0.5 * (float((v_.T @ f(W_ @ x))[0, 0]) - y) ** 2  # noqa: E731
    fd = {"dW": _fd(lambda m: loss(m, v), W), "dv": _fd(lambda m: loss(W, m), v)}
    smooth = act in ("sigmoid", "tanh")
    problems = []
    for key, want in fd.items():
        bound = DRIFT * (1 + np.abs(want)) if smooth else 1e-5
        if not np.all(np.abs(chain[key] - want) <= bound):
            problems.append(f"{key}_s{k}: the chain gives {chain[key].tolist()}, finite differences "
                            f"{np.round(want, 6).tolist()} (check.py itself is wrong)")
    return problems


def verify(params, values) -> list[str]:
    act = params["activation"]
    smooth = act in ("sigmoid", "tanh")
    keep = round_half_away if smooth else (lambda a: np.asarray(a, dtype=float))
    tol = ROUNDED_TOL if smooth else EXACT_TOL
    eta = float(params["eta"])
    W = np.array(params["W"], dtype=float)
    v = np.array(params["v"], dtype=float).reshape(2, 1)
    problems = []
    for k, (x, y) in enumerate(zip(params["x"], params["y"]), start=1):
        x = np.array(x, dtype=float).reshape(-1, 1)
        expected = _step_by_the_rule(act, keep, W, v, x, float(y), eta)
        problems += _drift_problems(k, act, W, v, x, float(y), expected)
        for key, want in expected.items():
            name = f"{key}_s{k}"
            want = np.atleast_1d(np.asarray(want, dtype=float))
            got = np.atleast_1d(np.asarray(values[name], dtype=float))
            if got.shape != want.shape or not np.allclose(got, want, atol=tol, rtol=0):
                problems.append(f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
        W, v = expected["W"], expected["v"]
    return problems
