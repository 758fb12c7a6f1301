"""Planning: stable per-slot numbers, distinct variants, deterministic output."""

from generator.config import load_course
from generator.plan import generate_sheet
from tests.conftest import write_course, write_sheet

B4_SLOT = '[[slot]]\nid = "layer"\nfamily = "B4"\n\n'
OTHER_SLOT = '[[slot]]\nid = "another-layer"\nfamily = "B4"\noptions = { max_rows = 2 }\n\n'


def _params(folder, sheet="s", variants=10):
    spec = load_course(folder).sheets[sheet]
    instance = generate_sheet(spec, variants, None, "ru")
    return [{p.slot_id: p.drawn.params for p in v.problems} for v in instance.variants]


def test_adding_a_problem_does_not_change_the_other_problems(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", B4_SLOT)
    before = _params(tmp_path)
    write_sheet(tmp_path, "s", OTHER_SLOT + B4_SLOT)
    after = _params(tmp_path)
    assert [v["layer"] for v in before] == [v["layer"] for v in after]
    assert all("another-layer" in v for v in after)


def test_variants_are_pairwise_distinct_in_every_slot(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", B4_SLOT + OTHER_SLOT)
    variants = _params(tmp_path, variants=30)
    for slot in ("layer", "another-layer"):
        shown = [repr(v[slot]) for v in variants]
        assert len(set(shown)) == 30


def test_same_seed_same_numbers_other_seed_other_numbers(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", B4_SLOT)
    spec = load_course(tmp_path).sheets["s"]
    first = generate_sheet(spec, 5, None, "ru")
    again = generate_sheet(spec, 5, None, "ru")
    other = generate_sheet(spec, 5, 12345, "ru")
    shown = lambda inst: [v.problems[0].drawn.params for v in inst.variants]
    assert shown(first) == shown(again)
    assert shown(first) != shown(other)


def test_a_pool_draws_the_requested_number_of_families(tmp_path):
    write_course(tmp_path, ["s"])
    pool = '[[slot]]\nid = "pick"\npool = ["B4", "B4x"]\nchoose = 1\n'
    write_sheet(tmp_path, "s", pool.replace(', "B4x"', ""))
    variants = _params(tmp_path, variants=4)
    assert all(list(v) == ["pick"] or list(v) == ["pick/B4"] for v in variants)
