"""`sheetgen diff` on hostile input: scientific notation, names outside the default rules, shapes
given twice or too large, huge exponents, and input at and just beyond the length and nesting
limits -- each either works or is one `error: ...` line with exit status 2, never a traceback."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.errors import SheetgenError
from generator.matcalc import differentiate
from generator.matcalc.algebra import MAX_EXPONENT
from generator.matcalc.command import diff_command
from generator.matcalc.parser import MAX_NESTING, MAX_TOKENS, parse, tokenize
from generator.matcalc.shapes import MAX_SIZE
from tests.matcalc.test_parser_shapes import sexpr


def run(*args):
    return CliRunner().invoke(diff_command, list(args))


def assert_one_line_error(result, *fragments):
    assert result.exit_code == 2, (result.exit_code, result.output[:300], result.exception)
    assert result.output.startswith("error: ") and result.output.count("\n") == 1, result.output[:300]
    assert result.stderr == result.output and result.stdout == ""
    for fragment in fragments:
        assert fragment in result.output, result.output


def token_count(expr: str) -> int:
    return len(tokenize(expr, max_tokens=None)) - 1


def on_a_deeper_stack(frames: int, call):
    """call() with `frames` more frames on the stack, as when the engine runs under a deep caller."""
    return call() if frames == 0 else on_a_deeper_stack(frames - 1, call)


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("source,value", [("1e3", "1000"), ("2.5E-2", "1/40"), ("1e+3", "1000"),
                                          ("1.5e3x", "(mul 1500 x)"), ("2 e", "(mul 2 e)")])
def test_scientific_notation_is_one_number(source, value):
    assert sexpr(parse(source)) == value


def test_scientific_notation_gradient():
    result = run("1e3*tr(X)", "--wrt", "X")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].strip() == "1000*eye(n)"
    assert differentiate("2.5E-2*x'*x", "x").result_text == "x/20"


@pytest.mark.parametrize("expr,fragment", [
    ("2e*tr(X)", "'2e' needs exponent digits"), ("2e + x'*x", "'2e' needs exponent digits"),
    ("2E-x'*x", "'2E' needs exponent digits"), ("ee*x'*x", "the name ee needs a shape"),
    ("1e400*x'*x", "at most 300 digits"),
])
def test_broken_numbers_are_errors(expr, fragment):
    assert_one_line_error(run(expr, "--wrt", "x"), fragment)


# ---------------------------------------------------------------- names and shapes


@pytest.mark.parametrize("expr,name", [("ab*x'*x", "ab"), ("x'*Xy*x", "Xy"), ("x1'*x", "x1")])
def test_names_outside_the_default_rules_need_a_shape(expr, name):
    assert_one_line_error(run(expr, "--wrt", "x"), f"the name {name} needs a shape",
                          "one capital letter", f"--shape {name}=")


def test_names_outside_the_rules_work_with_a_shape():
    result = run("ab*x'*Xy*x", "--wrt", "x", "--shape", "ab=1,1", "--shape", "Xy=n,n", "--json")
    assert result.exit_code == 0, result.output
    assert '"gradient": "ab*(Xy + Xy\')*x"' in result.output


def test_a_shape_given_twice_is_an_error_naming_the_name():
    assert_one_line_error(run("tr(X'*X)", "--wrt", "X", "--shape", "X=2,3", "--shape", "X=3,3"),
                          "--shape X is given twice", "X=2,3", "X=3,3")


@pytest.mark.parametrize("args,fragment", [
    (["A*X", "--wrt", "X", "--shape", "A=p,m", "--shape", "X=n,n"], "A is p×m but X is n×n"),
    (["tr(A*eye(n))", "--wrt", "A", "--shape", "A=p,m"], "A is p×m but eye(n) is n×n"),
    (["tr(A*X*B)", "--wrt", "X", "--shape", "A=p,m", "--shape", "X=n,n", "--shape", "B=n,p"],
     "A is p×m but X is n×n"),
])
def test_different_dimension_letters_never_merge(args, fragment):
    assert_one_line_error(run(*args), "shape mismatch", fragment)


def test_undeclared_sizes_are_inferred_between_declared_letters():
    result = differentiate("tr(A*Y*X)", "X", {"A": ("p", "m"), "X": ("n", "p")})
    assert result.names["Y"] == ("m", "n") and result.result_text == "Y'*A'"


@pytest.mark.parametrize("args,fragment", [
    (["tr(X)", "--wrt", "X", "--shape", "X=100000,100000"], f"sizes are integers from 1 to {MAX_SIZE}"),
    (["x'*eye(1000)*x", "--wrt", "x"], f"sizes are integers from 1 to {MAX_SIZE}"),
])
def test_sizes_are_bounded(args, fragment):
    assert_one_line_error(run(*args), fragment)


def test_sizes_at_the_limit_work():
    result = run("tr(X'*X)", "--wrt", "X", "--shape", f"X={MAX_SIZE},2")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- exponents


@pytest.mark.parametrize("expr,wrt,fragment", [
    ("X^1000000", "X", f"exponents are numbers from -{MAX_EXPONENT} to {MAX_EXPONENT}"),
    (f"(x'*x)^{MAX_EXPONENT + 1}", "x", f"from -{MAX_EXPONENT} to {MAX_EXPONENT}"),
    ("(x'*x)^(1000*1000)", "x", f"from -{MAX_EXPONENT} to {MAX_EXPONENT}"),
    ("x .^ -1000", "x", f"from -{MAX_EXPONENT} to {MAX_EXPONENT}"),
    ("tr((X^10)^11)", "X", f"110 matrix factors: at most {MAX_EXPONENT}"),
    ("((2*x'*x)^100)^100", "x", "exceeds 300 digits"),
])
def test_huge_powers_are_errors_naming_the_limit(expr, wrt, fragment):
    assert_one_line_error(run(expr, "--wrt", wrt), fragment)


def test_exponents_at_the_limit_work():
    assert differentiate(f"(x'*x)^{MAX_EXPONENT}", "x").result_text == f"{2 * MAX_EXPONENT}*(x'*x)^99*x"
    assert differentiate(f"X^{MAX_EXPONENT}", "X", check=False).kind == "differential"


# ---------------------------------------------------------------- length and nesting


def flat_sum(tokens: int) -> str:
    """x'*x + 1 + 1 ... with exactly `tokens` tokens: a flat sum parses into a deep left-leaning tree."""
    expr = "x'*x" + " + 1" * ((tokens - 4) // 2)
    return expr if token_count(expr) == tokens else "+" + expr


def test_flat_sum_at_the_length_limit_works_even_under_a_deep_caller():
    expr = flat_sum(MAX_TOKENS)
    assert token_count(expr) == MAX_TOKENS
    result = run(expr, "--wrt", "x")
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.output.splitlines()[0].startswith(f"f = x'*x + {(MAX_TOKENS - 4) // 2} ")
    assert result.output.splitlines()[-1].strip() == "2*x"
    assert on_a_deeper_stack(300, lambda: differentiate(expr, "x")).result_text == "2*x"


@pytest.mark.parametrize("expr", [flat_sum(MAX_TOKENS + 1), " + ".join(["x'*x"] * 300),
                                  "(" * 3000 + "x'*x" + ")" * 3000, "-" * 5000 + "x'*x"])
def test_too_long_input_is_one_error_line(expr):
    assert_one_line_error(run(expr, "--wrt", "x"), f"expression too long: more than {MAX_TOKENS}")


def nested(kind: str, levels: int) -> tuple[str, str]:
    """An expression with exactly `levels` levels of nesting of one kind, and its variable."""
    inner = levels - 1
    return {
        "parens": ("(" * levels + "x'*x" + ")" * levels, "x"),
        "signs": ("-" * levels + "x'*x", "x"),
        "powers": ("^".join(["lambda"] * (levels + 1)), "lambda"),
        "hadamard_sin": ("sum(" + "x .* sin(" * inner + "x" + ")" * inner + ")", "x"),
        "network": ("sum(" + "tanh(W*" * inner + "x" + ")" * inner + ")", "W"),
    }[kind]


KINDS = ("parens", "signs", "powers", "hadamard_sin", "network")


@pytest.mark.parametrize("kind", KINDS)
def test_nesting_at_the_limit_works_even_under_a_deep_caller(kind):
    expr, wrt = nested(kind, MAX_NESTING)
    parse(expr)
    with pytest.raises(SheetgenError, match="nested too deeply"):
        parse(nested(kind, MAX_NESTING + 1)[0])
    result = on_a_deeper_stack(300, lambda: differentiate(expr, wrt))
    assert result.kind == "gradient" and result.result_text


@pytest.mark.parametrize("kind", KINDS)
def test_nesting_just_over_the_limit_is_one_error_line(kind):
    expr, wrt = nested(kind, MAX_NESTING + 1)
    assert_one_line_error(run(expr, "--wrt", wrt), f"nested too deeply: more than {MAX_NESTING} levels")


def test_deep_nesting_within_the_length_limit():
    expr = "(" * 100 + "x'*x" + ")" * 100
    assert token_count(expr) < MAX_TOKENS
    assert_one_line_error(run(expr, "--wrt", "x"), "nested too deeply")


def test_readme_states_the_limits():
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert (f"at most {MAX_TOKENS} tokens, {MAX_NESTING} levels of nesting, exponents within "
            f"±{MAX_EXPONENT}, sizes up to {MAX_SIZE}") in readme


def test_a_mistyped_option_is_an_error_not_part_of_the_expression():
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["diff", "x'*x", "--wrt", "x", "--bogus"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: No such option: --bogus (options: --wrt, --shape, --json)"]
