"""The shared comparison of the independent checks (generator/problems/numcheck.py): the tolerance
scales with the magnitude of the values and with the finite-difference error, yet a wrong key is
still caught at large and at small magnitudes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from generator.checking import answer_values
from generator.problems import base, numcheck, registry
from generator.problems.numcheck import compare

# M1, seed 9608 of 10,000: d/dz ln(z'Bz) at z = (-3, -1) with z'Bz = 1 is (B + B')z = (-7, 19);
# five-point differences with h = 1e-3 give 18.999998 (truncation ~h^4 f^(5), large for ln near 1).
M1_SEED_9608 = {
    "n": 2,
    "letters": {"x": "z", "a": "b", "b": "c", "A": "B", "X": "Y"},
    "items": [{"id": "lnquad", "expr": "ln(z'*B*z)", "wrt": "z", "tex": r"\ln\left(z^T B z\right)"}],
    "point": {"z": [-3, -1], "b": [-2, -2], "c": [1, -2], "B": [[2, -3], [-2, -2]], "Y": [[2, 0], [0, 1]]},
}


def test_accepts_the_finite_difference_value_of_m1_seed_9608():
    expected = {"value_c": np.array([[-7.0], [18.999998]])}
    assert compare(expected, {"value_c": [[-7], [19]]}, atol=1e-6) == []
    assert compare({"v": np.array(18.999998)}, {"v": 19}, atol=1e-6) == []


def test_m1_seed_9608_verifies_and_still_catches_a_wrong_value():
    verify = registry.get("M1").verify
    assert verify(M1_SEED_9608, {"value_a": [[-7], [19]]}) == []
    for wrong in ([[-7], [20]], [[-7], [18]], [[7], [19]], [[-7], [-19]], [[-7, 19]], [[-7], [19.01]]):
        assert verify(M1_SEED_9608, {"value_a": wrong}), wrong


def test_the_whole_m1_seed_9608_verifies():
    family = registry.get("M1")
    drawn = base.generate(family, 9608)
    assert family.verify(drawn.params, answer_values(drawn)) == []


@pytest.mark.parametrize(("key", "independent"), [
    (1001, 1000), (999, 1000), (-1000, 1000), (1000, -1000), (1000.01, 1000),
    (0.26, 0.25), (-0.25, 0.25), (0.2501, 0.25), (1, 0), (0.00001, -0.00001), (120.01, 120),
])
def test_rejects_off_by_one_and_sign_errors_at_large_and_small_magnitudes(key, independent):
    assert compare({"v": np.array(independent, dtype=float)}, {"v": key}, atol=1e-6)
    assert compare({"v": np.array([[independent, 2.0]])}, {"v": [[key, 2]]}, atol=1e-6)
    # also when the independent value carries a finite-difference error (at most 1e-4 of its size
    # is used, see MAX_RELATIVE_ERROR) -- except for a difference in the 6th digit, which that hides
    if not math.isclose(key, independent, rel_tol=1e-4):
        assert compare({"v": np.array(float(independent))}, {"v": key}, atol=1e-6,
                       errors={"v": 0.9e-4 * abs(independent)})


def test_shape_missing_and_non_numeric_answers_are_caught():
    expected = {"v": np.array([[1.0], [2.0]])}
    assert compare(expected, {"v": [[1, 2]]})
    assert compare(expected, {})[0] == "v: missing from the key"
    assert compare(expected, {"v": "x + 1"})
    assert compare({"v": np.array(1.0)}, {"v": float("nan")})


def test_finite_differences_that_do_not_settle_fail_instead_of_passing():
    # ln(t) near t = 0.01 with a step of 1e-3: the estimate moves by far more than its tolerance
    value, error = numcheck.derivative(lambda t: math.log(0.01 + t), 1e-3)
    assert error > 1e-4 * abs(value)
    problems = compare({"v": value}, {"v": 100}, errors={"v": error})
    assert problems and "do not settle" in problems[0]


def test_the_error_estimate_covers_the_true_finite_difference_error():
    for scale in (1.0, 5.0, 19.0, 36.0):  # d/dt ln(1 + scale t) at 0 is scale
        value, error = numcheck.derivative(lambda t, s=scale: math.log(1 + s * t), 1e-3)
        assert abs(value - scale) <= error
        assert compare({"v": value}, {"v": scale}, errors={"v": error}) == []
        assert compare({"v": value}, {"v": scale + 1}, errors={"v": error})
    grad, err = numcheck.numeric_grad(lambda w: float(np.exp(w @ w)), np.array([0.5, -0.25]), 1e-4, with_error=True)
    exact = 2 * np.array([0.5, -0.25]) * math.exp(0.3125)
    assert np.all(np.abs(grad - exact) <= err + 1e-9)
