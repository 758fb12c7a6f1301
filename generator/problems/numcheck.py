"""Numeric tools for the families' independent checks (check.py): central finite differences and
the comparison of a key with independently computed values. Plain numpy only -- no sympy and no
family code -- so a check stays a different route from the family's solve().

How close is close enough. An entry of the key passes when

    |key - independent| <= atol + rtol * |independent| + error

- `atol` is an absolute floor: values at or near zero (where a relative bound means nothing) and,
  for keys printed with a fixed number of decimals, half a unit of the last place (rounding does
  not scale with the value);
- `rtol * |independent|` scales with the magnitude: floating-point arithmetic and finite
  differences err relative to the size of what they compute, so a fixed absolute bound is too
  strict for large values (e.g. 18.999998 from finite differences against an exact 19);
- `error` is the independent route's own estimated error, entry by entry: for finite differences,
  how much the estimate moves when the step is doubled (`derivative`, `numeric_grad(...,
  with_error=True)`), which covers the truncation error (~h^2 or ~h^4 times a high derivative,
  large for a logarithm near a small argument) and the round-off (~eps |f| / h).

The defaults ATOL = RTOL = 1e-6 accept six significant digits and still catch any wrong key a
grader cares about: an off-by-one at 1000 (tolerance 1e-3), a sign error, 0.25 against 0.26.
Finite differences that do not settle to a useful accuracy are a failure of the check, never a
silent pass (MAX_RELATIVE_ERROR).
"""

from __future__ import annotations

import numpy as np

ATOL = 1e-6
RTOL = 1e-6
# an independent value whose own estimated error exceeds this share of its size (plus ATOL-scale
# slack) cannot tell a right key from a wrong one: reported, not used
MAX_RELATIVE_ERROR = 1e-4


def numeric_grad(f, at: np.ndarray, step: float, with_error: bool = False):
    """Central differences of a scalar function f at `at` (any shape).

    with_error=True returns (grad, error): error is |D(h) - D(2h)| entry by entry, how much the
    estimate moves when the step is doubled (for this second-order rule about 3x its error)."""
    grad = np.zeros_like(at, dtype=float)
    error = np.zeros_like(at, dtype=float)
    for index in np.ndindex(at.shape):
        shift = np.zeros_like(at, dtype=float)
        shift[index] = step
        grad[index] = (f(at + shift) - f(at - shift)) / (2 * step)
        if with_error:
            coarse = (f(at + 2 * shift) - f(at - 2 * shift)) / (4 * step)
            error[index] = abs(grad[index] - coarse)
    return (grad, error) if with_error else grad


def derivative(g, step: float) -> tuple[np.ndarray, np.ndarray]:
    """d/dt g(t) at t = 0 for a scalar- or array-valued g, by the five-point central difference
    (exact for polynomials up to degree 4, error ~h^4 otherwise), and its estimated error:
    |D(h) - D(2h)| entry by entry (for this fourth-order rule about 15x the error of D(h), and at
    least the round-off)."""

    def five_point(h):
        g1 = np.asarray(g(h), dtype=float) - np.asarray(g(-h), dtype=float)
        g2 = np.asarray(g(2 * h), dtype=float) - np.asarray(g(-2 * h), dtype=float)
        return (8 * g1 - g2) / (12 * h)

    fine = five_point(step)
    return fine, np.abs(fine - five_point(2 * step))


def gradient(f, at: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Five-point derivatives of f (scalar- or array-valued) in every entry of `at`: arrays of shape
    f(at).shape + at.shape (the gradient of a scalar f, the Jacobian of a vector f), and their
    estimated errors (see `derivative`)."""
    out_shape = np.shape(f(at))
    grad = np.zeros(out_shape + at.shape)
    error = np.zeros(out_shape + at.shape)
    for index in np.ndindex(at.shape):
        e = np.zeros_like(at, dtype=float)
        e[index] = 1.0
        grad[(...,) + index], error[(...,) + index] = derivative(lambda t, e=e: f(at + t * e), step)
    return grad, error


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


def tolerance(want, atol: float = ATOL, rtol: float = RTOL, error=0.0) -> np.ndarray:
    """The allowed |key - independent| entry by entry (see the module docstring)."""
    return atol + rtol * np.abs(np.asarray(want, dtype=float)) + np.abs(np.asarray(error, dtype=float))


def close(got, want, atol: float = ATOL, rtol: float = RTOL, error=0.0) -> bool:
    """Same shape and every entry within `tolerance` (NaN never passes)."""
    got = np.asarray(got, dtype=float)
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return False
    return bool(np.all(np.abs(got - want) <= tolerance(want, atol, rtol, error)))


def unsettled(want, error, atol: float = ATOL) -> bool:
    """True when the independent value's own error is too large for the comparison to mean
    anything (finite differences that did not settle): the check must fail, not pass."""
    want = np.abs(np.asarray(want, dtype=float))
    return bool(np.any(np.asarray(error, dtype=float) > MAX_RELATIVE_ERROR * want + atol))


def mismatch(name: str, got, want, atol: float = ATOL, rtol: float = RTOL, error=0.0) -> str | None:
    """The message for one answer that disagrees with the independent value, or None."""
    try:
        got = np.array(got, dtype=float)
    except (TypeError, ValueError):
        return f"{name}: not a number: {got!r}"
    want = np.asarray(want, dtype=float)
    if unsettled(want, error, atol):
        worst = float(np.max(np.abs(error)))
        return (f"{name}: finite differences do not settle (estimated error {worst:.2g}), "
                f"independent {np.round(want, 6).tolist()} (check.py needs a better step)")
    if close(got, want, atol, rtol, error):
        return None
    return f"{name}: key {got.tolist()} but independent {np.round(want, 6).tolist()}"


def compare(expected: dict, values: dict, atol: float = ATOL, rtol: float = RTOL,
            errors: dict | None = None) -> list[str]:
    """One message per answer that is missing from the key or differs from the expected value.

    errors: answer name -> the estimated error of the independent value (same shape or scalar)."""
    problems = []
    for name, want in expected.items():
        if name not in values:
            problems.append(f"{name}: missing from the key")
            continue
        message = mismatch(name, values[name], want, atol, rtol, (errors or {}).get(name, 0.0))
        if message:
            problems.append(message)
    return problems
