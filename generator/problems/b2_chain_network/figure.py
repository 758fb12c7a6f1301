"""The chain x -w1-> f -w2-> ... -wk-> yhat of B2 as a figure: a thin adapter over generator.diagrams.

The family's chain is a 1-1-...-1 `Network` with k weights and k - 1 hidden units `f(t)`; the last
weight leads straight to the output without an activation. The diagrams' `Network` always puts an
activation box before its output, so the adapter lays out the net with k neuron layers and then
turns the last neuron box into the (unframed) output yhat, keeping the arrow and the w_k label
where the layout put them.

`ChainNetFigure.tikz("statement")` labels the edges w_1 ... w_k; `tikz("key")` writes the numeric
weights on the edges and the forward values (x, a_1, ..., a_{k-1}, yhat) in the boxes, formatted
exactly like the answers (`places` decimals for sigmoid/tanh, exact otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import mathtex
from generator.diagrams import Box, Network, network_layout, text_size, tikz_network

TEXT_WIDTH_CM = 17.0  # a4 with 2 cm margins


def width_cm(lay) -> float:
    boxes = lay.boxes
    return max(b.right for b in boxes) - min(b.left for b in boxes)


def _even(v: float) -> float:
    import math
    return round(math.ceil(v / 0.02 - 1e-9) * 0.02, 2)


@dataclass(frozen=True)
class ChainNetFigure:
    x: int
    w: tuple  # k integer weights
    values: tuple | None = None  # key: (x, a_1, ..., a_{k-1}, yhat), exact or sympy Floats
    places: int | None = None  # decimals of the forward values (as in the answers)

    @property
    def depth(self) -> int:
        return len(self.w)

    def network(self, mode: str, lang: str, places: int | None) -> tuple[Network, object]:
        k = self.depth
        sizes = (1,) * (k + 1)
        if mode != "key":
            return Network(sizes), None
        weights = [[[int(v)]] for v in self.w]
        shown = [mathtex.num(self.x, lang)]
        shown += [mathtex.num(v, lang, places) for v in (self.values or ())[1:k]]
        values = [[t] for t in shown]  # none for the last box: it becomes yhat (see layout())
        net = Network(sizes, weights=weights, values=values)
        return net, (lambda v: v if isinstance(v, str) else mathtex.num(v, lang))

    def layout(self, mode: str = "statement", lang: str = "ru", places=None):
        mode = "key" if mode == "key" else "statement"
        places = self.places if places is None else places
        net, fmt = self.network(mode, lang, places)
        lay = network_layout(net, mode, lang, fmt)
        # the last neuron is the linear output: drop the library's own output node and edge and
        # print yhat (with its value in the key) in place of the last f(t), left-aligned to the arrow
        last = net.node_ids(self.depth)[0]
        out = "y1"  # network_layout's id of the output node
        lay.nodes.pop(out)
        lay.kinds.pop(out)
        lay.texts.pop(out)
        lay.edges = [e for e in lay.edges if e[1] != out]
        if mode == "key" and self.values is not None:
            value = mathtex.num(self.values[self.depth], lang, places)
            text = rf"\hat y = \sgvalue{{{value}}}"
            w, h = text_size(rf"\hat y = {value}", "normal")
        else:
            text = r"\hat y"
            w, h = text_size(text, "normal")
        old = lay.nodes[last]
        w, h = _even(w + 0.1), _even(h + 0.1)
        lay.nodes[last] = Box(round(old.left + w / 2, 2), old.cy, w, h, old.name)
        lay.kinds[last] = "output"
        lay.texts[last] = (text,)
        return lay

    def width(self, mode: str = "statement", lang: str = "ru") -> float:
        return width_cm(self.layout(mode, lang))

    def tikz(self, mode: str = "statement", lang: str = "ru", places=None) -> str:
        mode = "key" if mode == "key" else "statement"
        places = self.places if places is None else places
        lay = self.layout(mode, lang, places)
        net, _ = self.network(mode, lang, places)  # (the printer only reads the layout)
        text = tikz_network(net, mode, lang, positions=lay)
        if width_cm(lay) > TEXT_WIDTH_CM:
            return r"\resizebox{\linewidth}{!}{%" + "\n" + text + "}"
        return text


def figure(params, solution, places: int | None) -> ChainNetFigure:
    values = tuple(solution["a"]) + (solution["yhat"],)
    return ChainNetFigure(x=int(params["x"]), w=tuple(int(v) for v in params["w"]),
                          values=values, places=places)

