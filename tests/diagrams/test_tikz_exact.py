r"""Small fixed diagrams as exact TikZ text.

The expected strings were written from the pictures (checked as PNGs): e.g. for f = x·y + y the
input column is 0.70 cm wide, the gap 0.90 cm, so x.east = 0.35 and a.west = 2.09 - 1.68/2 = 1.25;
the edge y -> b bypasses a through a dummy point at y = -1.50 under a's box; on the 1-1-1 chain
the label w_1 (box 0.44 cm high: label_size 0.35 plus 0.08 inner sep, to 0.02) sits 0.03 above
its edge, so its centre is at 0.44 / 2 + 0.03 = 0.25.
"""

import sympy as sp

from generator.diagrams import Chain, CompGraph, Network, Param, Stage, tikz_chain, tikz_graph, tikz_network

x, y = sp.symbols("x y")

GRAPH_STATEMENT = r"""\begin{tikzpicture}[sg picture]
\draw[sg edge] (0.35,-0.30) -- (1.25,-0.60);
\draw[sg edge] (0.35,-1.35) -- (1.25,-0.60);
\draw[sg edge] (0.35,-1.35) -- (1.25,-1.50) -- (2.93,-1.50) -- (3.83,-1.05);
\draw[sg edge] (2.93,-0.60) -- (3.83,-1.05);
\node[sg input, minimum width=0.70cm, minimum height=0.60cm] (sg-x) at (0.00,-0.30) {$x$};
\node[sg input, minimum width=0.70cm, minimum height=0.60cm] (sg-y) at (0.00,-1.35) {$y$};
\node[sg node, minimum width=1.68cm, minimum height=0.60cm] (sg-a) at (2.09,-0.60) {$a = x \cdot y$};
\node[sg output, minimum width=1.86cm, minimum height=0.60cm] (sg-b) at (4.76,-1.05) {$b = y + a$};
\end{tikzpicture}"""

GRAPH_KEY_TAIL = r"""\node[sg deriv] at (1.38,-0.82) {$3$};
\node[sg deriv] at (1.38,-1.83) {$2$};
\node[sg deriv] at (1.38,-2.66) {$1$};
\node[sg deriv] at (4.14,-1.53) {$1$};
\node[sg adjoint] at (0.00,-1.27) {$\partial f/\partial x = 3$};
\node[sg adjoint] at (0.00,-3.29) {$\partial f/\partial y = 3$};
\node[sg adjoint] at (2.76,-1.87) {$\partial f/\partial a = 1$};
\node[sg adjoint] at (5.52,-2.69) {$\partial f/\partial b = 1$};
\end{tikzpicture}"""

CHAIN_NET = r"""\begin{tikzpicture}[sg picture]
\draw[sg edge] (0.30,0.00) -- (2.30,0.00);
\draw[sg edge] (3.20,0.00) -- (5.20,0.00);
\draw[sg edge] (6.10,0.00) -- (7.00,0.00);
\node[sg circle, minimum size=0.60cm] (sg-x1) at (0.00,0.00) {$x$};
\node[sg neuron, minimum width=0.90cm, minimum height=0.60cm] (sg-n11) at (2.75,0.00) {$f(t)$};
\node[sg neuron, minimum width=0.90cm, minimum height=0.60cm] (sg-n21) at (5.65,0.00) {$f(t)$};
\node[sg plain, minimum width=0.38cm, minimum height=0.60cm] (sg-y1) at (7.19,0.00) {$\hat y$};
\node[sg weight] at (1.30,0.25) {$w_{1}$};
\node[sg weight] at (4.20,0.25) {$w_{2}$};
\end{tikzpicture}"""

SMALL_CHAIN_KEY = r"""\begin{tikzpicture}[sg picture]
\draw[sg edge] (0.40,0.12) -- (1.60,0.12);
\draw[sg back] (1.60,-0.12) -- (0.40,-0.12);
\draw[sg down] (2.00,-0.33) -- (2.00,-1.23);
\node[sg stage, minimum width=0.80cm, minimum height=0.66cm] (sg-stage0) at (0.00,0.00) {$X$};
\node[sg stage, minimum width=0.80cm, minimum height=0.66cm] (sg-stage1) at (2.00,0.00) {$H$};
\node[sg label] at (1.00,0.36) {$\cdot W$};
\node[sg backlabel] at (1.00,-0.40) {$W^T$};
\node[sg grad, minimum width=1.18cm, minimum height=0.62cm] at (2.00,-1.54) {$\nabla_W L$};
\end{tikzpicture}"""


def test_graph_statement_exact():
    g = CompGraph.from_sympy(x * y + y, [x, y])
    assert tikz_graph(g) == GRAPH_STATEMENT


def test_graph_key_exact():
    g = CompGraph.from_sympy(x * y + y, [x, y])
    text = tikz_graph(g, mode="key", point={"x": 2, "y": 3})
    # values: a = 6, f = 9; local derivatives ∂a/∂x = y = 3, ∂a/∂y = x = 2, ∂b/∂y = ∂b/∂a = 1;
    # adjoints ∂f/∂x = 3, ∂f/∂y = 2 + 1 = 3
    assert r"(sg-a) at (2.76,-1.12) {$a = x \cdot y$\\\sgvalue{$= 6$}};" in text
    assert r"(sg-b) at (5.52,-1.94) {$b = y + a$\\\sgvalue{$= 9$}};" in text
    assert text.endswith(GRAPH_KEY_TAIL)


def test_chain_network_exact():
    assert tikz_network(Network((1, 1, 1))) == CHAIN_NET


def test_small_forward_backward_chain_exact():
    chain = Chain(["X", Stage("H", r"\cdot W", "W^T")], [Param(1, r"\nabla_W L")])
    assert tikz_chain(chain, "key") == SMALL_CHAIN_KEY


def test_output_is_byte_stable():
    g = CompGraph.from_sympy(sp.exp(x * y) + (x * y) ** 2 * x, [x, y])
    one = tikz_graph(g, mode="key", point={"x": 1, "y": 2}, places=4)
    two = tikz_graph(CompGraph.from_sympy(sp.exp(x * y) + (x * y) ** 2 * x, [x, y]), mode="key",
                     point={"x": 1, "y": 2}, places=4)
    assert one == two
    assert "{,}" in one  # Russian decimal comma from mathtex.num


def test_only_semantic_styles_are_used():
    import re
    g = CompGraph.from_sympy(x * y + sp.exp(x * y), [x, y])
    texts = [tikz_graph(g, mode="key", point={"x": 1, "y": 1}), tikz_network(Network((2, 2, 1))),
             tikz_chain(Chain(["X", Stage("H", "a", "b")], [Param(1, "g", "l")]), "key")]
    for text in texts:
        for opts in re.findall(r"\\(?:node|draw)\[([^\]]*)\]", text):
            style = opts.split(",")[0]
            assert style.startswith("sg "), opts
            rest = [o.strip() for o in opts.split(",")[1:]]
            assert all(o.startswith(("minimum width=", "minimum height=", "minimum size="))
                       for o in rest), opts
