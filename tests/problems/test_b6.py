"""B6 (backprop by hand, two SGD steps): hand-solved instances (exact and rounded chains),
hand-friendliness over many seeds, verify() catching slips."""

from __future__ import annotations

import collections
import dataclasses
import json

import pytest
import sympy as sp

from generator import mathtex
from generator.problems import base
from generator.problems.b6_sgd_by_hand import family as b6

FAMILY = dataclasses.replace(b6.FAMILY, folder="b6_sgd_by_hand")
SEEDS = range(600)


def _values(answers):
    return {a.name: mathtex.plain(a.value, a.places) for a in answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies(drawn_all):
    for d in drawn_all:
        assert FAMILY.verify(d.params, _values(d.answers)) == [], d.seed


def test_properties_over_seeds(drawn_all):
    acts = collections.Counter()
    for d in drawn_all:
        p, s = d.params, d.solution
        acts[p["activation"]] += 1
        W, v = p["W"], p["v"]
        assert any(w != 0 for row in W for w in row)  # never a zero initialisation
        assert not (W[0] == W[1] and v[0] == v[1])  # the two hidden units are not clones
        assert p["x"][0] != p["x"][1]
        for step in s["steps"]:
            assert step["delta"] != 0 and not step["dW"].is_zero_matrix  # the weights move
            assert not step["dv"].is_zero_matrix
            h = [mathtex.plain(t, 4 if s["smooth"] else None) for t in step["h"]]
            assert h[0] != h[1], d.seed  # the hidden units are told apart at every step
            z = [float(t) for t in step["z"]]
            if p["activation"] in ("sigmoid", "tanh"):
                assert all(0 < abs(t) <= 2.5 for t in z), d.seed  # not saturated
            if p["activation"] == "relu":
                assert any(t > 0 for t in z) and all(t != 0 for t in z), d.seed  # alive
            if p["activation"] in ("relu", "linear"):
                for key in b6.STEP_KEYS:
                    for e in b6._entries(step[key]):
                        assert (sp.Rational(e) * 10**5).q == 1, (d.seed, key)
    assert set(acts) == set(b6.ACTIVATIONS)
    assert min(acts.values()) > len(drawn_all) // 10
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.8
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) > 0.98 * len(drawn_all)


def test_hand_solved_linear_instance():
    params = {"activation": "linear", "W": [[1, 0], [0, -1]], "v": [-1, -1],
              "x": [[-1, 2], [1, 2]], "y": [0, 1], "eta": 0.2}
    v = _values(b6.answers(params, b6.solve(params)))
    # step 1: z = h = (-1, -2), yhat = 3, L = 4.5, dv = (-3, -6), dW = [[3, -6], [3, -6]]
    assert v["z_s1"] == [[-1], [-2]] and v["yhat_s1"] == 3 and v["L_s1"] == 4.5
    assert v["dv_s1"] == [[-3], [-6]] and v["dW_s1"] == [[3, -6], [3, -6]]
    assert v["W_s1"] == [[0.4, 1.2], [-0.6, 0.2]] and v["v_s1"] == [[-0.4], [0.2]]
    # step 2: z = (2.8, -0.2), yhat = -1.16, delta = -2.16, L = 2.3328
    assert v["z_s2"] == [[2.8], [-0.2]] and v["yhat_s2"] == -1.16 and v["L_s2"] == 2.3328
    assert v["dv_s2"] == [[-6.048], [0.432]] and v["dh_s2"] == [[0.864], [-0.432]]
    assert v["W_s2"] == [[0.2272, 0.8544], [-0.5136, 0.3728]]
    assert v["v_s2"] == [[0.8096], [0.1136]]
    assert b6.verify(params, v) == []


def test_hand_solved_sigmoid_instance_follows_the_rounding_rule():
    params = {"activation": "sigmoid", "W": [[1], [-1]], "v": [1, 2], "x": [[1], [2]],
              "y": [1, 0], "eta": 0.5}
    v = _values(b6.answers(params, b6.solve(params)))
    # h = (0.7311, 0.2689), yhat = 0.7311 + 2 * 0.2689 = 1.2689, delta = 0.2689,
    # L = 0.2689^2 / 2 = 0.0361536 -> 0.0362
    assert v["h_s1"] == [[0.7311], [0.2689]] and v["yhat_s1"] == 1.2689 and v["L_s1"] == 0.0362
    # dh = (0.2689, 0.5378), f' = h(1 - h) = 0.19659 -> 0.1966 for both units,
    # dz = (0.2689 * 0.1966, 0.5378 * 0.1966) = (0.052866, 0.105731) -> (0.0529, 0.1057)
    # (the unrounded chain would give 0.1058)
    assert v["dz_s1"] == [[0.0529], [0.1057]] and v["dv_s1"] == [[0.1966], [0.0723]]
    # W = (1 - 0.02645, -1 - 0.05285) = (0.97355, -1.05285): halves away from zero;
    # v = (1 - 0.0983, 2 - 0.03615) = (0.9017, 1.96385 -> 1.9639)
    assert v["W_s1"] == [[0.9736], [-1.0529]] and v["v_s1"] == [[0.9017], [1.9639]]
    # step 2 starts from the shown weights: z = 2 * (0.9736, -1.0529) exactly
    assert v["z_s2"] == [[1.9472], [-2.1058]]
    assert b6.verify(params, v) == []
    assert b6.verify(params, dict(v, dz_s1=[[0.0529], [0.1058]]))
    assert b6.verify(params, dict(v, v_s1=[[0.9017], [1.9638]]))


def test_rounded_values_print_every_place():
    params = {"activation": "tanh", "W": [[1], [-1]], "v": [1, 2], "x": [[1], [2]],
              "y": [1, 0], "eta": 0.5}
    answers = {a.name: a for a in b6.answers(params, b6.solve(params))}
    # tanh(1) = 0.761594 -> 0.7616; every rounded value shows four places in the key
    assert mathtex.answer_tex(answers["h_s1"], "en") == r"\begin{bmatrix} 0.7616 \\ -0.7616 \end{bmatrix}"
    # yhat = 0.7616 - 2 * 0.7616 = -0.7616, delta = -1.7616, L = 1.55161728 -> 1.5516
    assert mathtex.answer_tex(answers["L_s1"], "ru") == "1{,}5516"
    assert mathtex.answer_tex(answers["dv_s1"], "en") == r"\begin{bmatrix} -1.3416 \\ 1.3416 \end{bmatrix}"


def test_verify_catches_slips(drawn_all):
    for act in ("sigmoid", "relu"):
        d = next(x for x in drawn_all if x.params["activation"] == act)
        values = _values(d.answers)
        # forgetting f'(z) in the backward pass (dL/dz = dL/dh)
        if values["dz_s1"] != values["dh_s1"]:
            bad = dict(values, dz_s1=values["dh_s1"])
            assert any(m.startswith("dz_s1") for m in FAMILY.verify(d.params, bad))
        # stepping up the gradient
        eta = d.params["eta"]
        up = [[w + 2 * eta * g for w, g in zip(rw, rg)]
              for rw, rg in zip(values["W_s1"], values["dW_s1"])]
        bad = dict(values, W_s1=up)
        assert any(m.startswith("W_s1") for m in FAMILY.verify(d.params, bad))
        # a wrong loss in step 2
        bad = dict(values, L_s2=values["L_s2"] + 0.001)
        assert any(m.startswith("L_s2") for m in FAMILY.verify(d.params, bad))


def test_templates_render(drawn_all):
    from generator.render import render_part

    seen = set()
    for d in drawn_all:
        key = (d.params["activation"], len(d.params["W"][0]))
        if key in seen:
            continue
        seen.add(key)
        for lang in ("ru", "en"):
            assert "\\toprule" in render_part(d, "solution", lang)
            assert render_part(d, "statement", lang)
    assert len(seen) == 8
