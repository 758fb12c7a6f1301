"""G3 (conceptual yes/no questions): selection and order vary, never all-yes or all-no, the key
agrees with check.py's own table, every question has a text and a model answer in both languages."""

from __future__ import annotations

from generator import mathtex
from generator.problems import base, registry
from generator.problems.g3_concepts import family as g3
from generator.render import render_part

FAMILY = registry.get("G3")


def test_seeds_verify_and_vary():
    orders, firsts = set(), set()
    for seed in range(1000):
        d = base.generate(FAMILY, seed)
        values = {a.name: mathtex.plain(a.value, a.places) for a in d.answers}
        assert FAMILY.verify(d.params, values) == [], seed
        qs = d.params["questions"]
        assert len(set(qs)) == len(qs) == 4
        assert len(set(values.values())) == 2  # both yes and no occur
        assert [a.item for a in d.answers] == [1, 2, 3, 4], seed  # the questions' letters
        orders.add(tuple(qs))
        firsts.add(qs[0])
    assert len(orders) > 900 and firsts == set(g3.TOPICS)


def test_wrong_yes_no_is_caught():
    d = base.generate(FAMILY, 1)
    values = {a.name: mathtex.plain(a.value, a.places) for a in d.answers}
    flipped = {r"\checkmark": r"\times", r"\times": r"\checkmark"}
    for name in values:
        assert FAMILY.verify(d.params, {**values, name: flipped[values[name]]}), name


def test_every_question_has_text_and_model_answer():
    for qid in g3.TOPICS:
        d = base.generate(FAMILY, 0)
        d = base.Drawn(d.family, 0, d.options, {"questions": [qid]},
                       {"truth": [g3.FACTS[qid]]}, d.answers[:1], {}, 0)
        for lang in ("ru", "en"):
            st = render_part(d, "statement", lang)
            sol = render_part(d, "solution", lang)
            assert st.count(r"\item") == 1 and len(st.split(r"\item")[1].strip()) > 30, (qid, lang)
            assert len(sol.split(r"\item")[1].strip()) > 40, (qid, lang)
