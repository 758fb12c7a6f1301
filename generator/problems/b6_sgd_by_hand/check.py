"""Independent check of B6 in plain numpy: a separate forward pass of the d-2-1 net, gradients by
central finite differences of L = 1/2 (yhat - y)^2 (and the layerwise chain rule for dL/dh, dL/dz),
two plain SGD steps. For sigmoid/tanh the weights after step 1 are rounded half-up to 4 places
before step 2, exactly as the statement prescribes."""

from __future__ import annotations

import numpy as np

STEP = 1e-6
EXACT_TOL = 1e-6
ROUND_TOL = 0.6e-4

ACT = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def _round4(a):
    a = np.asarray(a, dtype=float)
    return np.sign(a) * np.floor(np.abs(a) * 1e4 + 0.5) / 1e4


def _fd(f, at):
    grad = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        e = np.zeros_like(at)
        e[index] = STEP
        grad[index] = (f(at + e) - f(at - e)) / (2 * STEP)
    return grad


def verify(params, values) -> list[str]:
    act = params["activation"]
    f, df = ACT[act]
    smooth = act in ("sigmoid", "tanh")
    tol = ROUND_TOL if smooth else EXACT_TOL
    eta = float(params["eta"])
    W = np.array(params["W"], dtype=float)
    v = np.array(params["v"], dtype=float).reshape(2, 1)
    problems = []
    for k, (x, y) in enumerate(zip(params["x"], params["y"]), start=1):
        x = np.array(x, dtype=float).reshape(-1, 1)
        out = lambda W_, v_, x=x: float((v_.T @ f(W_ @ x))[0, 0])  # noqa: E731
        loss = lambda W_, v_, y=y, out=out: 0.5 * (out(W_, v_) - y) ** 2  # noqa: E731
        z = W @ x
        h = f(z)
        yhat = out(W, v)
        dv = _fd(lambda m, W=W, loss=loss: loss(W, m), v)
        dW = _fd(lambda m, v=v, loss=loss: loss(m, v), W)
        dh = (yhat - y) * v
        dz = dh * df(z)
        if not np.allclose(dz @ x.T, dW, atol=1e-5):
            problems.append(f"step {k}: internal: chain rule disagrees with finite differences")
        W_new, v_new = W - eta * dW, v - eta * dv
        if smooth:
            W_new, v_new = _round4(W_new), _round4(v_new)
        expected = {
            "z": z, "h": h, "yhat": yhat, "L": loss(W, v), "delta": yhat - y, "dv": dv,
            "dh": dh, "dz": dz, "dW": dW, "W": W_new, "v": v_new,
        }
        for key, want in expected.items():
            name = f"{key}_s{k}"
            want = np.atleast_1d(np.asarray(want, dtype=float))
            got = np.atleast_1d(np.asarray(values[name], dtype=float))
            # finite differences carry ~1e-9 error; rounded keys allow half a unit of the 4th place
            if got.shape != want.shape or not np.allclose(got, want, atol=tol, rtol=0):
                problems.append(f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
        W, v = W_new, v_new
    return problems
