"""tidy_fractions: the outer parentheses around a whole fraction numerator or denominator go."""

from generator.matcalc.latex import tidy_fractions


def test_tidy_fractions_drops_only_whole_wrapping_parens():
    text = r"\frac{\left(a\right)}{\left(b\right) \left(c\right)}"
    assert tidy_fractions(text) == r"\frac{a}{\left(b\right) \left(c\right)}"
    assert tidy_fractions(r"2 \left(x\right)") == r"2 \left(x\right)"
