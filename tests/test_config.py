"""Sheet files: every mistake is one line naming the file and the key."""

from pathlib import Path

import pytest

from generator.config import ID_RULE, check_id, is_valid_id, load_course
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


SLOT = '[[slot]]\nid = "a"\nfamily = "B4"\n'
VALID_SHEET = f'[sheet]\ntitle = "x"\nseed = 7\n\n{SLOT}'


def _course_with_sheet(folder, sheet_body: str = SLOT, **head) -> None:
    """course.toml scheduling sheet `s` in week 3, and s.toml with the given slots."""
    write_course(folder, ["s"])
    write_sheet(folder, "s", sheet_body, **head)


def _replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("stem", ["a%b", "x&y", "evil\\input{x}", "two words", "{b}", ".hidden", "-x"])
def test_a_sheet_file_name_that_is_no_valid_id_is_named(tmp_path, stem):
    _course_with_sheet(tmp_path)
    (tmp_path / f"{stem}.toml").write_text(VALID_SHEET, encoding="utf-8")  # stray, not scheduled
    message = _error(tmp_path)
    assert f"{stem}.toml: the file name" in message and "is not a valid id" in message
    assert ID_RULE in message


def test_slot_and_sheet_ids_share_one_rule(tmp_path):
    _course_with_sheet(tmp_path, '[[slot]]\nid = "a%b"\nfamily = "B4"\n')
    message = _error(tmp_path)
    assert "slot[1].id 'a%b' is not a valid id" in message and ID_RULE in message


@pytest.mark.parametrize("good", ["backprop", "test-matrix-derivatives", "p1", "B4_x", "3"])
def test_valid_ids(good):
    assert is_valid_id(good)


@pytest.mark.parametrize("bad", ["", "-", "_a", "a b", "a%b", "a\\b", "a{b}", "задача", "x²", 5, None])
def test_invalid_ids(bad):
    assert not is_valid_id(bad)
    with pytest.raises(SheetgenError, match="is not a valid id"):
        check_id(bad, "thing")


def test_invalid_utf8_in_a_sheet_names_file_and_line(tmp_path):
    _course_with_sheet(tmp_path)
    with open(tmp_path / "s.toml", "ab") as handle:
        handle.write(b'# caf\xe9\n')
    message = _error(tmp_path)
    assert "s.toml: line 10: byte 0xe9 is not valid UTF-8" in message


def test_invalid_utf8_in_course_toml_names_the_file(tmp_path):
    _course_with_sheet(tmp_path)
    (tmp_path / "course.toml").write_bytes(b'[course]\ntitle = "\xff"\n')
    assert "course.toml: line 2: byte 0xff is not valid UTF-8" in _error(tmp_path)


def test_a_folder_named_like_a_sheet_is_named(tmp_path):
    _course_with_sheet(tmp_path)
    (tmp_path / "x.toml").mkdir()
    assert _error(tmp_path).endswith("x.toml: is a folder, not a TOML file")


def test_an_unreadable_sheet_file_is_named(tmp_path, monkeypatch):
    _course_with_sheet(tmp_path)
    _deny(monkeypatch, "read_bytes", tmp_path / "s.toml")
    assert _error(tmp_path) == f"{tmp_path / 's.toml'}: cannot read: Permission denied"


def test_a_missing_sheets_folder_is_named(tmp_path):
    message = _error(tmp_path / "nowhere")
    assert message == f"{tmp_path / 'nowhere'}: cannot read the sheets folder: No such file or directory"


def test_an_unreadable_sheets_folder_is_named(tmp_path, monkeypatch):
    _course_with_sheet(tmp_path)
    _deny(monkeypatch, "iterdir", tmp_path)
    assert _error(tmp_path) == f"{tmp_path}: cannot read the sheets folder: Permission denied"


def _deny(monkeypatch, method: str, denied) -> None:
    """Path.<method> raises PermissionError for `denied` (the tests may run as root)."""
    original = getattr(Path, method)

    def guarded(self, *args, **kwargs):
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, guarded)


def test_a_sheet_listed_twice_in_a_week(tmp_path):
    write_course(tmp_path, ["s", "s"])
    write_sheet(tmp_path, "s", SLOT)
    message = _error(tmp_path)
    assert "course.toml: week[1] (week 3): sheet 's' is listed twice" in message


def test_a_sheet_scheduled_in_two_weeks(tmp_path):
    _course_with_sheet(tmp_path)
    with open(tmp_path / "course.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[[week]]\nnumber = 4\nsheets = ["s"]\n')
    message = _error(tmp_path)
    assert "course.toml: week[2] (week 4): sheet 's' is already scheduled in week 3" in message


def test_two_weeks_with_the_same_number(tmp_path):
    _course_with_sheet(tmp_path)
    with open(tmp_path / "course.toml", "a", encoding="utf-8") as handle:
        handle.write("\n[[week]]\nnumber = 3\nsheets = []\n")
    message = _error(tmp_path)
    assert "course.toml: week[2]: week number 3 is already used by week[1]" in message


@pytest.mark.parametrize("sheets", ['"s"', '[{ id = "s" }]', "[3]"])
def test_week_sheets_must_be_a_list_of_sheet_ids(tmp_path, sheets):
    _course_with_sheet(tmp_path)
    _replace_in(tmp_path / "course.toml", 'sheets = ["s"]', f"sheets = {sheets}")
    message = _error(tmp_path)
    assert "course.toml: week[1]" in message and ".sheets" in message


@pytest.mark.parametrize("number", ["-1", '"3"', "true", "3.0"])
def test_week_number_must_be_a_non_negative_integer(tmp_path, number):
    _course_with_sheet(tmp_path)
    _replace_in(tmp_path / "course.toml", "number = 3", f"number = {number}")
    assert "week[1].number must be a non-negative integer" in _error(tmp_path)


def test_a_sheet_without_slots(tmp_path):
    _course_with_sheet(tmp_path, "")
    assert "s.toml: the sheet has no [[slot]]" in _error(tmp_path)


@pytest.mark.parametrize("minutes", ["0", "-45", '"45"', "true", "4.5"])
def test_minutes_must_be_a_positive_integer(tmp_path, minutes):
    _course_with_sheet(tmp_path)
    _replace_in(tmp_path / "s.toml", "seed = 7", f"seed = 7\nminutes = {minutes}")
    assert "s.toml: sheet.minutes must be a positive integer" in _error(tmp_path)


def test_minutes_when_valid_are_kept(tmp_path):
    _course_with_sheet(tmp_path)
    _replace_in(tmp_path / "s.toml", "seed = 7", "seed = 7\nminutes = 45")
    assert load_course(tmp_path).sheets["s"].minutes == 45


@pytest.mark.parametrize("seed", ["-1", "true", '"7"'])
def test_seed_must_be_a_non_negative_integer(tmp_path, seed):
    _course_with_sheet(tmp_path)
    _replace_in(tmp_path / "s.toml", "seed = 7", f"seed = {seed}")
    assert "s.toml: sheet.seed must be a non-negative integer" in _error(tmp_path)


@pytest.mark.parametrize("points", ["-1", "true", '"2"'])
def test_points_must_be_a_non_negative_integer(tmp_path, points):
    _course_with_sheet(tmp_path, f"{SLOT}points = {points}\n")
    assert "slot[1].points must be a non-negative integer" in _error(tmp_path)


@pytest.mark.parametrize("pool", ['"B3"', "[]", '["B3", "B3"]'])
def test_a_pool_must_be_distinct_families(tmp_path, pool):
    _course_with_sheet(tmp_path, f'[[slot]]\nid = "a"\npool = {pool}\n')
    assert "slot[1].pool must be a non-empty array of distinct families" in _error(tmp_path)


@pytest.mark.parametrize("family", ["{ id = 'B4' }", '["B4"]'])
def test_a_family_that_is_no_string(tmp_path, family):
    _course_with_sheet(tmp_path, f'[[slot]]\nid = "a"\nfamily = {family}\n')
    assert "slot[1]: unknown family" in _error(tmp_path)


def test_options_must_be_a_table(tmp_path):
    _course_with_sheet(tmp_path, f"{SLOT}options = 2\n")
    assert "slot[1].options must be a table" in _error(tmp_path)


def test_titles_must_be_text(tmp_path):
    _course_with_sheet(tmp_path)
    _replace_in(tmp_path / "s.toml", 'title = "Лист"', "title = { ru = 5 }")
    assert "s.toml: sheet.title must be a string" in _error(tmp_path)
