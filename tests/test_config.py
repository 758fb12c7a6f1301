"""Sheet files: every mistake is one line naming the file and the key."""

import pytest

from generator.config import load_course
from generator.errors import SheetgenError
from tests.conftest import write_course, write_sheet


def _error(folder) -> str:
    with pytest.raises(SheetgenError) as caught:
        load_course(folder)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_the_real_course_loads_and_schedules_week_3():
    course = load_course()
    week = course.week(3)
    assert week is not None
    assert {"matrix-derivatives", "backprop", "gradient-descent"} <= set(week.sheets)
    kinds = {course.sheets[s].kind for s in week.sheets}
    assert {"practice", "test", "quiz"} <= kinds


def test_unknown_key_names_file_and_key(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamly = "B4"\n')
    message = _error(tmp_path)
    assert "s.toml" in message and "slot[1]" in message and "'famly'" in message


def test_syntax_error_names_file_and_line(tmp_path):
    write_course(tmp_path, ["s"])
    (tmp_path / "s.toml").write_text('[sheet]\nid = "s"\ntitle = "x\n', encoding="utf-8")
    message = _error(tmp_path)
    assert "s.toml" in message and "line 3" in message


def test_unknown_family_lists_the_families(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "Z9"\n')
    message = _error(tmp_path)
    assert "'Z9'" in message and "B4" in message


def test_unknown_option_names_the_slot_and_option(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\noptions = { rows = 9 }\n')
    message = _error(tmp_path)
    assert "slot[1].options" in message and "'rows'" in message


def test_bad_option_value_lists_allowed_values(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\noptions = { max_rows = 9 }\n')
    assert "max_rows=9" in _error(tmp_path)


def test_course_naming_a_missing_sheet(tmp_path):
    write_course(tmp_path, ["nope"])
    message = _error(tmp_path)
    assert "course.toml" in message and "'nope'" in message


def test_wrong_kind_and_duplicate_slot_ids(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\n', kind="exam")
    assert "sheet.kind" in _error(tmp_path)
    write_sheet(tmp_path, "s", '[[slot]]\nid = "a"\nfamily = "B4"\n' * 2)
    assert "two slots share the id 'a'" in _error(tmp_path)
