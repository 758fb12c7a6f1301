"""B3 (sigmoid layer backward): hand-friendliness over many seeds, a hand-solved instance, and
verify() catching wrong keys."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from generator import mathtex
from generator.problems import base
from generator.problems.b3_sigmoid_backward import family as b3

FAMILY = dataclasses.replace(b3.FAMILY, folder="b3_sigmoid_backward")
SEEDS = range(1000)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        assert FAMILY.verify(d.params, _values(d)) == [], d.seed
        S, G = d.params["S"], d.params["G"]
        for row in S:
            for s in row:
                assert 0.1 <= s <= 0.9, d.seed  # never saturated
                assert Fraction(str(s)).denominator in (2, 4, 5, 10), d.seed
        assert all(isinstance(g, int) and -3 <= g <= 3 for row in G for g in row)
        # answers are exact decimals with at most 4 places
        for a in d.answers:
            if a.kind != "matrix":
                continue
            for v in a.value:
                assert (Fraction(int(v.p), int(v.q)) * 10**4).denominator == 1, d.seed
        assert not d.solution["dZ"].is_zero_matrix


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.6
    import json

    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) > 990


def test_hand_solved_instance():
    params = {"S": [[0.5, 0.75], [0.2, 0.9]], "G": [[2, -1], [3, 1]]}
    sol = b3.solve(params)
    # s(1-s): 0.25, 0.1875, 0.16, 0.09; times G
    assert [float(v) for v in sol["D"]] == [0.25, 0.1875, 0.16, 0.09]
    assert [float(v) for v in sol["dZ"]] == [0.5, -0.1875, 0.48, 0.09]
    values = {a.name: mathtex.plain(a.value, a.places) for a in b3.answers(params, sol)}
    assert values["dL_dZ"] == [[0.5, -0.1875], [0.48, 0.09]]
    assert values["max_sigma_prime"] == 0.25
    assert b3.verify(params, values) == []
    assert b3.verify(params, dict(values, max_sigma_prime=0.5))


def test_verify_catches_wrong_answers(drawn_all):
    d = drawn_all[0]
    values = _values(d)
    wrong = dict(values, dL_dZ=[[v + 0.01 for v in row] for row in values["dL_dZ"]])
    assert any("dL_dZ" in m for m in FAMILY.verify(d.params, wrong))
    # the classic slip: forgetting the upstream gradient (dL/dZ = S(1-S))
    slip = dict(values, dL_dZ=values["dS_dZ"])
    assert FAMILY.verify(d.params, slip) != []
    # sigma'(z) confused with s itself
    wrong_local = dict(values, dS_dZ=d.params["S"])
    assert any("dS_dZ" in m for m in FAMILY.verify(d.params, wrong_local))


def test_templates_render_both_languages(drawn_all):
    from generator.render import render_part

    for d in drawn_all[:5]:
        for lang in ("ru", "en"):
            for part in ("statement", "solution"):
                text = render_part(d, part, lang)
                assert "(((" not in text and text
        assert "{,}" in render_part(d, "solution", "ru")


def test_the_solution_bounds_only_the_factor():
    from generator.render import render_part

    d = base.generate(FAMILY, 1)
    for lang in ("ru", "en"):
        text = render_part(d, "solution", lang)
        assert "4^{-m}" in text  # the product of the sigma' factors, not the gradient itself
        assert "at least fourfold" not in text and "как минимум в $4$ раза" not in text
