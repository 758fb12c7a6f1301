"""Independent check of B7 in plain numpy: a separate forward/backward pass of the ReLU net, the
gradients confirmed by central finite differences of the loss, a plain GD step, and the classifier
part recomputed by the statement's rule: every value with more than 4 decimals (p, dL/dz, the
losses) is rounded half away from zero to 4 places as soon as it is found and the later values are
computed from the rounded ones; the replay must equal the key to the last place."""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import numeric_grad

STEP = 1e-5
EXACT_TOL = 1e-6
ROUNDED_TOL = 1e-9
PLACES = 4
CLEAN = 12  # products of shown decimals have at most 9 places: float noise sits far below 1e-12


def _relu_net(X, W1, W2):
    pre = X @ W1
    hidden = np.maximum(pre, 0.0)
    return pre, hidden, hidden @ W2


def round_half_away(a, places: int = PLACES) -> np.ndarray:
    """0.12345 -> 0.1235 and -0.12345 -> -0.1235: halves go away from zero."""
    clean = np.round(np.asarray(a, dtype=float), CLEAN)
    return np.sign(clean) * np.floor(np.abs(clean) * 10**places + 0.5 + 1e-6) / 10**places


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
    g = res * (2.0 / n if params["convention"] == "mean" else 1.0)  # dL/dyhat by hand
    fd_g = numeric_grad(mse, out, STEP)  # ... and straight from the loss
    dW2 = A.T @ g
    dO = g @ W2.T
    dH = dO * (H > 0)
    dW1 = X.T @ dH
    fd_W1 = numeric_grad(lambda M: mse(_relu_net(X, M, W2)[2]), W1, STEP)
    fd_W2 = numeric_grad(lambda M: mse(_relu_net(X, W1, M)[2]), W2, STEP)
    problems = []
    if not all(np.allclose(fd, chain, atol=1e-5) for fd, chain in ((fd_g, g), (fd_W1, dW1), (fd_W2, dW2))):
        problems.append("internal: layerwise backprop disagrees with finite differences")
    W1n, W2n = W1 - eta * dW1, W2 - eta * dW2
    expected_exact = {
        "H": H, "O": A, "yhat": out, "r": res, "L": mse(out), "dL_dyhat": g, "dL_dW2": dW2,
        "dL_dO": dO, "dL_dH": dH, "dL_dW1": dW1, "W1_new": W1n, "W2_new": W2n,
    }
    # classifier: logits z = A W2, p = sigma(z), the mean log-loss, each value rounded on the way
    p = round_half_away(1.0 / (1.0 + np.exp(-out)))
    logloss = float(-np.mean(c * np.log(p) + (1 - c) * np.log(1 - p)))
    dz = round_half_away((p - c) / n)
    dW2c = round_half_away(A.T @ dz)
    dW1c = round_half_away(X.T @ round_half_away((dz @ W2.T) * (H > 0)))
    expected_rounded = {
        "L_new": round_half_away(mse(_relu_net(X, W1n, W2n)[2])), "p": p,
        "logloss": round_half_away(logloss), "dLc_dz": dz, "dLc_dW2": dW2c, "dLc_dW1": dW1c,
    }
    for table, tol in ((expected_exact, EXACT_TOL), (expected_rounded, ROUNDED_TOL)):
        for name, want in table.items():
            want = np.atleast_1d(np.asarray(want, dtype=float))
            got = np.atleast_1d(np.asarray(values[name], dtype=float))
            if got.shape != want.shape or not np.allclose(got, want, atol=tol, rtol=0):
                problems.append(
                    f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}"
                )
    return problems
