"""Runs pdflatex on a .tex file and reads the page map it writes; knows nothing of problems.

pdflatex runs once per document (no cross-references need a second pass), without shell escape,
nonstop and halting on the first error. Output is deterministic: the preamble omits dates and the
trailer ID, and SOURCE_DATE_EPOCH is fixed. A failure raises CompileError with the first error
message, the .tex line it points to, and the log path. Cutting the PDF by the page map is
generator.pdfparts' job.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CompileError, SheetgenError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
DEBIAN_PACKAGES = (
    "texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-pictures "
    "texlive-lang-cyrillic cm-super latexmk poppler-utils"
)
INSTALL_HINT = f"sudo apt-get install -y {DEBIAN_PACKAGES}"
ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.tex):(?P<line>\d+): (?P<msg>.*)$", re.MULTILINE)
BANG_LINE = re.compile(r"^!\s*(.*\S)", re.MULTILINE)  # `! Undefined…`, `!pdfTeX error: …`
SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.tex")  # what reaches TeX as its job name


def pdflatex_path() -> str:
    found = shutil.which("pdflatex")
    if not found:
        raise SheetgenError(f"pdflatex not found; install TeX Live with: {INSTALL_HINT}")
    return found


def tex_env() -> dict:
    env = dict(os.environ)
    env["TEXINPUTS"] = f"{TEMPLATES_DIR}//:"
    env["SOURCE_DATE_EPOCH"] = "0"
    env["FORCE_SOURCE_DATE"] = "1"
    env["shell_escape"] = "f"
    env["max_print_line"] = "100000"  # log lines unbroken, for generator.layout
    return env


def compile_tex(tex_path: Path) -> Path:
    """pdflatex `tex_path` in its own folder; returns the PDF path or raises CompileError.

    Only the file name reaches TeX (the folder is the working directory), and it must be plain:
    TeX reads its command line as TeX code."""
    if not SAFE_NAME.fullmatch(tex_path.name):
        raise SheetgenError(f"refusing to pass {tex_path.name!r} to pdflatex: letters, digits, '-', '_' only")
    command = [
        pdflatex_path(),
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-no-shell-escape",
        "-file-line-error",
        tex_path.name,
    ]
    result = subprocess.run(
        command, cwd=tex_path.parent, env=tex_env(), capture_output=True, text=True,
        errors="replace", stdin=subprocess.DEVNULL,
    )
    pdf = tex_path.with_suffix(".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise CompileError(describe_failure(tex_path, result.stdout))
    return pdf


def describe_failure(tex_path: Path, terminal: str = "") -> str:
    """One line: first error, the offending source line, and where the full log is. Without a
    log (a full disk, a folder that cannot be written) the terminal output speaks instead."""
    log_path = tex_path.with_suffix(".log")
    log = _read_log(log_path)
    match = ERROR_LINE.search(log)
    if not match:
        bang = BANG_LINE.search(log) or BANG_LINE.search(terminal)
        message = bang.group(1) if bang else "pdflatex failed without an error message"
        where = f"log: {log_path}" if log else "pdflatex wrote no log"
        return f"LaTeX error in {tex_path}: {message}{_space_hint(tex_path)} ({where})"
    line_no = int(match.group("line"))
    source = _source_line(tex_path.parent / match.group("file"), line_no)
    near = _macro_context(log[match.end():])
    return (
        f"LaTeX error in {tex_path.name} line {line_no}: {match.group('msg').strip()} "
        f"| {source}{near} (log: {log_path})"
    )


def _read_log(log_path: Path) -> str:
    try:
        return log_path.read_text(errors="replace")
    except OSError:
        return ""


def _space_hint(tex_path: Path) -> str:
    try:
        free = shutil.disk_usage(tex_path.parent).free
    except OSError:
        return ""
    return f"; only {free // 1024} KiB free on that disk" if free < 16 * 1024 * 1024 else ""


def _macro_context(after_error: str) -> str:
    """When the error sits inside a macro's argument (a figure in \\sgfig, a heading), the source
    line is where the argument ends; TeX's context line shows the token that failed."""
    found = re.match(r"\n<(?:argument|recently read)> (.*)\n", after_error)
    return f" | near: {found.group(1).strip()[-60:]}" if found else ""


def _source_line(path: Path, line_no: int) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
        return lines[line_no - 1].strip()[:160]
    except (OSError, IndexError):
        return "?"


@dataclass(frozen=True)
class PageRange:
    part: str  # variants, keys or solutions
    variant: int
    first: int  # 1-based, inclusive
    last: int  # the variant's last page with content
    padded: int  # its last page including the blank pages that follow it


def page_ranges(pmap_path: Path, total_pages: int) -> list[PageRange]:
    """Reads the page map the document wrote (`start PART N page`, `blank page`) into ranges."""
    starts, blanks = [], set()
    for line in pmap_path.read_text().split("\n"):
        parts = line.split()
        if parts[:1] == ["start"]:
            starts.append((parts[1], int(parts[2]), int(parts[3])))
        elif parts[:1] == ["blank"]:
            blanks.add(int(parts[1]))
    ranges = []
    for index, (part, variant, first) in enumerate(starts):
        padded = starts[index + 1][2] - 1 if index + 1 < len(starts) else total_pages
        last = padded
        while last in blanks and last > first:
            last -= 1
        ranges.append(PageRange(part, variant, first, last, padded))
    return ranges
