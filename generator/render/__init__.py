"""Renders sheets to LaTeX text with Jinja; pure: no files written, no subprocesses.

Delimiters are LaTeX-safe: `((( expr )))` prints, `((* stmt *))` controls, `((= comment =))`.
Undefined names are errors (StrictUndefined). Filters format through generator.mathtex with the
document's language: `num`, `mat`, `tex`, `ans` (an Answer), `esc` (user text), `tikz` (a diagram),
`item` (a sub-item number as its label, `а)`/`a)`), `keylabel` (an Answer's name in the key),
`points` (a problem's points with the noun in the right number: `4 балла`, `5 баллов`, `1 point`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2
from pylatex.utils import escape_latex

from generator import mathtex
from generator.model import SheetInstance
from generator.problems.registry import PROBLEMS_DIR

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
DOC_KINDS = ("variants", "keys", "solutions")
LABELS = {
    "ru": {
        "variant": "Вариант",
        "problem": "Задача",
        "points": ("балл", "балла", "баллов"),  # 1, 2-4, 5-20 (generator.render.points)
        "name": "ФИО",
        "group": "Группа",
        "key": "Ключ",
        "solutions": "Решения",
        "solution": "Решение",
        "answer": "Ответ",
        "minutes": "Время",
        "min": "мин",
        "page": "с.",
    },
    "en": {
        "variant": "Variant",
        "problem": "Problem",
        "points": ("point", "points", "points"),
        "name": "Name",
        "group": "Group",
        "key": "Key",
        "solutions": "Solutions",
        "solution": "Solution",
        "answer": "Answer",
        "minutes": "Time",
        "min": "min",
        "page": "p.",
    },
}


def escape(text) -> str:
    """User text (titles, names) printed literally: every LaTeX special is neutralised."""
    escaped = escape_latex(str(text))
    return escaped.replace(r"\^{}", r"\textasciicircum{}").replace(r"\~{}", r"\textasciitilde{}")


def points(count: int, lang: str) -> str:
    """`1 балл`, `3 балла`, `5 баллов`, `21 балл`; `1 point`, `2 points`."""
    return f"{count} {LABELS[lang]['points'][plural_form(count, lang)]}"


def plural_form(count: int, lang: str) -> int:
    """Which of a noun's three forms goes with a whole number: Russian has one for 1 (21, 31...),
    one for 2-4 (22-24...) and one for the rest (0, 5-20, 25...); English, 1 and the rest."""
    count = abs(count)
    if lang != "ru":
        return 0 if count == 1 else 1
    if count % 10 == 1 and count % 100 != 11:
        return 0
    return 1 if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14 else 2


@jinja2.pass_context
def _points(ctx, count):
    return points(int(count), ctx["lang"])


@jinja2.pass_context
def _num(ctx, value, places=None):
    return mathtex.num(value, ctx["lang"], places)


@jinja2.pass_context
def _mat(ctx, value, places=None):
    return mathtex.mat(value, ctx["lang"], places)


@jinja2.pass_context
def _item(ctx, index):
    return mathtex.item_label(int(index), ctx["lang"])


@jinja2.pass_context
def _keylabel(ctx, answer):
    return mathtex.key_label(answer, ctx["lang"])


@jinja2.pass_context
def _ans(ctx, answer):
    return mathtex.answer_tex(answer, ctx["lang"])


@jinja2.pass_context
def _tikz(ctx, figure, mode="statement", places=None):
    try:
        return _figure_tex(figure, mode, ctx["lang"], places)
    except TypeError:  # an unhashable figure: draw it every time
        return figure_tex(figure.tikz(mode=mode, lang=ctx["lang"], places=places))


@lru_cache(maxsize=4096)
def _figure_tex(figure, mode: str, lang: str, places) -> str:
    """Figures are value objects: an equal figure draws the same picture, so draw it once
    (statements, keys and solutions of a build show the same figures)."""
    return figure_tex(figure.tikz(mode=mode, lang=lang, places=places))


def figure_tex(tikz: str) -> str:
    """`\\sgfig{id}{picture}`: LaTeX typesets each id once per document and reuses the result
    (sheetgen.sty); the id is a hash of the picture, so equal pictures share it."""
    tikz = tikz.strip()
    return f"\\sgfig{{{hashlib.sha256(tikz.encode()).hexdigest()[:16]}}}{{{tikz}}}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATES_DIR), str(PROBLEMS_DIR)]),
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((=",
        comment_end_string="=))",
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(num=_num, mat=_mat, ans=_ans, tikz=_tikz, esc=escape, tex=mathtex.tex,
                       item=_item, keylabel=_keylabel, points=_points)
    return env


def render_part(drawn, part: str, lang: str) -> str:
    """One family's `statement` or `solution` text for one drawn variant."""
    name = f"{drawn.family.folder}/{part}.{lang}.tex.j2"
    return environment().get_template(name).render(**part_context(drawn, lang)).strip()


def part_context(drawn, lang: str) -> dict:
    return {
        "p": drawn.params,
        "s": drawn.solution,
        "a": {answer.name: answer for answer in drawn.answers},
        "answers": drawn.answers,
        "fig": drawn.figures,
        "opts": drawn.options,
        "lang": lang,
    }


def render_document(instance: SheetInstance, kinds, course_title: str,
                    parts: dict | None = None, variants=None) -> str:
    """One document with the given parts (variants, keys, solutions) over the given variants
    (all by default). `parts` caches each problem's rendered texts across calls."""
    lang = instance.lang
    parts = {} if parts is None else parts
    chosen = instance.variants if variants is None else variants
    contexts = [_variant_context(v, kinds, lang, parts) for v in chosen]
    return environment().get_template("document.tex.j2").render(
        kinds=list(kinds),
        lang=lang,
        L=LABELS[lang],
        course=course_title,
        spec=instance.spec,
        title=instance.spec.title[lang],
        intro=instance.spec.intro.get(lang, ""),
        variants=contexts,
    )


def _variant_context(variant, kinds, lang: str, parts: dict) -> dict:
    problems = []
    for index, problem in enumerate(variant.problems, start=1):
        drawn = problem.drawn
        item = {
            "index": index,
            "title": drawn.family.title[lang],
            "family": drawn.family.id,
            "points": problem.points,
            "answers": drawn.answers,
            "figures": list(drawn.figures.values()) if "keys" in kinds else [],
        }
        if "variants" in kinds or "solutions" in kinds:
            item["statement"] = _cached_part(parts, drawn, "statement", lang)
        if "solutions" in kinds:
            item["solution"] = _cached_part(parts, drawn, "solution", lang)
        problems.append(item)
    return {"number": variant.number, "problems": problems}


def _cached_part(parts: dict, drawn, part: str, lang: str) -> str:
    key = (id(drawn), part)
    if key not in parts:
        parts[key] = (drawn, render_part(drawn, part, lang))  # keeps drawn alive: ids stay unique
    return parts[key][1]
