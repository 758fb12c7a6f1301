"""Independent check of B5 in plain numpy: the shapes are recomputed from the layer sizes and the
batch size (and read back from the key's "r \\times c"), and the numeric forward pass is redone
with numpy, rounding every layer's outputs half away from zero to 4 places (sigma, tanh) exactly
as the statement tells the student to, before the next layer is computed."""

from __future__ import annotations

import re

import numpy as np

PLACES = 4
CLEAN = 12  # float noise of a few products of short decimals sits far below 1e-12
SHAPE = re.compile(r"^\s*(\d+)\s*\\times\s*(\d+)\s*$")


def _f(act: str, h: np.ndarray) -> np.ndarray:
    if act == "relu":
        return np.maximum(h, 0.0)
    if act == "sigmoid":
        return 1.0 / (1.0 + np.exp(-h))
    return np.tanh(h)


def round_half_away(a: np.ndarray, places: int = PLACES) -> np.ndarray:
    """0.12345 -> 0.1235 and -0.12345 -> -0.1235: halves go away from zero."""
    clean = np.round(np.asarray(a, dtype=float), CLEAN)
    return np.sign(clean) * np.floor(np.abs(clean) * 10**places + 0.5 + 1e-6) / 10**places


def _shape(text) -> tuple[int, int] | None:
    match = SHAPE.match(text) if isinstance(text, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def verify(params, values) -> list[str]:
    sizes, n, act = params["sizes"], params["n"], params["activation"]
    layers = len(sizes) - 1
    problems = []
    for k in range(1, layers + 1):
        for name, want in ((f"W{k}_shape", (sizes[k - 1], sizes[k])), (f"H{k}_shape", (n, sizes[k]))):
            got = _shape(values.get(name))
            if got != want:
                problems.append(f"{name}: key {values.get(name)!r} but independent {want[0]} x {want[1]}")
    expected = {}
    o = np.array([params["x"]], dtype=float)
    for k, W in enumerate(params["W"], start=1):
        W = np.array(W, dtype=float)
        if W.shape != (sizes[k - 1], sizes[k]):
            return [f"W{k} has shape {W.shape}, sizes say {(sizes[k - 1], sizes[k])}"]
        o = _f(act, o @ W)
        if act != "relu":
            o = round_half_away(o)
        if k < layers:
            expected[f"O{k}"] = o
    expected["yhat"] = o.reshape(())
    tol = 1e-6 if act == "relu" else 1e-9  # rounded values must agree to the last place
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

