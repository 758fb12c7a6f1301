"""Plane geometry for diagram layout: boxes, segments, overlaps, crossings, clearances, label
sizes.

All lengths are in centimetres, y grows upwards (TikZ convention). Label sizes are estimated from
the TeX source (visible characters, fractions, scripts) so that layout never needs TeX; the
estimates are deliberately a little generous and are checked against real TeX boxes by tests
(text_size for every kind of label, the tighter label_size for weight and plot labels).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]

# Em sizes (cm) of the LaTeX font sizes used by the styles in sheetgen-diagrams.sty (10pt base).
_PT = 2.54 / 72.27
EM = {"normal": 10 * _PT, "small": 9 * _PT, "footnote": 8 * _PT, "script": 7 * _PT}
# Baseline skip per size, used for multi-line node text.
LINE = {"normal": 12 * _PT, "small": 11 * _PT, "footnote": 9.5 * _PT, "script": 8 * _PT}


@dataclass(frozen=True)
class Box:
    """An axis-parallel rectangle given by its centre and size; `name` says what it is."""

    cx: float
    cy: float
    w: float
    h: float
    name: str = ""

    @property
    def left(self) -> float:
        return self.cx - self.w / 2

    @property
    def right(self) -> float:
        return self.cx + self.w / 2

    @property
    def top(self) -> float:
        return self.cy + self.h / 2

    @property
    def bottom(self) -> float:
        return self.cy - self.h / 2

    def grown(self, margin: float) -> Box:
        return Box(self.cx, self.cy, self.w + 2 * margin, self.h + 2 * margin, self.name)

    def intersects(self, other: Box, margin: float = 0.0) -> bool:
        """True when the boxes share interior points (touching edges do not count)."""
        eps = 1e-9
        return (
            self.left < other.right + margin - eps
            and other.left < self.right + margin - eps
            and self.bottom < other.top + margin - eps
            and other.bottom < self.top + margin - eps
        )

    def contains(self, p: Point) -> bool:
        return self.left <= p[0] <= self.right and self.bottom <= p[1] <= self.top


def overlaps(boxes: Sequence[Box], margin: float = 0.0) -> list[tuple[int, int]]:
    """Index pairs (i, j), i < j, of boxes that overlap (closer than `margin`)."""
    found = []
    order = sorted(range(len(boxes)), key=lambda i: boxes[i].left)
    for a_pos, i in enumerate(order):
        for j in order[a_pos + 1:]:
            if boxes[j].left >= boxes[i].right + margin:
                break
            if boxes[i].intersects(boxes[j], margin):
                found.append((min(i, j), max(i, j)))
    return sorted(found)


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Proper crossing of two segments (interiors meet at one point; shared ends don't count)."""
    eps = 1e-9
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    return ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and (
        (d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps)
    )


def segment_hits_box(p: Point, q: Point, box: Box) -> bool:
    """True when the segment p-q passes through the interior of `box` (Liang-Barsky clip)."""
    eps = 1e-9
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, lo, hi, start in ((dx, box.left, box.right, p[0]), (dy, box.bottom, box.top, p[1])):
        if abs(d) < 1e-12:
            if start <= lo + eps or start >= hi - eps:
                return False
            continue
        a, b = (lo - start) / d, (hi - start) / d
        if a > b:
            a, b = b, a
        t0, t1 = max(t0, a), min(t1, b)
        if t0 >= t1 - eps:
            return False
    return True


def box_segment_clearance(cx, cy, w: float, h: float, p, q):
    """How far boxes (centres `cx`, `cy`, size w x h) may grow on every side before they touch
    the segment p-q; negative when they already share interior points. Coordinates may be
    numpy arrays that broadcast (many boxes against many segments at once).

    Exact by separating axes (x, y and the segment's normal): the box grown by m and the segment
    are disjoint exactly when m is below the returned value.
    """
    import numpy as np

    (px, py), (qx, qy) = p, q
    sx = np.maximum(cx - w / 2 - np.maximum(px, qx), np.minimum(px, qx) - cx - w / 2)
    sy = np.maximum(cy - h / 2 - np.maximum(py, qy), np.minimum(py, qy) - cy - h / 2)
    nx, ny = py - qy, qx - px
    reach = np.abs(nx) * w / 2 + np.abs(ny) * h / 2
    sn = (np.abs(nx * (cx - px) + ny * (cy - py)) - reach) / (np.abs(nx) + np.abs(ny))
    return np.maximum(np.maximum(sx, sy), sn)


def polyline_segments(points: Sequence[Point]) -> list[tuple[Point, Point]]:
    return [(points[k], points[k + 1]) for k in range(len(points) - 1)]


def route_crossings(routes: Iterable[Sequence[Point]]) -> int:
    """Proper crossings between different polylines (each pair of segments counted once)."""
    segs = [polyline_segments(r) for r in routes]
    total = 0
    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            for a in segs[i]:
                for b in segs[j]:
                    if segments_cross(a[0], a[1], b[0], b[1]):
                        total += 1
    return total


def crossings(graph, positions: Mapping) -> int:
    """Edge crossings of a drawn graph.

    `graph` has `.edges` with `.src`/`.dst`; `positions` maps node ids to points. When
    `positions` carries `.routes` (a Layout), the drawn polylines are used, otherwise straight
    lines between node centres.
    """
    routes = getattr(positions, "routes", None)
    if routes is not None:
        return route_crossings(routes[(e.src, e.dst)] for e in graph.edges)
    lines = [(positions[e.src], positions[e.dst]) for e in graph.edges]
    total = 0
    for i in range(len(lines)):
        for j in range(i + 1, len(lines)):
            a, b = lines[i], lines[j]
            if segments_cross(a[0], a[1], b[0], b[1]):
                total += 1
    return total


# --- label size estimates ---------------------------------------------------------------------

# Widths in em of the glyphs in Computer Modern math (rounded up).
_NARROW = set("ijlt|!.,;:'")
_WIDE = set("mwMW")
_COMMANDS_WIDTH = {
    "partial": 0.6, "sigma": 0.6, "alpha": 0.65, "beta": 0.6, "delta": 0.5, "eta": 0.55,
    "lambda": 0.6, "theta": 0.5, "mu": 0.6, "cdot": 0.78, "times": 0.78, "ln": 0.8, "log": 1.3,
    "exp": 1.45, "max": 1.75, "min": 1.6, "tanh": 2.0, "sin": 1.25, "cos": 1.35, "to": 1.0,
    "quad": 1.0, "qquad": 2.0, ",": 0.17, ";": 0.28, "!": 0.0, " ": 0.33, "ldots": 1.2,
    "cdots": 1.2, "infty": 1.0, "nabla": 0.85, "top": 0.8, "prime": 0.3, "sum": 1.1,
    "mathrm": 0.0, "operatorname": 0.0, "left": 0.0, "right": 0.0, "sgvalue": 0.0,
    "hat": 0.0, "bar": 0.0, "overline": 0.0, "tilde": 0.0, "tfrac": 0.0, "frac": 0.0,
    "dfrac": 0.0, "sqrt": 0.85, "mathbf": 0.0, "boldsymbol": 0.0, "text": 0.0, "Big": 0.0,
    "big": 0.0, "displaystyle": 0.0, "textstyle": 0.0, "scriptstyle": 0.0, "mathcal": 0.0,
}
_BIN = set("+-*/")
_REL = set("=<>")


def _char_em(ch: str) -> float:
    if ch.isdigit():
        return 0.5
    if ch in _NARROW:
        return 0.33
    if ch in _WIDE:
        return 0.9
    if ch.isupper():
        return 0.8
    if ch in "()[]":
        return 0.39
    if ch.isalpha():
        return 0.57 if ch.isascii() else 0.62
    return 0.6


def _group(text: str, i: int) -> tuple[str, int]:
    """The argument starting at text[i] (a {group}, a \\command or one char) and the next index."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] == "{":
        depth, j = 0, i
        while j < len(text):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    return text[i + 1:j], j + 1
            j += 1
        return text[i + 1:], len(text)
    if text[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", text[i:])
        return m.group(0), i + len(m.group(0))
    return text[i], i + 1


_SCRIPT_PT = {10: 7, 9: 6, 8: 6, 7: 5, 6: 5, 5: 5}
_OPTICAL = {10: 1.0, 9: 1.04, 8: 1.08, 7: 1.14, 6: 1.2, 5: 1.28}
_SIZE_PT = {"normal": 10, "small": 9, "footnote": 8, "script": 7}


def math_size(tex: str, pt: int = 10, stacked: bool = False) -> tuple[float, float, float]:
    """(width, height above baseline, depth) in pt of inline math `tex` at font size `pt`.

    With `stacked`, TeX's own rules for two details make the estimate tighter: a superscript and
    a subscript on one base are stacked (the wider one counts), and a leading minus is unary
    (no space around it).
    """
    em = float(pt) * _OPTICAL[pt]  # small sizes of Computer Modern are relatively wider
    sub = _SCRIPT_PT[pt]
    width, height, depth = 0.0, 0.75 * pt, 0.25 * pt
    i = 0
    while i < len(tex):
        ch = tex[i]
        if stacked and ch in "^_":
            w, h, d, i = _stacked_scripts(tex, i, sub, em)
            width += w
            height, depth = max(height, h), max(depth, d)
            continue
        if stacked and ch == "-" and not tex[:i].strip():
            width += 0.78 * em
            i += 1
            continue
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            name = m.group(1)
            i += len(m.group(0))
            if name in ("frac", "tfrac", "dfrac"):
                num, i = _group(tex, i)
                den, i = _group(tex, i)
                inner = pt if name == "dfrac" else sub
                nw, nh, nd = math_size(num, inner)
                dw, dh, dd = math_size(den, inner)
                width += max(nw, dw) + 0.3 * em
                height = max(height, 0.3 * em + nh + nd)
                depth = max(depth, 0.1 * em + dh + dd)
            elif name in ("hat", "bar", "overline", "tilde", "mathrm", "mathbf", "boldsymbol",
                          "operatorname", "mathcal", "text"):
                arg, i = _group(tex, i)
                w, h, d = math_size(arg, pt)
                width += w + (0.1 * em if name in ("hat", "bar", "tilde") else 0.0)
                height = max(height, h + (0.25 * em if name in ("hat", "bar", "overline") else 0))
                depth = max(depth, d)
            elif name == "sqrt":
                arg, i = _group(tex, i)
                w, h, d = math_size(arg, pt)
                width += w + 0.9 * em
                height = max(height, h + 0.2 * em)
                depth = max(depth, d + 0.1 * em)
            elif name == "\\":
                pass
            else:
                width += _COMMANDS_WIDTH.get(name, 0.6) * em
            continue
        if ch in "^_":
            arg, i = _group(tex, i + 1)
            w, h, d = math_size(arg, sub)
            width += w + 0.06 * em
            if ch == "^":
                height = max(height, 0.4 * em + h)
            else:
                depth = max(depth, 0.2 * em + d)
            continue
        if ch == "{":
            arg, j = _group(tex, i)
            if arg == ",":
                width += 0.3 * em
            else:
                w, h, d = math_size(arg, pt)
                width += w
                height, depth = max(height, h), max(depth, d)
            i = j
            continue
        if ch in "}$& ":
            i += 1
            continue
        if ch in _BIN:
            width += (0.78 + 0.45) * em
        elif ch in _REL:
            width += (0.78 + 0.56) * em
        elif ch == ",":
            width += (0.28 + 0.17) * em
        else:
            width += _char_em(ch) * em
        i += 1
    return width, height, depth


def _stacked_scripts(tex: str, i: int, sub: int, em: float) -> tuple[float, float, float, int]:
    """A superscript and/or subscript starting at tex[i]: (width, height, depth, next index)."""
    width, height, depth = 0.0, 0.0, 0.0
    seen = set()
    while i < len(tex) and tex[i] in "^_" and tex[i] not in seen:
        kind = tex[i]
        seen.add(kind)
        arg, i = _group(tex, i + 1)
        w, h, d = math_size(arg, sub, stacked=True)
        width = max(width, w + 0.06 * em)
        if kind == "^":
            height = max(height, 0.4 * em + h)
        else:
            depth = max(depth, 0.2 * em + d)
        while i < len(tex) and tex[i] == " ":
            i += 1
    return width, height, depth, i


def label_size(tex: str, size: str = "footnote") -> tuple[float, float]:
    """Estimated (width, height) in cm of a short one-line math label (a weight name with
    stacked scripts, a number): tighter than text_size, still covering TeX's box."""
    w, h, d = (v * _PT for v in math_size(tex.replace("$", ""), _SIZE_PT[size], stacked=True))
    return w * 1.03 + 0.02, (h + d) * 1.02 + 0.02


def text_size(lines: Sequence[str] | str, size: str = "normal") -> tuple[float, float]:
    """Estimated (width, height) in cm of lines of inline math typeset at `size` (no padding)."""
    if isinstance(lines, str):
        lines = [lines]
    pt = _SIZE_PT[size]
    widths, total = [], 0.0
    for k, line in enumerate(lines):
        w, h, d = (v * _PT for v in math_size(line.replace("$", ""), pt))
        widths.append(w)
        if k == 0:
            total += h
        else:
            total += max(LINE[size] - 0.25 * pt * _PT, h + 0.1 * pt * _PT)
        total += d
    return max(widths) * 1.06 + 0.03, total * 1.05 + 0.02


def r2(value: float) -> float:
    """Round to the printed precision (0.01 cm) so geometry matches the TikZ text exactly."""
    out = round(value + 0.0, 2)
    return 0.0 if out == 0 else out
