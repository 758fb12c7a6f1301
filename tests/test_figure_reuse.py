"""\\sgfig (sheetgen.sty): a figure typeset once per document, placed as a PDF form wherever it
recurs, must look and sit exactly like the tikzpicture typed in place."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest

from generator.compile import tex_env
from generator.render import figure_tex

pytestmark = pytest.mark.pdf
PREAMBLE = (r"\documentclass{article}\usepackage[T2A]{fontenc}\usepackage[utf8]{inputenc}"
            r"\usepackage[russian]{babel}\usepackage{sheetgen}\usepackage{sheetgen-diagrams}"
            "\n\\pagestyle{empty}\n")
# A border drawn up to 4.8pt outside the picture's declared box (as ink that TikZ does not count
# may be): a form clipped to that box would cut it off.
PICTURE = (r"\begin{tikzpicture}\path[use as bounding box] (0,0) rectangle (3,1);"
           r"\draw[line width=4pt] (-0.1,-0.1) rectangle (3.1,1.1);"
           r"\node[sg node] at (1.5,0.5) {$a = x^2$};\end{tikzpicture}")


def compile_body(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / f"{name}.tex").write_text(
        PREAMBLE + "\\begin{document}\n" + body + "\n\\end{document}\n", encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          "-no-shell-escape", f"{name}.tex"], cwd=tmp_path, env=tex_env(),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    return tmp_path / f"{name}.pdf"


def words(pdf: Path) -> list[tuple[str, float, float]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)<', html)
    return [(text, float(x), float(y)) for x, y, text in found]


def ink(pdf: Path) -> float:
    gray = subprocess.run(["pdftoppm", "-r", "100", "-gray", str(pdf)], check=True,
                          capture_output=True).stdout
    pixels = gray.split(b"\n", 3)[3]  # after the P5 header: magic, size, depth
    return float((255 - np.frombuffer(pixels, np.uint8).astype(float)).sum())


def test_a_reused_figure_looks_and_sits_like_the_picture_in_place(tmp_path):
    text = "Текст до {}\n\n\\begin{{center}}\n{}\n\\end{{center}}\nТекст после {}\n\n"
    inline = compile_body(tmp_path, "inline", "".join(
        text.format(n, PICTURE, n) for n in (1, 2)))
    reused = compile_body(tmp_path, "reused", "".join(
        text.format(n, figure_tex(PICTURE), n) for n in (1, 2)))
    placed, typed = words(reused), words(inline)
    assert [w[0] for w in placed] == [w[0] for w in typed]
    # same positions, up to the rounding of glyph positions inside a form (a thousandth of a pt)
    assert np.allclose([w[1:] for w in placed], [w[1:] for w in typed], atol=0.05)
    assert ink(reused) == pytest.approx(ink(inline), rel=0.01)  # nothing clipped, nothing added


def test_a_recurring_figure_is_one_form_in_the_pdf(tmp_path):
    other = PICTURE.replace("a = x^2", "b = y^2")
    body = "\n\n".join(figure_tex(p) for p in (PICTURE, PICTURE, other, PICTURE))
    with pikepdf.open(compile_body(tmp_path, "forms", body)) as pdf:
        page = pdf.pages[0]
        forms = list(page.Resources.XObject.keys())
        content = b"".join(stream.read_bytes() for stream in _streams(page.obj.Contents))
    assert len(forms) == 2
    used = re.findall(rb"/(\w+) Do", content)
    assert len(used) == 4 and len(set(used)) == 2


def _streams(contents):
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]
