"""Diagrams that draw themselves: models laid out in Python and printed to TikZ.

Three kinds, each a pure-data model, a deterministic layout and a printer whose output uses only
the semantic styles (`sg node`, `sg edge`, `sg weight`, ...) of templates/sheetgen-diagrams.sty:

- computational graphs of sympy expressions (`CompGraph.from_sympy`, `layout`, `tikz_graph`),
  with forward values, local derivatives and adjoints in the key version;
- fully connected networks (`Network`, `tikz_network`) with collision-free weight labels;
- forward/backward chains X -> H1 -> ... -> L (`Chain`, `Stage`, `Param`, `tikz_chain`).

`random_expression` draws the expressions of the computational-graph problems. The geometry
helpers (`overlaps`, `crossings`) are what the tests use to check the pictures.
"""

from generator.diagrams.chain import Chain, Param, Stage, chain_layout
from generator.diagrams.geometry import Box, crossings, overlaps, text_size
from generator.diagrams.graph import CompGraph, Edge, Evaluation, Node, sigmoid
from generator.diagrams.layout import Layout, graph_labels, layout
from generator.diagrams.network import Network, network_layout
from generator.diagrams.randexpr import random_expression
from generator.diagrams.tikz import tikz_chain, tikz_graph, tikz_network

__all__ = [
    "Box", "Chain", "CompGraph", "Edge", "Evaluation", "Layout", "Network", "Node", "Param",
    "Stage", "chain_layout", "crossings", "graph_labels", "layout", "network_layout",
    "overlaps", "random_expression", "sigmoid", "text_size", "tikz_chain", "tikz_graph",
    "tikz_network",
]
