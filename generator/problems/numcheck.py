"""Numeric tools for the families' independent checks (check.py): central finite differences and
the comparison of a key with independently computed values. Plain numpy only -- no sympy and no
family code -- so a check stays a different route from the family's solve()."""

from __future__ import annotations

import numpy as np


def numeric_grad(f, at: np.ndarray, step: float) -> np.ndarray:
    """Central differences of a scalar function f at `at` (any shape)."""
    grad = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        shift = np.zeros_like(at)
        shift[index] = step
        grad[index] = (f(at + shift) - f(at - shift)) / (2 * step)
    return grad


def numeric_hessian(f, at: np.ndarray, step: float) -> np.ndarray:
    """Central second differences of a scalar function f of a vector."""
    size = at.size
    hess = np.zeros((size, size))
    basis = np.eye(size) * step
    for i in range(size):
        for j in range(size):
            hess[i, j] = (
                f(at + basis[i] + basis[j])
                - f(at + basis[i] - basis[j])
                - f(at - basis[i] + basis[j])
                + f(at - basis[i] - basis[j])
            ) / (4 * step * step)
    return hess


def compare(expected: dict, values: dict, atol: float) -> list[str]:
    """One message per answer that is missing from the key or differs from the expected value."""
    problems = []
    for name, want in expected.items():
        if name not in values:
            problems.append(f"{name}: missing from the key")
            continue
        got = np.array(values[name], dtype=float)
        if got.shape != want.shape or not np.allclose(got, want, rtol=0, atol=atol):
            problems.append(f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}")
    return problems
