"""TikZ printers: models and layouts in, `tikzpicture` text out.

The text uses only the semantic styles of templates/sheetgen-diagrams.sty (`sg node`,
`sg edge`, ...) plus explicit coordinates and box sizes, written with two decimals so that the
output is byte-stable. Edges are drawn first and boxes (filled white) on top of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from generator.diagrams.geometry import Box, Point
from generator.diagrams.graph import CompGraph
from generator.diagrams.layout import Layout, graph_labels, layout


def f2(v: float) -> str:
    out = f"{v:.2f}"
    return "0.00" if out == "-0.00" else out


def pt(p: Point) -> str:
    return f"({f2(p[0])},{f2(p[1])})"


def tikz_name(node_id: str) -> str:
    """A TikZ-safe node name for a node id (x_1 -> x-1)."""
    return "sg-" + re.sub(r"[^A-Za-z0-9]+", "-", node_id).strip("-")


def _size(box: Box) -> str:
    return f"minimum width={f2(box.w)}cm, minimum height={f2(box.h)}cm"


def _polyline(points) -> str:
    return " -- ".join(pt(p) for p in points)


def tikz_graph(graph: CompGraph, positions: Mapping | None = None, mode: str = "statement",
               lang: str = "ru", fmt: Callable | None = None, *, point: Mapping | None = None,
               places: int | None = None, edge_labels: str = "value") -> str:
    """The computational graph as a tikzpicture.

    mode "statement": bare graph (one box per operation, labelled `c = x + y`);
    mode "key": values at `point` in the boxes (second line), ∂f/∂node under each box and the
    local derivative on each edge. Numbers go through `fmt` (default `mathtex.num(v, lang,
    places)`). `positions` is a Layout from `layout(...)` for the same mode; computed if omitted.
    """
    if isinstance(positions, Layout) and positions.labels.mode == mode:
        lay = positions
    else:
        labels = graph_labels(graph, mode, point, lang, places, fmt, edge_labels)
        lay = layout(graph, labels=labels)
        if positions is not None:
            raise ValueError("positions must be a Layout made by layout() for this mode")
    labels = lay.labels
    out = [r"\begin{tikzpicture}[sg picture]"]
    for e in graph.edges:
        out.append(rf"\draw[sg edge] {_polyline(lay.routes[(e.src, e.dst)])};")
    for n in graph.nodes:
        box = lay.node_boxes[n.id]
        style = "sg input" if n.op == "input" else ("sg output" if n.id == graph.output
                                                     else "sg node")
        lines = labels.lines[n.id]
        text = f"${lines[0]}$"
        if len(lines) > 1:
            text += r"\\" + rf"\sgvalue{{${lines[1]}$}}"
        out.append(rf"\node[{style}, {_size(box)}] ({tikz_name(n.id)}) at {pt((box.cx, box.cy))}"
                   rf" {{{text}}};")
    for e in graph.edges:
        key = (e.src, e.dst)
        if key in lay.edge_label_boxes:
            box = lay.edge_label_boxes[key]
            out.append(rf"\node[sg deriv] at {pt((box.cx, box.cy))} {{${labels.edges[key]}$}};")
    for n in graph.nodes:
        if n.id in lay.adjoint_boxes:
            box = lay.adjoint_boxes[n.id]
            out.append(rf"\node[sg adjoint] at {pt((box.cx, box.cy))} {{${labels.adjoints[n.id]}$}};")
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)


def _lines_tex(lines) -> str:
    text = f"${lines[0]}$"
    if len(lines) > 1:
        text += r"\\" + rf"\sgvalue{{${lines[1]}$}}"
    return text


def tikz_network(net, mode: str = "statement", lang: str = "ru", fmt: Callable | None = None,
                 *, places: int | None = None, positions=None) -> str:
    """A fully connected net as a tikzpicture (see network.Network); `positions` is an optional
    NetLayout from network_layout()."""
    from generator.diagrams.network import network_layout

    lay = positions or network_layout(net, mode, lang, fmt, places)
    out = [r"\begin{tikzpicture}[sg picture]"]
    for _a, _b, p, q in lay.edges:
        out.append(rf"\draw[sg edge] {pt(p)} -- {pt(q)};")
    for nid, box in lay.nodes.items():
        kind = lay.kinds[nid]
        text = _lines_tex(lay.texts[nid])
        if kind == "input" and box.w == box.h:
            style = f"sg circle, minimum size={f2(box.w)}cm"
        elif kind == "input":
            style = f"sg input, {_size(box)}"
        elif kind == "output":
            style = f"sg plain, {_size(box)}"
        else:
            style = f"sg neuron, {_size(box)}"
        out.append(rf"\node[{style}] ({tikz_name(nid)}) at {pt((box.cx, box.cy))} {{{text}}};")
    for (a, b), box in lay.weight_boxes.items():
        out.append(rf"\node[sg weight] at {pt((box.cx, box.cy))} {{${lay.weight_texts[(a, b)]}$}};")
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)


def tikz_chain(chain, mode: str = "statement", lang: str = "ru", fmt: Callable | None = None,
               *, positions=None) -> str:
    """The forward/backward chain as a tikzpicture (see chain.Chain). Statement mode draws the
    forward row, the dashed backward arrows and the gradient boxes; the key adds the local
    derivatives on the backward arrows and the labels of the downward arrows. (`lang`, `fmt`
    are accepted for a uniform signature; chain texts come ready-made from the caller.)"""
    from generator.diagrams.chain import chain_layout

    lay = positions or chain_layout(chain, mode)
    out = [r"\begin{tikzpicture}[sg picture]"]
    for p, q in lay.forward:
        out.append(rf"\draw[sg edge] {pt(p)} -- {pt(q)};")
    for p, q in lay.backward:
        out.append(rf"\draw[sg back] {pt(p)} -- {pt(q)};")
    for _k, (p, q) in sorted(lay.down.items()):
        out.append(rf"\draw[sg down] {pt(p)} -- {pt(q)};")
    for i, (stage, box) in enumerate(zip(chain.stages, lay.stage_boxes)):
        out.append(rf"\node[sg stage, {_size(box)}] (sg-stage{i}) at {pt((box.cx, box.cy))}"
                   rf" {{${stage.name}$}};")
    for i, box in sorted(lay.forward_labels.items()):
        out.append(rf"\node[sg label] at {pt((box.cx, box.cy))} {{${chain.stages[i].forward}$}};")
    for i, box in sorted(lay.backward_labels.items()):
        out.append(rf"\node[sg backlabel] at {pt((box.cx, box.cy))}"
                   rf" {{${chain.stages[i].backward}$}};")
    for k, box in sorted(lay.grad_boxes.items()):
        out.append(rf"\node[sg grad, {_size(box)}] at {pt((box.cx, box.cy))}"
                   rf" {{${chain.params[k].grad}$}};")
    for k, box in sorted(lay.down_labels.items()):
        out.append(rf"\node[sg backlabel] at {pt((box.cx, box.cy))} {{${chain.params[k].label}$}};")
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)
