"""Fully connected layered networks: model and layout.

`Network(sizes=(2, 2, 1))` has inputs x_1..x_n (circles), neurons drawn as `f(t)` boxes and the
output ŷ after the last layer. Every edge i -> j between layer k-1 and k carries a weight label,
`w^{k}_{ij}` (or `w_k` on a 1-1-...-1 chain) or the number `weights[k-1][i][j]` (matrices are
n_{k-1} x n_k, the row-vector convention h = x W). Labels sit on their edge (filled white) at
the fraction of its length where they hit no box, no other label and as few other edges as
possible; on a gap with only horizontal edges they sit above the edge. If some label does not
fit, the gap grows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.diagrams.geometry import Box, Point, r2, segment_hits_box, text_size

V_STEP = 1.35  # distance between neuron centres in a column
BASE_GAP = 2.0
OUT_GAP = 0.9
NODE_PAD_X, NODE_PAD_Y = 0.22, 0.2
LABEL_PAD = 0.08
TS = (0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85)


@dataclass(frozen=True)
class Network:
    """A fully connected net. `weights[k]` is the n_k x n_{k+1} matrix between layers k, k+1;
    `values[k]` (optional, key mode) the values shown in layer k (k = 0: the inputs)."""

    sizes: tuple[int, ...] = (2, 2, 1)
    activation_label: str = "f"
    weights: tuple | None = None
    input_labels: tuple[str, ...] | None = None
    output_labels: tuple[str, ...] | None = None
    values: tuple | None = None

    def __post_init__(self):
        sizes = tuple(int(s) for s in self.sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError("a network needs at least an input and an output layer")
        object.__setattr__(self, "sizes", sizes)
        if self.weights is not None:
            ws = tuple(tuple(tuple(row) for row in m) for m in self.weights)
            for k, m in enumerate(ws):
                if len(m) != sizes[k] or any(len(row) != sizes[k + 1] for row in m):
                    raise ValueError(f"weights[{k}] must be {sizes[k]} x {sizes[k + 1]}")
            if len(ws) != len(sizes) - 1:
                raise ValueError("one weight matrix per pair of layers")
            object.__setattr__(self, "weights", ws)
        if self.values is not None:
            object.__setattr__(self, "values", tuple(tuple(v) for v in self.values))

    def node_ids(self, k: int) -> list[str]:
        return [f"{'x' if k == 0 else 'n' + str(k)}{i + 1}" for i in range(self.sizes[k])]

    def input_tex(self, i: int) -> str:
        if self.input_labels:
            return self.input_labels[i]
        return "x" if self.sizes[0] == 1 else f"x_{{{i + 1}}}"

    def output_tex(self, j: int) -> str:
        if self.output_labels:
            return self.output_labels[j]
        return r"\hat y" if self.sizes[-1] == 1 else rf"\hat y_{{{j + 1}}}"

    def weight_tex(self, k: int, i: int, j: int, fmt: Callable) -> str:
        """Label of the edge from node i of layer k to node j of layer k+1 (0-based)."""
        if self.weights is not None:
            return fmt(self.weights[k][i][j])
        if all(s == 1 for s in self.sizes):
            return f"w_{{{k + 1}}}"
        return f"w^{{{k + 1}}}_{{{i + 1}{j + 1}}}"


@dataclass
class NetLayout:
    """Boxes of nodes and labels, edges as segments; names are TikZ-safe ids."""

    nodes: dict[str, Box] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # "input" | "neuron" | "output"
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    edges: list[tuple[str, str, Point, Point]] = field(default_factory=list)
    weight_boxes: dict[tuple[str, str], Box] = field(default_factory=dict)
    weight_texts: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def boxes(self) -> list[Box]:
        return list(self.nodes.values()) + list(self.weight_boxes.values())


def network_layout(net: Network, mode: str = "statement", lang: str = "ru",
                   fmt: Callable | None = None, places: int | None = None) -> NetLayout:
    """Deterministic positions of the nodes and weight labels of `net`."""
    from generator.mathtex import num

    if mode not in ("statement", "key"):
        raise ValueError(f"mode must be 'statement' or 'key', not {mode!r}")
    fmt = fmt or (lambda v: num(v, lang, places))
    show_values = mode == "key" and net.values is not None
    n_layers = len(net.sizes)
    texts: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, str] = {}
    for k in range(n_layers):
        for i, nid in enumerate(net.node_ids(k)):
            main = net.input_tex(i) if k == 0 else f"{net.activation_label}(t)"
            lines = (main,)
            if show_values and k < len(net.values) and net.values[k] is not None:
                lines = (main, "= " + fmt(net.values[k][i]))
            texts[nid] = lines
            kinds[nid] = "input" if k == 0 else "neuron"
    outs = [f"y{j + 1}" for j in range(net.sizes[-1])]
    for j, oid in enumerate(outs):
        texts[oid] = (net.output_tex(j),)
        kinds[oid] = "output"
    size: dict[str, tuple[float, float]] = {}
    for nid, lines in texts.items():
        w, h = text_size(lines, "normal")
        if kinds[nid] == "input":
            d = _even(max(0.6, max(w, h) + 0.12)) if len(lines) == 1 else None
            size[nid] = (d, d) if d else (_even(w + NODE_PAD_X), _even(h + NODE_PAD_Y))
        elif kinds[nid] == "output":
            size[nid] = (_even(w + 0.1), _even(h + 0.1))
        else:
            size[nid] = (_even(max(0.9, w + NODE_PAD_X)), _even(max(0.6, h + NODE_PAD_Y)))
    columns = [net.node_ids(k) for k in range(n_layers)] + [outs]
    col_w = [max(size[n][0] for n in col) for col in columns]
    for k, col in enumerate(columns):  # neurons (and boxed inputs) of a column share one width
        for n in col:
            if kinds[n] == "neuron" or (kinds[n] == "input" and size[n][0] != size[n][1]):
                size[n] = (col_w[k], size[n][1])
    v_step = max(V_STEP, max(s[1] for s in size.values()) + 0.7)
    wtexts: dict[tuple[str, str], str] = {}
    for k in range(n_layers - 1):
        for i, a in enumerate(columns[k]):
            for j, b in enumerate(columns[k + 1]):
                wtexts[(a, b)] = net.weight_tex(k, i, j, fmt)
    wsize = {key: tuple(_even(v + LABEL_PAD) for v in text_size(t, "footnote"))
             for key, t in wtexts.items()}
    gaps = [max(BASE_GAP, max(wsize[(a, b)][0] for a in columns[k] for b in columns[k + 1]) * 2.2)
            for k in range(n_layers - 1)] + [OUT_GAP]
    for attempt in range(30):
        lay, bad = _place(columns, kinds, texts, size, col_w, gaps, v_step, wtexts, wsize,
                          strict=attempt < 12)
        if not bad:
            return lay
        for k in bad:
            gaps[k] = r2(gaps[k] + 0.3)
    raise RuntimeError("could not place the weight labels")  # pragma: no cover


def _even(v: float) -> float:
    import math
    return r2(math.ceil(v / 0.02 - 1e-9) * 0.02)


def _place(columns, kinds, texts, size, col_w, gaps, v_step, wtexts, wsize, strict):
    lay = NetLayout(kinds=dict(kinds), texts=dict(texts), weight_texts=dict(wtexts))
    x = 0.0
    for k, col in enumerate(columns):
        if k:
            x = r2(x + col_w[k - 1] / 2 + gaps[k - 1] + col_w[k] / 2)
        top = (len(col) - 1) * v_step / 2
        for i, nid in enumerate(col):
            w, h = size[nid]
            lay.nodes[nid] = Box(x, r2(top - i * v_step), w, h, f"node:{nid}")
    for k in range(len(columns) - 1):
        for a in columns[k]:
            for b in columns[k + 1]:
                if kinds[b] == "output" and columns[k].index(a) != columns[k + 1].index(b):
                    continue
                ba, bb = lay.nodes[a], lay.nodes[b]
                lay.edges.append((a, b, (ba.right, ba.cy), (bb.left, bb.cy)))
    bad = set()
    fixed = list(lay.nodes.values())
    segs = [(a, b, p, q) for a, b, p, q in lay.edges]
    for k in range(len(columns) - 2):
        gap_edges = [(a, b, p, q) for a, b, p, q in segs if a in columns[k]]
        flat = all(abs(p[1] - q[1]) < 1e-9 for _, _, p, q in gap_edges)
        for a, b, p, q in gap_edges:
            w, h = wsize[(a, b)]
            best = None
            kinds_try = (("above", 0),) if flat else (("on", 0),)
            for kind, krank in kinds_try:
                for trank, t in enumerate(TS):
                    cx, cy = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
                    if kind == "above":
                        cy += h / 2 + 0.03
                    box = Box(r2(cx), r2(cy), w, h, f"weight:{a}>{b}")
                    if any(box.intersects(o, 0.06) for o in fixed):
                        continue
                    if any(box.intersects(o, 0.04) for o in lay.weight_boxes.values()):
                        continue
                    g = box.grown(0.03)
                    soft = sum(1 for a2, b2, p2, q2 in segs
                               if (a2, b2) != (a, b) and segment_hits_box(p2, q2, g))
                    score = (soft, krank, trank)
                    if best is None or score < best[0]:
                        best = (score, box)
            if best is None or (strict and best[0][0] > 0):
                bad.add(k)
                if best is None:
                    continue
            lay.weight_boxes[(a, b)] = best[1]
    return lay, sorted(bad)
