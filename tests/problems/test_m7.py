"""M7 (Gaussian maximum likelihood): hand-friendliness over many seeds, hand-solved instances,
verify() catching the n - 1 divisor and other slips, templates rendering and compiling."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from generator import mathtex
from generator.problems import base
from generator.problems.m7_gaussian_mle import family as m7
from tests.problems.texcheck import assert_solutions_compile

FAMILY = dataclasses.replace(m7.FAMILY, folder="m7_gaussian_mle")
SEEDS = range(1000)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        points, s = d.params["points"], d.solution
        assert FAMILY.verify(d.params, _values(d)) == [], d.seed
        assert len(points) in (3, 4), d.seed
        assert all(isinstance(v, int) and abs(v) <= 5 for x in points for v in x), d.seed
        assert len({tuple(x) for x in points}) == len(points), d.seed
        assert all(v.q <= 2 for v in s["mu"]), d.seed  # a short mean
        if len(points) == 3:
            assert all(v.q == 1 for v in s["mu"]), d.seed
        sigma = s["Sigma"]
        assert sigma == sigma.T and sigma.det() >= 1 and sigma[0, 1] != 0, d.seed
        assert all(v.q <= 100 and abs(v) <= 12 for v in sigma), d.seed


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.6
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    assert {len(d.params["points"]) for d in drawn_all} == {3, 4}
    assert any(v.q == 2 for d in drawn_all for v in d.solution["mu"])


def test_hand_solved_instances():
    # n = 3: mean (1, 1); centred (-1, -1), (1, 0), (0, 1); S = [[2, 1], [1, 2]]; Sigma = S / 3
    three = {"points": [[0, 0], [2, 1], [1, 2]]}
    sol = m7.solve(three)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m7.answers(three, sol)}
    assert values["mu"] == [[1], [1]]
    assert np.allclose(values["Sigma"], [[2 / 3, 1 / 3], [1 / 3, 2 / 3]])
    assert mathtex.exact(sol["Sigma"]) == [["2/3", "1/3"], ["1/3", "2/3"]]
    assert m7.verify(three, values) == []
    # n = 4: mean (1, 1.5); centred (-1, -1.5), (1, -1.5), (-1, 0.5), (1, 2.5); S = [[4, 2], [2, 11]]
    four = {"points": [[0, 0], [2, 0], [0, 2], [2, 4]]}
    sol = m7.solve(four)
    answers = {a.name: a for a in m7.answers(four, sol)}
    assert answers["Sigma"].places is None and answers["mu"].places is None  # fractions, as for n = 3
    assert mathtex.exact(sol["Sigma"]) == [["1", "1/2"], ["1/2", "11/4"]]
    values = {name: mathtex.plain(a.value, a.places) for name, a in answers.items()}
    assert values["mu"] == [[1], [1.5]]
    assert values["Sigma"] == [[1, 0.5], [0.5, 2.75]]
    assert m7.verify(four, values) == []
    assert m7.accept(four, sol)


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:30]:
        p, values = d.params, _values(d)
        pts = np.array(p["points"], float)
        n = len(pts)
        unbiased = np.cov(pts, rowvar=False, ddof=1).tolist()  # the classic n - 1 slip
        assert any("Sigma" in m for m in FAMILY.verify(p, {**values, "Sigma": unbiased}))
        scatter = (np.cov(pts, rowvar=False, bias=True) * n).tolist()  # forgot to divide
        assert any("Sigma" in m for m in FAMILY.verify(p, {**values, "Sigma": scatter}))
        wrong_mu = [[values["mu"][0][0] + 0.5], values["mu"][1]]
        assert any("mu" in m for m in FAMILY.verify(p, {**values, "mu": wrong_mu}))
        wrong = json.loads(json.dumps(values["Sigma"]))
        wrong[0][1] += 0.01
        assert FAMILY.verify(p, {**values, "Sigma": wrong}) != []
    assert FAMILY.verify(drawn_all[0].params, {}) != []


def test_templates_render_both_languages(drawn_all):
    from generator.render import render_part

    for d in drawn_all[:6]:
        for lang in ("ru", "en"):
            for part in ("statement", "solution"):
                text = render_part(d, part, lang)
                assert "(((" not in text and "((*" not in text
                if lang == "en":
                    assert not any("а" <= ch.lower() <= "я" for ch in text)
            assert "n - 1" in render_part(d, "statement", lang)  # the divisor rule is stated
        assert all(a.places is None for a in d.answers)  # one form, exact fractions, in every variant
        assert mathtex.mat(d.solution["Sigma"], "ru") in render_part(d, "solution", "ru")


@pytest.mark.pdf
def test_solution_compiles(tmp_path, drawn_all):
    assert_solutions_compile(tmp_path, drawn_all[:4], "m7")
