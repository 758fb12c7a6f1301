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
