"""The layout report (generator.layout) and the page breaks of sheetgen.sty.

- The log parser on real pdflatex log lines: an overfull hbox with the text TeX shows for it, the
  page it lands on, a vbox overfull while a page is output, what must not count.
- The page mapping: absolute pages to part, variant and the variant's own page, through a page
  map; bare headings and short tails from the marks.
- The placement rules, each on a small real document: a heading never ends a page, a short
  problem is never split, the last problem never leaves a short tail.
- The whole of week 3 in both languages over 50 variants: no overfull box, no bare heading, no
  short tail (`make layout` runs the same over 1,000 variants).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import compile as texc
from generator import layout
from generator.cli import main
from generator.compile import page_ranges
from generator.render import plural_form, points

PT = 65536

# A real stretch of a log (test-matrix-derivatives keys, pdflatex with max_print_line=100000):
# pages 28-30 ship, three overfull lines are set (the first with Cyrillic text, in T2A's 8-bit
# codes, and TeX's hyphenation points), an underfull one, then page 31 ships: all three overfull
# boxes are on page 31. The first pages are put in front so that the count runs from 1.
REAL_LINES = [
    b"] [28] [29",
    b"",
    b"] [30]",
    b"Overfull \\hbox (5.12605pt too wide) in paragraph at lines 1101--1102",
    b"[]\\T2A/cmr/m/n/10.95 a) $\\OMS/cmsy/m/n/10.95 r[]\\OML/cmm/m/it/10.95 f$ \\T2A/cmr/m/n/10.95 "
    b"\xef\xf0\xe8 \xe7\xe0-\xe4\xe0\xed-\xed\xfb\xf5 \xf7\xe8\xf1-\xeb\xe0\xf5: $[]$ ",
    b" []",
    b"",
    b"",
    b"Overfull \\hbox (148.31651pt too wide) in paragraph at lines 1106--1107",
    b"[]\\T2A/cmr/m/n/10.95 c) $\\OML/cmm/m/it/10.95 df$\\T2A/cmr/m/n/10.95 : $[] [] []$ ",
    b" []",
    b"",
    b"",
    b"Overfull \\hbox (70.26083pt too wide) in paragraph at lines 1107--1108",
    b"[]\\T2A/cmr/m/n/10.95 c) $\\OMS/cmsy/m/n/10.95 r[]\\OML/cmm/m/it/10.95 f$\\T2A/cmr/m/n/10.95 : "
    b"$[] [] []$ ",
    b" []",
    b"",
    b"",
    b"Underfull \\hbox (badness 10000) in paragraph at lines 1119--1120",
    b"[]\\T2A/cmr/m/n/10.95 \xe3\xe5\xf1\xf1\xe8\xe0\xed $\\OT1/cmr/m/n/10.95 2\\OML/cmm/m/it/10.95 X[]X$ "
    b"\\T2A/cmr/m/n/10.95 \xe4\xeb\xff \xe4\xe0\xed-\xed\xfb\xf5 \xf7\xe8-\xf1\xe5\xeb:",
    b" []",
    b"",
    b"[31",
    b"",
    b"",
    b"]",
]
REAL_LOG = " ".join(f"[{n}]" for n in range(1, 28)).encode() + b"\n" + b"\n".join(REAL_LINES) + b"\n"
# The end of a real log with a page too full to fit (from test_compile: a full disk).
VBOX_LOG = """Overfull \\vbox (128.0pt too high) has occurred while \\output is active []

 [339
"""


def scan(raw: bytes):
    return layout.scan_log(raw.decode("latin-1").translate(layout.T2A_CYRILLIC))


def test_a_real_overfull_hbox_is_read_with_its_text_source_line_and_page():
    boxes, shipped = scan(REAL_LOG)
    assert shipped == 31
    assert [round(b.points, 2) for b in boxes] == [5.13, 148.32, 70.26]
    assert [b.page for b in boxes] == [31, 31, 31]  # set before page 31 shipped: they are on it
    assert [b.source_line for b in boxes] == [1101, 1106, 1107]
    assert {b.box for b in boxes} == {"h"}
    assert "при заданных числах" in boxes[0].text  # T2A decoded, hyphenation points dropped
    assert boxes[0].text.startswith("a)") and "T2A" not in boxes[0].text
    assert boxes[1].text.startswith("c) $df$:")


def test_a_vbox_overfull_while_a_page_is_output_is_on_that_page():
    prefix = " ".join(f"[{n}]" for n in range(1, 339)) + "\n"
    boxes, shipped = layout.scan_log(prefix + VBOX_LOG)
    assert shipped == 339
    assert [(b.box, b.page, b.points, b.source_line) for b in boxes] == [("v", 339, 128.0, 0)]


def test_small_overfulls_underfulls_and_brackets_in_box_text_do_not_count():
    log = (
        "[1] [2]\n"
        "Overfull \\hbox (0.4pt too wide) in paragraph at lines 5--6\n[]\\T2A/cmr/m/n/10.95 x\n\n"
        "Underfull \\hbox (badness 10000) in paragraph at lines 7--8\n[]\\T2A/cmr/m/n/10.95 y\n\n"
        "Overfull \\hbox (3.0pt too wide) in paragraph at lines 9--9\n"
        "[]\\T2A/cmr/bx/n/10.95 Problem 2 [3] and [4\n\n"
        "[3] [4]\n"
    )
    boxes, shipped = layout.scan_log(log)
    assert shipped == 4
    assert [(b.points, b.page) for b in boxes] == [(3.0, 3)]  # the [3 and [4 in its text are text


PMAP = """geometry 47922272 891290 51651631
start variants 1 1
head 1 1 47000000
end 1 30000000
head 2 1 5000000
bottom 1 3729359
end 2 30000000
bottom 2 30000000
blank 3
bottom 3 51000000
start variants 2 4
head 1 4 47000000
end 5 45000000
bottom 4 3729359
bottom 5 45000000
start keys 1 6
head 1 6 47000000
end 6 40000000
bottom 6 40000000
"""
# variant 1: pages 1-2 (3 is blank for duplex); problem 2's heading sits 1.3M sp (~1.5 lines)
# above page 1's last line, its text runs on to page 2. variant 2: pages 4-5, page 5 holds
# only the end of problem 1, 6.65M sp (~7 lines) of a 47.9M sp page. The key: page 6.


def write_document(tmp_path: Path, pmap: str, log: str, tex: str = "") -> Path:
    path = tmp_path / "doc.tex"
    path.write_text(tex, encoding="utf-8")
    path.with_suffix(".pmap").write_text(pmap)
    path.with_suffix(".log").write_text(log, encoding="latin-1")
    return path


def test_pages_map_to_part_variant_and_the_variants_own_page(tmp_path):
    log = ("[1] [2] [3] [4]\nOverfull \\hbox (12.5pt too wide) in paragraph at lines 3--3\n"
           "[]\\T2A/cmr/m/n/10.95 wide\n\n[5] [6]\n")
    tex = "\\sgbeginvariant{variants}{V 2}{1}{2}\n\\sgproblem{Problem 1}\n$wide formula$\n"
    found = layout.check_document(write_document(tmp_path, PMAP, log, tex))
    overfull = [f for f in found if f.kind == "overfull"]
    assert overfull == [layout.Finding("overfull", "variants", 2, 2, 1, "12.5 pt too wide",
                                       "wide | $wide formula$")]


def test_bare_headings_and_short_tails_come_from_the_marks(tmp_path):
    found = layout.check_document(write_document(tmp_path, PMAP, "[1] [2] [3] [4] [5] [6]\n"))
    assert [(f.kind, f.part, f.variant, f.page, f.problem, f.size) for f in found] == [
        ("bare heading", "variants", 1, 1, 2, "1 line"),
        ("short tail", "variants", 2, 2, 1, "7 lines"),
    ]


def test_an_end_mark_carried_over_a_page_break_belongs_to_the_page_before():
    marks = layout.read_marks("geometry 100 10 1000\nhead 1 1 900\nend 2 1000\nbottom 1 850\n")
    assert marks.ends == [(1, 850)]
    assert layout.bare_headings(marks, []) == []  # the problem ended on its heading's page


def test_the_report_file_reads_back(tmp_path):
    findings = [layout.Finding("overfull", "keys", 3, 1, 2, "12.0 pt too wide", "a) $x$\t| \\item"),
                layout.Finding("short tail", "variants", 12, 3, 4, "2 lines")]
    text = layout.report_text("backprop", findings)
    assert text.startswith("# layout of backprop: 1 overfull box, 0 bare headings, 1 short tail\n")
    path = tmp_path / layout.REPORT_NAME
    path.write_text(text, encoding="utf-8")
    back = layout.read_report(path)
    assert back[1] == findings[1]
    assert back[0].text == "a) $x$ | \\item" and back[0].variant == 3 and back[0].problem == 2


# --- points ----------------------------------------------------------------------------------

RUSSIAN_POINTS = {  # written out by hand from the grammar: 1, 21 балл; 2-4, 22-24 балла; else баллов
    0: "баллов", 1: "балл", 2: "балла", 3: "балла", 4: "балла", 5: "баллов", 6: "баллов",
    7: "баллов", 8: "баллов", 9: "баллов", 10: "баллов", 11: "баллов", 12: "баллов",
    13: "баллов", 14: "баллов", 15: "баллов", 16: "баллов", 17: "баллов", 18: "баллов",
    19: "баллов", 20: "баллов", 21: "балл", 22: "балла", 23: "балла", 24: "балла", 25: "баллов",
    26: "баллов", 27: "баллов", 28: "баллов", 29: "баллов", 30: "баллов",
}


@pytest.mark.parametrize("count", range(0, 31))
def test_points_take_the_right_plural(count):
    assert points(count, "ru") == f"{count} {RUSSIAN_POINTS[count]}"
    assert points(count, "en") == f"{count} point{'' if count == 1 else 's'}"


def test_plural_rule_beyond_thirty():
    assert [plural_form(n, "ru") for n in (101, 111, 112, 122, 1000)] == [0, 2, 2, 1, 2]


# --- the placement rules, on real documents ------------------------------------------------

PAGE_DOC = r"""\documentclass[11pt]{article}
\usepackage[T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{sheetgen}
\begin{document}
\sgbeginvariant{variants}{V 1}{0}{1}
%s
\sgendpart{0}
\end{document}
"""


def lines(count: int, word: str = "Line") -> str:
    return "\n\n".join(f"{word} {n} of the text, a plain line." for n in range(1, count + 1))


def problem(number: int, count: int, last: bool = False) -> str:
    return (f"\\sgproblem{{Problem {number}. Title}}\n{lines(count)}\n"
            f"\\sgendproblem{{{1 if last else 0}}}\n")


def filler(height_pt: int) -> str:
    """A block of exactly this height (a rule), so the rest of page 1 is known."""
    return f"\\noindent\\rule{{1pt}}{{{height_pt}pt}}\\par"


def compile_marks(tmp_path: Path, body: str):
    tex = tmp_path / "doc.tex"
    tex.write_text(PAGE_DOC % body, encoding="utf-8")
    texc.compile_tex(tex)
    marks = layout.read_marks(tex.with_suffix(".pmap").read_text())
    return marks, layout.check_document(tex)


@pytest.mark.pdf
def test_the_bottom_mark_sits_under_the_last_line_of_a_full_and_of_a_last_page(tmp_path):
    base = "\\pdfsavepos\\write\\sg@map{base \\thepage\\space\\the\\pdflastypos}"
    text = "\n\n".join(f"gjpq line {n}{base}" for n in range(1, 7))
    body = "\\makeatletter\n" + filler(650) + "\n" + text
    marks, _ = compile_marks(tmp_path, body)
    pmap = (tmp_path / "doc.pmap").read_text()
    bases = [tuple(int(f) for f in line.split()[1:]) for line in pmap.splitlines() if line.startswith("base")]
    for page in (1, 2):
        last = min(y for p, y in bases if p == page)  # the page's last baseline
        assert 0.5 * PT < last - marks.bottoms[page] < 4 * PT  # the descenders of "gjpq"
    assert max(p for p, _ in bases) == 2


@pytest.mark.pdf
def test_a_heading_without_room_for_three_lines_starts_the_next_page(tmp_path):
    # page 1 keeps room for about two lines: the old layout put the heading and a line there
    marks, found = compile_marks(tmp_path, filler(690) + problem(1, 80))
    assert marks.heads[0][1] == 2
    assert not [f for f in found if f.kind == "bare heading"]


@pytest.mark.pdf
def test_a_long_problem_breaks_but_keeps_three_lines_under_its_heading(tmp_path):
    marks, found = compile_marks(tmp_path, filler(560) + problem(1, 40))  # ~ 9 lines left
    (_, page, y), (end_page, _) = marks.heads[0], marks.ends[0]
    assert page == 1 and end_page == 2  # broken: it is longer than the keep-together share
    assert (y - marks.bottoms[1]) >= 3 * marks.baselineskip
    assert not found


@pytest.mark.pdf
def test_a_short_problem_is_never_split(tmp_path):
    marks, found = compile_marks(tmp_path, filler(560) + problem(1, 15) + problem(2, 3, last=True))
    assert marks.heads[0][1] == 2 and marks.ends[0][0] == 2  # 15 lines, 9 left: moved whole
    assert not found


@pytest.mark.pdf
def test_the_last_problem_leaves_no_short_tail(tmp_path):
    # 30 lines with ~27 left on page 1: split, page 2 would hold 3 lines; it moves whole instead
    marks, found = compile_marks(tmp_path, filler(330) + problem(1, 30, last=True))
    assert marks.heads[0][1] == 2
    assert not found
    # the same problem in the middle of a variant is split where the page ends
    marks, _ = compile_marks(tmp_path, filler(330) + problem(1, 30) + problem(2, 3, last=True))
    assert marks.heads[0][1] == 1 and marks.ends[0][0] == 2


@pytest.mark.pdf
def test_a_heading_stays_with_three_lines_through_a_figure(tmp_path):
    # one line, then a figure that cannot break: the old layout left heading and line on page 1
    figure = "\\noindent\\rule{2cm}{250pt}\\par\n"
    body = problem(1, 40).replace("Line 2 ", figure + "Line 2 ")
    marks, found = compile_marks(tmp_path, filler(560) + body)
    assert marks.heads[0][1] == 2
    assert not [f for f in found if f.kind == "bare heading"]


@pytest.mark.pdf
def test_a_last_problem_longer_than_a_page_leaves_no_short_tail(tmp_path):
    """The same 66-line problem after fillers of growing height: wherever its end would fall
    short on the last page, its first page ends earlier instead."""
    fillers = range(400, 640, 16)
    variants = [f"\\sgbeginvariant{{variants}}{{V {n}}}{{0}}{{{n}}}\n{filler(height)}\n{problem(1, 66, last=True)}"
                for n, height in enumerate(fillers, start=1)]
    document = PAGE_DOC.replace("\\sgbeginvariant{variants}{V 1}{0}{1}\n", "") % "\n".join(variants)
    tex = tmp_path / "doc.tex"
    tex.write_text(document, encoding="utf-8")
    texc.compile_tex(tex)
    marks = layout.read_marks(tex.with_suffix(".pmap").read_text())
    found = layout.check_document(tex)
    assert not found
    last_pages = {rng.last for rng in page_ranges(tex.with_suffix(".pmap"), max(marks.bottoms))}
    text_bottom = marks.text_top - marks.text_height
    cut_short = [page for page, y in marks.bottoms.items()
                 if page not in last_pages and y - text_bottom > 5 * marks.baselineskip]
    assert cut_short  # some page before a last one ended early, to give the last page more


@pytest.mark.pdf
def test_a_figure_inside_a_boxed_problem_is_placed(tmp_path):
    from generator.render import figure_tex

    figure = figure_tex("\\begin{tikzpicture}\\draw (0,0) rectangle (3,2);\\end{tikzpicture}")
    body = problem(1, 3).replace("Line 2", figure + " Line 2") + problem(2, 3, last=True)
    body = body.replace("Problem 2", figure + " Problem 2")  # and reused in a heading
    marks, found = compile_marks(tmp_path, body)
    assert [page for _, page, _ in marks.heads] == [1, 1] and not found
    text = subprocess.run(["pdftotext", str(tmp_path / "doc.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Line 2" in text and "Problem 2" in text


@pytest.mark.pdf
def test_every_build_prints_the_layout_line_an_up_to_date_sheet_too(tmp_path):
    from tests.conftest import write_course, write_sheet

    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "layer"\nfamily = "B4"\npoints = 5\n')
    args = ["build", "--sheet", "s", "--variants", "2", "--out", str(tmp_path / "out"),
            "--sheets-dir", str(tmp_path)]
    first = CliRunner().invoke(main, args, catch_exceptions=False)
    again = CliRunner().invoke(main, args, catch_exceptions=False)
    assert "sheets already up to date: 1" in again.output
    line = "layout: 0 overfull boxes, 0 bare headings, 0 short tails"
    assert first.output.splitlines()[-1] == again.output.splitlines()[-1] == line
    report = tmp_path / "out" / "week03" / "s" / layout.REPORT_NAME
    assert report.read_text(encoding="utf-8").startswith(f"# layout of s: {line[8:]}\n")
    quiet = CliRunner().invoke(main, [*args, "--no-pdf", "--seed", "3"], catch_exceptions=False)
    assert "layout:" not in quiet.output  # nothing compiled, nothing to report


# --- the whole week ------------------------------------------------------------------------

def _week(tmp_path_factory, lang: str) -> tuple[str, dict]:
    out = tmp_path_factory.mktemp(f"week3-{lang}")
    result = CliRunner().invoke(main, ["build", "--week", "3", "--variants", "50", "--lang", lang,
                                       "--jobs", "2", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    reports = {path.parent.name: layout.read_report(path)
               for path in sorted(out.glob(f"week03/*/{layout.REPORT_NAME}"))}
    return result.output, reports


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_week_3_has_no_overfull_box_bare_heading_or_short_tail(tmp_path_factory, lang):
    output, reports = _week(tmp_path_factory, lang)
    assert len(reports) == 5  # every sheet of the week wrote its report
    findings = {sheet: found for sheet, found in reports.items() if found}
    listing = "\n".join(f.line(sheet) for sheet, found in findings.items() for f in found[:20])
    every = [f for found in reports.values() for f in found]
    summary = re.search(r"^layout: .*$", output, re.MULTILINE)
    assert summary and summary.group(0).startswith(f"layout: {layout.summary(every)}")
    assert layout.counts(every) == {"overfull": 0, "bare heading": 0, "short tail": 0}, listing
