"""The `sheetgen diff` command: plain and JSON output, exit codes, one-line errors."""

import json

from click.testing import CliRunner

from generator.matcalc.command import diff_command
from generator.matcalc.parser import parse
from generator.matcalc.shapes import infer_shapes


def run(*args):
    return CliRunner().invoke(diff_command, list(args))


def test_leading_minus_as_typed():
    result = run("-log(det(X))", "--wrt", "X")
    assert result.exit_code == 0, result.output
    assert "-inv(X)'" in result.output


def test_json_is_parseable_by_the_same_syntax():
    result = run("tr(A*X*B)", "--wrt", "X", "--shape", "A=p,m", "--shape", "X=m,n",
                 "--shape", "B=n,p", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["gradient"] == "A'*B'" and data["shape"] == ["m", "n"]
    assert set(data["latex"]) == {"function", "differential", "gradient"}
    shapes = {"A": ("p", "m"), "X": ("m", "n"), "B": ("n", "p"), "dX": ("m", "n")}
    for key in ("function", "differential", "gradient"):
        infer_shapes(data[key], parse(data[key]), shapes)


def test_json_jacobian_and_differential_only():
    data = json.loads(run("x*x'*x", "--wrt", "x", "--json").output)
    assert "jacobian" in data and "gradient" not in data
    data = json.loads(run("inv(X)", "--wrt", "X", "--json").output)
    assert "gradient" not in data and "jacobian" not in data
    assert data["differential"] == "-inv(X)*dX*inv(X)"


def test_scalar_shape_option():
    result = run("c*x'*x", "--wrt", "x", "--shape", "c=1,1", "--json")
    assert json.loads(result.output)["gradient"] == "2*c*x"


def test_errors_are_one_line_with_exit_2():
    for args in (["x'*A*", "--wrt", "x"], ["A*x", "--wrt", "x", "--shape", "A=p,m", "--shape", "x=n,1"],
                 ["x'*x", "--wrt", "q"], ["x'*x", "--wrt", "x", "--shape", "x=0,1"]):
        result = CliRunner().invoke(diff_command, args)
        assert result.exit_code == 2
        assert result.output.startswith("error: ") and result.output.count("\n") == 1
