"""M7: maximum likelihood for a bivariate normal N(mu, Sigma) from a small sample, through
differentials: mu-hat = the sample mean, Sigma-hat = (1/n) sum (x_i - mu-hat)(x_i - mu-hat)^T
(divisor n, as the likelihood gives; the statement says so).

Points are drawn so that mu-hat is short: for n = 3 the mean is an integer (the points are an
integer center plus integer deviations summing to zero); for n = 4 the last point gets the parity
that makes each coordinate sum even (mean in halves). The key gives mu-hat and Sigma-hat as exact
fractions in every variant.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from generator.problems.base import Answer, Family, Option

from .check import verify

ENTRY = 5  # coordinates of the points in [-ENTRY, ENTRY]
MIN_DET = 1  # det Sigma-hat at least 1: the points are clearly not on one line
MAX_SIGMA = 12  # entries of Sigma-hat at most this in size
LOGLIK_FORMULA = (r"-n \ln(2\pi) - \frac{n}{2} \ln\det\Sigma"
                  r" - \frac{1}{2} \sum_{i=1}^{n} (x_i - \mu)^T \Sigma^{-1} (x_i - \mu)")
MU_FORMULA = r"\frac{1}{n} \sum_{i=1}^{n} x_i"
SIGMA_FORMULA = r"\frac{1}{n} \sum_{i=1}^{n} (x_i - \hat\mu)(x_i - \hat\mu)^T"


def sample(rng, options) -> dict:
    n = int(rng.integers(3, options["max_points"] + 1))
    if n == 3:
        center = rng.integers(-2, 3, size=2)
        deviations = rng.integers(-3, 4, size=(2, 2))
        deviations = np.vstack([deviations, -deviations.sum(axis=0)])
        points = center + deviations
    else:
        head = rng.integers(-ENTRY, ENTRY + 1, size=(3, 2))
        parity = (-head.sum(axis=0)) % 2
        last = 2 * rng.integers(-2, 3, size=2) + parity  # in [-4, 5], parity as needed
        points = np.vstack([head, last])
    order = rng.permutation(n)
    return {"points": points[order].tolist()}


def solve(params) -> dict:
    points = [sp.Matrix(x) for x in params["points"]]
    n = len(points)
    total = sp.zeros(2, 1)
    for x in points:
        total += x
    mu = total / n
    centered = [x - mu for x in points]
    scatter = sp.zeros(2, 2)
    for c in centered:
        scatter += c * c.T
    sigma = scatter / n
    return {"n": n, "total": total, "mu": mu, "centered": centered, "scatter": scatter, "Sigma": sigma}


def accept(params, solution) -> bool:
    """Points in range and distinct, a short mean, a non-singular hand-sized Sigma-hat."""
    points = params["points"]
    if any(abs(v) > ENTRY for x in points for v in x):
        return False
    if len({tuple(x) for x in points}) < len(points):
        return False
    if any(v.q > 2 for v in solution["mu"]):
        return False
    sigma = solution["Sigma"]
    if sigma.det() < MIN_DET or sigma[0, 1] == 0:  # (nearly) collinear points; a diagonal Sigma
        return False
    return all(abs(v) <= MAX_SIGMA and v.q <= 100 for v in sigma)


def answers(params, solution) -> list[Answer]:
    # Exact fractions in every variant (thirds for n = 3, halves to sixteenths for n = 4): one
    # form for the same kind of answer, as the statement asks ("exactly").
    def label(ru: str, en: str | None = None) -> dict:
        return {"ru": ru, "en": en if en is not None else ru}

    return [
        Answer("loglik_formula", "text", LOGLIK_FORMULA, label(r"$\ell(\mu, \Sigma)$"), item=1),
        Answer("mu_formula", "text", MU_FORMULA, label(r"$\hat\mu$"), item=2),
        Answer("Sigma_formula", "text", SIGMA_FORMULA, label(r"$\hat\Sigma$"), item=2),
        Answer("mu", "vector", solution["mu"], label(r"$\hat\mu$"), item=3),
        Answer("Sigma", "matrix", solution["Sigma"],
               label(r"$\hat\Sigma$ (делитель $n$)", r"$\hat\Sigma$ (divisor $n$)"), item=3),
    ]


FAMILY = Family(
    id="M7",
    title={
        "ru": "Оценки максимального правдоподобия для нормального распределения",
        "en": "Maximum likelihood for a multivariate normal",
    },
    summary="N(mu, Sigma) in R^2 from 3-4 points: mu-hat = mean, Sigma-hat = scatter / n via differentials",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_points": Option(default=4, choices=(3, 4), help="most sample points")},
)
