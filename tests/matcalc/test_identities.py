"""Textbook identities (Matrix Cookbook ch. 2 kind), each checked by central finite differences
of an independent numpy implementation of f written here — never by the engine's own evaluator
of f."""

import numpy as np
import pytest

from generator.matcalc import differentiate

SIZES = {"n": 3, "m": 4, "p": 2}
inv, det, tr = np.linalg.inv, np.linalg.det, np.trace


def sig(v):
    return 1 / (1 + np.exp(-v))


def s(v):
    """1×1 array -> float."""
    return float(np.asarray(v).reshape(-1)[0]) if np.size(v) == 1 else v


# (expr, wrt, shapes, numpy f of a dict of arrays); f returns a scalar or an array
IDENTITIES = [
    ("a'*x", "x", None, lambda v: v["a"].T @ v["x"]),
    ("x'*a", "x", None, lambda v: v["x"].T @ v["a"]),
    ("x'*x", "x", None, lambda v: v["x"].T @ v["x"]),
    ("x'*A*x", "x", None, lambda v: v["x"].T @ v["A"] @ v["x"]),
    ("x'*A*x", "A", None, lambda v: v["x"].T @ v["A"] @ v["x"]),
    ("log(x'*A*x)", "x", None, lambda v: np.log(v["x"].T @ v["A"] @ v["x"])),
    ("sqrt(x'*x)", "x", None, lambda v: np.sqrt(v["x"].T @ v["x"])),
    ("norm2(x)", "x", None, lambda v: np.linalg.norm(v["x"])),
    ("norm2(x)^2", "x", None, lambda v: np.linalg.norm(v["x"]) ** 2),
    ("norm2(x - a)", "x", None, lambda v: np.linalg.norm(v["x"] - v["a"])),
    ("norm2(A*x - b)^2", "x", None, lambda v: np.linalg.norm(v["A"] @ v["x"] - v["b"]) ** 2),
    ("(y - X*w)'*(y - X*w)", "w", {"X": ("m", "n"), "y": ("m", 1)},
     lambda v: (v["y"] - v["X"] @ v["w"]).T @ (v["y"] - v["X"] @ v["w"])),
    ("(y - X*w)'*(y - X*w) + lambda*w'*w", "w", {"X": ("m", "n"), "y": ("m", 1)},
     lambda v: (v["y"] - v["X"] @ v["w"]).T @ (v["y"] - v["X"] @ v["w"]) + v["lambda"] * v["w"].T @ v["w"]),
    ("(y - X*w)'*(y - X*w)", "X", {"X": ("m", "n"), "y": ("m", 1)},
     lambda v: (v["y"] - v["X"] @ v["w"]).T @ (v["y"] - v["X"] @ v["w"])),
    ("sum(log(1 + exp(-y .* (X*w)))) + lambda*w'*w", "w", {"X": ("m", "n"), "y": ("m", 1)},
     lambda v: np.sum(np.log(1 + np.exp(-v["y"] * (v["X"] @ v["w"])))) + v["lambda"] * v["w"].T @ v["w"]),
    ("tr(X)", "X", None, lambda v: tr(v["X"])),
    ("tr(A*X)", "X", None, lambda v: tr(v["A"] @ v["X"])),
    ("tr(X*A)", "X", None, lambda v: tr(v["X"] @ v["A"])),
    ("tr(A*X*B)", "X", {"A": ("p", "m"), "X": ("m", "n"), "B": ("n", "p")},
     lambda v: tr(v["A"] @ v["X"] @ v["B"])),
    ("tr(X'*A)", "X", None, lambda v: tr(v["X"].T @ v["A"])),
    ("tr(A*X')", "X", None, lambda v: tr(v["A"] @ v["X"].T)),
    ("tr(X'*X)", "X", {"X": ("m", "n")}, lambda v: tr(v["X"].T @ v["X"])),
    ("tr(X*X)", "X", None, lambda v: tr(v["X"] @ v["X"])),
    ("tr(X^2)", "X", None, lambda v: tr(v["X"] @ v["X"])),
    ("tr(X'*A*X)", "X", {"X": ("m", "n")}, lambda v: tr(v["X"].T @ v["A"] @ v["X"])),
    ("tr(X*A*X')", "X", {"X": ("m", "n")}, lambda v: tr(v["X"] @ v["A"] @ v["X"].T)),
    ("tr(A*X'*X)", "X", {"X": ("m", "n")}, lambda v: tr(v["A"] @ v["X"].T @ v["X"])),
    ("tr(A*X*B*X)", "X", None, lambda v: tr(v["A"] @ v["X"] @ v["B"] @ v["X"])),
    ("tr(inv(X))", "X", None, lambda v: tr(inv(v["X"]))),
    ("tr(A*inv(X)*B)", "X", None, lambda v: tr(v["A"] @ inv(v["X"]) @ v["B"])),
    ("tr(A*X'*X*B*inv(X)')", "X", None,
     lambda v: tr(v["A"] @ v["X"].T @ v["X"] @ v["B"] @ inv(v["X"]).T)),
    ("det(X)", "X", None, lambda v: det(v["X"])),
    ("log(det(X))", "X", None, lambda v: np.log(det(v["X"]))),
    ("-log(det(X))", "X", None, lambda v: -np.log(det(v["X"]))),
    ("det(inv(X))", "X", None, lambda v: det(inv(v["X"]))),
    ("det(X)^2", "X", None, lambda v: det(v["X"]) ** 2),
    ("det(A*X*B)", "X", None, lambda v: det(v["A"] @ v["X"] @ v["B"])),
    ("det(X'*A*X)", "X", {"X": ("m", "n")}, lambda v: det(v["X"].T @ v["A"] @ v["X"])),
    ("log(det(X'*X))", "X", {"X": ("m", "n")}, lambda v: np.log(det(v["X"].T @ v["X"]))),
    ("a'*X*b", "X", {"a": ("m", 1), "X": ("m", "n")}, lambda v: v["a"].T @ v["X"] @ v["b"]),
    ("a'*X'*b", "X", {"b": ("m", 1), "X": ("m", "n")}, lambda v: v["a"].T @ v["X"].T @ v["b"]),
    ("a'*X*A*X*a", "X", None, lambda v: v["a"].T @ v["X"] @ v["A"] @ v["X"] @ v["a"]),
    ("a'*X'*X*b", "X", {"X": ("m", "n")}, lambda v: v["a"].T @ v["X"].T @ v["X"] @ v["b"]),
    ("x'*inv(A)*x", "A", None, lambda v: v["x"].T @ inv(v["A"]) @ v["x"]),
    ("x'*A*b", "A", None, lambda v: v["x"].T @ v["A"] @ v["b"]),
    ("x'*A*b", "x", None, lambda v: v["x"].T @ v["A"] @ v["b"]),
    ("norm2(X - A)^2", "X", None, lambda v: np.linalg.norm(v["X"] - v["A"]) ** 2),
    ("norm2(A*X - B)^2", "X", {"A": ("p", "m"), "X": ("m", "n"), "B": ("p", "n")},
     lambda v: np.linalg.norm(v["A"] @ v["X"] - v["B"]) ** 2),
    ("norm2(X)", "X", None, lambda v: np.linalg.norm(v["X"])),
    ("sum(exp(x))", "x", None, lambda v: np.sum(np.exp(v["x"]))),
    ("sum(X)", "X", {"X": ("m", "n")}, lambda v: np.sum(v["X"])),
    ("sigmoid(a'*x)", "x", None, lambda v: sig(v["a"].T @ v["x"])),
    ("log(1 + exp(a'*x))", "x", None, lambda v: np.log(1 + np.exp(v["a"].T @ v["x"]))),
    ("exp(a'*x)", "x", None, lambda v: np.exp(v["a"].T @ v["x"])),
    ("(x'*A*x)/(x'*x)", "x", None, lambda v: (v["x"].T @ v["A"] @ v["x"]) / (v["x"].T @ v["x"])),
    ("lambda*x'*x", "lambda", None, lambda v: v["lambda"] * v["x"].T @ v["x"]),
    ("sum((A*x - b).^2)", "x", None, lambda v: np.sum((v["A"] @ v["x"] - v["b"]) ** 2)),
    ("tr(inv(X'*A*X))", "X", {"X": ("m", "n")}, lambda v: tr(inv(v["X"].T @ v["A"] @ v["X"]))),
    ("sum(sigmoid(W*x))", "W", {"W": ("m", "n")}, lambda v: np.sum(sig(v["W"] @ v["x"]))),
    ("b'*tanh(W*x)", "W", {"W": ("m", "n"), "b": ("m", 1)}, lambda v: v["b"].T @ np.tanh(v["W"] @ v["x"])),
    ("x'*x*eye(n) + 2*x*x'", "x", None,
     lambda v: (v["x"].T @ v["x"]) * np.eye(3) + 2 * v["x"] @ v["x"].T),
    # vector-valued: Jacobians
    ("x*x'*x", "x", None, lambda v: v["x"] * (v["x"].T @ v["x"])),
    ("A*x", "x", {"A": ("m", "n")}, lambda v: v["A"] @ v["x"]),
    ("exp(x)", "x", None, lambda v: np.exp(v["x"])),
    ("x*(a'*x)", "x", None, lambda v: v["x"] * (v["a"].T @ v["x"])),
    ("sigmoid(W*x)", "x", {"W": ("m", "n")}, lambda v: sig(v["W"] @ v["x"])),
    ("x/norm2(x)", "x", None, lambda v: v["x"] / np.linalg.norm(v["x"])),
    # matrix-valued: differentials
    ("inv(X)", "X", None, lambda v: inv(v["X"])),
    ("X*X", "X", None, lambda v: v["X"] @ v["X"]),
    ("X'*A*X", "X", {"X": ("m", "n")}, lambda v: v["X"].T @ v["A"] @ v["X"]),
    ("inv(A + X)", "X", None, lambda v: inv(v["A"] + v["X"])),
    ("exp(X) .* X", "X", None, lambda v: np.exp(v["X"]) * v["X"]),
]


def random_values(result, rng):
    values = {}
    for name, shape in result.names.items():
        r, c = (d if isinstance(d, int) else SIZES[d] for d in shape)
        if (r, c) == (1, 1):
            values[name] = rng.uniform(0.5, 1.5, (1, 1))
        elif r == c:
            values[name] = 2 * np.eye(r) + 0.3 * rng.standard_normal((r, c))
        else:
            values[name] = rng.standard_normal((r, c))
    return values


def finite_difference(f, values, wrt, direction, h=1e-6):
    plus = dict(values, **{wrt: values[wrt] + h * direction})
    minus = dict(values, **{wrt: values[wrt] - h * direction})
    return (np.asarray(f(plus), float) - np.asarray(f(minus), float)) / (2 * h)


@pytest.mark.parametrize("expr,wrt,shapes,f", [i for i in IDENTITIES if i[3] is not None],
                         ids=[f"{i[0]} wrt {i[1]}" for i in IDENTITIES if i[3] is not None])
def test_identity_by_finite_differences(expr, wrt, shapes, f):
    result = differentiate(expr, wrt, shapes)
    rng = np.random.default_rng(7)
    for _ in range(2):
        values = random_values(result, rng)
        direction = rng.standard_normal(values[wrt].shape)
        fd = finite_difference(f, values, wrt, direction)
        claimed_d = result.evaluate_float(dict(values, **{"d" + wrt: direction}), "differential")
        assert np.allclose(claimed_d, fd.reshape(claimed_d.shape), rtol=1e-5, atol=1e-6), result
        if result.kind == "gradient":
            grad = np.broadcast_to(result.evaluate_float(values), values[wrt].shape)
            assert np.isclose(np.sum(grad * direction), s(fd), rtol=1e-5, atol=1e-6), result
        elif result.kind == "jacobian":
            jac = result.evaluate_float(values)
            assert np.allclose(jac @ direction, fd.reshape(-1, 1), rtol=1e-5, atol=1e-6), result


def test_table_is_large_enough():
    assert len(IDENTITIES) >= 40


@pytest.mark.parametrize("expr,wrt,shapes,expected", [
    ("x'*A*x", "x", None, "(A + A')*x"),
    ("log(det(X))", "X", None, "inv(X)'"),
    ("a'*x", "x", None, "a"),
    ("x'*x", "x", None, "2*x"),
    ("tr(A*X*B)", "X", {"A": ("p", "m"), "X": ("m", "n"), "B": ("n", "p")}, "A'*B'"),
    ("det(X)", "X", None, "det(X)*inv(X)'"),
    ("x'*A*b", "A", None, "x*b'"),
    ("norm2(X - A)^2", "X", None, "2*(X - A)"),
    ("(y - X*w)'*(y - X*w)", "w", None, "-2*X'*(y - X*w)"),
    ("x*x'*x", "x", None, "2*x*x' + (x'*x)*eye(n)"),
])
def test_textbook_forms(expr, wrt, shapes, expected):
    assert differentiate(expr, wrt, shapes).result_text == expected


def test_kinds_and_shapes():
    assert differentiate("inv(X)", "X").kind == "differential"
    assert differentiate("inv(X)", "X").result_text is None
    assert differentiate("x*x'*x", "x").kind == "jacobian"
    r = differentiate("tr(A*X*B)", "X", {"A": ("p", "m"), "X": ("m", "n"), "B": ("n", "p")})
    assert r.shape == ("m", "n")
    assert differentiate("inv(X)", "X").differential_text == "-inv(X)*dX*inv(X)"


def test_exact_evaluation_at_integer_matrices():
    import sympy
    r = differentiate("a'*X*A*X*a", "X")
    a = sympy.Matrix([1, 2])
    X = sympy.Matrix([[1, 2], [0, 1]])
    A = sympy.Matrix([[2, 1], [1, 3]])
    expected = a * a.T * X.T * A.T + A.T * X.T * a * a.T
    assert r.evaluate({"a": a, "X": X, "A": A}) == expected
    g = differentiate("log(det(X))", "X").evaluate({"X": sympy.Matrix([[2, 1], [1, 1]])})
    assert g == sympy.Matrix([[2, 1], [1, 1]]).inv().T
    assert all(isinstance(v, sympy.Rational) for v in g)
