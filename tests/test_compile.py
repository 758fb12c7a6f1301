"""compile.describe_failure: pdflatex's first error as one line, from a real pdflatex run."""

from __future__ import annotations

import pytest

from generator import compile as texc
from generator.errors import CompileError
from generator.render import figure_tex

pytestmark = pytest.mark.pdf
DOCUMENT = "\\documentclass{article}\n\\usepackage{sheetgen}\n\\begin{document}\n%s\n\\end{document}\n"


def failure(tmp_path, body: str) -> str:
    tex = tmp_path / "doc.tex"
    tex.write_text(DOCUMENT % body, encoding="utf-8")
    with pytest.raises(CompileError) as caught:
        texc.compile_tex(tex)
    return str(caught.value)


def test_an_error_in_a_plain_line_names_that_line(tmp_path):
    message = failure(tmp_path, "Text\n\\undefinedmacro\nmore")
    assert "\n" not in message
    assert "doc.tex line 5: Undefined control sequence. | \\undefinedmacro (log:" in message
    assert "near:" not in message


def test_an_error_inside_a_figure_shows_the_failing_token(tmp_path):
    picture = "\\begin{tikzpicture}\n\\draw (0,0) -- (1,1);\n\\undefinedmacro\n\\end{tikzpicture}"
    message = failure(tmp_path, figure_tex(picture))
    assert "\n" not in message
    assert "| \\end{tikzpicture}} | near: " in message  # TeX reports the argument's last line
    assert message.split("near: ")[1].split(" (log:")[0].endswith("\\undefinedmacro")


DISK_FULL_LOG = """Overfull \\vbox (128.0pt too high) has occurred while \\output is active []

 [339
!pdfTeX error: pdflatex: fflush() failed (No space left on device)
 ==> Fatal error occurred, no output PDF file produced!
"""  # the end of a real log: pdflatex on a full tmpfs


def test_a_full_disk_is_named_from_the_log(tmp_path):
    tex = tmp_path / "doc.tex"
    tex.write_text("x")
    tex.with_suffix(".log").write_text(DISK_FULL_LOG)
    message = texc.describe_failure(tex)
    assert "No space left on device" in message and "without an error message" not in message


def test_without_a_log_the_terminal_output_speaks(tmp_path):
    tex = tmp_path / "doc.tex"
    message = texc.describe_failure(tex, "This is pdfTeX\n! I can't write on file `doc.log'.\n")
    assert "I can't write on file" in message and "wrote no log" in message


@pytest.mark.parametrize("name", ["a&b.tex", "x%y.tex", "\\input{z}.tex", "a b.tex"])
def test_a_name_tex_would_read_as_code_never_reaches_pdflatex(tmp_path, name, monkeypatch):
    monkeypatch.setattr(texc.subprocess, "run", lambda *a, **k: pytest.fail("pdflatex ran"))
    with pytest.raises(texc.SheetgenError, match="refusing to pass"):
        texc.compile_tex(tmp_path / name)
