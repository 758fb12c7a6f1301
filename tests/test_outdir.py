"""The output folder survives careless and hostile use: folders sheetgen did not make, two builds at
once, user paths that look like templates, damaged outputs, OS errors and Ctrl-C. Every failure is
one line and leaves the previous output as it was."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.outdir import LOCK_NAME, MANIFEST
from tests.conftest import ROOT, write_course, write_sheet

B4 = '[[slot]]\nid = "layer"\nfamily = "B4"\n'


def build(sheets: Path, out: Path, *args):
    return CliRunner().invoke(main, ["build", "--sheet", "s", "--variants", "2", "--no-pdf",
                                     "--out", str(out), "--sheets-dir", str(sheets), *args])


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def sheets(tmp_path) -> Path:
    folder = tmp_path / "sheets"
    folder.mkdir()
    write_course(folder, ["s", "t"])
    write_sheet(folder, "s", B4)
    write_sheet(folder, "t", B4.replace('"layer"', '"other"'))
    return folder


@pytest.fixture
def built(sheets, tmp_path) -> Path:
    """out/ after one good build of sheet s."""
    out = tmp_path / "out"
    assert build(sheets, out).exit_code == 0
    return out


def test_a_folder_sheetgen_did_not_make_is_never_replaced(sheets, tmp_path):
    out = tmp_path / "out"
    mine = out / "week03" / "s"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("my notes")
    line = one_line_error(build(sheets, out))
    assert str(mine) in line and "not made by sheetgen" in line
    assert (mine / "notes.txt").read_text() == "my notes"


def test_a_file_put_into_a_sheetgen_folder_stops_the_rebuild(sheets, built):
    final = built / "week03" / "s"
    (final / "notes.txt").write_text("my notes")
    before = snapshot(final)
    line = one_line_error(build(sheets, built, "--seed", "5"))
    assert "notes.txt" in line and str(final) in line
    assert snapshot(final) == before


def test_a_second_build_into_a_locked_folder_gets_one_line(sheets, built):
    final = built / "week03" / "s"
    before = snapshot(final)
    with open(built / LOCK_NAME, "a") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        line = one_line_error(build(sheets, built, "--seed", "5"))
    assert "another sheetgen build is writing to" in line
    assert snapshot(final) == before
    assert build(sheets, built, "--seed", "5").exit_code == 0  # the lock goes with its holder


def test_two_builds_at_once_never_mix_their_outputs(sheets, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator.cli", "build", "--week", "3", "--variants", "6",
               "--no-pdf", "--out", str(out), "--sheets-dir", str(sheets)]
    runs = [subprocess.Popen([*command, "--seed", seed], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for seed in ("11", "12")]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, _, err in results:
        assert code in (0, 2) and "Traceback" not in err, err
        if code == 2:
            assert err.strip().splitlines() == [err.strip()] and "another sheetgen build" in err
    winners = [seed for seed, (code, _, _) in zip((11, 12), results) if code == 0]
    assert winners
    for sheet in ("s", "t"):  # both sheets hold the same run: the last one that succeeded
        plan = json.loads((out / "week03" / sheet / "instance.json").read_text())
        assert plan["seed"] in winners
    seeds = {json.loads((out / "week03" / s / "instance.json").read_text())["seed"] for s in "st"}
    assert len(seeds) == 1


def test_braces_in_out_are_a_plain_folder_name(sheets, tmp_path):
    out = tmp_path / "X" / "{sheet}" / "{n}"
    assert build(sheets, out).exit_code == 0
    assert (out / "week03" / "s" / "key.json").is_file()
    assert sorted(p.name for p in (tmp_path / "X").iterdir()) == ["{sheet}"]


@pytest.mark.parametrize("damage", ["delete", "overwrite"])
def test_a_damaged_output_is_rebuilt_not_reported_up_to_date(sheets, built, damage):
    key = built / "week03" / "s" / "key.json"
    good = key.read_bytes()
    if damage == "delete":
        key.unlink()
    else:
        key.write_text("{}")
    result = build(sheets, built)
    assert result.exit_code == 0, result.output
    assert "already up to date: 0" in result.output
    assert key.read_bytes() == good


def test_an_intact_output_is_up_to_date(sheets, built):
    result = build(sheets, built)
    assert "already up to date: 1" in result.output
    manifest = json.loads((built / "week03" / "s" / MANIFEST).read_text())
    assert {"key.json", "key.csv", "instance.json"} <= set(manifest["files"])


@pytest.mark.parametrize("where", ["file", "under a file"])
def test_out_that_is_or_lies_under_a_file_is_one_line(sheets, tmp_path, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    out = blocker if where == "file" else blocker / "out"
    line = one_line_error(build(sheets, out))
    assert str(blocker) in line
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("name", [".work", ".cache"])
def test_a_stray_file_where_sheetgen_keeps_a_folder_is_one_line(sheets, built, name):
    (built / name).mkdir(exist_ok=True)
    os.rename(built / name, built / "moved")
    (built / name).write_text("stray")
    line = one_line_error(build(sheets, built, "--seed", "5"))
    assert str(built / name) in line


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_an_os_error_while_writing_is_one_line_and_keeps_the_output(sheets, built, monkeypatch,
                                                                    code):
    final = built / "week03" / "s"
    before = snapshot(final)
    real_write = Path.write_text

    def failing_write(self, *args, **kwargs):
        if self.name == "key.csv":
            raise OSError(code, os.strerror(code), str(self))
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing_write)
    line = one_line_error(build(sheets, built, "--seed", "5"))
    assert os.strerror(code) in line and "key.csv" in line
    assert snapshot(final) == before


def test_a_read_only_out_is_one_line(sheets, tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    with read_only(out):
        line = one_line_error(build(sheets, out))
    assert str(out) in line and ("Read-only" in line or "Permission denied" in line)


@contextlib.contextmanager
def read_only(folder: Path):
    """A folder nobody may write: a read-only mount as root (root ignores modes), else mode 555."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield
        return
    subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_an_interrupted_swap_is_rolled_back(sheets, built):
    final = built / "week03" / "s"
    before = snapshot(final)
    final.rename(final.with_name(".s.old"))  # an interrupt between the two renames of a swap
    result = build(sheets, built)
    assert result.exit_code == 0 and "already up to date: 1" in result.output
    assert snapshot(final) == before


def test_ctrl_c_in_a_multi_sheet_build_is_one_line_exit_130_and_keeps_the_output(sheets, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator.cli", "build", "--week", "3", "--no-pdf",
               "--out", str(out), "--sheets-dir", str(sheets), "--jobs", "2"]
    subprocess.run([*command, "--variants", "2"], cwd=ROOT, check=True, capture_output=True)
    before = snapshot(out / "week03")
    run = subprocess.Popen([*command, "--variants", "400"], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, start_new_session=True)
    _wait_for_generation(out)
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert err.strip().splitlines() == ["error: interrupted; the previous output is intact"]
    assert snapshot(out / "week03") == before


def _wait_for_generation(out: Path) -> None:
    """Until both forked generators are writing (their .work folders hold sources)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if len(list((out / ".work").glob("*/tex/*.tex"))) >= 2:
            time.sleep(0.5)
            return
        time.sleep(0.1)
    raise AssertionError("the build never started generating")


@pytest.mark.pdf
def test_a_damaged_cache_entry_is_compiled_again_and_braces_in_out_stay_literal(sheets, tmp_path):
    out = tmp_path / "X{sheet}{n:02d}"
    args = ["build", "--sheet", "s", "--variants", "2", "--out", str(out), "--sheets-dir", str(sheets)]
    assert CliRunner().invoke(main, args).exit_code == 0
    final = out / "week03" / "s"
    good = snapshot(final)
    assert {Path("variants/s-v01.pdf"), Path("keys/s-key-v02.pdf")} <= set(good)
    for entry in (out / ".cache").glob("*.pdf"):
        entry.write_bytes(entry.read_bytes()[:1000])  # a cut-short copy
    (final / "s-print.pdf").unlink()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "pdflatex runs: 1" in result.output
    assert snapshot(final) == good
