"""Independent check of B4: finite differences of L(X, W) = sum(G * (X @ W)) in plain numpy.

L is linear in Z with dL/dZ = G, so its numeric gradients are exactly the layer's backward pass.
"""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare, numeric_grad

STEP = 1e-3


def verify(params, values) -> list[str]:
    X, W, G = (np.array(params[k], dtype=float) for k in ("X", "W", "G"))
    loss = lambda X_, W_: float(np.sum(G * (X_ @ W_)))
    dX, dX_error = numeric_grad(lambda M: loss(M, W), X, STEP, with_error=True)
    dW, dW_error = numeric_grad(lambda M: loss(X, M), W, STEP, with_error=True)
    expected = {"Z": X @ W, "dL_dX": dX, "dL_dW": dW}
    return compare(expected, values, errors={"dL_dX": dX_error, "dL_dW": dW_error})
