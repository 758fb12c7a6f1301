"""Independent check of B7 in plain numpy: a separate forward/backward pass of the ReLU net, the
gradients confirmed by central finite differences of the loss, a plain GD step, and the classifier
part recomputed with p rounded to 4 places exactly as the statement prescribes."""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import numeric_grad

STEP = 1e-5
EXACT_TOL = 1e-6
ROUND_TOL = 0.6e-4


def _relu_net(X, W1, W2):
    pre = X @ W1
    hidden = np.maximum(pre, 0.0)
    return pre, hidden, hidden @ W2


def _round4(x):
    # half-up at 4 places; sigma of a nonzero integer is irrational, so no ties occur
    return np.floor(np.asarray(x, dtype=float) * 1e4 + 0.5) / 1e4


def verify(params, values) -> list[str]:
    X, W1, W2, y, c = (np.array(params[k], dtype=float) for k in ("X", "W1", "W2", "y", "c"))
    n = X.shape[0]
    eta = float(params["eta"])
    if params["convention"] == "mean":
        mse = lambda out: float(np.sum((out - y) ** 2) / n)  # noqa: E731
    else:
        mse = lambda out: float(0.5 * np.sum((out - y) ** 2))  # noqa: E731

    H, A, out = _relu_net(X, W1, W2)
    res = out - y
    g = numeric_grad(mse, out, STEP)  # dL/dyhat straight from the loss
    dW2 = A.T @ g
    dO = g @ W2.T
    dH = dO * (H > 0)
    dW1 = X.T @ dH
    fd_W1 = numeric_grad(lambda M: mse(_relu_net(X, M, W2)[2]), W1, STEP)
    fd_W2 = numeric_grad(lambda M: mse(_relu_net(X, W1, M)[2]), W2, STEP)
    problems = []
    if not (np.allclose(fd_W1, dW1, atol=1e-5) and np.allclose(fd_W2, dW2, atol=1e-5)):
        problems.append("internal: layerwise backprop disagrees with finite differences")
    W1n, W2n = W1 - eta * dW1, W2 - eta * dW2
    expected_exact = {
        "H": H, "O": A, "yhat": out, "r": res, "L": mse(out), "dL_dyhat": g, "dL_dW2": dW2,
        "dL_dO": dO, "dL_dH": dH, "dL_dW1": fd_W1, "W1_new": W1n, "W2_new": W2n,
    }
    # classifier: logits z = A W2, p = sigma(z) rounded to 4 places, mean log-loss
    p = _round4(1.0 / (1.0 + np.exp(-out)))
    logloss = lambda q: float(-np.mean(c * np.log(q) + (1 - c) * np.log(1 - q)))  # noqa: E731
    dz = (p - c) / n
    dW2c = A.T @ dz
    dW1c = X.T @ ((dz @ W2.T) * (H > 0))
    expected_rounded = {
        "L_new": mse(_relu_net(X, W1n, W2n)[2]), "p": p, "logloss": logloss(p), "dLc_dz": dz,
        "dLc_dW2": dW2c, "dLc_dW1": dW1c,
    }
    for table, tol in ((expected_exact, EXACT_TOL), (expected_rounded, ROUND_TOL)):
        for name, want in table.items():
            want = np.atleast_1d(np.asarray(want, dtype=float))
            got = np.atleast_1d(np.asarray(values[name], dtype=float))
            if got.shape != want.shape or not np.allclose(got, want, atol=tol, rtol=0):
                problems.append(
                    f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}"
                )
    return problems
