"""G1's loss plot: the iterate labels and the w-hat label never overlap each other, the markers or
the axes, over 1,000 drawn variants.

The test reads the printed pgfplots text only: the axis box (it must be `scale only axis` with
given limits and no enlargement, so that data map to the page linearly), the marker coordinates
and sizes, and each label node (its point, its shift, its inner sep and its text). Label boxes
are estimated from the characters at \\scriptsize, rounded up; a PDF test checks that the
estimate covers the boxes TeX makes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.diagrams import Box
from generator.diagrams.geometry import label_size
from generator.problems import registry
from generator.problems.base import generate
from tests.diagrams.test_pdf import _pdflatex

PT = 2.54 / 72.27
SCRIPT_PT = 7.0
N_SEEDS = 1000
LABEL_TEXTS = ("0", "1", "2", "3", r"$\hat w$")  # as printed: numbers in text mode


def _text_box_pt(tex: str) -> tuple[float, float]:
    """Width and height+depth in pt of a plot label at \\scriptsize, rounded up."""
    base = tex.replace(r"\hat", "").replace(" ", "").replace("$", "")
    width = sum((0.6 if ch.isdigit() else 0.9) * SCRIPT_PT for ch in base)
    return width, SCRIPT_PT  # height 0.75 em, depth 0.25 em


def _option(options: str, name: str) -> str:
    m = re.search(rf"(?:^|[\[,])\s*{re.escape(name)}\s*=\s*([^,\]]+)", options)
    assert m, f"{name} missing in {options[:80]}"
    return m.group(1).strip()


def _cm(length: str) -> float:
    m = re.fullmatch(r"(-?[\d.]+)(cm|pt)", length)
    assert m, length
    return float(m.group(1)) * (1.0 if m.group(2) == "cm" else PT)


class Plot:
    """The geometry of one printed loss plot, in cm from the axis corner (xmin, ymin)."""

    def __init__(self, text: str):
        axis = re.search(r"\\begin\{axis\}\[(.*?)\]\n", text, re.S).group(1)
        assert "scale only axis" in axis and "enlargelimits=false" in axis, axis
        self.w, self.h = _cm(_option(axis, "width")), _cm(_option(axis, "height"))
        self.lim = [float(_option(axis, k)) for k in ("xmin", "xmax", "ymin", "ymax")]
        self.markers = []  # (centre, radius)
        for opts, coords in re.findall(r"\\addplot\[([^\n]*?mark[^\n]*?)\] coordinates \{([^}]*)\}",
                                       text):
            r = _cm(_option(opts, "mark size"))
            for x, y in re.findall(r"\(([-\d.]+),([-\d.]+)\)", coords):
                self.markers.append((self.page(float(x), float(y)), r))
        self.labels = []  # (box, own point)
        for opts, x, y, tex in re.findall(
                r"\\node\[([^\]]*)\] at \(axis cs:([-\d.]+),([-\d.]+)\) \{\$?(.*?)\$?\};", text):
            point = self.page(float(x), float(y))
            sep = _cm(_option(opts, "inner sep"))
            cx = point[0] + _cm(_option(opts, "xshift"))
            cy = point[1] + _cm(_option(opts, "yshift"))
            tw, th = _text_box_pt(tex)
            self.labels.append((Box(cx, cy, tw * PT + 2 * sep, th * PT + 2 * sep, tex), point))

    def page(self, x: float, y: float) -> tuple[float, float]:
        xmin, xmax, ymin, ymax = self.lim
        return (x - xmin) / (xmax - xmin) * self.w, (y - ymin) / (ymax - ymin) * self.h


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.bottom < b.top and b.bottom < a.top


def plot_problems(plot: Plot) -> list[str]:
    bad = []
    for box, point in plot.labels:
        # the axis lines run along x = 0 and y = 0; the box must stay inside the axis box
        if box.left <= 0 or box.bottom <= 0 or box.right >= plot.w or box.top >= plot.h:
            bad.append(f"label {box.name} meets an axis or leaves the axis box")
        for centre, r in plot.markers:
            disc = Box(centre[0], centre[1], 2 * r, 2 * r)
            if centre != point and _overlap(box, disc):
                bad.append(f"label {box.name} covers a marker")
            d_other = (box.cx - centre[0]) ** 2 + (box.cy - centre[1]) ** 2
            d_own = (box.cx - point[0]) ** 2 + (box.cy - point[1]) ** 2
            if centre != point and d_other <= d_own:
                bad.append(f"label {box.name} is nearer to another marker")
        if _overlap(box, Box(point[0], point[1], 0, 0)):
            bad.append(f"label {box.name} covers its own point")
    for i, (a, _) in enumerate(plot.labels):
        for b, _ in plot.labels[i + 1:]:
            if _overlap(a, b):
                bad.append(f"labels {a.name} and {b.name} overlap")
    return bad


@pytest.mark.parametrize("chunk", range(4))
def test_loss_plot_labels_over_a_thousand_variants(chunk):
    family = registry.get("G1")
    failures = []
    for seed in range(chunk, N_SEEDS, 4):
        drawn = generate(family, seed)
        lang = ("ru", "en")[seed % 2]
        plot = Plot(drawn.figures["loss"].tikz("solution", lang))
        assert len(plot.labels) == len(drawn.solution["gd"]) + 1
        assert len(plot.markers) == len(plot.labels)
        problems = plot_problems(plot)
        if problems:
            failures.append((seed, problems[:3]))
    assert not failures, f"{len(failures)} plots, e.g. {failures[:5]}"


def test_the_checks_catch_overlaps():
    text = generate(registry.get("G1"), 0).figures["loss"].tikz("solution", "ru")
    assert plot_problems(Plot(text)) == []
    centred = re.sub(r"xshift=-?[\d.]+cm, yshift=-?[\d.]+cm", "xshift=0.00cm, yshift=0.00cm", text)
    assert any("covers its own point" in p for p in plot_problems(Plot(centred)))
    node = re.search(r"\\node\[.*\n", text).group(0)
    twice = text.replace(node, node + node)
    assert any("overlap" in p for p in plot_problems(Plot(twice)))


@pytest.mark.pdf
def test_plot_label_estimate_covers_tex_boxes(tmp_path: Path):
    lines = [rf"\setbox0\hbox{{\scriptsize {t}}}\typeout{{SIZE|{k}|\the\wd0|\the\ht0|\the\dp0}}"
             for k, t in enumerate(LABEL_TEXTS)]
    run = _pdflatex("\n".join(lines) + "\nx", tmp_path)
    seen = 0
    for line in run.stdout.splitlines():
        if line.startswith("SIZE|"):
            _, k, wd, ht, dp = line.split("|")
            w, h = _text_box_pt(LABEL_TEXTS[int(k)])
            assert float(wd[:-2]) <= w <= 1.3 * float(wd[:-2]) + 1
            assert float(ht[:-2]) + float(dp[:-2]) <= h
            # plot.py's own estimate covers TeX's box too
            lw, lh = label_size(LABEL_TEXTS[int(k)], "script")
            assert lw >= float(wd[:-2]) * PT and lh >= (float(ht[:-2]) + float(dp[:-2])) * PT
            seen += 1
    assert seen == len(LABEL_TEXTS)
