"""G1 (one-parameter regression, seven optimizers): hand-friendliness over 1,000 seeds, the
declared no-degeneracy rules over 10,000 seeds, closed forms that owe nothing to the family code,
the course's worked instance and a variant where the rounding rule bites solved by hand, verify()
catching the usual slips, the short (quiz) version, and the loss plot."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from fractions import Fraction

import numpy as np
import pytest

from generator import mathtex
from generator.compile import tex_env
from generator.problems import base, registry
from generator.render import render_part

FAMILY = registry.get("G1")
SEEDS = range(1000)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


def _frac(v) -> Fraction:
    return Fraction(str(v))


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies(drawn_all):
    for d in drawn_all:
        assert FAMILY.verify(d.params, _values(d)) == [], d.seed


def test_hand_friendly_and_convergent(drawn_all):
    for d in drawn_all:
        p, vals = d.params, _values(d)
        x, y, w0, eta = p["x"], p["y"], p["w0"], _frac(p["eta"])
        assert x[0] != x[1] and all(v != 0 and abs(v) <= 3 for v in x), d.seed
        assert all(isinstance(v, int) and -3 <= v <= 6 for v in y), d.seed
        S = x[0] ** 2 + x[1] ** 2
        w_hat = Fraction(x[0] * y[0] + x[1] * y[1], S)
        assert w_hat.denominator <= 18 and w_hat != w0, d.seed
        # GD: every step a contraction towards w_hat, factor in [-0.6, 0.9] (never diverges)
        q = 1 - eta * S
        assert q != 0 and Fraction(-6, 10) <= q <= Fraction(9, 10), d.seed
        # closed form of GD on a quadratic: w_t = w_hat + q^t (w0 - w_hat), exact
        for t in (1, 2, 3):
            exact = w_hat + q**t * (w0 - w_hat)
            assert (exact * 10**4).denominator == 1, d.seed  # a short exact decimal
            assert _frac(vals[f"gd_w{t}"]) == exact, d.seed
        assert abs(_frac(vals["gd_w3"]) - w_hat) < abs(w0 - w_hat), d.seed
        # first GD iterates: at most 2 and 3 decimals
        assert (_frac(vals["gd_w1"]) * 100).denominator == 1, d.seed
        assert (_frac(vals["gd_w2"]) * 1000).denominator == 1, d.seed
        # the exact methods never need rounding; every iterate is moderate
        for name in ("sgd_w1", "sgd_w2", "sgd_w3", "sgd_w4", "mom_w1", "mom_w2", "nag_w1", "nag_w2"):
            assert (_frac(vals[name]) * 10**4).denominator == 1, (d.seed, name)
        assert all(abs(v) <= 10 for v in vals.values()), d.seed
        # nonzero gradient at the start, for the full loss and for the first observation used
        assert S * w0 - (x[0] * y[0] + x[1] * y[1]) != 0, d.seed
        i = p["order"][0] - 1
        assert -2 * x[i] * (y[i] - w0 * x[i]) != 0, d.seed


def _accepted(seed: int):
    """The variant base.generate draws for `seed`, without the key and the figure (fast)."""
    rng = np.random.default_rng(seed)
    options = FAMILY.resolve_options({})
    while True:
        params = FAMILY.sample(rng, options)
        solution = FAMILY.solve(params)
        if FAMILY.accept(params, solution):
            return params, solution


@pytest.fixture(scope="module")
def accepted_10k():
    return [_accepted(seed) for seed in range(10_000)]


def _observation_gradient(params, i: int, w) -> Fraction:
    x, y = params["x"][i - 1], params["y"][i - 1]
    return -2 * x * (y - Fraction(w) * x)


def _stochastic_steps(solution):
    """(method, step, point where the gradient is taken) for every stochastic step."""
    for key in ("sgd", "momentum", "nesterov", "rmsprop", "adam"):
        for st in solution[key]:
            yield key, st, st["look"] if key == "nesterov" else st["prev"]


def test_the_two_observations_differ_at_every_stochastic_step(accepted_10k):
    """Rule 2: SGD is never GD in disguise; equal losses (x2 = -x1, y2 = -y1) never occur."""
    for seed, (p, s) in enumerate(accepted_10k):
        x, y = p["x"], p["y"]
        assert not (x[0] == -x[1] and y[0] == -y[1]), seed
        for key, st, w in _stochastic_steps(s):
            used, other = _observation_gradient(p, st["i"], w), _observation_gradient(p, 3 - st["i"], w)
            assert used == st["g"], (seed, key)  # the point is the one the step really used
            assert used != other, (seed, key, w)


def test_every_step_moves_and_none_lands_on_the_optimum(accepted_10k):
    """Rule 3: no zero gradient, no standing still, no iterate exactly at w-hat."""
    for seed, (p, s) in enumerate(accepted_10k):
        x, y = p["x"], p["y"]
        w_hat = Fraction(x[0] * y[0] + x[1] * y[1], x[0] ** 2 + x[1] ** 2)
        for key in ("gd", "sgd", "momentum", "nesterov", "rmsprop", "adam"):
            steps = s[key][1:] if key == "gd" else s[key]
            for st in steps:
                assert st["g"] != 0 and st["w"] != st["prev"], (seed, key)
                assert st["w"] != w_hat and abs(st["w"]) <= 10, (seed, key)


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.6
    fingerprints = {json.dumps(d.params, sort_keys=True) for d in drawn_all}
    assert len(fingerprints) >= 990
    assert {d.params["eta"] for d in drawn_all} == {0.05, 0.1, 0.2}
    assert len({tuple(d.params["order"]) for d in drawn_all}) == 4
    assert any(d.solution["q"] < 0 for d in drawn_all)  # some GD paths overshoot (gently)


def test_least_squares_optimum_by_numpy(drawn_all):
    for d in drawn_all[:200]:
        X = np.array(d.params["x"], dtype=float)
        # normal equation of y = w x: (x^T x) w = x^T y
        w = float(X @ np.array(d.params["y"], dtype=float)) / float(X @ X)
        assert abs(_values(d)["w_hat"] - w) < 1e-9, d.seed


# The course's own instance (x = 1, 2; y = 2, 3; w0 = 0; eta = 0.1; alpha = beta1 = 0.9), worked
# by hand, step by step, under the stated rule: every written quantity rounded to 4 decimals.
COURSE = {
    "x": [1, 2], "y": [2, 3], "w0": 0, "eta": 0.1, "alpha": 0.9, "beta1": 0.9, "beta2": 0.9,
    "order": [1, 2, 1, 2], "parts": "all",
}
COURSE_KEY = {
    "w_hat": 1.6,                                    # (1*2 + 2*3) / (1 + 4) = 8/5
    "gd_w1": 0.8, "gd_w2": 1.2, "gd_w3": 1.4,        # L'(w) = 5w - 8
    "sgd_w1": 0.4, "sgd_w2": 1.28, "sgd_w3": 1.424, "sgd_w4": 1.4848,
    "mom_w1": 0.4, "mom_w2": 1.64,                   # h2 = 0.9*(-0.4) + 0.1*(-8.8) = -1.24
    "nag_w1": 0.4, "nag_w2": 1.352,                  # look-ahead 0.76, g = -5.92, h2 = -0.952
    # g1 = -4, v1 = 1.6, sqrt = 1.2649, Delta1 = -0.4/1.2649 = -0.31623 -> -0.3162, w1 = 0.3162;
    # g2 = -4(3 - 0.6324) = -9.4704, v2 = 1.44 + 0.1*89.68847616 -> 10.4088, sqrt -> 3.2263,
    # Delta2 = -0.94704/3.2263 = -0.29354 -> -0.2935, w2 = 0.3162 + 0.2935 = 0.6097
    "rms_w1": 0.3162, "rms_w2": 0.6097,
    # w1 = 0 + 0.1 * 4/4 = 0.1; g2 = -11.2; h2 = -1.48; v2 = 13.984; h^2 = -7.789.. -> -7.7895;
    # v^2 = 73.6, sqrt -> 8.5790; Delta2 = -0.77895/8.579 = -0.090797 -> -0.0908; w2 = 0.1908
    "adam_w1": 0.1, "adam_w2": 0.1908,
}

# A variant where the rule bites (x = -1, 1; y = 6, -3; w0 = -2; eta = 0.2; alpha = 0.9;
# observation 2 first). RMSprop by hand: g1 = -2 * 1 * (-3 + 2) = 2, v1 = 0.1 * 4 = 0.4,
# sqrt(0.4) = 0.63246 -> 0.6325, Delta1 = 0.4 / 0.6325 = 0.63241 -> 0.6324, w1 = -2.6324.
# Without rounding the root (0.4 / 0.632456 = 0.632456) a student would write -2.6325.
BITES = {
    "x": [-1, 1], "y": [6, -3], "w0": -2, "eta": 0.2, "alpha": 0.9, "beta1": 0.5, "beta2": 0.9,
    "order": [2, 1, 1, 2], "parts": "all",
}


def test_the_rounding_rule_bites_as_stated():
    solution = FAMILY.solve(BITES)
    assert FAMILY.accept(BITES, solution)
    got = {a.name: mathtex.plain(a.value, a.places) for a in FAMILY.answers(BITES, solution)}
    first = solution["rmsprop"][0]
    assert (first["root"], first["step"]) == (Fraction("0.6325"), Fraction("0.6324"))
    assert got["rms_w1"] == -2.6324
    assert FAMILY.verify(BITES, got) == []
    assert FAMILY.verify(BITES, {**got, "rms_w1": -2.6325})  # the root left unrounded
    # the solution writes the rounded root and step, with all their places
    drawn = base.Drawn(FAMILY, 0, {"parts": "all"}, BITES, solution,
                       tuple(FAMILY.answers(BITES, solution)), FAMILY.figures(BITES, solution), 0)
    text = render_part(drawn, "solution", "en")
    assert r"\sqrt{v_{1}} &\approx 0.6325" in text and r"\approx 0.6324" in text


def test_course_instance_by_hand():
    solution = FAMILY.solve(COURSE)
    assert FAMILY.accept(COURSE, solution)
    got = {a.name: mathtex.plain(a.value, a.places) for a in FAMILY.answers(COURSE, solution)}
    assert got.keys() == COURSE_KEY.keys()
    for name, want in COURSE_KEY.items():
        assert got[name] == pytest.approx(want, abs=1e-9), name
    assert solution["w_hat"] == Fraction(8, 5)
    assert [s["g"] for s in solution["gd"][1:]] == [-8, -4, -2]
    assert FAMILY.verify(COURSE, got) == []


def test_verify_catches_the_usual_slips():
    good = {a.name: mathtex.plain(a.value, a.places)
            for a in FAMILY.answers(COURSE, FAMILY.solve(COURSE))}
    slips = {
        "w_hat": 1.5,        # forgot the second observation's weight
        "gd_w1": 1.6,        # sum instead of mean in the gradient
        "sgd_w2": 1.12,      # wrong observation order
        "mom_w2": 1.28,      # momentum forgotten (plain SGD)
        "nag_w2": 1.64,      # gradient at w1 instead of the look-ahead point
        "rms_w1": 0.1,       # v1 without the (1 - alpha) factor
        "adam_w2": 0.1909,   # one unit in the 4th decimal (e.g. the root left unrounded)
        "rms_w2": 0.6096,    # the same in RMSprop
        "gd_w3": 1.4001,     # a single unit in the 4th decimal
    }
    for name, wrong in slips.items():
        problems = FAMILY.verify(COURSE, {**good, name: wrong})
        assert problems and name in problems[0], name
    missing = dict(good)
    del missing["adam_w1"]
    assert FAMILY.verify(COURSE, missing)


def test_short_version_for_the_quiz():
    d = base.generate(FAMILY, 7, {"parts": "short"})
    names = [a.name for a in d.answers]
    assert names == ["w_hat", "gd_w1", "gd_w2", "gd_w3", "mom_w1", "mom_w2"]
    assert FAMILY.verify(d.params, _values(d)) == []
    full = base.generate(FAMILY, 7)
    assert {k: v for k, v in _values(full).items() if k in names} == _values(d)
    assert [a.item for a in d.answers] == [1, 2, 2, 2, 3, 3]  # a) w-hat, b) GD, c) Momentum
    text = render_part(d, "statement", "ru")
    assert "Adam" not in text and "RMSprop" not in text and "Momentum" in text
    assert re.findall(r"\\item\[([^\]]*)\]", text) == ["а)", "б)", "в)"]
    for lang in ("ru", "en"):
        assert render_part(d, "solution", lang)


def test_key_items_follow_the_parts():
    d = base.generate(FAMILY, 7)
    items = {a.name.split("_")[0]: a.item for a in d.answers}
    assert items == {"w": 1, "gd": 2, "sgd": 3, "mom": 4, "nag": 5, "rms": 6, "adam": 7}
    assert all(a.label["en"].startswith("$") for a in d.answers)  # no method names, no letters


def test_templates_state_every_rule_and_agree_with_the_key():
    d = base.generate(FAMILY, 11)
    for lang in ("ru", "en"):
        st = render_part(d, "statement", lang)
        for rule in (r"\alpha h_{t-1} + \eta", r"\sqrt{v_t + \varepsilon}", r"1 - \beta_1^t",
                     r"w_{t-1} - \alpha h_{t-1}", r"\ell_i(w) = (y_i - w x_i)^2",
                     r"\Delta_t = \dfrac{\eta\, g_t}{\sqrt{v_t + \varepsilon}}", r"\sqrt{\hat v_t}"):
            assert rule in st, (lang, rule)
        assert ("Правило округления" if lang == "ru" else "Rounding rule") in st
        sol = render_part(d, "solution", lang)
        for a in d.answers:
            assert mathtex.answer_tex(a, lang) in sol, (lang, a.name)


def test_plot_coordinates_use_a_decimal_point():
    for seed in range(30):
        d = base.generate(FAMILY, seed)
        for lang in ("ru", "en"):
            tikz = d.figures["loss"].tikz("solution", lang)
            assert r"\begin{axis}" in tikz and "{,}" not in tikz
            coords = re.findall(r"\(axis cs:([^)]*)\)", tikz)
            assert len(coords) == 5  # w_hat and the labels of w_0..w_3
            for c in coords:
                w, L = c.split(",")
                float(w), float(L)
            # the numbered points are the GD iterates themselves
            for t, step in enumerate(d.solution["gd"]):
                w = format(mathtex.rounded(step["w"], 4), "f")
                assert f"(axis cs:{w}," in tikz and f"{{{t}}};" in tikz, (seed, t)


@pytest.mark.pdf
def test_solution_with_plot_compiles(tmp_path):
    assert shutil.which("pdflatex"), "pdflatex is missing"
    d = base.generate(FAMILY, 3)
    body = render_part(d, "solution", "ru")
    (tmp_path / "g1.tex").write_text(
        "\\documentclass[11pt]{article}\n\\usepackage[T2A]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage[russian]{babel}\n\\usepackage{sheetgen}\n"
        "\\begin{document}\n" + body + "\n\\end{document}\n",
        encoding="utf-8",
    )
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "g1.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120, env=tex_env())
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "g1.pdf").stat().st_size > 1000
