"""Parser (precedence, leading minus, transposes, error columns) and shape checking."""

import pytest

from generator.errors import SheetgenError
from generator.matcalc import differentiate
from generator.matcalc.parser import parse
from generator.matcalc.shapes import infer_shapes


def sexpr(node):
    if node.op == "num":
        return str(node.value)
    if node.op == "name":
        return node.value
    if node.op == "call":
        return f"({node.value} {sexpr(node.args[0])})"
    if node.op in ("eye", "ones"):
        return f"({node.op} {' '.join(map(str, node.value))})"
    return "(" + " ".join([node.op] + [sexpr(a) for a in node.args]) + ")"


@pytest.mark.parametrize("source,tree", [
    ("a + b*c", "(add a (mul b c))"),
    ("a - b - c", "(sub (sub a b) c)"),
    ("-x^2", "(neg (pow x 2))"),
    ("-log(det(X))", "(neg (log (det X)))"),
    ("x'*A*x", "(mul (mul (T x) A) x)"),
    ("x''", "(T (T x))"),
    ("x'^2", "(pow (T x) 2)"),
    ("2^-1", "(pow 2 (neg 1))"),
    ("a^b^c", "(pow a (pow b c))"),
    ("a .* b ./ c", "(ediv (had a b) c)"),
    ("a + b .* c", "(add a (had b c))"),
    ("(y - X*w)'", "(T (sub y (mul X w)))"),
    ("A(x + y)", "(mul A (add x y))"),
    ("2x", "(mul 2 x)"),
    ("eye(n) + ones(n,n)", "(add (eye n n) (ones n n))"),
    ("X .^ 2", "(epow X 2)"),
    ("a/b/c", "(div (div a b) c)"),
    ("-a*b", "(mul (neg a) b)"),
])
def test_precedence(source, tree):
    assert sexpr(parse(source)) == tree


@pytest.mark.parametrize("source,column", [
    ("x'*A*", 6), ("x + )", 5), ("tr X", 4), ("a $ b", 3), ("(a + b", 7), ("foo(x)", 1), ("", 1),
])
def test_syntax_error_column(source, column):
    with pytest.raises(SheetgenError, match=f"column {column}:"):
        parse(source)


def test_default_and_given_shapes():
    tree = parse("x'*A*x + lambda")
    _, names = infer_shapes("x'*A*x + lambda", tree)
    assert names == {"x": ("n", 1), "A": ("n", "n"), "lambda": (1, 1)}
    tree = parse("tr(A*X*B)")
    _, names = infer_shapes("tr(A*X*B)", tree, {"X": ("m", "n")})
    assert names["X"] == ("m", "n") and names["A"][1] == "m" and names["B"][0] == "n"
    _, names = infer_shapes("c*X", parse("c*X"), {"c": (1, 1)})
    assert names["c"] == (1, 1)


@pytest.mark.parametrize("expr,shapes,fragment", [
    ("A*x", {"A": ("p", "m"), "x": ("n", 1)}, "A is p×m but x is n×1"),
    ("x + y", {"x": ("n", 1), "y": ("m", 1)}, "x is n×1 but y is m×1"),
    ("det(X)", {"X": ("m", "n")}, "square"),
    ("x / y", None, "'/' divides by a scalar"),
    ("c*X", None, "c is n×1 but X is n×n"),
])
def test_shape_errors_name_operands(expr, shapes, fragment):
    with pytest.raises(SheetgenError, match="shape mismatch") as info:
        differentiate(expr, "x" if "x" in expr else "X", shapes)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_unknown_variable_and_reserved_names():
    with pytest.raises(SheetgenError, match="does not contain"):
        differentiate("x'*x", "y")
    with pytest.raises(SheetgenError, match="reserved"):
        differentiate("x'*dx", "x")


@pytest.mark.parametrize("expr,wrt", [
    ("x'*x", "x"), ("log(det(X))", "X"), ("sum(log(1 + exp(-y .* (X*w)))) + lambda*w'*w", "w"),
    ("x*x'*x", "x"), ("inv(X)", "X"), ("tr(A*X'*X*B*inv(X)')", "X"), ("sqrt(x'*x)", "x"),
    ("exp(x) .* x", "x"), ("det(X)^2", "X"),
])
def test_printed_answers_parse_back(expr, wrt):
    r = differentiate(expr, wrt)
    shapes = dict(r.names, **{r.diff_name: r.wrt_shape})
    for text in (r.function_text, r.differential_text, r.result_text):
        if text is not None:
            infer_shapes(text, parse(text), shapes)


def test_latex_notation():
    r = differentiate("tr(A*X'*X*B*inv(X)')", "X")
    assert "X^T" in r.function_latex and "X^{-T}" in r.function_latex
    assert r"\operatorname{tr}" in r.differential_latex
    assert differentiate("log(det(X))", "X").result_latex == "X^{-T}"
    assert r"\det" in differentiate("det(X)", "X").result_latex
    assert r"\odot" in differentiate("exp(x) .* x", "x").differential_latex
    assert "X^{-1}" in differentiate("inv(X)", "X").differential_latex
