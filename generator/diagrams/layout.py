"""Layered layout of a computational graph, computed in Python (no TikZ graph drawing).

Steps (Sugiyama style), all deterministic:
1. layers by longest path from the inputs; edges spanning several layers get dummy points;
2. order within layers: exact minimum of (crossings, edge length, distance from the initial
   order) by dynamic programming over the permutations of consecutive layers when the layers are
   small (always for the 4-7 operation graphs of the course), else barycenter sweeps followed by
   exhaustive permutation of each small layer;
3. vertical positions: each layer is stacked with room for its boxes, then nodes are pulled
   towards the mean of their neighbours (isotonic regression keeps order and spacing);
4. columns are as wide as their widest box and gaps as wide as their widest edge label;
5. key mode: edge labels are placed on their edges where they hit no box, no other label and as
   few other edges as possible; if some label does not fit, the gaps grow and 3-5 are redone.
Coordinates are rounded to 0.01 cm, the precision the TikZ printer writes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import sympy as sp

from generator.diagrams.geometry import Box, Point, r2, segment_hits_box, text_size
from generator.diagrams.graph import CompGraph

PAD_X, PAD_Y = 0.22, 0.2  # node inner sep (3pt) on both sides, plus a hair
LABEL_PAD = 0.08  # inner sep of labels (1pt) on both sides, plus a hair
NODE_MIN_W, NODE_MIN_H = 0.7, 0.6
V_GAP = 0.45  # free space between stacked boxes in a column
DUMMY_H = 0.3  # room for an edge passing through a column
BASE_GAP = 0.9  # free space between columns
NODE_SIZE, VALUE_SIZE, ADJ_SIZE, EDGE_SIZE = "normal", "normal", "footnote", "footnote"
_EXACT_LIMIT = 20000  # max permutation pairs per layer pair for the exact ordering


@dataclass(frozen=True)
class GraphLabels:
    """The texts a drawing shows: node lines, adjoints (key) and edge labels (key)."""

    mode: str
    lines: dict[str, tuple[str, ...]]
    adjoints: dict[str, str]
    edges: dict[tuple[str, str], str]


def graph_labels(graph: CompGraph, mode: str = "statement", point: Mapping | None = None,
                 lang: str = "ru", places: int | None = None,
                 fmt: Callable | None = None, edge_labels: str = "value") -> GraphLabels:
    """Label texts (math-mode TeX) for `mode` "statement" (bare graph) or "key" (values at
    `point`, adjoints ∂f/∂node beside nodes, local derivatives on edges).

    `edge_labels` is "value" (number), "formula" (∂dst/∂src in node names) or "both".
    """
    if mode not in ("statement", "key"):
        raise ValueError(f"mode must be 'statement' or 'key', not {mode!r}")
    lines = {n.id: (n.label,) for n in graph.nodes}
    if mode == "statement":
        return GraphLabels(mode, lines, {}, {})
    if point is None:
        raise ValueError("the key needs the point at which to evaluate")
    from generator.mathtex import num

    fmt = fmt or (lambda v: num(v, lang, places))
    ev = graph.evaluate(point)
    lines = {n.id: (n.label, "= " + fmt(ev.values[n.id])) for n in graph.nodes}
    adj_name = r"\partial f/\partial "
    adjoints = {n.id: f"{adj_name}{n.tex} = {fmt(ev.adjoints[n.id])}" for n in graph.nodes}
    edges = {}
    for e in graph.edges:
        value = fmt(ev.local[(e.src, e.dst)])
        formula = sp.latex(e.derivative)
        if edge_labels == "formula":
            edges[(e.src, e.dst)] = formula
        elif edge_labels == "both" and not e.derivative.is_Number:
            edges[(e.src, e.dst)] = f"{formula} = {value}"
        else:
            edges[(e.src, e.dst)] = value
    return GraphLabels(mode, lines, adjoints, edges)


class Layout(Mapping):
    """Node centres (a read-only dict id -> (x, y)) plus everything else the printer draws."""

    def __init__(self, centers, node_boxes, adjoint_boxes, routes, edge_label_boxes, labels):
        self.centers: dict[str, Point] = centers
        self.node_boxes: dict[str, Box] = node_boxes
        self.adjoint_boxes: dict[str, Box] = adjoint_boxes
        self.routes: dict[tuple[str, str], list[Point]] = routes
        self.edge_label_boxes: dict[tuple[str, str], Box] = edge_label_boxes
        self.labels: GraphLabels = labels

    def __getitem__(self, key: str) -> Point:
        return self.centers[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.centers)

    def __len__(self) -> int:
        return len(self.centers)

    @property
    def boxes(self) -> list[Box]:
        """Every drawn box: nodes, adjoints and edge labels."""
        return (list(self.node_boxes.values()) + list(self.adjoint_boxes.values())
                + list(self.edge_label_boxes.values()))

    def segments(self) -> list[tuple[tuple[str, str], Point, Point]]:
        out = []
        for key, pts in self.routes.items():
            for k in range(len(pts) - 1):
                out.append((key, pts[k], pts[k + 1]))
        return out


def layers_of(graph: CompGraph) -> dict[str, int]:
    """Layer of each node: length of the longest path from an input."""
    layer: dict[str, int] = {}
    for n in graph.nodes:
        layer[n.id] = 1 + max(layer[o] for o in n.operands) if n.operands else 0
    return layer


def layout(graph: CompGraph, mode: str = "statement", point: Mapping | None = None,
           lang: str = "ru", places: int | None = None, fmt: Callable | None = None,
           edge_labels: str = "value", labels: GraphLabels | None = None) -> Layout:
    """Positions of every node (and label) of `graph` drawn in `mode`; pure and deterministic."""
    if labels is None:
        labels = graph_labels(graph, mode, point, lang, places, fmt, edge_labels)
    layer = layers_of(graph)
    n_layers = max(layer.values()) + 1
    # items per layer: node ids, and dummies ("~", src, dst, k) for long edges
    items: list[list] = [[] for _ in range(n_layers)]
    for n in graph.nodes:
        items[layer[n.id]].append(n.id)
    chains: dict[tuple[str, str], list] = {}
    for e in graph.edges:
        chain = [e.src]
        for k in range(layer[e.src] + 1, layer[e.dst]):
            d = ("~", e.src, e.dst, k)
            items[k].append(d)
            chain.append(d)
        chain.append(e.dst)
        chains[(e.src, e.dst)] = chain
    links: list[list[tuple]] = [[] for _ in range(n_layers - 1)]
    for chain in chains.values():
        for a, b in zip(chain, chain[1:]):
            links[_layer_of(a, layer)].append((a, b))
    order = _order(items, links)

    # sizes
    node_size: dict[str, tuple[float, float]] = {}
    adj_size: dict[str, tuple[float, float]] = {}
    for n in graph.nodes:
        w, h = text_size(labels.lines[n.id], NODE_SIZE)
        node_size[n.id] = (max(NODE_MIN_W, w + PAD_X), max(NODE_MIN_H, h + PAD_Y))
        if n.id in labels.adjoints:
            aw, ah = text_size(labels.adjoints[n.id], ADJ_SIZE)
            adj_size[n.id] = (r2(aw + LABEL_PAD + 0.001), r2(ah + LABEL_PAD + 0.001))
    col_w = []
    for k in range(n_layers):
        widths = [node_size[i][0] for i in order[k] if isinstance(i, str)]
        widths += [adj_size[i][0] for i in order[k] if isinstance(i, str) and i in adj_size]
        col_w.append(_even(max(widths)))
    heights = {i: _even(node_size[i][1]) for i in node_size}
    edge_size = {}
    for key, text in labels.edges.items():
        w, h = text_size(text, EDGE_SIZE)
        edge_size[key] = (r2(w + LABEL_PAD + 0.001), r2(h + LABEL_PAD + 0.001))
    gaps = []
    for k in range(n_layers - 1):
        widest = max((edge_size[(a, b)][0] for a, b in _gap_edges(chains, layer, k)
                      if (a, b) in edge_size), default=0.0)
        gaps.append(max(BASE_GAP, widest + 0.5) if edge_size else BASE_GAP)
    v_gap = V_GAP if labels.mode == "statement" else V_GAP + 0.1

    for attempt in range(16):
        result = _place(graph, order, links, chains, layer, col_w, gaps, v_gap, heights,
                        adj_size, edge_size, labels)
        ok, soft, bad_gaps = result[-1]
        if ok and (soft == 0 or attempt >= 4):
            return Layout(*result[:-1], labels)
        for k in bad_gaps or range(len(gaps)):
            gaps[k] += 0.4
        v_gap += 0.1
    raise RuntimeError("could not place the edge labels")  # pragma: no cover


def _even(v: float) -> float:
    """Round up to a multiple of 0.02 cm, so half sizes print exactly with two decimals."""
    return r2(math.ceil(v / 0.02 - 1e-9) * 0.02)


def _layer_of(item, layer) -> int:
    return item[3] if isinstance(item, tuple) else layer[item]


def _gap_edges(chains, layer, k):
    for key, _chain in chains.items():
        if layer[key[0]] <= k < layer[key[1]]:
            yield key


# --- ordering ------------------------------------------------------------------------------------

def _pair_cost(upper: tuple, lower: tuple, links: list[tuple]) -> tuple[int, int]:
    pu = {v: i for i, v in enumerate(upper)}
    pl = {v: i for i, v in enumerate(lower)}
    cu, cl = len(upper) - 1, len(lower) - 1
    pos = [(pu[a], pl[b]) for a, b in links]
    cross = 0
    for i in range(len(pos)):
        a1, b1 = pos[i]
        for j in range(i + 1, len(pos)):
            a2, b2 = pos[j]
            if (a1 - a2) * (b1 - b2) < 0:
                cross += 1
    length = sum(abs((2 * a - cu) - (2 * b - cl)) for a, b in pos)
    return cross, length


def _inversions(perm: tuple, initial: list) -> int:
    rank = {v: i for i, v in enumerate(initial)}
    r = [rank[v] for v in perm]
    return sum(1 for i in range(len(r)) for j in range(i + 1, len(r)) if r[i] > r[j])


def _order(items: list[list], links: list[list[tuple]]) -> list[list]:
    n = len(items)
    sizes = [len(layer) for layer in items]
    feasible = all(
        _fact(sizes[k]) * _fact(sizes[k + 1]) <= _EXACT_LIMIT for k in range(n - 1))
    if feasible:
        return _order_exact(items, links)
    return _order_heuristic(items, links)


def _fact(k: int) -> int:
    out = 1
    for i in range(2, k + 1):
        out *= i
    return out


def _order_exact(items, links):
    """Minimise Σ (crossings, length, inversions) over consecutive layers by dynamic programming."""
    perms = [list(itertools.permutations(layer)) for layer in items]
    best = {p: ((0, 0, _inversions(p, items[0])), None) for p in perms[0]}
    history = [best]
    for k in range(1, len(items)):
        cur = {}
        for p in perms[k]:
            inv = _inversions(p, items[k])
            choice = None
            for q in perms[k - 1]:
                (c0, l0, i0), _ = history[-1][q]
                c, length = _pair_cost(q, p, links[k - 1])
                cost = (c0 + c, l0 + length, i0 + inv)
                if choice is None or cost < choice[0]:
                    choice = (cost, q)
            cur[p] = choice
        history.append(cur)
    last = min(history[-1], key=lambda p: history[-1][p][0])
    out = [last]
    for k in range(len(items) - 1, 0, -1):
        out.append(history[k][out[-1]][1])
    return [list(p) for p in reversed(out)]


def _total(order, links) -> tuple[int, int]:
    c = length = 0
    for k in range(len(order) - 1):
        a, b = _pair_cost(tuple(order[k]), tuple(order[k + 1]), links[k])
        c, length = c + a, length + b
    return c, length


def _order_heuristic(items, links):
    """Barycenter sweeps, then exhaustive permutation of each layer of up to 6 items."""
    order = [list(layer) for layer in items]
    best = ([list(x) for x in order], _total(order, links))
    for sweep in range(8):
        rng = range(1, len(order)) if sweep % 2 == 0 else range(len(order) - 2, -1, -1)
        for k in rng:
            ref = order[k - 1] if sweep % 2 == 0 else order[k + 1]
            pos = {v: i for i, v in enumerate(ref)}
            link = links[k - 1] if sweep % 2 == 0 else links[k]
            side = 1 if sweep % 2 == 0 else 0
            bary = {}
            for i, v in enumerate(order[k]):
                nb = [pos[lk[1 - side]] for lk in link if lk[side] == v]
                bary[v] = sum(nb) / len(nb) if nb else i
            order[k] = sorted(order[k], key=lambda v: (bary[v], order[k].index(v)))
        total = _total(order, links)
        if total < best[1]:
            best = ([list(x) for x in order], total)
    order = best[0]
    improved = True
    while improved:
        improved = False
        for k in range(len(order)):
            if len(order[k]) > 6:
                continue
            current = _total(order, links)
            for p in itertools.permutations(order[k]):
                trial = order[:k] + [list(p)] + order[k + 1:]
                t = _total(trial, links)
                if t < current:
                    order, current, improved = trial, t, True
    return order


# --- placement -----------------------------------------------------------------------------------

def _isotonic_column(desired: list[float], gaps: list[float]) -> list[float]:
    """y_0 > y_1 > ... with y_i - y_{i+1} >= gaps[i], least squares to `desired` (PAV)."""
    offs = [0.0]
    for g in gaps:
        offs.append(offs[-1] + g)
    target = [-d - o for d, o in zip(desired, offs)]  # u_i = -y_i - offs_i must be nondecreasing
    blocks: list[list[float]] = []  # [sum, count]
    for t in target:
        blocks.append([t, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    u = []
    for s, c in blocks:
        u.extend([s / c] * c)
    return [-(ui + o) for ui, o in zip(u, offs)]


def _place(graph, order, links, chains, layer, col_w, gaps, v_gap, heights, adj_size,
           edge_size, labels):
    n_layers = len(order)
    # extents above and below the anchor (box centre) of every item
    up, down = {}, {}
    for k in range(n_layers):
        for it in order[k]:
            if isinstance(it, tuple):
                up[it] = down[it] = DUMMY_H / 2
            else:
                up[it] = heights[it] / 2
                down[it] = heights[it] / 2 + (adj_size[it][1] + 0.03 if it in adj_size else 0)
    seps = []
    for k in range(n_layers):
        col = order[k]
        seps.append([down[a] + up[b] + (v_gap if not (isinstance(a, tuple) and isinstance(b, tuple))
                                        else 0.15) for a, b in zip(col, col[1:])])
    y: dict = {}
    for k in range(n_layers):
        total = sum(seps[k])
        cur = total / 2
        for i, it in enumerate(order[k]):
            y[it] = cur
            if i < len(seps[k]):
                cur -= seps[k][i]
    nbrs: dict = {it: [] for col in order for it in col}
    for link in links:
        for a, b in link:
            nbrs[a].append(b)
            nbrs[b].append(a)
    for _ in range(6):
        for k in list(range(n_layers)) + list(range(n_layers - 2, -1, -1)):
            desired = [sum(y[n] for n in nbrs[it]) / len(nbrs[it]) if nbrs[it] else y[it]
                       for it in order[k]]
            for it, v in zip(order[k], _isotonic_column(desired, seps[k])):
                y[it] = v
    # normalise: topmost point at 0 keeps numbers small and stable
    top = max(y[it] + up[it] for it in y)
    y = {it: r2(v - top) for it, v in y.items()}
    xs = [0.0]
    for k in range(1, n_layers):
        xs.append(r2(xs[-1] + col_w[k - 1] / 2 + gaps[k - 1] + col_w[k] / 2))

    centers, node_boxes, adjoint_boxes = {}, {}, {}
    for k in range(n_layers):
        for it in order[k]:
            if isinstance(it, tuple):
                continue
            centers[it] = (xs[k], y[it])
            node_boxes[it] = Box(xs[k], y[it], col_w[k], heights[it], f"node:{it}")
            if it in adj_size:
                aw, ah = adj_size[it]
                cy = r2(y[it] - heights[it] / 2 - 0.03 - ah / 2)
                adjoint_boxes[it] = Box(xs[k], cy, aw, ah, f"adj:{it}")
    routes = {}
    for key, chain in chains.items():
        src, dst = key
        k0 = layer[src]
        pts = [(r2(xs[k0] + col_w[k0] / 2), y[src])]
        for d in chain[1:-1]:
            k = d[3]
            pts.append((r2(xs[k] - col_w[k] / 2), y[d]))
            pts.append((r2(xs[k] + col_w[k] / 2), y[d]))
        k1 = layer[dst]
        pts.append((r2(xs[k1] - col_w[k1] / 2), y[dst]))
        routes[key] = pts
    label_boxes, status = _place_edge_labels(graph, routes, node_boxes, adjoint_boxes,
                                             edge_size, layer)
    return centers, node_boxes, adjoint_boxes, routes, label_boxes, status


_TS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


def _place_edge_labels(graph, routes, node_boxes, adjoint_boxes, edge_size, layer):
    placed: dict = {}
    fixed = list(node_boxes.values()) + list(adjoint_boxes.values())
    all_segments = [(key, pts[i], pts[i + 1]) for key, pts in routes.items()
                    for i in range(len(pts) - 1)]
    soft_total, bad = 0, set()
    keys = sorted(edge_size, key=lambda k: (layer[k[0]], -routes[k][0][1], routes[k][-1][1]))
    for key in keys:
        w, h = edge_size[key]
        pts = routes[key]
        best = None
        for rank_seg, i in enumerate(range(0, len(pts) - 1, 2)):
            p, q = pts[i], pts[i + 1]
            for rank_t, t in enumerate(_TS):
                c = (r2(p[0] + t * (q[0] - p[0])), r2(p[1] + t * (q[1] - p[1])))
                box = Box(c[0], c[1], w, h, f"edge:{key[0]}>{key[1]}")
                if any(box.intersects(b, 0.05) for b in fixed):
                    continue
                if any(box.intersects(b, 0.05) for b in placed.values()):
                    continue
                g = box.grown(0.02)
                soft = sum(1 for other, a, b in all_segments
                           if other != key and max(a[0], b[0]) > g.left and min(a[0], b[0]) < g.right
                           and max(a[1], b[1]) > g.bottom and min(a[1], b[1]) < g.top
                           and segment_hits_box(a, b, g))
                score = (soft, rank_t + rank_seg)
                if best is None or score < best[0]:
                    best = (score, box)
        if best is None:
            bad.add(layer[key[0]])
            continue
        soft_total += best[0][0]
        if best[0][0]:
            bad.add(layer[key[0]])
        placed[key] = best[1]
    ok = len(placed) == len(edge_size)
    return placed, (ok, soft_total, sorted(bad))
