"""Exact strings for the course-notation formatter."""

from fractions import Fraction

import sympy as sp

from generator import mathtex


def test_integers_and_fractions_print_exactly():
    assert mathtex.num(3) == "3"
    assert mathtex.num(sp.Integer(-7)) == "-7"
    assert mathtex.num(sp.Rational(3, 4)) == r"\frac{3}{4}"
    assert mathtex.num(sp.Rational(-3, 4)) == r"-\frac{3}{4}"
    assert mathtex.num(Fraction(10, 5)) == "2"


def test_decimals_use_comma_in_russian_and_point_in_english():
    assert mathtex.num(sp.Rational(1, 8), "ru", places=3) == "0{,}125"
    assert mathtex.num(sp.Rational(1, 8), "en", places=3) == "0.125"
    assert mathtex.num(-0.5, "ru", places=4) == "-0{,}5"


def test_rounding_is_half_up_on_the_exact_value():
    assert mathtex.num(0.125, "en", places=2) == "0.13"
    assert mathtex.num(sp.Rational(2, 3), "en", places=4) == "0.6667"
    assert mathtex.num(-0.00004, "en", places=4) == "0"
    assert mathtex.num(2.0000001, "en", places=4) == "2.0000"  # rounded: all four places


def test_matrix_is_a_bmatrix_of_formatted_entries():
    m = sp.Matrix([[1, sp.Rational(1, 2)], [-3, 0]])
    assert mathtex.mat(m) == r"\begin{bmatrix} 1 & \dfrac{1}{2} \\ -3 & 0 \end{bmatrix}"
    assert mathtex.mat(m, "ru", places=1) == r"\begin{bmatrix} 1 & 0{,}5 \\ -3 & 0 \end{bmatrix}"


def test_plain_values_for_json():
    assert mathtex.plain(sp.Integer(4)) == 4
    assert mathtex.plain(sp.Rational(1, 4)) == 0.25
    assert mathtex.plain(sp.Rational(1, 3), places=4) == 0.3333
    assert mathtex.plain(sp.Matrix([1, 2])) == [[1], [2]]
    assert mathtex.plain("text") == "text"
    assert mathtex.exact(sp.Matrix([[sp.Rational(1, 3), 2]])) == [["1/3", "2"]]
    assert mathtex.exact(sp.sqrt(2)) is None


def test_huge_values_round_without_decimal_errors():
    assert mathtex.num(sp.exp(100), "en", places=2).startswith("26881171418161354")
    assert mathtex.num(10**40 + sp.Rational(1, 3), "en", places=4).endswith(".3333")


def test_a_rounded_value_shows_all_its_places_an_exact_one_as_it_is():
    from fractions import Fraction

    from generator.mathtex import num

    assert num(Fraction(96398, 100000), "ru", 4) == "0{,}9640"  # rounded: the zero is a digit
    assert num(Fraction(29999, 10000), "en", 2) == "3.00"
    assert num(Fraction(1, 2), "ru", 4) == "0{,}5"  # exact in one place
    assert num(3, "en", 4) == "3"
    assert num(Fraction(-1, 100000), "en", 4) == "0"  # a rounded zero is plain zero


def balanced(piece: str) -> bool:
    """An independent count: braces, \\left/\\right and plain parentheses close within the piece."""
    sized = piece.count(r"\left") - piece.count(r"\right")
    parens = piece.count("(") - piece.count(")")
    return piece.count("{") == piece.count("}") and sized == 0 and parens == 0


def test_a_sum_is_cut_before_each_top_level_sign():
    terms = mathtex.top_level_terms(r"a + b - c")
    assert terms == ["a ", "+ b ", "- c"]


def test_a_leading_or_unary_sign_is_no_cut():
    assert mathtex.top_level_terms(r"-x - y") == ["-x ", "- y"]
    assert mathtex.top_level_terms(r"a = -b") == ["a = -b"]
    assert mathtex.top_level_terms(r"x \cdot -3 + 2") == [r"x \cdot -3 ", "+ 2"]
    assert mathtex.top_level_terms(r"e^{-x} - 1") == [r"e^{-x} ", "- 1"]


def test_signs_inside_groups_are_never_cuts():
    assert mathtex.top_level_terms(r"2 X^T (X w - y) + 2 \lambda w") == [
        r"2 X^T (X w - y) ", r"+ 2 \lambda w"]
    assert mathtex.top_level_terms(r"\frac{a - b}{c + d}") == [r"\frac{a - b}{c + d}"]
    det = (r"\det\left(X^T A X\right) \left(\operatorname{tr}\left(\left(X^T A^T X\right)^{-1}"
           r" X^T A^T dX\right) + \operatorname{tr}\left(\left(X^T A X\right)^{-1} X^T A dX\right)\right)")
    assert mathtex.top_level_terms(det) == [det]
    matrix = r"\begin{bmatrix} 1 & -2 \\ -\dfrac{3}{4} + 1 & 4 \end{bmatrix}"
    assert mathtex.top_level_terms(matrix) == [matrix]
    assert mathtex.top_level_terms(r"\left. x + y \right|_{0} - 2") == [r"\left. x + y \right|_{0} ", "- 2"]
    assert mathtex.top_level_terms(r"|x - y| + \|z - w\|") == [r"|x - y| ", r"+ \|z - w\|"]
    assert mathtex.top_level_terms(r"\bigl(y \odot \sigma(-y)\bigr) + 2") == [
        r"\bigl(y \odot \sigma(-y)\bigr) ", "+ 2"]


def test_a_formula_whose_groups_do_not_balance_stays_whole():
    assert mathtex.top_level_terms(r"a + (b") == [r"a + (b"]
    assert mathtex.top_level_terms(r"a) + b") == [r"a) + b"]


def test_real_answers_split_into_balanced_terms_that_rejoin_exactly():
    from generator.problems import base, registry

    cut = 0
    for family_id, options in (("M4", {"items": 5}), ("M1", {}), ("M5", {}), ("M6", {})):
        for seed in range(40):
            for answer in base.generate(registry.get(family_id), seed, options).answers:
                text = mathtex.answer_tex(answer, "ru")
                terms = text.terms
                assert "".join(terms) == text
                assert all(balanced(t) for t in terms), terms
                assert all(t.lstrip()[0] in "+-" for t in terms[1:])
                cut += len(terms) > 1
    assert cut > 0


def test_answer_tex_is_the_plain_latex_and_offers_its_terms_for_the_key():
    from generator.problems.base import Answer

    answer = Answer("g", "text", r"2 X^T (X w - y) + 2 \lambda w", {"en": "g"})
    text = mathtex.answer_tex(answer, "en")
    assert text == r"2 X^T (X w - y) + 2 \lambda w" and isinstance(text, str)
    assert text.breakable == r"\sgterm{2 X^T (X w - y) }\sgterm{+ 2 \lambda w}"
    matrix = Answer("m", "matrix", sp.Matrix([[1, -2]]), {"en": "m"})
    assert mathtex.answer_tex(matrix, "en").breakable == (
        r"\sgterm{\begin{bmatrix} 1 & -2 \end{bmatrix}}")
