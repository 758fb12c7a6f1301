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
