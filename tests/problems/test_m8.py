"""M8 (nearest symmetric matrix): hand-friendliness over many seeds, a hand-solved instance,
verify() catching slips, templates rendering and compiling."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from generator import mathtex
from generator.problems import base
from generator.problems.m8_nearest_symmetric import family as m8
from tests.problems.texcheck import assert_solutions_compile

FAMILY = dataclasses.replace(m8.FAMILY, folder="m8_nearest_symmetric")
SEEDS = range(1000)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        A = np.array(d.params["A"])
        assert FAMILY.verify(d.params, _values(d)) == [], d.seed
        assert A.shape in ((2, 2), (3, 3)) and A.dtype.kind == "i", d.seed
        assert np.abs(A).max() <= 5 and not np.array_equal(A, A.T), d.seed
        assert all(np.any(row != 0) for row in A), d.seed
        X = d.solution["X_star"]
        assert X == X.T and all(v.q <= 2 for v in X), d.seed  # halves: exact at one decimal
        assert d.solution["dist2"] > 0 and d.solution["dist2"].q <= 2, d.seed


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.3
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) >= 990
    assert {len(d.params["A"]) for d in drawn_all} == {2, 3}


def test_hand_solved_instance():
    # A = [[1, 4], [2, 3]]: X* = [[1, 3], [3, 3]], A - A^T = [[0, 2], [-2, 0]],
    # X* - A = [[0, -1], [1, 0]], ||X* - A||^2 = 2
    params = {"A": [[1, 4], [2, 3]]}
    sol = m8.solve(params)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m8.answers(params, sol)}
    assert values["X_star"] == [[1, 3], [3, 3]]
    assert values["Lambda_skew"] == [[0, 2], [-2, 0]]
    assert values["dist2"] == 2
    assert m8.verify(params, values) == []
    # a 3x3 with halves: A = [[0, 1, 0], [0, 0, 0], [3, 0, 1]]
    # X* = [[0, 0.5, 1.5], [0.5, 0, 0], [1.5, 0, 1]], dist^2 = 2 * (0.25 + 2.25) = 5
    params = {"A": [[0, 1, 0], [0, 0, 0], [3, 0, 1]]}
    sol = m8.solve(params)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m8.answers(params, sol)}
    assert values["X_star"] == [[0, 0.5, 1.5], [0.5, 0, 0], [1.5, 0, 1]]
    assert values["dist2"] == 5
    assert not m8.accept(params, sol)  # the zero row makes it rejected for the sheet
    assert m8.verify(params, values) == []


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:30]:
        p, values = d.params, _values(d)
        A = np.array(p["A"], float)
        slips = {
            "X_star": [A.T.tolist(), (A + A.T).tolist(), np.triu(A + np.triu(A, 1).T).tolist()],
            "Lambda_skew": [(A - A.T).T.tolist(), ((A - A.T) / 2).tolist()],
            "dist2": [float(np.sum((A - A.T) ** 2))],
        }
        for name, wrongs in slips.items():
            for wrong in wrongs:
                assert any(name in m for m in FAMILY.verify(p, {**values, name: wrong})), (d.seed, name)
    assert FAMILY.verify(drawn_all[0].params, {}) != []


def test_templates_render_both_languages(drawn_all):
    from generator.render import render_part

    for d in drawn_all[:6]:
        for lang in ("ru", "en"):
            for part in ("statement", "solution"):
                text = render_part(d, part, lang)
                assert "(((" not in text and "((*" not in text
                assert r"\operatorname{tr}" in text
                if lang == "en":
                    assert not any("а" <= ch.lower() <= "я" for ch in text)
        assert mathtex.mat(d.solution["X_star"], "ru", 1) in render_part(d, "solution", "ru")


@pytest.mark.pdf
def test_solution_compiles(tmp_path, drawn_all):
    assert_solutions_compile(tmp_path, drawn_all[:4], "m8")
