"""M1 (derivative drill): hand-friendliness over many seeds, hand-solved instances, verify()
catching wrong values, the pool behaving as the brief asks."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from generator import mathtex
from generator.problems import base, registry
from generator.problems.m1_derivative_drill import check, steps
from generator.problems.m1_derivative_drill import family as m1
from generator.render import render_part
from tests.problems.texcheck import assert_solutions_compile

FAMILY = registry.get("M1")
SEEDS = range(300)


def _values(drawn):
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


@pytest.fixture(scope="module")
def drawn_all():
    return [base.generate(FAMILY, seed) for seed in SEEDS]


def test_pool_is_large_and_check_covers_it():
    assert len(m1.POOL) >= 10
    assert set(m1.POOL) == set(check.FUNCTIONS)
    assert all(m1.GROUPS[g] for g in ("vec", "mat", "jac"))


def test_every_seed_verifies_and_is_hand_friendly(drawn_all):
    for d in drawn_all:
        p, s = d.params, d.solution
        assert FAMILY.verify(p, _values(d)) == [], d.seed
        assert 5 <= len(p["items"]) <= 6, d.seed
        assert len({it["id"] for it in p["items"]}) == len(p["items"]), d.seed
        assert sum(m1.POOL[it["id"]][2] == "jac" for it in p["items"]) == 1, d.seed
        for value in p["point"].values():
            arr = np.array(value)
            assert arr.dtype.kind == "i" and np.abs(arr).max() <= 3 and arr.shape[0] == p["n"] in (2, 3)
        for solved in s["items"]:
            assert not solved["value"].is_zero_matrix, d.seed
            assert all(v.is_Rational and v.q <= 100 and abs(v) <= 120 for v in solved["value"]), d.seed
            assert all(v > 0 for v in solved["log_args"]), d.seed


def test_rejection_rate_and_variety(drawn_all):
    rejected = sum(d.rejected for d in drawn_all)
    assert rejected / (rejected + len(drawn_all)) < 0.5
    assert len({json.dumps(d.params, sort_keys=True) for d in drawn_all}) == len(drawn_all)
    ids = {it["id"] for d in drawn_all for it in d.params["items"]}
    assert ids == set(m1.POOL)
    assert {d.params["letters"]["x"] for d in drawn_all} == set(m1.VECTOR_LETTERS)


def test_hand_solved_instance():
    # x = (1, 2), A = [[1, 2], [0, 1]], a = (1, -1), b = (2, 1):
    #   x^T A x = 1 + 4 + 4 = 9 -> grad ln(x^T A x) = (A + A^T) x / 9 = [[2, 2], [2, 2]] (1, 2) / 9
    #   = (6, 6) / 9 = (2/3, 2/3); grad a^T x = a; grad b^T A x = A^T b = (2, 5);
    #   (a^T x) x has Jacobian x a^T + (a^T x) I = [[1, -1], [2, -2]] - I = [[0, -1], [2, -3]];
    #   f(A) = b^T A x has gradient b x^T = [[2, 4], [1, 2]].
    params = {
        "n": 2,
        "letters": {"x": "x", "a": "a", "b": "b", "A": "A"},
        "items": [
            {"id": "lin", "expr": "a'*x", "wrt": "x", "tex": ""},
            {"id": "bil", "expr": "b'*A*x", "wrt": "x", "tex": ""},
            {"id": "lnquad", "expr": "ln(x'*A*x)", "wrt": "x", "tex": ""},
            {"id": "bilA", "expr": "b'*A*x", "wrt": "A", "tex": ""},
            {"id": "axx", "expr": "(a'*x)*x", "wrt": "x", "tex": ""},
        ],
        "point": {"x": [1, 2], "a": [1, -1], "b": [2, 1], "A": [[1, 2], [0, 1]]},
    }
    sol = m1.solve(params)
    assert m1.accept(params, sol)
    values = {a.name: mathtex.plain(a.value, a.places) for a in m1.answers(params, sol)}
    assert values["value_a"] == [[1], [-1]]
    assert values["value_b"] == [[2], [5]]
    assert sol["items"][2]["value"] == sp.Matrix([sp.Rational(2, 3), sp.Rational(2, 3)])
    assert values["value_d"] == [[2, 4], [1, 2]]
    assert values["value_e"] == [[0, -1], [2, -3]]
    assert values["grad_e"] == r"x a^T + \left(a^T x\right) I"
    assert values["df_c"] == r"\frac{x^T \left(A + A^T\right) dx}{x^T A x}"
    assert m1.verify(params, values) == []


def test_verify_catches_wrong_answers(drawn_all):
    for d in drawn_all[:30]:
        values = _values(d)
        for name in [n for n in values if n.startswith("value_")]:
            wrong = json.loads(json.dumps(values))
            wrong[name][0][0] += 1
            assert FAMILY.verify(d.params, wrong), (d.seed, name)
            transposed = np.array(values[name]).T.tolist()
            if transposed != values[name] and np.array(values[name]).shape[1] > 1:
                assert FAMILY.verify(d.params, {**values, name: transposed}), (d.seed, name)


def test_letters_are_renamed_in_the_expressions(drawn_all):
    for d in drawn_all[:50]:
        letters = d.params["letters"]
        for item in d.params["items"]:
            assert item["expr"] == m1.rename(m1.POOL[item["id"]][0], letters)
            assert item["wrt"] in item["tex"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_templates_render(drawn_all, lang):
    for d in drawn_all[:10]:
        for part in ("statement", "solution"):
            text = render_part(d, part, lang)
            assert "(((" not in text and "\\\"" not in text
            if part == "solution":
                assert text.count(r"\begin{bmatrix}") >= len(d.params["items"])
            else:
                assert text.count(r"\begin{bmatrix}") == len(d.params["point"])


def _calc(expr: str, values: dict) -> np.ndarray:
    """A calculator-syntax expression evaluated with numpy on the raw tree (not the engine's
    canonical form), so the typed steps are checked as printed."""
    from generator.matcalc.evaluate import RawEvaluator
    from generator.matcalc.parser import parse

    return RawEvaluator({}, values, {"n": 3}).eval(parse(expr))


def _along(expr: str, values: dict, var: str, direction: np.ndarray) -> np.ndarray:
    """The derivative of expr in the direction of d<var> (central difference, step 1e-5)."""
    h = 1e-5
    up = _calc(expr, {**values, var: values[var] + h * direction})
    down = _calc(expr, {**values, var: values[var] - h * direction})
    return (up - down) / (2 * h)


@pytest.mark.parametrize("pool_id", list(m1.POOL))
def test_every_intermediate_line_is_the_differential(pool_id):
    # Each printed form of du (dv, df) equals the derivative of u (v, f) along the direction dx at
    # random numbers, and f written through u, v is f; a mistyped step fails here.
    rng = np.random.default_rng(sum(map(ord, pool_id)))
    template, role = m1.POOL[pool_id][:2]
    letters = {r: r for r in m1.roles_of(template)}
    M, K = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    positive = M @ M.T + np.eye(3) + (K - K.T)  # x^T A x > 0 with A not symmetric
    values = {"x": rng.normal(size=(3, 1)), "a": rng.normal(size=(3, 1)), "b": rng.normal(size=(3, 1)),
              "A": positive, "X": rng.normal(size=(3, 3))}
    if pool_id == "lnlin" and (values["a"].T @ values["x"])[0, 0] < 0:
        values["a"] = -values["a"]
    direction = rng.normal(size=values[role].shape)
    values["d" + role] = direction
    st = steps.item_steps(pool_id, letters)
    f = m1.rename(template, letters)
    for name, expr in st["aux"]:
        values[name] = _calc(expr, values)
        values["d" + name] = _along(expr, values, role, direction)
    if st["outer"]:
        assert np.allclose(_calc(st["outer"], values), _calc(f, values), rtol=1e-9)
    df = _along(f, values, role, direction)
    for name, forms in st["lines"]:
        for form in forms:
            assert np.allclose(_calc(form, values), values["d" + name], rtol=1e-6, atol=1e-8), (name, form)
    for form in st["pre"] + st["post"]:
        assert np.allclose(_calc(form, values), df, rtol=1e-6, atol=1e-8), form


def test_solution_shows_the_steps_of_every_item(drawn_all):
    # Every item's display leads from d(f) to the form the answer is read off, through the engine's
    # df; an item with auxiliary quantities shows their differentials first.
    for d in drawn_all[:40]:
        for item, solved in zip(d.params["items"], d.solution["items"], strict=True):
            rows = solved["steps"]["rows"]
            text = " ".join(rhs for _, rhs in rows)
            assert rows[0][0] in ("df", "du", "ds") and any(lhs == "df" for lhs, _ in rows), d.seed
            assert m1.formulas(item)["df"].replace(" ", "") in text.replace(" ", ""), (d.seed, item["id"])
            assert len(solved["steps"]["defs"]) == len(steps.STEPS[item["id"]].get("aux", [])), d.seed
            assert all(steps.printed_width(rhs) <= 70 for _, rhs in rows), (d.seed, item["id"])


def test_calculator_expressions_print_as_written():
    assert steps.calc_latex("d{x}'*{A}*{x}".replace("{", "").replace("}", "")) == r"dx^T\,A x"
    assert steps.calc_latex("du/u") == r"\frac{du}{u}"
    assert steps.calc_latex("2*(a'*x)*x'*dx") == r"2 \left(a^T x\right) x^T\,dx"
    assert steps.calc_latex("tr(X'*(A + A')*dX)") == r"\operatorname{tr}\left(X^T \left(A + A^T\right)\,dX\right)"
    assert steps.calc_latex("ln(u)") == r"\ln u"
    assert steps.calc_latex("u^2") == "u^{2}"


@pytest.mark.pdf
def test_solution_compiles(tmp_path, drawn_all):
    # the intermediate lines wrap into rows of the aligned display: nothing runs into the margin
    assert_solutions_compile(tmp_path, drawn_all[:8], "m1")
