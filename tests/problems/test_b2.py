"""B2 (chain network): hand-solved chains, the symbolic formulas, properties over many seeds and
verify() catching wrong numbers and wrong formulas."""

from __future__ import annotations

import collections
import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from generator import mathtex
from generator.diagrams import overlaps
from generator.problems import base
from generator.problems.b2_chain_network import family as b2
from generator.problems.b2_chain_network.figure import TEXT_WIDTH_CM, ChainNetFigure

FAMILY = dataclasses.replace(b2.FAMILY, folder="b2_chain_network")
SEEDS = range(1000)


def _values(answers):
    return {a.name: mathtex.plain(a.value, a.places) for a in answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_every_seed_verifies_and_is_alive(drawn_all):
    kinds = collections.Counter()
    for d in drawn_all:
        p, s = d.params, d.solution
        kinds[(p["activation"], len(p["w"]))] += 1
        assert FAMILY.verify(d.params, _values(d.answers)) == [], d.seed
        assert s["delta"] != 0
        assert all(g != 0 for g in s["grads"]), d.seed  # no vanished gradient
        if p["activation"] == "relu":
            assert all(z > 0 for z in s["z"]), d.seed  # every unit alive
        if p["activation"] in ("sigmoid", "tanh"):
            assert all(abs(float(z)) <= 2.5 for z in s["z"]), d.seed  # not saturated
        else:
            assert all(sp.Rational(g).q <= 2 for g in s["grads"] + [s["L"]])
        assert all(isinstance(v, int) and 1 <= abs(v) <= 2 for v in p["w"])
    assert len(kinds) == 12  # 4 activations x depths 2..4
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.8
    assert all(set(d.figures) == {"chain"} for d in drawn_all)


def test_hand_solved_linear_chain():
    params = {"activation": "linear", "x": 1, "y": -2, "w": [-1, -1, 1]}
    v = _values(b2.answers(params, b2.solve(params)))
    # z1 = -1, a1 = -1, z2 = 1, a2 = 1, yhat = 1, L = 9/2; delta3 = 3, delta2 = 3, delta1 = -3
    assert (v["z1"], v["a1"], v["z2"], v["a2"], v["yhat"], v["L"]) == (-1, -1, 1, 1, 1, 4.5)
    assert (v["dL_dw1"], v["dL_dw2"], v["dL_dw3"]) == (-3, -3, 3)
    assert b2.verify(params, v) == []


def test_hand_solved_relu_chain():
    params = {"activation": "relu", "x": 2, "y": 1, "w": [1, 2, -1]}
    v = _values(b2.answers(params, b2.solve(params)))
    # z1 = 2, z2 = 4, yhat = -4, delta = -5, L = 12.5
    # dL/dw3 = -5 * 4, delta2 = -5 * (-1) = 5, dL/dw2 = 5 * 2, delta1 = 5 * 2 = 10, dL/dw1 = 10 * 2
    assert (v["yhat"], v["L"]) == (-4, 12.5)
    assert (v["dL_dw1"], v["dL_dw2"], v["dL_dw3"]) == (20, 10, -20)
    assert b2.verify(params, v) == []


def test_hand_solved_sigmoid_chain_follows_the_rounding_rule():
    params = {"activation": "sigmoid", "x": 1, "y": 0, "w": [1, 1]}
    v = _values(b2.answers(params, b2.solve(params)))
    # z1 = 1, a1 = sigma(1) = 0.731059 -> 0.7311, yhat = 0.7311 = delta, L = 0.26725... -> 0.2673
    assert (v["z1"], v["a1"], v["yhat"], v["L"]) == (1, 0.7311, 0.7311, 0.2673)
    # dL/dw2 = 0.7311 * 0.7311 = 0.53450721 -> 0.5345 (full precision would give 0.5344);
    # f'(z1) = 0.7311 * 0.2689 = 0.19659279 -> 0.1966, delta1 = 0.7311 * 0.1966 = 0.14373... -> 0.1437
    assert (v["dL_dw2"], v["dL_dw1"]) == (0.5345, 0.1437)
    assert b2.verify(params, v) == []
    assert b2.verify(params, dict(v, dL_dw2=0.5344))  # the unrounded chain is not the stated rule


def test_formulas_are_the_chain_products_in_the_solutions_order():
    yhat, y, x, w2, w3, a1, a2, z1, z2 = sp.symbols("yhat y x w2 w3 a1 a2 z1 z2")
    f1, f2, f3 = b2.formulas(3)
    fp = b2.fprime
    assert sp.simplify(f3.doit() - (yhat - y) * a2) == 0
    assert sp.simplify(f2.doit() - (yhat - y) * w3 * fp(z2) * a1) == 0
    assert sp.simplify(f1.doit() - (yhat - y) * w3 * fp(z2) * w2 * fp(z1) * x) == 0
    assert mathtex.tex(f1) == r"(\hat y - y)\, w_{3}\, f'(z_{2})\, w_{2}\, f'(z_{1})\, x"
    assert str(f2) == "(yhat - y)*w3*fprime(z2)*a1"  # what check.py evaluates


@pytest.mark.parametrize("depth", [2, 3, 4])
def test_wording_follows_the_number_of_neurons(depth):
    from generator.render import render_part

    d = base.generate(FAMILY, 7, {"depth": depth, "activation": "sigmoid"})
    ru, en = (render_part(d, "statement", lang) for lang in ("ru", "en"))
    js = {2: "j = 1, 2$", 3: "j = 1, 2, 3$", 4: r"j = 1, \ldots, 4$"}[depth]
    assert js in ru and js in en
    assert ("Скрытый нейрон применяет" in ru) == (depth == 2)
    assert ("Скрытые нейроны применяют" in ru) == (depth > 2)
    assert ("hidden neuron applies" in en) == (depth == 2)
    assert ("hidden neurons apply" in en) == (depth > 2)
    assert ("все $z_j$" in ru) == (depth > 2) and ("all $z_j$" in en) == (depth > 2)
    assert r"\ldots, 2" not in ru + en and r"\ldots, 3" not in ru + en


def test_verify_catches_slips(drawn_all):
    d = next(x for x in drawn_all if x.params["activation"] == "sigmoid" and len(x.params["w"]) == 3)
    values = _values(d.answers)
    # a formula that forgets one f' factor
    bad = dict(values, formula_w1=values["formula_w1"].replace("*fprime(z2)", ""))
    assert bad["formula_w1"] != values["formula_w1"]
    assert any(m.startswith("formula_w1") for m in FAMILY.verify(d.params, bad))
    # the sign slip dL/dw = (y - yhat) a
    bad = dict(values, dL_dw3=-values["dL_dw3"])
    assert any(m.startswith("dL_dw3") for m in FAMILY.verify(d.params, bad))
    bad = dict(values, formula_w2="garbage(")
    assert any(m.startswith("formula_w2") for m in FAMILY.verify(d.params, bad))


def test_templates_render(drawn_all):
    from generator.render import render_part

    seen = set()
    for d in drawn_all:
        key = (d.params["activation"], len(d.params["w"]))
        if key in seen:
            continue
        seen.add(key)
        for lang in ("ru", "en"):
            st = render_part(d, "statement", lang)
            assert r"\begin{tikzpicture}" in st and r"{$w_{1}$}" in st  # the chain as a figure
            assert r"\sgvalue" not in st
            assert r"\sgvalue" in render_part(d, "solution", lang)  # the key picture in part d
            assert render_part(d, "solution", lang).count(r"\frac{\partial L}{\partial w_") >= len(d.params["w"])


# ---- the figure: a 1-1-...-1 net, w_j in the statement, numbers only in the key -------------------

NODE_TEXT = re.compile(r"\] (?:\([^)]*\) )?at \([-\d.,]+\) \{(.*)\};$")


def _texts(tikz: str) -> list[str]:
    """The text of every node of a tikzpicture, in drawing order."""
    return [m.group(1) for line in tikz.splitlines() if (m := NODE_TEXT.search(line))]


def _numbers(d, lang):
    """Every numeric answer of the key as printed, as TeX."""
    return {mathtex.answer_tex(a, lang) for a in d.answers if a.kind == "number"}


def test_figure_statement_leaks_nothing_and_key_has_the_numbers(drawn_all):
    for d in drawn_all[:300]:
        fig, k = d.figures["chain"], len(d.params["w"])
        places = 4 if d.params["activation"] in ("sigmoid", "tanh") else None
        for lang in ("ru", "en"):
            st = fig.tikz("statement", lang)
            texts = _texts(st)
            # x, k - 1 neurons f(t), the output yhat, k weight labels w_1..w_k and nothing else
            assert texts == (["$x$"] + ["$f(t)$"] * (k - 1) + [r"$\hat y$"]
                             + [f"$w_{{{j}}}$" for j in range(1, k + 1)]), d.seed
            assert r"\sgvalue" not in st
            shown = {t.strip("$") for t in texts}
            assert not shown & _numbers(d, lang), d.seed
            key = fig.tikz("key", lang)
            ktexts = _texts(key)
            assert ktexts[-k:] == [f"${mathtex.num(w, lang)}$" for w in d.params["w"]], d.seed
            a = {x.name: x for x in d.answers}
            assert ktexts[0] == rf"$x$\\\sgvalue{{$= {mathtex.num(d.params['x'], lang)}$}}"
            for j in range(1, k):  # the hidden boxes hold a_j exactly as the key prints it
                assert ktexts[j] == rf"$f(t)$\\\sgvalue{{$= {mathtex.answer_tex(a[f'a{j}'], lang)}$}}"
            assert ktexts[k] == rf"$\hat y = \sgvalue{{{mathtex.answer_tex(a['yhat'], lang)}}}$"
            assert mathtex.num(d.solution["yhat"], lang, places) in ktexts[k]


def test_figure_geometry(drawn_all):
    widest = 0.0
    for d in drawn_all[:300]:
        fig, k = d.figures["chain"], len(d.params["w"])
        for mode in ("statement", "key"):
            lay = fig.layout(mode, "en")
            assert overlaps(lay.boxes, 0.02) == [], d.seed
            assert len(lay.nodes) == k + 1 and len(lay.edges) == k and len(lay.weight_boxes) == k
            out = lay.nodes[f"n{k}1"]  # the last box is the output: the last arrow ends at it
            assert lay.kinds[f"n{k}1"] == "output" and abs(lay.edges[-1][3][0] - out.left) < 1e-9
            width = fig.width(mode, "en")
            text = fig.tikz(mode, "en")
            assert text.startswith(r"\resizebox") == (width > TEXT_WIDTH_CM)
            if mode == "statement":
                assert width < 12.5  # depth 4: fits the page without any scaling
            widest = max(widest, width)
    assert widest < 19.5  # the key of a deep smooth chain is scaled by 0.9 at most


def test_hand_built_figure():
    fig = ChainNetFigure(x=2, w=(1, -2, 1), values=(2, 2, 4, 4), places=None)
    key = fig.tikz("key", "ru")
    assert _texts(key)[-3:] == ["$1$", "$-2$", "$1$"]
    assert r"\sgvalue{$= 4$}" in key and r"$\hat y = \sgvalue{4}$" in key
    st = fig.tikz("statement", "ru")
    assert _texts(st) == ["$x$", "$f(t)$", "$f(t)$", r"$\hat y$", "$w_{1}$", "$w_{2}$", "$w_{3}$"]


@pytest.mark.pdf
def test_figures_compile_and_fit(tmp_path):
    templates = Path(__file__).resolve().parents[2] / "templates"
    fig = base.generate(FAMILY, 333).figures["chain"]  # the widest key over 1,000 seeds
    assert fig.depth == 4 and fig.width("key", "en") > TEXT_WIDTH_CM  # so it gets scaled
    body = "\n".join(rf"\setbox0=\hbox{{{fig.tikz(m, lang)}}}\typeout{{WIDTH \the\wd0}}"
                     for m in ("statement", "key") for lang in ("ru", "en"))
    doc = (r"\documentclass{article}\usepackage[T2A]{fontenc}\usepackage[utf8]{inputenc}"
           r"\usepackage[russian]{babel}\usepackage{amsmath}\usepackage{graphicx}"
           r"\usepackage{sheetgen-diagrams}\begin{document}\setlength{\linewidth}{17cm}"
           + body + r"\end{document}")
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex is not installed"
    (tmp_path / "doc.tex").write_text(doc, encoding="utf-8")
    run = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                         cwd=tmp_path, env=dict(os.environ, TEXINPUTS=f"{templates}//:"),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    widths = [float(w) for w in re.findall(r"WIDTH ([\d.]+)pt", run.stdout)]
    assert len(widths) == 4 and max(widths) <= 17 * 72.27 / 2.54 + 0.5, widths


def _written_gradients(p) -> tuple[list, float, list]:
    """delta, the gradients as the student writes them and the z's, by an own route: check.py's
    replay of the rounding rule for sigmoid/tanh, exact fractions for ReLU and the identity."""
    from fractions import Fraction

    from generator.problems.b2_chain_network import check

    act, w, k = p["activation"], p["w"], len(p["w"])
    if act in ("sigmoid", "tanh"):
        r = check.replay_rounded(act, float(p["x"]), float(p["y"]), [float(v) for v in w])
        zs = [r[f"z{j}"] for j in range(1, k)]
        return [r[f"dL_dw{j}"] for j in range(1, k + 1)], r["yhat"] - p["y"], zs
    f = (lambda t: max(t, Fraction(0))) if act == "relu" else (lambda t: t)
    a, zs = [Fraction(p["x"])], []
    for wj in w[:-1]:
        zs.append(wj * a[-1])
        a.append(f(zs[-1]))
    delta = w[-1] * a[-1] - p["y"]
    grads, up = [delta * a[-1]], delta
    for j in range(k - 1, 0, -1):
        up = up * w[j] * (1 if zs[j - 1] > 0 or act == "linear" else 0)
        grads.insert(0, up * a[j - 1])
    return grads, delta, zs


def test_declared_rules_over_10000_seeds():
    """Over 10,000 first draws, every draw that breaks a rule of accept() is rejected: a zero
    error, a gradient that is 0 as written, all gradients equal in absolute value, a saturated
    sigmoid/tanh (|z| > 2.5). (Only the breaking draws are solved, so the test stays fast.)"""
    options = FAMILY.resolve_options({})
    broken = 0
    for seed in range(10_000):
        p = FAMILY.sample(np.random.default_rng(seed), options)
        grads, delta, zs = _written_gradients(p)
        magnitudes = {abs(g) for g in grads}
        smooth = p["activation"] in ("sigmoid", "tanh")
        if delta == 0 or 0 in magnitudes or len(magnitudes) == 1 or (
                smooth and any(abs(z) > 2.5 for z in zs)):
            broken += 1
            assert not FAMILY.accept(p, FAMILY.solve(p)), seed
    assert 500 < broken < 5_000  # the rules do bite, and most draws pass


def test_key_items_follow_the_statement():
    for seed in range(50):
        items = [a.item for a in base.generate(FAMILY, seed).answers]
        assert items == sorted(items) and set(items) == {1, 2, 3, 4}, seed
