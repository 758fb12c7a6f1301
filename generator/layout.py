"""The layout report: what a typographer would catch on the compiled pages, read from one run.

Three kinds of findings, each with the part (variants, keys, solutions), variant, page of that
variant and problem it sits in:

- **overfull** boxes (over 0.5 pt) from pdflatex's log, with the box's text as TeX prints it and
  the source line. TeX prints `[N` when page N ships out, and a warning comes before the page its
  box lands on, so a warning belongs to the next page shipped after it.
- **bare headings**: a problem heading followed on its page by fewer than MIN_LINES lines of its
  problem, the rest being on the next page.
- **short tails**: the last page of a variant (or key, or solution) holding nothing but the end
  of a problem, shorter than TAIL_SHARE of the text height.

The last two come from the marks sheetgen.sty writes into the page map (`<chunk>.pmap`) at
shipout: `head <problem> <page> <y>` on each heading's baseline, `end <page> <y>` under each
problem, `bottom <page> <y>` under each page's last line and `geometry <text height>
<baselineskip> <y of the text's top>`; y in sp from the paper's bottom edge. Pages map to parts
and variants by the page map's `start` lines (generator.compile.page_ranges). `python -m
generator.layout FOLDER...` prints the report files under the folders (`make layout`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.compile import PageRange, page_ranges

MIN_OVERFULL_PT = 0.5
MIN_LINES = 3  # a heading keeps at least this many lines of its problem on its page
TAIL_SHARE = 0.25  # a last page filled less than this share of the text height is a short tail
KINDS = ("overfull", "bare heading", "short tail")
NAMES = {"overfull": ("overfull box", "overfull boxes"), "bare heading": ("bare heading", "bare headings"),
         "short tail": ("short tail", "short tails")}
REPORT_NAME = "layout.txt"

OVERFULL = re.compile(
    r"^Overfull \\([hv])box \((\d+(?:\.\d+)?)pt too (?:wide|high)\) (.*?)(?:\s*\[\])?\s*$")
SOURCE_LINES = re.compile(r"at lines? (\d+)")
SHIPOUT = re.compile(r"(?:^| )\[(\d+)(?=[\]\s{<.]|$)")
FONT_SWITCH = re.compile(r"\\[A-Za-z0-9]+/[^ ]+ ?")  # `\T2A/cmr/m/n/10.95 ` in a box's text
HYPHENATION_POINT = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")  # TeX shows them as `за-дан-ных`


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    part: str  # variants, keys, solutions ("" when the page lies outside every part)
    variant: int
    page: int  # page of this variant's part, from 1
    problem: int  # 0 when not inside a problem
    size: str  # "12.3 pt too wide", "1 line", ...
    text: str = ""  # what is on the overfull line: TeX's box text | the source line

    def line(self, sheet: str) -> str:
        """One tab-separated line of the report file."""
        where = f"v{self.variant:02d}\tp. {self.page}\tproblem {self.problem or '-'}"
        text = " ".join(self.text.split())
        return "\t".join([sheet, self.kind, self.part or "-", where, self.size, text])


@dataclass(frozen=True)
class Overfull:
    page: int  # absolute page of the document the box landed on
    points: float
    box: str  # h or v
    text: str  # TeX's one-line display of the box, font switches removed
    source_line: int  # first .tex line of the paragraph or alignment, 0 when unknown


@dataclass(frozen=True)
class Marks:
    text_height: int  # sp
    baselineskip: int
    text_top: int  # y of the text area's top edge
    heads: list  # (problem, page, y) in shipout order
    ends: list  # (page, y)
    bottoms: dict  # page -> y under its last line (its depth included)


# --- the log -----------------------------------------------------------------------------------

def read_log(path: Path) -> str:
    """The log as text: TeX writes 8-bit font codes, so each byte is one character; T2A's
    Cyrillic letters (0xC0-0xFF) become the letters they stand for."""
    raw = path.read_bytes().decode("latin-1")
    return raw.translate(T2A_CYRILLIC)


T2A_CYRILLIC = {code: 0x410 + code - 0xC0 for code in range(0xC0, 0x100)}


def scan_log(log: str) -> tuple[list[Overfull], int]:
    """Overfull boxes (over MIN_OVERFULL_PT) with the page each landed on, and the number of
    pages shipped. A warning's box display (up to the next blank line) is never read as a page."""
    found, shipped = [], 0
    lines = log.split("\n")
    index = 0
    while index < len(lines):
        match = OVERFULL.match(lines[index])
        if not match:
            shipped = _pages_shipped(lines[index], shipped)
            index += 1
            continue
        display, index = _box_display(lines, index + 1, inline=match.group(1) == "v")
        if float(match.group(2)) > MIN_OVERFULL_PT:
            source = SOURCE_LINES.search(match.group(3))
            found.append(Overfull(shipped + 1, float(match.group(2)), match.group(1),
                                  _clean_box_text(display), int(source.group(1)) if source else 0))
    return found, shipped


def _pages_shipped(line: str, shipped: int) -> int:
    """TeX's `[N` marks page N shipping out; only the next page number counts, so a `[3` in some
    other message cannot move the count."""
    for number in SHIPOUT.findall(line):
        if int(number) == shipped + 1:
            shipped += 1
    return shipped


def _box_display(lines: list[str], index: int, inline: bool) -> tuple[str, int]:
    """The lines TeX shows after an overfull warning, up to the blank line that ends them. A vbox
    is shown inline (`... is active []`), with nothing under it."""
    shown = []
    while index < len(lines) and lines[index].strip() and not inline:
        shown.append(lines[index])
        index += 1
    return (shown[0] if shown else ""), index


def _clean_box_text(display: str) -> str:
    text = HYPHENATION_POINT.sub("", FONT_SWITCH.sub("", display)).replace("^^@", "\u2212")
    return " ".join(text.split()).removeprefix("[]").strip()  # `[]`: the paragraph's indent box


# --- the page map's marks ------------------------------------------------------------------------

def read_marks(pmap: str) -> Marks:
    geometry, heads, ends, bottoms = [0, 1, 0], [], [], {}
    for line in pmap.split("\n"):
        word, *fields = line.split() or [""]
        if word == "geometry":
            geometry = [int(f) for f in fields[:3]]
        elif word == "head":
            heads.append(tuple(int(f) for f in fields[:3]))
        elif word == "end":
            ends.append(tuple(int(f) for f in fields[:2]))
        elif word == "bottom":
            bottoms[int(fields[0])] = int(fields[1])
    ends = [_end_before_break(end, geometry[2], bottoms) for end in ends]
    return Marks(*geometry, heads, ends, bottoms)


def _end_before_break(end: tuple, text_top: int, bottoms: dict) -> tuple:
    """A problem's end mark follows its last line in the vertical list, so a page break just
    before the mark carries it to the top of the next page: it belongs to the page before."""
    page, y = end
    if y >= text_top and page - 1 in bottoms:
        return page - 1, bottoms[page - 1]
    return end


def bare_headings(marks: Marks, ranges: list[PageRange]) -> list[Finding]:
    """Headings whose problem goes on to the next page with fewer than MIN_LINES lines under
    them on the heading's page."""
    found = []
    for (problem, page, y), (end_page, _) in zip(marks.heads, marks.ends):
        if end_page == page or page not in marks.bottoms:
            continue
        lines = (y - marks.bottoms[page] + marks.baselineskip // 8) // marks.baselineskip
        if lines < MIN_LINES:
            found.append(_at_page(ranges, page, "bare heading", problem, _lines(lines)))
    return found


def short_tails(marks: Marks, ranges: list[PageRange]) -> list[Finding]:
    """Last pages of a variant's part that hold no heading, only the end of a problem, filled
    less than TAIL_SHARE of the text height."""
    headed = {page for _, page, _ in marks.heads}
    found = []
    for rng in ranges:
        page = rng.last
        if page == rng.first or page in headed or page not in marks.bottoms:
            continue
        filled = marks.text_top - marks.bottoms[page]
        if filled < TAIL_SHARE * marks.text_height:
            lines = filled // marks.baselineskip
            found.append(_at_page(ranges, page, "short tail", _problem_on(marks, page), _lines(lines)))
    return found


def _lines(count: int) -> str:
    return f"{count} line" + ("" if count == 1 else "s")


def _problem_on(marks: Marks, page: int) -> int:
    """The problem running on a page: the last one whose heading is on it or before it."""
    before = [problem for problem, head_page, _ in marks.heads if head_page <= page]
    return before[-1] if before else 0


def _at_page(ranges: list[PageRange], page: int, kind: str, problem: int, size: str,
             text: str = "") -> Finding:
    for rng in ranges:
        if rng.first <= page <= rng.padded:
            return Finding(kind, rng.part, rng.variant, page - rng.first + 1, problem, size, text)
    return Finding(kind, "", 0, page, problem, size, text)


# --- one document --------------------------------------------------------------------------------

def check_document(tex_path: Path) -> list[Finding]:
    """Every finding of a compiled document (its .log and .pmap beside the .tex), in page order."""
    overfull, pages = scan_log(read_log(tex_path.with_suffix(".log")))
    pmap = tex_path.with_suffix(".pmap")
    ranges = page_ranges(pmap, pages)
    marks = read_marks(pmap.read_text())
    source = _tex_lines(tex_path) if overfull else []
    found = [_overfull_finding(box, ranges, marks, source) for box in overfull]
    found += bare_headings(marks, ranges) + short_tails(marks, ranges)
    return sorted(found, key=order)


def order(finding: Finding) -> tuple:
    """Report order: part, variant, page, kind."""
    parts = ("variants", "keys", "solutions")
    part = parts.index(finding.part) if finding.part in parts else len(parts)
    return part, finding.variant, finding.page, KINDS.index(finding.kind)


def _overfull_finding(box: Overfull, ranges, marks: Marks, source: list[str]) -> Finding:
    """The box's part, variant, page and problem; its text as TeX shows it | its source line."""
    line = source[box.source_line - 1].strip()[:160] if 0 < box.source_line <= len(source) else ""
    problem = _problem_at_line(source, box.source_line) if line else _problem_on(marks, box.page)
    text = " | ".join(part for part in (box.text, line) if part)
    size = f"{box.points:.1f} pt too {'wide' if box.box == 'h' else 'high'}"
    return _at_page(ranges, box.page, "overfull", problem, size, text)


def _problem_at_line(source: list[str], number: int) -> int:
    """The problem a .tex line belongs to: \\sgproblem lines counted since the part's last
    \\sgbeginvariant."""
    problem = 0
    for line in source[:number]:
        if line.startswith("\\sgbeginvariant"):
            problem = 0
        elif line.startswith("\\sgproblem"):
            problem += 1
    return problem


def _tex_lines(tex_path: Path) -> list[str]:
    return tex_path.read_text(encoding="utf-8", errors="replace").split("\n")


# --- reports -------------------------------------------------------------------------------------

def counts(findings: list[Finding]) -> dict[str, int]:
    return {kind: sum(f.kind == kind for f in findings) for kind in KINDS}


def summary(findings: list[Finding]) -> str:
    """`0 overfull boxes, 1 bare heading, 2 short tails`."""
    return ", ".join(f"{count} {NAMES[kind][count != 1]}" for kind, count in counts(findings).items())


def report_text(sheet: str, findings: list[Finding]) -> str:
    """The report file: a summary line, then one tab-separated line per finding."""
    header = f"# layout of {sheet}: {summary(findings)}\n"
    columns = "# sheet\tkind\tpart\tvariant\tpage\tproblem\tsize\ttext\n"
    return header + columns + "".join(f.line(sheet) + "\n" for f in findings)


def read_report(path: Path) -> list[Finding]:
    """Findings back from a report file (a sheet that was up to date keeps its report)."""
    found = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        _, kind, part, variant, page, problem, size, text = line.split("\t", 7)
        found.append(Finding(kind, "" if part == "-" else part, int(variant[1:]), int(page[3:]),
                             0 if problem.endswith("-") else int(problem.split()[-1]), size, text))
    return found


def to_json(findings: list[Finding]) -> list[dict]:
    return [asdict(f) for f in findings]


def from_json(data: list[dict]) -> list[Finding]:
    return [Finding(**item) for item in data]


def main(folders: list[str]) -> int:
    """`python -m generator.layout FOLDER...`: every report under the folders, then the total;
    exit status 1 when there is any finding (`make layout`)."""
    findings = []
    for path in sorted(p for folder in folders for p in Path(folder).rglob(REPORT_NAME)):
        found = read_report(path)
        findings += found
        print(f"{path}: {summary(found)}")
        for finding in found:
            print("  " + finding.line(path.parent.name))
    print(f"layout: {summary(findings)} in {len(folders)} folder(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
