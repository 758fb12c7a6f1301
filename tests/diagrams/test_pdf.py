"""Compile one diagram of each kind with pdflatex, and check label-size estimates against TeX.

These tests need pdflatex; when it is missing they fail with a clear message (never skip).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from generator.diagrams import Chain, CompGraph, Network, Param, Stage, tikz_chain, tikz_graph, tikz_network
from generator.diagrams.geometry import text_size

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PREAMBLE = (r"\documentclass{article}\usepackage[T2A]{fontenc}\usepackage[utf8]{inputenc}"
            r"\usepackage[russian]{babel}\usepackage{amsmath}\usepackage{sheetgen-diagrams}")
x, y = sp.symbols("x y")


def _pdflatex(body: str, tmp_path: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("pdflatex")
    if exe is None:
        pytest.fail("pdflatex is not installed: install TeX Live (texlive-latex-extra, "
                    "texlive-pictures, texlive-lang-cyrillic, cm-super) to run @pdf tests")
    (tmp_path / "doc.tex").write_text(
        PREAMBLE + "\n\\begin{document}\n" + body + "\n\\end{document}\n", encoding="utf-8")
    env = dict(os.environ, TEXINPUTS=f"{TEMPLATES}//:")
    run = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                          "doc.tex"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    return run


@pytest.mark.pdf
def test_compile_graph(tmp_path):
    g = CompGraph.from_sympy(x * y + sp.exp(x * y) + (x + y) ** 2 * x, [x, y])
    body = (tikz_graph(g) + "\n\n" + "Ключ:\n\n"
            + tikz_graph(g, mode="key", point={"x": 1, "y": sp.Rational(1, 2)}, places=4))
    _pdflatex(body, tmp_path)


@pytest.mark.pdf
def test_compile_network(tmp_path):
    body = (tikz_network(Network((3, 3, 3, 1))) + "\n\n"
            + tikz_network(Network((2, 2, 2, 1), weights=[[[0.5, -1], [1, 2]], [[1, 1], [-1, 2]],
                                                           [[1], [-1]]]), "key", places=2))
    _pdflatex(body, tmp_path)


@pytest.mark.pdf
def test_compile_chain(tmp_path):
    d = r"\frac{\partial L}{\partial %s}"
    chain = Chain([Stage("X"), Stage("H_1", r"\cdot W_1", d % "H_1"),
                   Stage("O_1", r"\max(0,\cdot)", r"[H_1 > 0]\odot"),
                   Stage(r"\hat y", r"\cdot W_2", r"\cdot W_2^T"), Stage("L", "", r"\hat y - y")],
                  [Param("H_1", d % "W_1", r"X^T\cdot"), Param(r"\hat y", d % "W_2", r"O_1^T\cdot")])
    _pdflatex(tikz_chain(chain) + "\n\n" + tikz_chain(chain, "key"), tmp_path)


SAMPLES = [r"c = x + y", r"d = c^2", r"g = e^{d}", r"h = \sigma(g)", r"k = 2 c", r"m = 1 / c",
           r"\partial f/\partial c = -\frac{3}{4}", r"-0{,}1353", r"w^{1}_{23}", r"f(t)",
           r"\frac{\partial L}{\partial \hat y}", r"\frac{\partial L}{\partial W_1}", r"\hat y",
           r"\max(0, X W_1)", r"\partial f/\partial x = 12{,}3891", r"p = a \cdot b"]
SIZES = {"normal": r"\normalsize", "footnote": r"\footnotesize"}


@pytest.mark.pdf
def test_label_size_estimates_cover_tex_boxes(tmp_path):
    lines = []
    for k, s in enumerate(SAMPLES):
        for name, cmd in SIZES.items():
            lines.append(rf"\setbox0\hbox{{{cmd}${s}$}}"
                         rf"\typeout{{SIZE|{k}|{name}|\the\wd0|\the\ht0|\the\dp0}}")
    run = _pdflatex("\n".join(lines) + "\nx", tmp_path)
    pt = 2.54 / 72.27
    seen = 0
    for line in run.stdout.splitlines():
        if line.startswith("SIZE|"):
            _, k, name, wd, ht, dp = line.split("|")
            w = float(wd[:-2]) * pt
            h = (float(ht[:-2]) + float(dp[:-2])) * pt
            ew, eh = text_size(SAMPLES[int(k)], name)
            assert w <= ew <= 1.7 * w + 0.1, (SAMPLES[int(k)], name, w, ew)
            assert h <= eh, (SAMPLES[int(k)], name, h, eh)
            seen += 1
    assert seen == 2 * len(SAMPLES)
