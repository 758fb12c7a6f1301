"""B4 (linear layer backward): a hand-solved instance, the declared rules over 10,000 draws, the
key's items and verify() catching slips."""

from __future__ import annotations

import numpy as np

from generator import mathtex
from generator.problems import base, registry

FAMILY = registry.get("B4")


def _values(answers):
    return {a.name: mathtex.plain(a.value, a.places) for a in answers}


def test_hand_solved_instance():
    params = {"X": [[1, 2], [-1, 1]], "W": [[1], [-2]], "G": [[2], [-1]]}
    s = FAMILY.solve(params)
    # Z = [1 - 4, -1 - 2] = [-3, -3]; dX = G W^T = [[2, -4], [-1, 2]]; dW = X^T G = [[3], [3]]
    assert s["Z"].tolist() == [[-3], [-3]]
    assert s["dX"].tolist() == [[2, -4], [-1, 2]] and s["dW"].tolist() == [[3], [3]]
    v = _values(FAMILY.answers(params, s))
    assert FAMILY.verify(params, v) == []
    assert FAMILY.verify(params, dict(v, dL_dW=[[3], [-3]]))


def test_declared_rules_over_10000_draws():
    """Over 10,000 first draws, every draw that breaks a rule of accept() is rejected: a zero row
    or column in X, W, G or Z = XW, two equal samples (rows of X), a zero entry in a gradient.
    (Only the breaking draws are solved, so the test stays fast.)"""
    options = FAMILY.resolve_options({})
    broken = 0
    for seed in range(10_000):
        params = FAMILY.sample(np.random.default_rng(seed), options)
        X, W, G = (np.array(params[k]) for k in ("X", "W", "G"))
        zero_line = any(not (m.any(axis=0).all() and m.any(axis=1).all()) for m in (X, W, G, X @ W))
        twins = len({tuple(r) for r in X.tolist()}) < len(X)
        zero_grad = not ((G @ W.T) != 0).all() or not ((X.T @ G) != 0).all()
        if zero_line or twins or zero_grad:
            broken += 1
            assert not FAMILY.accept(params, FAMILY.solve(params)), seed
    assert 1_000 < broken < 9_000


def test_key_items_follow_the_statement():
    d = base.generate(FAMILY, 3)
    assert [(a.name, a.item) for a in d.answers] == [
        ("Z", 1), ("dL_dX_formula", 2), ("dL_dW_formula", 2), ("dL_dX", 3), ("dL_dW", 3)]
    assert [a.value for a in d.answers if a.kind == "text"] == ["G W^T", "X^T G"]
