"""Independent check of B5 in plain numpy: the shapes are recomputed from the layer sizes and the
batch size, and the numeric forward pass is redone with numpy, rounding every layer's outputs to
4 decimals (sigma, tanh) exactly as a student writes them down before the next layer."""

from __future__ import annotations

import numpy as np

PLACES = 4


def _f(act: str, h: np.ndarray) -> np.ndarray:
    if act == "relu":
        return np.maximum(h, 0.0)
    if act == "sigmoid":
        return 1.0 / (1.0 + np.exp(-h))
    return np.tanh(h)


def verify(params, values) -> list[str]:
    sizes, n, act = params["sizes"], params["n"], params["activation"]
    layers = len(sizes) - 1
    expected = {}
    for k in range(1, layers + 1):
        expected[f"W{k}_shape"] = np.array([[sizes[k - 1], sizes[k]]], dtype=float)
        expected[f"H{k}_shape"] = np.array([[n, sizes[k]]], dtype=float)
    o = np.array([params["x"]], dtype=float)
    for k, W in enumerate(params["W"], start=1):
        W = np.array(W, dtype=float)
        if W.shape != (sizes[k - 1], sizes[k]):
            return [f"W{k} has shape {W.shape}, sizes say {(sizes[k - 1], sizes[k])}"]
        o = _f(act, o @ W)
        if act != "relu":
            o = np.round(o, PLACES)
        if k < layers:
            expected[f"O{k}"] = o
    expected["yhat"] = o.reshape(())
    tol = 1e-6 if act == "relu" else 0.6 * 10.0 ** -PLACES
    problems = []
    for name, want in expected.items():
        got = values.get(name)
        try:
            got = np.array(got, dtype=float)
        except (TypeError, ValueError):
            problems.append(f"{name}: not a number: {got!r}")
            continue
        if got.shape != want.shape or not np.allclose(got, want, rtol=0, atol=tol):
            problems.append(f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems
