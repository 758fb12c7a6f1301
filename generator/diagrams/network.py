"""Fully connected layered networks: model and layout.

`Network(sizes=(2, 2, 1))` has inputs x_1..x_n (circles), neurons drawn as `f(t)` boxes and the
output ŷ after the last layer. Every edge i -> j between layer k-1 and k carries a weight label,
`w^{k}_{ij}` (or `w_k` on a 1-1-...-1 chain) or the number `weights[k-1][i][j]` (matrices are
n_{k-1} x n_k, the row-vector convention h = x W).

Weight labels belong to their edge, by a geometric rule: a label is centred on its own edge
(filled white, the edge passes behind it) at a fraction of the edge's length where its box keeps
EDGE_CLEAR from every other edge and arrow head, stays inside the gap between the two columns
and keeps LABEL_CLEAR from every other label. Among such positions the one with the most
clearance (up to CLEAR_ENOUGH) is preferred, then the one nearest the middle; a small search
settles labels competing for the same room (in a dense layer they end up near the source or the
target end, at staggered fractions). So a label never touches another edge and its centre is
nearer to its own edge than to any other. When the labels of a gap do not fit, the gap grows,
and so may the distance between rows, whichever costs less room (see _Frame.spacing). On a gap
with only horizontal edges (a 1-1 layer) the label sits just above its edge.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.diagrams.geometry import Box, Point, label_size, r2, text_size

V_STEP = 1.35  # distance between neuron centres in a column
BASE_GAP = 2.0
OUT_GAP = 0.9
NODE_PAD_X, NODE_PAD_Y = 0.22, 0.2
LABEL_PAD = 0.08
EDGE_CLEAR = 0.07  # free space between a weight label and every other edge or arrow head (cm)
CLEAR_ENOUGH = 0.3  # more clearance than this does not make a position better
NODE_CLEAR = 0.15  # labels stay inside their gap, this far from the columns of nodes
LABEL_CLEAR = 0.04  # free space between two labels
ARROW_TIP = 0.25  # the last stretch of an edge, covered by the arrow head
T_STEP = 0.02  # positions tried along an edge, as fractions of its length
SEARCH_BUDGET = 2000  # candidate boxes the search may try per gap
MAX_CANDIDATES = 30  # best positions kept per edge
GAP_STEP, MAX_GAP_GROWTH = 0.2, 5.0  # gaps grow on this grid until the labels fit
V_STEP_GROWTH, V_TRIES = 0.1, 16  # so does the row step, when that costs less
HEIGHT_COST = 2.0  # 1 cm more height costs as much as 2 cm more width


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
    wsize = {key: tuple(_even(v + LABEL_PAD) for v in label_size(t, "footnote"))
             for key, t in wtexts.items()}
    frame = _Frame(columns, kinds, texts, size, col_w, wtexts, wsize)
    gaps = [max(BASE_GAP, max(wsize[(a, b)][0] for a in columns[k] for b in columns[k + 1]) * 2.2)
            for k in range(n_layers - 1)]
    v_step, gaps = frame.spacing(v_step, gaps)
    return frame.place(gaps + [OUT_GAP], v_step)


def _even(v: float) -> float:
    import math
    return r2(math.ceil(v / 0.02 - 1e-9) * 0.02)


@dataclass
class _Frame:
    """Everything about a network's drawing except the spacing: texts and sizes of nodes and
    labels, column by column (the last column holds the outputs)."""

    columns: list[list[str]]
    kinds: dict[str, str]
    texts: dict[str, tuple[str, ...]]
    size: dict[str, tuple[float, float]]
    col_w: list[float]
    wtexts: dict[tuple[str, str], str]
    wsize: dict[tuple[str, str], tuple[float, float]]
    memo: dict = field(default_factory=dict)

    def spacing(self, v_min: float, gaps_min: list[float]) -> tuple[float, list[float]]:
        """The row step and labelled gaps of least cost (total gap width plus HEIGHT_COST times
        the height of the tallest column) at which every gap's labels fit."""
        rows = max(len(col) for col in self.columns) - 1
        best = None
        for i in range(V_TRIES):
            v = r2(v_min + i * V_STEP_GROWTH)
            if best and sum(gaps_min) + HEIGHT_COST * rows * v >= best[0]:
                break  # more height cannot pay for itself any more
            gaps = []
            for k, g in enumerate(gaps_min):
                gaps.append(self.shortest_gap(k, g, v))
                if gaps[-1] is None:
                    break
            if None in gaps:
                continue
            cost = sum(gaps) + HEIGHT_COST * rows * v
            if best is None or cost < best[0] - 1e-9:
                best = (cost, v, gaps)
        if best is None:
            raise RuntimeError("could not place the weight labels")  # pragma: no cover
        return best[1], best[2]

    def shortest_gap(self, k: int, gap: float, v_step: float) -> float | None:
        """The shortest gap from `gap` to `gap` + MAX_GAP_GROWTH, on a grid of GAP_STEP, where
        the labels of gap k fit, by bisection (which takes more room to never hurt)."""
        if self.fits(k, gap, v_step):
            return gap
        low, high = 0, round(MAX_GAP_GROWTH / GAP_STEP)  # in grid steps: low does not fit
        if not self.fits(k, r2(gap + high * GAP_STEP), v_step):
            return None
        while high - low > 1:
            mid = (low + high) // 2
            if self.fits(k, r2(gap + mid * GAP_STEP), v_step):
                high = mid
            else:
                low = mid
        return r2(gap + high * GAP_STEP)

    def fits(self, k: int, gap: float, v_step: float) -> bool:
        return self.gap_labels(k, gap, v_step) is not None

    def column_boxes(self, k: int, x: float, v_step: float) -> dict[str, Box]:
        col = self.columns[k]
        top = (len(col) - 1) * v_step / 2
        return {nid: Box(x, r2(top - i * v_step), *self.size[nid], f"node:{nid}")
                for i, nid in enumerate(col)}

    def edges(self, k: int, left: dict[str, Box], right: dict[str, Box]) -> list:
        out = []
        for i, a in enumerate(self.columns[k]):
            for j, b in enumerate(self.columns[k + 1]):
                if self.kinds[b] == "output" and i != j:
                    continue
                out.append((a, b, (left[a].right, left[a].cy), (right[b].left, right[b].cy)))
        return out

    def gap_labels(self, k: int, gap: float, v_step: float) -> dict | None:
        """Label boxes of gap k with its left column at x = 0, or None when they don't fit."""
        key = (k, gap, v_step)
        if key not in self.memo:
            left = self.column_boxes(k, 0.0, v_step)
            x = r2(self.col_w[k] / 2 + gap + self.col_w[k + 1] / 2)
            right = self.column_boxes(k + 1, x, v_step)
            gap_edges = self.edges(k, left, right)
            if all(abs(p[1] - q[1]) < 1e-9 for _, _, p, q in gap_edges):
                labels = _labels_above(gap_edges, self.wsize)
            else:
                labels = _labels_on_edges(gap_edges, self.wsize, max(b.right for b in left.values()),
                                          min(b.left for b in right.values()))
            self.memo[key] = labels
        return self.memo[key]

    def place(self, gaps: list[float], v_step: float) -> NetLayout:
        """The drawing: nodes column by column, edges, and the labels of every labelled gap."""
        lay = NetLayout(kinds=dict(self.kinds), texts=dict(self.texts),
                        weight_texts=dict(self.wtexts))
        xs = [0.0]
        for k in range(1, len(self.columns)):
            xs.append(r2(xs[-1] + self.col_w[k - 1] / 2 + gaps[k - 1] + self.col_w[k] / 2))
        for k, x in enumerate(xs):
            lay.nodes.update(self.column_boxes(k, x, v_step))
        for k in range(len(self.columns) - 1):
            lay.edges += self.edges(k, lay.nodes, lay.nodes)
        for k in range(len(self.columns) - 2):
            for key, box in self.gap_labels(k, gaps[k], v_step).items():
                lay.weight_boxes[key] = Box(r2(box.cx + xs[k]), box.cy, box.w, box.h, box.name)
        return lay


def _labels_above(gap_edges, wsize) -> dict:
    """Horizontal edges (one per gap in a 1-1 layer): the label sits just above the middle."""
    out = {}
    for a, b, p, q in gap_edges:
        w, h = wsize[(a, b)]
        out[(a, b)] = Box(r2((p[0] + q[0]) / 2), r2(p[1] + h / 2 + 0.03), w, h, f"weight:{a}>{b}")
    return out


def _labels_on_edges(gap_edges, wsize, left: float, right: float) -> dict | None:
    """Labels centred on their own edges, clear of every other edge and of each other, or None.

    Every position along an edge (steps of T_STEP) whose box stays inside the gap and keeps
    EDGE_CLEAR from every other edge and from every arrow head is a candidate; candidates are
    ranked by their clearance (up to CLEAR_ENOUGH), then by nearness to the middle of the edge.
    A depth-first search, most constrained edge first, picks one candidate per edge so that no
    two labels come closer than LABEL_CLEAR. The work is done in the gap's own frame (x from
    its left side), so equal gaps of different networks share one computation.
    """
    keys = [(a, b) for a, b, _, _ in gap_edges]
    segments = tuple(((round(p[0] - left, 6), p[1]), (round(q[0] - left, 6), q[1]))
                     for _, _, p, q in gap_edges)
    centres = _fit_labels(segments, tuple(wsize[key] for key in keys), round(right - left, 6))
    if centres is None:
        return None
    return {key: Box(r2(cx + left), cy, *wsize[key], f"weight:{key[0]}>{key[1]}")
            for key, (cx, cy) in zip(keys, centres)}


@functools.lru_cache(maxsize=20000)
def _fit_labels(segments: tuple, sizes: tuple, width: float) -> tuple | None:
    """Centres of the labels of edges `segments` (sizes `sizes`) in a gap from x = 0 to `width`,
    in the order of the edges, or None (see _labels_on_edges)."""
    options = _candidates(segments, sizes, 0.0, width)
    if any(not len(o) for o in options):
        return None
    order = sorted(range(len(segments)), key=lambda n: (len(options[n]), n))
    picked = _choose([options[n] for n in order])
    if picked is None:
        return None
    centres = dict(zip(order, picked))
    return tuple(tuple(centres[n]) for n in range(len(segments)))


def _candidates(segments, sizes, left: float, right: float) -> list:
    """Per edge, the centres and sizes (array rows cx, cy, w, h), best first, of label boxes on
    the edge that keep the clearances of _labels_on_edges; at most MAX_CANDIDATES each."""
    import numpy as np

    from generator.diagrams.geometry import box_segment_clearance

    ends = np.array(segments, dtype=float)  # (edge, end, xy)
    p, q = ends[:, 0, :], ends[:, 1, :]
    length = np.hypot(*(q - p).T)
    tip_start = q - (q - p) * np.minimum(1.0, ARROW_TIP / length)[:, None]
    obstacles = (np.concatenate([p, tip_start]), np.concatenate([q, q]))  # edges, then tips
    n = len(segments)
    w = np.array([s[0] for s in sizes])[:, None, None]
    h = np.array([s[1] for s in sizes])[:, None, None]
    t = np.arange(T_STEP, 1.0 - T_STEP / 2, T_STEP)
    cx = np.round(p[:, 0, None] + t * (q - p)[:, 0, None], 2)  # (edge, t)
    cy = np.round(p[:, 1, None] + t * (q - p)[:, 1, None], 2)
    a = (obstacles[0][None, :, 0, None], obstacles[0][None, :, 1, None])
    b = (obstacles[1][None, :, 0, None], obstacles[1][None, :, 1, None])
    clear = box_segment_clearance(cx[:, None, :], cy[:, None, :], w, h, a, b)  # (edge, obst, t)
    clear[np.arange(n), np.arange(n), :] = np.inf  # a label may sit on its own edge
    clear = clear.min(axis=1)
    inside = (cx - w[:, :, 0] / 2 >= left + NODE_CLEAR) & (cx + w[:, :, 0] / 2 <= right - NODE_CLEAR)
    valid = inside & (clear >= EDGE_CLEAR)
    # rank: clearance (capped) first, then nearness to the middle, then t itself
    score = np.where(valid, -np.minimum(clear, CLEAR_ENOUGH) * 1e4 + np.abs(t - 0.5) * 10 + t,
                     np.inf)
    order = np.argsort(score, axis=1, kind="stable")[:, :MAX_CANDIDATES]
    counts = np.minimum(valid.sum(axis=1), MAX_CANDIDATES)
    rows = np.arange(n)[:, None]
    table = np.stack([cx[rows, order], cy[rows, order], np.broadcast_to(w[:, :, 0], order.shape),
                      np.broadcast_to(h[:, :, 0], order.shape)], axis=2)
    return [table[e, :counts[e]] for e in range(n)]


def _choose(options) -> list | None:
    """One centre per edge from its candidates (arrays of rows cx, cy, w, h, best first), no two
    boxes closer than LABEL_CLEAR: depth-first, in the given order, with forward checking."""
    import numpy as np

    table = np.concatenate(options)
    starts = np.cumsum([0] + [len(o) for o in options[:-1]])
    a, b = table[:, None, :], table[None, :, :]
    gap_x = np.abs(a[..., 0] - b[..., 0]) - (a[..., 2] + b[..., 2]) / 2
    gap_y = np.abs(a[..., 1] - b[..., 1]) - (a[..., 3] + b[..., 3]) / 2
    apart = np.maximum(gap_x, gap_y) >= LABEL_CLEAR - 1e-9  # candidates that keep apart
    budget = [SEARCH_BUDGET]

    def extend(i: int, allowed) -> list | None:
        if i == len(options):
            return []
        for r in starts[i] + np.flatnonzero(allowed[starts[i]:starts[i] + len(options[i])]):
            budget[0] -= 1
            if budget[0] < 0:
                return None
            rest = allowed & apart[r]
            if not np.logical_or.reduceat(rest, starts)[i + 1:].all():
                continue  # some later edge would have no place left
            tail = extend(i + 1, rest)
            if tail is not None:
                return [table[r, :2].tolist()] + tail
        return None

    return extend(0, np.ones(len(table), bool))
