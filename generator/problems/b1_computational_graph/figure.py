"""The computational graph of B1 as a figure: a thin adapter over generator.diagrams.

`GraphFigure(expr, point, places).tikz(mode)` draws the bare graph ("statement") or the graph
with forward values, local derivatives on the edges and adjoints ("key"). A picture wider than
the text is scaled down to the text width (the family rejects graphs that would need more than a
mild scaling, so labels stay readable).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import sympy as sp

from generator.diagrams import CompGraph, layout, tikz_graph

TEXT_WIDTH_CM = 17.0  # a4 with 2 cm margins


def parse_expr(text: str) -> sp.Expr:
    """The expression stored in params (sympy srepr) back as a sympy expression."""
    from generator.diagrams import sigmoid

    return sp.sympify(text, locals={"sigmoid": sigmoid})


def width_cm(lay) -> float:
    boxes = lay.boxes
    return max(b.right for b in boxes) - min(b.left for b in boxes)


@dataclass(frozen=True)
class GraphFigure:
    expr: str  # sympy srepr, as in params
    point: tuple  # ((name, value), ...): x, y at which the key is evaluated
    places: int | None = None

    @cached_property
    def graph(self) -> CompGraph:
        return CompGraph.from_sympy(parse_expr(self.expr), ["x", "y"])

    def layout(self, mode: str = "statement", lang: str = "ru", places=None):
        return _layout(self, mode, lang, self.places if places is None else places)

    def width(self, mode: str = "statement", lang: str = "ru") -> float:
        return width_cm(self.layout(mode, lang))

    def tikz(self, mode: str = "statement", lang: str = "ru", places=None) -> str:
        mode = "key" if mode == "key" else "statement"
        lay = self.layout(mode, lang, places)
        text = tikz_graph(self.graph, lay, mode=mode, lang=lang)
        if width_cm(lay) > TEXT_WIDTH_CM:
            return r"\resizebox{\linewidth}{!}{%" + "\n" + text + "}"
        return text


@lru_cache(maxsize=1024)
def _layout(figure: GraphFigure, mode: str, lang: str, places):
    """The layout is pure in its inputs; accept() and the printers ask for the same ones."""
    point = dict(figure.point) if mode == "key" else None
    return layout(figure.graph, mode, point=point, lang=lang, places=places)
