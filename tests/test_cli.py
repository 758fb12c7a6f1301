"""The command line: clear one-line errors with a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import write_course, write_sheet


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_unknown_week_lists_the_scheduled_weeks():
    line = _one_line_error(run("build", "--week", "42", "--no-pdf"))
    assert "week 42" in line and "scheduled weeks: 3" in line


def test_unknown_sheet_lists_the_sheets():
    line = _one_line_error(run("build", "--sheet", "nope", "--no-pdf"))
    assert "'nope'" in line and "backprop" in line and "matrix-derivatives" in line


def test_unknown_family_lists_the_families():
    line = _one_line_error(run("show", "Q7"))
    assert "'Q7'" in line and "B4" in line


@pytest.mark.parametrize("count", ["0", "-3", "100000"])
def test_variant_count_out_of_range(count, tmp_path):
    line = _one_line_error(run("build", "--week", "3", "--variants", count, "--no-pdf",
                               "--out", str(tmp_path)))
    assert "variants must be between 1 and" in line


def test_bad_sheet_file_names_file_and_key(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\npoint = 3\n')
    line = _one_line_error(run("build", "--week", "3", "--sheets-dir", str(tmp_path), "--no-pdf"))
    assert "s.toml" in line and "'point'" in line


def test_missing_pdflatex_names_the_install_command(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\n')
    env = {"PATH": str(tmp_path / "empty-bin")}
    line = _one_line_error(run("build", "--week", "3", "--sheets-dir", str(tmp_path),
                               "--out", str(tmp_path / "out"), env=env))
    assert "pdflatex not found" in line and "apt-get install" in line and "cm-super" in line


def test_show_prints_params_and_answers():
    result = run("show", "B4", "--seed", "4")
    assert result.exit_code == 0
    assert "params:" in result.output and "dL_dW [matrix]:" in result.output


def test_check_reports_counts():
    result = run("check", "B4", "--seeds", "30")
    assert result.exit_code == 0
    assert "B4: ok; 30 seeds, 30 distinct variants" in result.output


def test_list_shows_weeks_sheets_and_families():
    result = run("list")
    assert result.exit_code == 0
    assert "3: matrix-derivatives" in result.output and "B4:" in result.output


def test_no_pdf_build_writes_sources_and_keys(tmp_path):
    result = run("build", "--sheet", "backprop", "--variants", "3", "--no-pdf",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "week03" / "backprop"
    names = {p.name for p in folder.rglob("*")}
    assert {"key.json", "key.csv", "instance.json", "backprop-v01-v03.tex"} <= names
    assert not any(name.endswith(".pdf") for name in names)


def test_help_is_available_everywhere():
    for command in ([], ["build"], ["list"], ["show"], ["check"], ["diff"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_console_script_runs_as_a_process():
    out = subprocess.run(_console_command() + ["build", "--week", "9", "--no-pdf"], capture_output=True,
                         text=True, env={**os.environ})
    assert out.returncode == 2 and out.stderr.startswith("error: week 9 is not scheduled")
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args, message", [
    (["build", "--variants", "abc"], "error: Invalid value for '--variants': 'abc' is not a valid integer."),
    (["build", "--lang", "de"], "error: Invalid value for '--lang': 'de' is not one of 'ru', 'en'."),
    (["build", "--bogus"], "error: No such option '--bogus'"),
    (["build", "--week"], "error: Option '--week' requires an argument."),
    (["show"], "error: Missing argument 'FAMILY'."),
    (["show", "B4", "--seed", "x"], "error: Invalid value for '--seed': 'x' is not a valid integer."),
    (["check", "--seeds", "many"], "error: Invalid value for '--seeds'"),
    (["list", "extra"], "error: Got unexpected extra argument (extra)"),
    (["nope"], "error: No such command 'nope'."),
    (["diff"], "error: Missing argument 'EXPR...'."),
    (["diff", "x", "--wrt"], "error: Option '--wrt' requires an argument."),
])
def test_usage_errors_are_one_line(args, message):
    assert _one_line_error(run(*args)).startswith(message)


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_must_be_at_least_1(jobs, tmp_path):
    line = _one_line_error(run("build", "--sheet", "backprop", "--no-pdf", "--jobs", jobs,
                               "--out", str(tmp_path)))
    assert line == "error: --jobs must be at least 1"
    assert not any(tmp_path.iterdir())


def test_a_negative_seed_is_the_same_error_for_build_and_show(tmp_path):
    built = _one_line_error(run("build", "--sheet", "backprop", "--no-pdf", "--seed", "-1",
                                "--out", str(tmp_path)))
    shown = _one_line_error(run("show", "B4", "--seed", "-1"))
    assert built == shown == "error: --seed must be at least 0"


def test_seed_zero_is_valid_for_build_and_show(tmp_path):
    assert run("show", "B4", "--seed", "0").exit_code == 0
    result = run("build", "--sheet", "backprop", "--no-pdf", "--seed", "0", "--variants", "1",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output


def test_check_needs_at_least_one_seed():
    assert _one_line_error(run("check", "B4", "--seeds", "0")) == "error: --seeds must be at least 1"


def test_a_badly_named_stray_sheet_file_stops_the_build(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\n')
    (tmp_path / "s copy.toml").write_text((tmp_path / "s.toml").read_text(encoding="utf-8"), encoding="utf-8")
    line = _one_line_error(run("build", "--sheet", "s", "--sheets-dir", str(tmp_path), "--no-pdf",
                               "--out", str(tmp_path / "out")))
    assert "s copy.toml: the file name 's copy' is not a valid id" in line
    assert not (tmp_path / "out").exists()


def test_invalid_utf8_is_one_line(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\n')
    with open(tmp_path / "s.toml", "ab") as handle:
        handle.write(b"# \xff\n")
    line = _one_line_error(run("list", "--sheets-dir", str(tmp_path)))
    assert "s.toml: line 10: byte 0xff is not valid UTF-8" in line


def test_a_missing_sheets_folder_is_one_line(tmp_path):
    line = _one_line_error(run("list", "--sheets-dir", str(tmp_path / "nowhere")))
    assert line == f"error: {tmp_path / 'nowhere'}: cannot read the sheets folder: No such file or directory"


def test_a_usage_error_in_a_process_is_one_line_on_stderr():
    out = subprocess.run(_console_command() + ["build", "--variants", "abc"], capture_output=True,
                         text=True, env={**os.environ})
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == "error: Invalid value for '--variants': 'abc' is not a valid integer.\n"


def _console_command() -> list[str]:
    script = Path(sys.executable).parent / "sheetgen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]
