"""Networks and forward/backward chains: labels never collide with labels or boxes."""

import itertools

import numpy as np
import pytest

from generator.diagrams import Chain, Network, Param, Stage, chain_layout, network_layout, overlaps, tikz_network

SIZES = [s for n in (2, 3, 4) for s in itertools.product((1, 2, 3), repeat=n) if s[-1] <= 2]


def _check(lay):
    boxes = lay.boxes
    assert overlaps(boxes, 0.02) == [], [(boxes[i].name, boxes[j].name)
                                         for i, j in overlaps(boxes, 0.02)]


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "-".join(map(str, s)))
def test_network_labels_do_not_collide(sizes):
    net = Network(sizes)
    lay = network_layout(net)
    assert len(lay.weight_boxes) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    _check(lay)
    rng = np.random.default_rng(sum(sizes))
    weights = [np.round(rng.uniform(-2.5, 2.5, (a, b)), 2).tolist()
               for a, b in zip(sizes, sizes[1:])]
    _check(network_layout(Network(sizes, weights=weights), places=2))


def test_network_weight_texts_and_key_values():
    net = Network((2, 2, 1), weights=[[[0.5, -1], [1, 2]], [[1], [-0.25]]],
                  values=[[1, 2], [0.5, 1], [4]])
    key = tikz_network(net, "key")
    assert r"{$-0{,}25$}" in key and r"\sgvalue{$= 0{,}5$}" in key
    assert r"\sgvalue" not in tikz_network(net, "statement")
    sym = tikz_network(Network((3, 3, 3, 1)))
    assert r"{$w^{1}_{23}$}" in sym and r"{$w^{3}_{31}$}" in sym
    with pytest.raises(ValueError):
        Network((2, 2), weights=[[[1, 2]]])


def _b7_chain():
    d = r"\frac{\partial L}{\partial %s}"
    return Chain(
        stages=[Stage("X"), Stage("H_1", r"\cdot W_1", d % "H_1"),
                Stage("O_1", r"\max(0,\cdot)", r"[H_1 > 0]\odot"),
                Stage(r"\hat y", r"\cdot W_2", r"\cdot W_2^T"),
                Stage("L", r"\tfrac12 (y - \hat y)^2", r"\hat y - y")],
        params=[Param("H_1", d % "W_1", r"X^T\cdot"), Param(r"\hat y", d % "W_2", r"O_1^T\cdot")])


@pytest.mark.parametrize("mode", ["statement", "key"])
def test_chain_layout_clean(mode):
    lay = chain_layout(_b7_chain(), mode)
    _check(lay)
    # backward arrows run right to left under the forward ones
    for (p, _q), (bp, bq) in zip(lay.forward, lay.backward):
        assert p[1] > bp[1] and bp[0] > bq[0]
    assert len(lay.down) == 2 and all(p[1] > q[1] for p, q in lay.down.values())


def test_chain_with_crowded_gradients():
    chain = Chain(["X", Stage("H", r"\cdot W"), Stage("Y", r"\cdot V")],
                  [Param(1, r"\frac{\partial L}{\partial W_{\mathrm{long}}}", "A^T B^T C^T"),
                   Param(2, r"\frac{\partial L}{\partial V_{\mathrm{long}}}", "D^T E^T"),
                   Param(2, r"\frac{\partial L}{\partial b}")])
    _check(chain_layout(chain, "key"))
