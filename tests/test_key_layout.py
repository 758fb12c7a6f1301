"""Key layout with real pdflatex: the widest real answers stay inside the text block.

The candidates are every distinct answer of M4 (five functions, so det(X^T A X) comes up) and M1
over 200 seeds; one pdflatex pass measures them all, the widest of each kind go into a key set by
the real templates (document.tex.j2's key block, sheetgen.sty's \\sgkey), and the compiled page
must have no overfull line and no word past the text block, in one column and in two.
"""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import sympy as sp

from generator import mathtex
from generator.compile import compile_tex
from generator.problems import base, registry
from generator.render import environment, render_document

pytestmark = pytest.mark.pdf

SEEDS = range(200)
DRAWS = (("M4", {"items": 5}), ("M1", {}))
WIDEST_PER_KIND = 4
PAGE_WIDTH = 595.276  # a4paper, pt
MARGIN = 56.905  # 2cm, pt
TOLERANCE = 0.5  # pt


@functools.lru_cache(maxsize=1)
def candidates() -> dict[tuple[str, str], list]:
    """(family, answer kind such as `df`) -> distinct answers over the seeds."""
    found: dict[tuple[str, str], dict[str, base.Answer]] = {}
    for family_id, options in DRAWS:
        family = registry.get(family_id)
        for seed in SEEDS:
            for answer in base.generate(family, seed, options).answers:
                kind = (family_id, answer.name.split("_")[0])
                found.setdefault(kind, {}).setdefault(mathtex.answer_tex(answer, "en"), answer)
    return {kind: list(by_tex.values()) for kind, by_tex in found.items()}


def compile_body(folder: Path, name: str, body: str, lang: str) -> Path:
    preamble = environment().get_template("preamble.tex.j2").render(lang=lang)
    tex = folder / f"{name}.tex"
    tex.write_text(f"{preamble}\\begin{{document}}\n{body}\n\\end{{document}}\n", encoding="utf-8")
    compile_tex(tex)
    return tex


@functools.lru_cache(maxsize=2)
def widest(lang: str, folder: Path) -> list:
    """The widest answers of each kind, as pdflatex measures their key items (label and formula)."""
    flat = [a for answers in candidates().values() for a in answers]
    body = "\n".join(
        rf"\setbox0\hbox{{{mathtex.key_label(a, lang)}: $\displaystyle {mathtex.answer_tex(a, lang)}$}}"
        rf"\typeout{{SGWIDTH {i} \the\wd0}}" for i, a in enumerate(flat))
    tex = compile_body(folder, f"measure-{lang}", body + "\nmeasured", lang)
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    width = {int(i): float(w) for i, w in re.findall(r"SGWIDTH (\d+) ([\d.]+)pt", log)}
    assert len(width) == len(flat)
    chosen, start = [], 0
    for answers in candidates().values():
        ranked = sorted(range(start, start + len(answers)), key=width.get, reverse=True)
        chosen.append([flat[i] for i in ranked[:WIDEST_PER_KIND]])
        start += len(answers)
    return chosen


def key_document(groups: list[list], lang: str) -> str:
    """One key page per call through render_document: a problem per group of answers."""
    problems = [SimpleNamespace(points=None, drawn=SimpleNamespace(
        family=SimpleNamespace(id="X", title={lang: f"Group {n}"}), answers=tuple(answers),
        figures={})) for n, answers in enumerate(groups, start=1)]
    spec = SimpleNamespace(title={lang: "Key layout"}, intro={}, minutes=None, graded=False)
    instance = SimpleNamespace(lang=lang, spec=spec,
                               variants=[SimpleNamespace(number=1, problems=problems)])
    return render_document(instance, ["keys"], "Course")


def compile_document(folder: Path, name: str, text: str) -> Path:
    tex = folder / f"{name}.tex"
    tex.write_text(text, encoding="utf-8")
    compile_tex(tex)
    return tex


def overfull_boxes(tex: Path) -> list[str]:
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    return re.findall(r"Overfull \\hbox.*", log)


def words(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, word) of every word pdftotext finds."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(float(x0), float(x1), float(y0), w) for x0, y0, x1, w in re.findall(pattern, html)]


def assert_inside_text_block(tex: Path):
    assert overfull_boxes(tex) == []
    right, left = PAGE_WIDTH - MARGIN + TOLERANCE, MARGIN - TOLERANCE
    outside = [w for w in words(tex.with_suffix(".pdf")) if w[1] > right or w[0] < left]
    assert outside == []


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("key-layout")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_widest_real_answers_stay_in_the_text_block(workdir, lang):
    groups = widest(lang, workdir)
    assert any(a.value is not None and "det" in str(a.value) for g in groups for a in g)
    # four answers of a kind ask for two columns; three for one; all widest ones together too
    layouts = groups + [g[:3] for g in groups] + [[a for g in groups for a in g[:1]]]
    tex = compile_document(workdir, f"widest-{lang}", key_document(layouts, lang))
    assert_inside_text_block(tex)
    label_starts = [x0 for x0, _, _, w in words(tex.with_suffix(".pdf")) if re.fullmatch(r"\w\)", w)]
    middle = PAGE_WIDTH / 2
    assert any(x < middle for x in label_starts) and any(x > middle for x in label_starts)


def test_a_formula_wider_than_the_page_breaks_before_a_term(workdir):
    terms = [rf"\operatorname{{tr}}\left(A_{{{k}}}^T X^{{-1}} B_{{{k}}} dX\right)" for k in range(1, 13)]
    long = base.Answer("df_a", "text", " + ".join(terms), {"en": "$df$"}, item=1)
    short = [base.Answer(f"v_{k}", "number", sp.Integer(k), {"en": "$v$"}, item=1) for k in range(4)]
    tex = compile_document(workdir, "long", key_document([[long, *short], [long]], "en"))
    assert_inside_text_block(tex)
    pluses = [(x0, y0) for x0, _, y0, w in words(tex.with_suffix(".pdf")) if w == "+"]
    assert len(pluses) == 2 * (len(terms) - 1)
    assert len({round(y) for _, y in pluses}) >= 4  # each sum took at least two lines


def test_rows_of_fractions_in_a_matrix_keep_apart(workdir):
    column = mathtex.mat(sp.Matrix([sp.Rational(1, 25), sp.Rational(-12, 25)]))
    body = (rf"\setbox0\hbox{{$\displaystyle {column}$}}\typeout{{SGMAT \the\dimexpr\ht0+\dp0}}"
            r"\setbox2\hbox{$\dfrac{1}{25}$}\typeout{SGFRAC \the\dimexpr\ht2+\dp2}"
            "\nmeasured")
    tex = compile_body(workdir, "fractions", body, "en")
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    matrix = float(re.search(r"SGMAT ([\d.]+)pt", log).group(1))
    fraction = float(re.search(r"SGFRAC ([\d.]+)pt", log).group(1))
    assert matrix >= 2 * fraction + 4  # at least 4pt between the rows
