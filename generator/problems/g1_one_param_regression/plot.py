"""The loss curve of G1 with the GD iterates marked and numbered, as a pgfplots picture.

Coordinates are written with a decimal point (pgfplots syntax) in every language; only the tick
labels follow the document's language (decimal comma in Russian).

The axis box has a fixed size (`scale only axis`, limits given, nothing enlarged), so a data point
maps to the page linearly and the labels are placed here, in centimetres from the axis corner:
each label (the iterate numbers 0, 1, 2, ... and w-hat) tries positions around its own marker,
in its preferred directions first and then a little further out, and takes the first one that
stays inside the axis box and clear of both axis lines, keeps off every marker and every other
label, and is nearer to its own point than to any other; among those it prefers positions that
cross neither the curve nor the dotted path. The label is written as a shift from its point.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from generator.diagrams.geometry import Box, box_segment_clearance, label_size
from generator.mathtex import rounded

PT = 2.54 / 72.27
AXIS_W, AXIS_H = 5.6, 3.6  # cm: the axis box itself, tick and axis labels come on top
LABEL_SIZE = "script"  # \scriptsize
INNER_SEP = 1.5 * PT
MARK_R = {"iterate": 1.6 * PT, "w_hat": 2.0 * PT}  # mark size = radius
MARK_GAP = 0.02  # cm between a label's box and its own marker
AXIS_CLEAR = 0.1  # cm between a label and an axis line (and the box's other sides)
LABEL_CLEAR = 0.05  # cm between two labels, or a label and a foreign marker
RINGS = (0.0, 0.06, 0.12, 0.2, 0.3, 0.4, 0.55, 0.7)  # further out, when the near positions are taken
CURVE_SAMPLES = 41
# compass directions (ux, uy) in order of preference
INTO_BOWL_FROM_LEFT = ((1, 1), (0, 1), (-1, 1), (1, 0), (1, -1), (-1, 0), (0, -1), (-1, -1))
BELOW_FIRST = ((0, -1), (1, -1), (-1, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (0, 1))


def _coord(value) -> str:
    text = format(rounded(value, 4), "f")
    return "0" if text in ("-0", "") else text


def _shift(value: float) -> str:
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


@dataclass(frozen=True)
class PlotLabel:
    """A label `text` (TeX) for the marker at `point` (data), centred `dx`, `dy` cm from it."""

    text: str
    point: tuple
    dx: float
    dy: float
    color: str


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

    def limits(self) -> tuple:
        """xmin, xmax, ymin, ymax as exact values (printed rounded to 4 places); below the
        minimum there is room for the w-hat label (3/10 of the curve's height, 0.77 cm)."""
        top = max(self.value(self.lo), self.value(self.hi))
        bottom = self.value(self.w_hat)
        return self.lo, self.hi, bottom - (top - bottom) * 3 / 10, top + (top - bottom) / 10

    @functools.cached_property
    def printed_limits(self) -> tuple[float, ...]:
        return tuple(float(_coord(v)) for v in self.limits())

    def page(self, w, L) -> tuple[float, float]:
        """Centimetres from the axis corner (xmin, ymin) of the data point (w, L), as printed."""
        xmin, xmax, ymin, ymax = self.printed_limits
        w, L = float(_coord(w)), float(_coord(L))
        return (w - xmin) / (xmax - xmin) * AXIS_W, (L - ymin) / (ymax - ymin) * AXIS_H

    def labels(self) -> list[PlotLabel]:
        """The iterate numbers and w-hat, placed (see the module docstring)."""
        wanted = [("w_hat", r"$\hat w$", (self.w_hat, self.value(self.w_hat)), BELOW_FIRST, "red")]
        for t, (w, L) in enumerate(self.points):
            dirs = INTO_BOWL_FROM_LEFT if w <= self.w_hat else _mirrored(INTO_BOWL_FROM_LEFT)
            wanted.append(("iterate", str(t), (w, L), dirs, "blue"))
        markers = [(self.page(*pt), MARK_R[kind]) for kind, _, pt, _, _ in wanted]
        soft = self._lines()
        options = [_label_options(n, text, markers, dirs, soft)
                   for n, (_, text, _, dirs, _) in enumerate(wanted)]
        chosen = _choose(options)
        return [PlotLabel(text, pt, round(box.cx - markers[n][0][0], 2),
                          round(box.cy - markers[n][0][1], 2), color)
                for n, ((_, text, pt, _, color), box) in enumerate(zip(wanted, chosen))]

    def _lines(self) -> list:
        """Segments (page cm) of the curve (as pgfplots samples it) and of the dotted GD path,
        which labels avoid if they can."""
        xmin, xmax, ymin, ymax = self.printed_limits
        a, b, c = (float(_coord(v)) for v in (self.a, self.b, self.c))
        curve = []
        for k in range(CURVE_SAMPLES):
            w = xmin + (xmax - xmin) * k / (CURVE_SAMPLES - 1)
            L = a * w * w + b * w + c
            curve.append(((w - xmin) / (xmax - xmin) * AXIS_W, (L - ymin) / (ymax - ymin) * AXIS_H))
        path = [self.page(w, L) for w, L in self.points]
        return list(zip(curve, curve[1:])) + list(zip(path, path[1:]))

    def tikz(self, mode: str = "solution", lang: str = "ru", places=None) -> str:
        comma = ", /pgf/number format/use comma" if lang == "ru" else ""
        path = " ".join(f"({_coord(w)},{_coord(L)})" for w, L in self.points)
        xmin, xmax, ymin, ymax = (_coord(v) for v in self.limits())
        bottom = self.value(self.w_hat)
        formula = f"({_coord(self.a)})*x*x + ({_coord(self.b)})*x + ({_coord(self.c)})"
        return "\n".join([
            r"\begin{tikzpicture}",
            rf"\begin{{axis}}[scale only axis, width={AXIS_W}cm, height={AXIS_H}cm, "
            rf"enlargelimits=false, axis lines=left, xlabel={{$w$}}, "
            rf"ylabel={{$L(w)$}}, tick label style={{font=\scriptsize}}, "
            rf"label style={{font=\small}}, xmin={xmin}, xmax={xmax}, "
            rf"ymin={ymin}, ymax={ymax}{comma}]",
            rf"\addplot[domain={xmin}:{xmax}, samples={CURVE_SAMPLES}, thick, gray] "
            rf"{{{formula}}};",
            rf"\addplot[only marks, mark=o, mark size=2pt, red] coordinates "
            rf"{{({_coord(self.w_hat)},{_coord(bottom)})}};",
            rf"\addplot[blue, densely dotted, mark=*, mark size=1.6pt, "
            rf"mark options={{solid, fill=blue}}] coordinates {{{path}}};",
            *(self._node(label) for label in self.labels()),
            r"\end{axis}",
            r"\end{tikzpicture}",
        ])

    @staticmethod
    def _node(label: PlotLabel) -> str:
        w, L = label.point
        return (rf"\node[font=\scriptsize, text={label.color}, inner sep=1.5pt, "
                rf"xshift={_shift(label.dx)}cm, yshift={_shift(label.dy)}cm] "
                rf"at (axis cs:{_coord(w)},{_coord(L)}) {{{label.text}}};")


def _mirrored(dirs):
    return tuple((-ux, uy) for ux, uy in dirs)


def _label_box(text: str, cx: float, cy: float) -> Box:
    w, h = label_size(text, LABEL_SIZE)
    return Box(cx, cy, w + 2 * INNER_SEP, h + 2 * INNER_SEP, text)


def _label_options(n: int, text: str, markers, dirs, lines) -> list[Box]:
    """Boxes for label n around its marker, best first: ring by ring, each ring in the preferred
    order of directions, positions crossing the curve or path after the others of the ring."""
    (px, py), r = markers[n]
    size = _label_box(text, 0, 0)
    fitting = []  # (ring, rank, box)
    for ring_no, ring in enumerate(RINGS):
        for rank, (ux, uy) in enumerate(dirs):
            dx = round(ux * (r + MARK_GAP + size.w / 2 + ring), 2)
            dy = round(uy * (r + MARK_GAP + size.h / 2 + ring), 2)
            box = Box(px + dx, py + dy, size.w, size.h, text)
            if _fits(n, box, markers):
                fitting.append((ring_no, rank, box))
    if not fitting:
        return []
    ends = np.array(lines, dtype=float)  # (line, end, xy)
    cx = np.array([box.cx for _, _, box in fitting])[:, None]
    cy = np.array([box.cy for _, _, box in fitting])[:, None]
    clear = box_segment_clearance(cx, cy, size.w, size.h, (ends[:, 0, 0], ends[:, 0, 1]),
                                  (ends[:, 1, 0], ends[:, 1, 1]))
    crosses = (clear < 0).any(axis=1)
    order = sorted(range(len(fitting)),
                   key=lambda i: (fitting[i][0], bool(crosses[i]), fitting[i][1]))
    return [fitting[i][2] for i in order]


def _fits(n: int, box: Box, markers) -> bool:
    """Inside the axis box and clear of the axis lines, off every other marker, and nearer to
    its own marker than to any other."""
    if (box.left < AXIS_CLEAR or box.bottom < AXIS_CLEAR or box.right > AXIS_W - AXIS_CLEAR
            or box.top > AXIS_H - AXIS_CLEAR):
        return False
    own = _dist2((box.cx, box.cy), markers[n][0])
    for m, ((mx, my), r) in enumerate(markers):
        if m == n:
            continue
        if box.intersects(Box(mx, my, 2 * r, 2 * r), LABEL_CLEAR):
            return False
        if _dist2((box.cx, box.cy), (mx, my)) <= own:
            return False
    return True


def _dist2(a, b) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _choose(options: list[list[Box]]) -> list[Box]:
    """One box per label, no two closer than LABEL_CLEAR: depth-first over the options in their
    order, most constrained label first."""
    order = sorted(range(len(options)), key=lambda n: (len(options[n]), n))
    picked: dict[int, Box] = {}

    def extend(i: int) -> bool:
        if i == len(order):
            return True
        n = order[i]
        for box in options[n]:
            if any(box.intersects(other, LABEL_CLEAR) for other in picked.values()):
                continue
            picked[n] = box
            if extend(i + 1):
                return True
            del picked[n]
        return False

    if not extend(0):
        raise RuntimeError("no place for the labels of the loss plot")
    return [picked[n] for n in range(len(options))]
