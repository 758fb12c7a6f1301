"""Independent check of B3: recover Z = logit(S), then finite differences in plain numpy of
sigma at each entry (the local derivative) and of L(Z) = sum(G * sigma(Z)) (whose gradient is dL/dZ,
because L is linear in S with dL/dS = G); the largest value of sigma' is searched on a fine grid of
central differences."""

from __future__ import annotations

import numpy as np

STEP = 1e-4
TOL = 1e-6  # the key's 4-place decimals are exact for these inputs


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def verify(params, values) -> list[str]:
    S = np.array(params["S"], dtype=float)
    G = np.array(params["G"], dtype=float)
    Z = np.log(S / (1.0 - S))
    local = (_sigmoid(Z + STEP) - _sigmoid(Z - STEP)) / (2 * STEP)
    loss = lambda Z_: float(np.sum(G * _sigmoid(Z_)))  # noqa: E731
    grad = np.zeros_like(Z)
    for index in np.ndindex(Z.shape):
        shift = np.zeros_like(Z)
        shift[index] = STEP
        grad[index] = (loss(Z + shift) - loss(Z - shift)) / (2 * STEP)
    grid = np.linspace(-6.0, 6.0, 12001)
    slope = (_sigmoid(grid + STEP) - _sigmoid(grid - STEP)) / (2 * STEP)
    problems = []
    got = values.get("max_sigma_prime")
    if not isinstance(got, (int, float)) or abs(float(got) - slope.max()) > TOL:
        problems.append(f"max_sigma_prime: key {got} but independent {slope.max():.6f}")
    for name, want in (("dS_dZ", local), ("dL_dZ", grad)):
        got = np.array(values[name], dtype=float)
        if got.shape != want.shape or not np.allclose(got, want, atol=TOL, rtol=0):
            problems.append(f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems
