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
    for command in ([], ["build"], ["list"], ["show"], ["check"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_console_script_runs_as_a_process():
    bin_dir = Path(sys.executable).parent
    script = bin_dir / "sheetgen"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]
    out = subprocess.run(command + ["build", "--week", "9", "--no-pdf"], capture_output=True,
                         text=True, env={**os.environ})
    assert out.returncode == 2 and out.stderr.startswith("error: week 9 is not scheduled")
    assert "Traceback" not in out.stderr
