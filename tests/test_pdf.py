"""Real PDFs from real pdflatex, read back with pdftotext; determinism; failure handling."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import write_course, write_sheet

pytestmark = pytest.mark.pdf
B4 = '[[slot]]\nid = "layer"\nfamily = "B4"\npoints = 3\n'


def pdftext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], check=True,
                         capture_output=True, text=True)
    return out.stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def build(tmp_path, *args, sheets=None):
    extra = ["--sheets-dir", str(sheets)] if sheets else []
    return CliRunner().invoke(main, ["build", *args, "--out", str(tmp_path / "out"), *extra],
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def backprop(tmp_path_factory):
    """The real backprop sheet, 3 variants, built once for the module."""
    tmp = tmp_path_factory.mktemp("backprop")
    result = build(tmp, "--sheet", "backprop", "--variants", "3", "--jobs", "2")
    assert result.exit_code == 0, result.output
    return tmp / "out" / "week03" / "backprop"


def test_every_promised_file_exists(backprop):
    for n in (1, 2, 3):
        assert (backprop / "variants" / f"backprop-v{n:02d}.pdf").is_file()
        assert (backprop / "keys" / f"backprop-key-v{n:02d}.pdf").is_file()
    for name in ("backprop-print.pdf", "backprop-keys.pdf", "backprop-solutions.pdf",
                 "key.json", "key.csv", "instance.json", "tex/backprop-v01-v03.tex"):
        assert (backprop / name).is_file(), name
    assert not list(backprop.rglob("*.log")) and not list(backprop.rglob("*.aux"))


def test_variant_pdfs_show_course_title_and_their_number_in_cyrillic(backprop):
    for n in (1, 2, 3):
        text = pdftext(backprop / "variants" / f"backprop-v{n:02d}.pdf")
        assert "Глубинное обучение" in text
        assert "Алгоритм обратного распространения ошибки" in text
        assert f"Вариант {n}" in text
        assert not re.search(rf"Вариант (?!{n}\b)\d", text)


def test_print_pdf_starts_every_variant_on_an_odd_page(backprop):
    start = 1
    for n in (1, 2, 3):
        pages = page_count(backprop / "variants" / f"backprop-v{n:02d}.pdf")
        assert start % 2 == 1
        assert f"Вариант {n}" in pdftext(backprop / "backprop-print.pdf", start)
        start += pages + pages % 2
    assert page_count(backprop / "backprop-print.pdf") in (start - 1, start - 2)


def _numbers(text: str) -> list[str]:
    text = text.replace("\u2212", "-").replace(",", ".")
    return re.findall(r"-?\d+(?:\.\d+)?", text)


def test_key_pdf_numbers_equal_key_json(backprop):
    data = json.loads((backprop / "key.json").read_text())
    for variant in data["variants"]:
        shown = _numbers(pdftext(backprop / "keys" / f"backprop-key-v{variant['variant']:02d}.pdf"))
        unsigned = {s.lstrip("-") for s in shown}
        for problem in variant["problems"]:
            for answer in problem["answers"]:
                for cell, exact in _cells(answer):
                    if exact and "/" in exact:
                        num, den = exact.lstrip("-").split("/")
                        assert num in unsigned and den in unsigned, (answer["name"], exact)
                    elif isinstance(cell, (int, float)):
                        assert _fmt(cell).lstrip("-") in unsigned, (answer["name"], cell)


def _cells(answer):
    value, exact = answer["value"], answer["exact"]
    if isinstance(value, list):
        for i, row in enumerate(value):
            for j, cell in enumerate(row):
                yield cell, (exact[i][j] if exact else None)
    else:
        yield value, exact


def _fmt(value) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def test_same_seed_gives_byte_identical_output_across_processes(tmp_path):
    folders = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "generator.cli", "build", "--sheet", "backprop",
                        "--variants", "2", "--out", str(out)], check=True, capture_output=True)
        folders.append(out / "week03" / "backprop")
    files = sorted(p.relative_to(folders[0]) for p in folders[0].rglob("*") if p.is_file())
    assert len(files) > 8
    for rel in files:
        assert (folders[0] / rel).read_bytes() == (folders[1] / rel).read_bytes(), rel


def test_title_with_latex_prints_literally(tmp_path):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    write_course(sheets, ["s"], title=r"Курс \input{/etc/passwd} 100% $x$ & _ # ~ ^")
    write_sheet(sheets, "s", B4, title=r"Лист \textbf{x}")
    result = build(tmp_path, "--sheet", "s", "--variants", "1", sheets=sheets)
    assert result.exit_code == 0, result.output
    text = pdftext(tmp_path / "out" / "week03" / "s" / "variants" / "s-v01.pdf")
    assert r"\input{/etc/passwd} 100% $x$ & _ # ~ ^" in text
    assert "root:" not in text
    assert r"\textbf{x}" in text


def test_quiz_has_name_line_and_points(tmp_path):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    write_course(sheets, ["q"])
    write_sheet(sheets, "q", B4, title="Квиз", kind="quiz")
    assert build(tmp_path, "--sheet", "q", "--variants", "1", sheets=sheets).exit_code == 0
    text = pdftext(tmp_path / "out" / "week03" / "q" / "variants" / "q-v01.pdf")
    assert "ФИО" in text and "Группа" in text and "(3 балла)" in text


def test_latex_error_is_one_line_and_keeps_the_previous_output(tmp_path, monkeypatch):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    write_course(sheets, ["s"])
    write_sheet(sheets, "s", B4)
    assert build(tmp_path, "--sheet", "s", "--variants", "2", sheets=sheets).exit_code == 0
    final = tmp_path / "out" / "week03" / "s"
    before = {p: p.read_bytes() for p in final.rglob("*") if p.is_file()}

    from generator import render

    original = render.render_document
    broken = lambda *a: original(*a).replace(r"\end{document}", "\\undefinedmacro\n\\end{document}")
    monkeypatch.setattr(render, "render_document", broken)
    result = build(tmp_path, "--sheet", "s", "--variants", "2", "--seed", "99", sheets=sheets)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "Undefined control sequence" in lines[0] and "\\undefinedmacro" in lines[0]
    assert re.search(r"line \d+", lines[0]) and ".log" in lines[0]
    after = {p: p.read_bytes() for p in final.rglob("*") if p.is_file()}
    assert after == before


def test_unchanged_documents_come_from_the_cache_and_changes_rebuild(tmp_path, monkeypatch):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    write_course(sheets, ["s"])
    write_sheet(sheets, "s", B4)
    runs = lambda result: int(re.search(r"pdflatex runs: (\d+)", result.output).group(1))
    first = build(tmp_path, "--sheet", "s", "--variants", "2", sheets=sheets)
    assert runs(first) == 1  # two variants: one chunk holds every part
    again = build(tmp_path, "--sheet", "s", "--variants", "2", sheets=sheets)
    assert runs(again) == 0 and "sheets already up to date: 1" in again.output
    reseeded = build(tmp_path, "--sheet", "s", "--variants", "2", "--seed", "5", sheets=sheets)
    assert runs(reseeded) == 1
    write_sheet(sheets, "s", B4, title="Другой лист")
    assert runs(build(tmp_path, "--sheet", "s", "--variants", "2", sheets=sheets)) == 1
    text = pdftext(tmp_path / "out" / "week03" / "s" / "variants" / "s-v01.pdf")
    assert "Другой лист" in text
    _change_style(tmp_path, monkeypatch, r"\AtBeginDocument{\fancyfoot[C]{\small STYLECHANGED}}")
    assert runs(build(tmp_path, "--sheet", "s", "--variants", "2", sheets=sheets)) == 1
    text = pdftext(tmp_path / "out" / "week03" / "s" / "variants" / "s-v01.pdf")
    assert "STYLECHANGED" in text


def _change_style(tmp_path, monkeypatch, line: str) -> None:
    """A copy of the templates whose sheetgen.sty gains `line`; the build uses the copy."""
    import shutil

    from generator import build as build_module
    from generator import compile as texc

    templates = tmp_path / "templates"
    shutil.copytree(texc.TEMPLATES_DIR, templates)
    style = templates / "sheetgen.sty"
    style.write_text(style.read_text().replace("\\endinput", line + "\n\\endinput"))
    monkeypatch.setattr(texc, "TEMPLATES_DIR", templates)
    build_module._code_digest.cache_clear()  # the original stays empty until the patch is undone
    fresh = functools.lru_cache(maxsize=1)(build_module._code_digest.__wrapped__)
    monkeypatch.setattr(build_module, "_code_digest", fresh)


def test_chunks_join_into_the_same_print_keys_and_solutions(tmp_path):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    write_course(sheets, ["s"])
    write_sheet(sheets, "s", B4)
    result = build(tmp_path, "--sheet", "s", "--variants", "17", sheets=sheets)
    assert "pdflatex runs: 2" in result.output, result.output  # 9 + 8 variants
    folder = tmp_path / "out" / "week03" / "s"
    assert sorted(p.name for p in (folder / "tex").iterdir()) == ["s-v01-v09.tex", "s-v10-v17.tex"]
    start = 1
    for n in range(1, 18):
        pages = page_count(folder / "variants" / f"s-v{n:02d}.pdf")
        assert start % 2 == 1 and f"Вариант {n}\n" in pdftext(folder / "s-print.pdf", start)
        start += pages + pages % 2
    assert page_count(folder / "s-print.pdf") in (start - 1, start - 2)
    assert pdftext(folder / "s-print.pdf", page_count(folder / "s-print.pdf")).strip()
    key_pages = [page_count(folder / "keys" / f"s-key-v{n:02d}.pdf") for n in range(1, 18)]
    assert page_count(folder / "s-keys.pdf") == sum(key_pages)
    solutions = pdftext(folder / "s-solutions.pdf")
    found = [int(n) for n in re.findall(r"Вариант (\d+)", solutions)]
    assert found == sorted(found) and set(found) == set(range(1, 18))


def test_jobs_do_not_change_a_byte(tmp_path):
    """--jobs 2 generates the sheets in forked processes and compiles chunks in parallel;
    --jobs 1 does everything in turn: the output is the same, file for file."""
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    write_course(sheets, ["s", "t"])
    write_sheet(sheets, "s", B4)
    write_sheet(sheets, "t", B4.replace('"layer"', '"other"'), title="Второй лист")
    folders = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        result = CliRunner().invoke(main, ["build", "--week", "3", "--variants", "16", "--jobs",
                                           jobs, "--out", str(out), "--sheets-dir", str(sheets)],
                                    catch_exceptions=False)
        assert "pdflatex runs: 4" in result.output, result.output  # two sheets x two chunks
        folders.append(out / "week03")
    files = sorted(p.relative_to(folders[0]) for p in folders[0].rglob("*") if p.is_file())
    assert len(files) > 2 * (16 * 2 + 3)
    for rel in files:
        assert (folders[0] / rel).read_bytes() == (folders[1] / rel).read_bytes(), rel


def test_an_error_in_a_forked_generator_is_one_line_and_keeps_the_previous_output(tmp_path,
                                                                                  monkeypatch):
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    write_course(sheets, ["s", "t"])
    write_sheet(sheets, "s", B4)
    write_sheet(sheets, "t", B4.replace('"layer"', '"other"'))
    args = ("--week", "3", "--variants", "2", "--jobs", "2")
    assert build(tmp_path, *args, sheets=sheets).exit_code == 0
    final = tmp_path / "out" / "week03"
    before = {p: p.read_bytes() for p in final.rglob("*") if p.is_file()}

    from generator import render
    from generator.errors import SheetgenError

    def broken(*args):
        raise SheetgenError("sheet t: rendering refused on purpose")

    monkeypatch.setattr(render, "render_document", broken)  # the forked processes inherit it
    result = build(tmp_path, *args, "--seed", "99", sheets=sheets)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["error: sheet t: rendering refused on purpose"]
    after = {p: p.read_bytes() for p in final.rglob("*") if p.is_file()}
    assert after == before
