"""The network of B5 as a figure: a thin adapter over generator.diagrams.Network.

Statement mode draws the bare net with the course's weight names w^k_{ij} on the edges; key mode
draws the given numeric weights on the edges and the forward values (the single object of the
numeric part) in the nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagrams import Network, network_layout, tikz_network

TEXT_WIDTH_CM = 17.0
ACTIVATION_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}


@dataclass(frozen=True)
class NetFigure:
    sizes: tuple
    activation: str
    weights: tuple  # one n_{k-1} x n_k matrix per layer (numbers as in params)
    values: tuple  # inputs, then O_1, ..., O_K of the numeric part
    places: int | None = None

    def network(self, mode: str) -> Network:
        label = ACTIVATION_TEX[self.activation]
        if mode == "key":
            return Network(self.sizes, label, weights=self.weights, values=self.values)
        return Network(self.sizes, label)

    def width(self, mode: str = "statement", lang: str = "ru") -> float:
        lay = network_layout(self.network(mode), mode, lang, places=self.places)
        return max(b.right for b in lay.boxes) - min(b.left for b in lay.boxes)

    def tikz(self, mode: str = "statement", lang: str = "ru", places=None) -> str:
        mode = "key" if mode == "key" else "statement"
        places = self.places if places is None else places
        net = self.network(mode)
        lay = network_layout(net, mode, lang, places=places)
        text = tikz_network(net, mode, lang, places=places, positions=lay)
        width = max(b.right for b in lay.boxes) - min(b.left for b in lay.boxes)
        if width > TEXT_WIDTH_CM:
            return r"\resizebox{\linewidth}{!}{%" + "\n" + text + "}"
        return text
