"""Independent check of B4: finite differences of L(X, W) = sum(G * (X @ W)) in plain numpy.

L is linear in Z with dL/dZ = G, so its numeric gradients are exactly the layer's backward pass.
"""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import numeric_grad

STEP = 1e-3


def verify(params, values) -> list[str]:
    X, W, G = (np.array(params[k], dtype=float) for k in ("X", "W", "G"))
    loss = lambda X_, W_: float(np.sum(G * (X_ @ W_)))
    expected = {
        "Z": X @ W,
        "dL_dX": numeric_grad(lambda M: loss(M, W), X, STEP),
        "dL_dW": numeric_grad(lambda M: loss(X, M), W, STEP),
    }
    problems = []
    for name, want in expected.items():
        got = np.array(values[name], dtype=float)
        if got.shape != want.shape or not np.allclose(got, want, atol=1e-6):
            problems.append(f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems
