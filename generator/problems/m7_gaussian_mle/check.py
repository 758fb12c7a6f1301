"""Independent check of M7 in plain numpy: the sample mean by np.mean and the maximum-likelihood
covariance by np.cov with bias=True (divisor n); plus a direct check that the key's estimates are
a stationary point of the Gaussian log-likelihood (central differences in mu and in Sigma)."""

from __future__ import annotations

import numpy as np

from generator.problems.numcheck import compare

TOL = 1e-6
STEP = 1e-5


def verify(params, values) -> list[str]:
    points = np.array(params["points"], dtype=float)
    expected = {
        "mu": points.mean(axis=0).reshape(-1, 1),
        "Sigma": np.cov(points, rowvar=False, bias=True),
    }
    problems = compare(expected, values, TOL)
    if not problems:  # and the key itself is a stationary point of the log-likelihood
        mu = np.array(values["mu"], dtype=float).ravel()
        problems += _stationary(points, mu, np.array(values["Sigma"], dtype=float))
    return problems


def _loglik(points, mu, sigma):
    sign, logdet = np.linalg.slogdet(sigma)
    if sign <= 0:
        return -np.inf
    centered = points - mu
    quad = np.einsum("ij,jk,ik->", centered, np.linalg.inv(sigma), centered)
    n, d = points.shape
    return -0.5 * (n * d * np.log(2 * np.pi) + n * logdet + quad)


def _stationary(points, mu, sigma) -> list[str]:
    """The gradient of the log-likelihood vanishes at (mu, Sigma) (symmetric perturbations)."""
    directions = [("mu", np.eye(2)[k], np.zeros((2, 2))) for k in range(2)]
    for i, j in ((0, 0), (1, 1), (0, 1)):
        e = np.zeros((2, 2))
        e[i, j] = e[j, i] = 1.0
        directions.append(("Sigma", np.zeros(2), e))
    out = []
    for name, dmu, dsigma in directions:
        up = _loglik(points, mu + STEP * dmu, sigma + STEP * dsigma)
        down = _loglik(points, mu - STEP * dmu, sigma - STEP * dsigma)
        if abs(up - down) / (2 * STEP) > 1e-4:
            out.append(f"{name}: the log-likelihood is not stationary at the key's estimates")
    return out
