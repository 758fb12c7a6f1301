"""Weight labels of layered networks belong to their edge, over 1,000 random networks.

For every weight label the test takes the centre the layout chose and its own conservative
estimate of the printed box (glyph widths from the characters at \\footnotesize, rounded up,
plus the node's 1pt inner sep), independent of the layout's estimate. It
requires that the box meets no other edge, that its centre is nearer to its own edge than to any
other, and that labels overlap neither each other nor the nodes. A PDF test checks that the
estimate covers the boxes TeX really makes for every label text the networks use.
"""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from generator.diagrams import Box, Network, network_layout
from generator.diagrams.geometry import label_size
from generator.mathtex import num
from generator.problems.b5_fc_network.family import ARCHITECTURES, INPUTS, WEIGHTS
from tests.diagrams.test_pdf import _pdflatex

PT = 2.54 / 72.27
FOOTNOTE_PT, SCRIPT_PT = 8.0, 6.0  # \footnotesize and its script size
SCRIPT_WIDER = 1.15  # the 6pt fonts are relatively wider (cmr6 digits 0.61 em, cmr8 0.53 em)
SCRIPT_SPACE_PT = 0.5
INNER_SEP_PT = 1.0  # `sg label` in templates/sheetgen-diagrams.sty
B5_SIZES = [tuple(int(s) for s in a.split("-")) for a in ARCHITECTURES]
OTHER_SIZES = [(2, 2, 1), (3, 3, 2), (2, 3, 2, 1), (3, 3, 1), (1, 2, 1), (3, 2, 2, 1),
               (2, 3, 3, 1), (2, 2, 2, 2)]
# B5's weight tables, plus two-decimal weights wider than anything B5 prints
WEIGHT_TABLES = [WEIGHTS["relu"], WEIGHTS["smooth"], (-1.75, -0.25, 0.75, 1.25)]
N_NETWORKS = 1000


def _glyph_em(ch: str) -> float:
    """Width in em at 8pt, rounded up from Computer Modern: digits 0.53, minus 0.83, w 0.76."""
    if ch.isdigit():
        return 0.55
    if ch == "-":
        return 0.85
    if ch in ",.":
        return 0.3
    return 0.8


def _row_width_pt(text: str, size_pt: float) -> float:
    return sum(_glyph_em(ch) * size_pt for ch in text)


def label_box(tex: str, cx: float, cy: float) -> Box:
    """Conservative printed box (cm) of a weight label: `w^{k}_{ij}`, `w_{k}` or a number
    (a superscript and a subscript on one base are stacked, as TeX sets them)."""
    scripts = re.findall(r"([_^])\{([^}]*)\}", tex)
    base = re.sub(r"[_^]\{[^}]*\}", "", tex).replace("{,}", ",")
    stacked = max([_row_width_pt(s, SCRIPT_PT) * SCRIPT_WIDER for _, s in scripts], default=0)
    width = _row_width_pt(base, FOOTNOTE_PT) + (stacked + SCRIPT_SPACE_PT if scripts else 0)
    height = 0.75 * FOOTNOTE_PT + (0.2 * FOOTNOTE_PT if any(k == "^" for k, _ in scripts) else 0)
    depth = 0.25 * FOOTNOTE_PT + (0.15 * FOOTNOTE_PT if any(k == "_" for k, _ in scripts) else 0)
    w = (width + 2 * INNER_SEP_PT) * PT
    h = (height + depth + 2 * INNER_SEP_PT) * PT
    return Box(cx, cy, w, h, tex)


# --- independent plane geometry ---------------------------------------------------------------

def _cross(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_meet(p1, p2, q1, q2) -> bool:
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    return d1 * d2 <= 0 and d3 * d4 <= 0 and not (d1 == d2 == d3 == d4 == 0)


def segment_meets_box(p, q, box: Box) -> bool:
    """The closed box and the segment share a point."""
    inside = [box.left <= x <= box.right and box.bottom <= y <= box.top for x, y in (p, q)]
    if any(inside):
        return True
    corners = [(box.left, box.bottom), (box.right, box.bottom), (box.right, box.top),
               (box.left, box.top)]
    return any(_segments_meet(p, q, corners[i], corners[(i + 1) % 4]) for i in range(4))


def point_segment_distance(c, p, q) -> float:
    dx, dy = q[0] - p[0], q[1] - p[1]
    t = max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(c[0] - p[0] - t * dx, c[1] - p[1] - t * dy)


def boxes_overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.bottom < b.top and b.bottom < a.top


# --- random networks ----------------------------------------------------------------------------

def _value(rng, relu: bool) -> float:
    if relu:
        return int(rng.integers(0, 40))
    return round(float(rng.uniform(-1, 1)), 4)


def random_networks(n: int, seed: int = 12):
    """(network, lang, places) with B5's sizes half of the time, other plausible sizes else."""
    rng = np.random.default_rng(seed)
    for k in range(n):
        pool = B5_SIZES if k % 2 == 0 else OTHER_SIZES
        sizes = pool[int(rng.integers(len(pool)))]
        table = WEIGHT_TABLES[int(rng.integers(len(WEIGHT_TABLES)))]
        relu = table is WEIGHTS["relu"]
        weights = [[[table[int(i)] for i in row] for row in rng.integers(0, len(table), (a, b))]
                   for a, b in zip(sizes, sizes[1:])]
        inputs = INPUTS["relu" if relu else "smooth"]
        values = [[inputs[int(i)] for i in rng.integers(0, len(inputs), sizes[0])]]
        values += [[_value(rng, relu) for _ in range(s)] for s in sizes[1:]]
        lang = ("ru", "en")[int(rng.integers(2))]
        places = None if relu else 4
        label = ("\\sigma", "\\tanh", "\\mathrm{ReLU}")[int(rng.integers(3))]
        yield Network(sizes, label, weights=weights, values=values), lang, places


def label_problems(lay) -> list[str]:
    """Every way the weight labels of a layout fail to belong to their own edge."""
    bad = []
    edges = {(a, b): (p, q) for a, b, p, q in lay.edges}
    boxes = {key: label_box(lay.weight_texts[key], wb.cx, wb.cy)
             for key, wb in lay.weight_boxes.items()}
    if set(boxes) != set(lay.weight_texts):
        bad.append("some weight has no label")
    for key, box in boxes.items():
        centre = (box.cx, box.cy)
        own = point_segment_distance(centre, *edges[key])
        for other, (p, q) in edges.items():
            if other == key:
                continue
            if segment_meets_box(p, q, box):
                bad.append(f"label of {key} meets edge {other}")
            if point_segment_distance(centre, p, q) <= own:
                bad.append(f"label of {key} is nearer to edge {other}")
        for node, nbox in lay.nodes.items():
            if boxes_overlap(box, nbox):
                bad.append(f"label of {key} overlaps node {node}")
    keys = list(boxes)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if boxes_overlap(boxes[a], boxes[b]):
                bad.append(f"labels of {a} and {b} overlap")
    return bad


@pytest.mark.parametrize("chunk", range(4))
def test_thousand_random_networks_labels_belong_to_their_edge(chunk):
    failures = []
    for k, (net, lang, places) in enumerate(random_networks(N_NETWORKS)):
        if k % 4 != chunk:
            continue
        statement = Network(net.sizes, net.activation_label)
        for mode, model in (("statement", statement), ("key", net)):
            problems = label_problems(network_layout(model, mode, lang, places=places))
            if problems:
                failures.append(("-".join(map(str, net.sizes)), mode, lang, problems[:3]))
    assert not failures, f"{len(failures)} of {N_NETWORKS // 2} drawings, e.g. {failures[:5]}"


def test_the_checks_catch_a_label_on_a_crossing():
    """A label moved onto the crossing of x1->n12 and x2->n11 (a 2-2 layer) is reported."""
    lay = network_layout(Network((2, 2, 1)))
    edges = {(a, b): (p, q) for a, b, p, q in lay.edges}
    (p, q), (p2, q2) = edges[("x1", "n12")], edges[("x2", "n11")]
    d, d2 = (q[0] - p[0], q[1] - p[1]), (q2[0] - p2[0], q2[1] - p2[1])
    s = _cross((0, 0), (p2[0] - p[0], p2[1] - p[1]), d2) / _cross((0, 0), d, d2)
    old = lay.weight_boxes[("x1", "n12")]
    lay.weight_boxes[("x1", "n12")] = Box(p[0] + s * d[0], p[1] + s * d[1], old.w, old.h)
    assert any("meets edge ('x2', 'n11')" in m for m in label_problems(lay))


def _label_texts() -> set[str]:
    texts = set()
    for net, lang, places in random_networks(200, seed=5):
        for k in range(len(net.sizes) - 1):
            for i in range(net.sizes[k]):
                for j in range(net.sizes[k + 1]):
                    texts.add(net.weight_tex(k, i, j, lambda v, lg=lang, pl=places: num(v, lg, pl)))
                    texts.add(Network(net.sizes).weight_tex(k, i, j, str))
    texts |= {"w_{1}", "w_{3}"}
    return texts


@pytest.mark.pdf
def test_label_estimate_covers_tex_boxes(tmp_path: Path):
    texts = sorted(_label_texts())
    lines = [rf"\setbox0\hbox{{\footnotesize${t}$}}\typeout{{SIZE|{k}|\the\wd0|\the\ht0|\the\dp0}}"
             for k, t in enumerate(texts)]
    run: subprocess.CompletedProcess = _pdflatex("\n".join(lines) + "\nx", tmp_path)
    seen = 0
    for line in run.stdout.splitlines():
        if line.startswith("SIZE|"):
            _, k, wd, ht, dp = line.split("|")
            box = label_box(texts[int(k)], 0, 0)
            tex_w = (float(wd[:-2]) + 2 * INNER_SEP_PT) * PT
            tex_h = (float(ht[:-2]) + float(dp[:-2]) + 2 * INNER_SEP_PT) * PT
            assert tex_w <= box.w <= 1.4 * tex_w, (texts[int(k)], tex_w, box.w)
            assert tex_h <= box.h <= 1.8 * tex_h, (texts[int(k)], tex_h, box.h)
            # the layout's own estimate (its boxes add the inner sep) covers TeX's box too
            lw, lh = label_size(texts[int(k)], "footnote")
            assert lw >= float(wd[:-2]) * PT and lh >= (float(ht[:-2]) + float(dp[:-2])) * PT
            seen += 1
    assert seen == len(texts) > 20
