"""The loss curve of G1 with the GD iterates marked and numbered, as a pgfplots picture.

Coordinates are written with a decimal point (pgfplots syntax) in every language; only the tick
labels follow the document's language (decimal comma in Russian).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.mathtex import rounded


def _coord(value) -> str:
    text = format(rounded(value, 4), "f")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class LossPlot:
    a: object  # L(w) = a w^2 + b w + c
    b: object
    c: object
    w_hat: object
    points: tuple  # ((w, L(w)), ...) for w_0, w_1, ...
    lo: object
    hi: object

    @classmethod
    def from_solution(cls, params, solution) -> LossPlot:
        S, c, Y = solution["S"], solution["c"], solution["Y"]
        points = tuple((s["w"], s["L"]) for s in solution["gd"])
        ws = [p[0] for p in points] + [solution["w_hat"]]
        lo, hi = min(ws), max(ws)
        pad = max((hi - lo) / 4, Fraction(1, 10))
        return cls(a=S / 2, b=-c, c=Y / 2, w_hat=solution["w_hat"], points=points,
                   lo=lo - pad, hi=hi + pad)

    def value(self, w):
        return self.a * w**2 + self.b * w + self.c

    def tikz(self, mode: str = "solution", lang: str = "ru", places=None) -> str:
        comma = ", /pgf/number format/use comma" if lang == "ru" else ""
        # labels go into the bowl: up-right of points left of the minimum, up-left otherwise
        left = [(w, L, t) for t, (w, L) in enumerate(self.points) if w <= self.w_hat]
        right = [(w, L, t) for t, (w, L) in enumerate(self.points) if w > self.w_hat]
        path = " ".join(f"({_coord(w)},{_coord(L)})" for w, L in self.points)
        top = max(self.value(self.lo), self.value(self.hi))
        bottom = self.value(self.w_hat)
        ymin = bottom - (top - bottom) / 8
        ymax = top + (top - bottom) / 10
        formula = f"({_coord(self.a)})*x*x + ({_coord(self.b)})*x + ({_coord(self.c)})"
        return "\n".join([
            r"\begin{tikzpicture}",
            rf"\begin{{axis}}[width=7cm, height=5cm, axis lines=left, xlabel={{$w$}}, "
            rf"ylabel={{$L(w)$}}, tick label style={{font=\scriptsize}}, "
            rf"label style={{font=\small}}, xmin={_coord(self.lo)}, xmax={_coord(self.hi)}, "
            rf"ymin={_coord(ymin)}, ymax={_coord(ymax)}{comma}]",
            rf"\addplot[domain={_coord(self.lo)}:{_coord(self.hi)}, samples=41, thick, gray] "
            rf"{{{formula}}};",
            rf"\addplot[only marks, mark=o, mark size=2pt, red] coordinates "
            rf"{{({_coord(self.w_hat)},{_coord(bottom)})}};",
            rf"\node[below, font=\scriptsize, text=red] at "
            rf"(axis cs:{_coord(self.w_hat)},{_coord(bottom)}) {{$\hat w$}};",
            rf"\addplot[blue, densely dotted, mark=*, mark size=1.6pt, "
            rf"mark options={{solid, fill=blue}}] coordinates {{{path}}};",
            *(self._labels(left, "south west") + self._labels(right, "south east")),
            r"\end{axis}",
            r"\end{tikzpicture}",
        ])

    @staticmethod
    def _labels(points, anchor: str) -> list[str]:
        return [
            rf"\node[anchor={anchor}, inner sep=1.5pt, font=\scriptsize, text=blue] "
            rf"at (axis cs:{_coord(w)},{_coord(L)}) {{{t}}};"
            for w, L, t in points
        ]
