"""Reads sheets/course.toml and sheets/<id>.toml into validated Course and SheetSpec objects.

Every problem is reported as one line naming the file and the key (`sheets/x.toml: slot[2]: unknown
key 'famly'`), so a typo never passes silently.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from generator.errors import SheetgenError
from generator.model import SHEET_KINDS, Course, SheetSpec, Slot, Week

LANG_KEYS = {"ru", "en"}
SHEET_KEYS = {"id", "title", "kind", "seed", "minutes", "intro"}
SLOT_KEYS = {"id", "family", "pool", "choose", "points", "options"}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
ID_RULE = "ASCII letters, digits, '-' or '_', starting with a letter or digit"
WHOLE_NUMBER = {0: "a non-negative integer", 1: "a positive integer"}


def is_valid_id(value: Any) -> bool:
    """The one rule for every id (sheet, slot): it ends up in file names, seeds and TeX."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def check_id(value: Any, what: str) -> str:
    """`value` if it is a valid id, else a one-line error starting with `what`."""
    if not is_valid_id(value):
        raise SheetgenError(f"{what} {value!r} is not a valid id: use {ID_RULE}")
    return value


def default_sheets_dir() -> Path:
    here = Path.cwd() / "sheets"
    return here if here.is_dir() else Path(__file__).resolve().parent.parent / "sheets"


def load_course(sheets_dir: Path | None = None) -> Course:
    sheets_dir = Path(sheets_dir or default_sheets_dir())
    path = sheets_dir / "course.toml"
    sheet_files = _sheet_files(sheets_dir, path)
    data = _read_toml(path)
    _only(data, {"course", "week"}, path, "")
    course = data.get("course", {})
    _only(course, {"title"}, path, "course")
    title = _texts(course.get("title"), path, "course.title")
    sheets = {p.stem: load_sheet(p) for p in sheet_files}
    weeks = tuple(_week(w, i, path, sheets) for i, w in enumerate(_list(data, "week", path)))
    _check_week_numbers_unique(weeks, path)
    _check_each_sheet_in_one_week(weeks, path)
    return Course(title=title, weeks=weeks, sheets=sheets)


def _sheet_files(sheets_dir: Path, course_file: Path) -> list[Path]:
    """Every *.toml in the folder but course.toml; a badly named one fails later, naming it."""
    try:
        entries = sorted(sheets_dir.iterdir())
    except OSError as err:
        raise SheetgenError(f"{sheets_dir}: cannot read the sheets folder: {_reason(err)}") from None
    return [p for p in entries if p.name.endswith(".toml") and p != course_file]


def _week(raw: Any, index: int, path: Path, sheets: dict) -> Week:
    where = f"week[{index + 1}]"
    _only(raw, {"number", "topic", "sheets"}, path, where)
    number = _whole(_required(raw, "number", path, where), 0, path, f"{where}.number")
    names = raw.get("sheets", [])
    if not isinstance(names, list):
        raise SheetgenError(f"{path}: {where}.sheets must be an array of sheet ids")
    for name in names:
        _check_scheduled_sheet(name, names, sheets, path, f"{where} (week {number})")
    topic = _texts(raw.get("topic", {"ru": "", "en": ""}), path, f"{where}.topic")
    return Week(number=number, topic=topic, sheets=tuple(names))


def _check_scheduled_sheet(name: Any, names: list, sheets: dict, path: Path, where: str) -> None:
    if not isinstance(name, str) or name not in sheets:
        raise SheetgenError(f"{path}: {where}.sheets: no sheet {name!r} (sheets: {', '.join(sheets)})")
    if names.count(name) > 1:
        raise SheetgenError(f"{path}: {where}: sheet {name!r} is listed twice")


def _check_week_numbers_unique(weeks: tuple[Week, ...], path: Path) -> None:
    seen: dict[int, int] = {}
    for index, week in enumerate(weeks, start=1):
        if week.number in seen:
            raise SheetgenError(
                f"{path}: week[{index}]: week number {week.number} is already used by "
                f"week[{seen[week.number]}]; list all its sheets in one [[week]]"
            )
        seen[week.number] = index


def _check_each_sheet_in_one_week(weeks: tuple[Week, ...], path: Path) -> None:
    """A sheet has one week, so `--sheet` knows its output folder (build/weekNN/<sheet>)."""
    week_of: dict[str, int] = {}
    for index, week in enumerate(weeks, start=1):
        for name in week.sheets:
            if name in week_of:
                raise SheetgenError(
                    f"{path}: week[{index}] (week {week.number}): sheet {name!r} is already "
                    f"scheduled in week {week_of[name]}; a sheet belongs to one week "
                    "(copy its file under another name to reuse it)"
                )
            week_of[name] = week.number


def load_sheet(path: Path) -> SheetSpec:
    check_id(path.stem, f"{path}: the file name")
    data = _read_toml(path)
    _only(data, {"sheet", "slot"}, path, "")
    head = data.get("sheet")
    if not isinstance(head, dict):
        raise SheetgenError(f"{path}: missing [sheet] table")
    _only(head, SHEET_KEYS, path, "sheet")
    sheet_id = head.get("id", path.stem)
    if sheet_id != path.stem:
        raise SheetgenError(f"{path}: sheet.id {sheet_id!r} must equal the file name {path.stem!r}")
    kind = head.get("kind", "practice")
    if kind not in SHEET_KINDS:
        raise SheetgenError(f"{path}: sheet.kind {kind!r} is not one of {', '.join(SHEET_KINDS)}")
    return SheetSpec(
        id=sheet_id,
        title=_texts(head.get("title"), path, "sheet.title"),
        kind=kind,
        seed=_whole(_required(head, "seed", path, "sheet"), 0, path, "sheet.seed"),
        slots=_slots(data, path),
        source=path,
        minutes=_optional_whole(head, "minutes", 1, path, "sheet"),
        intro=_texts(head.get("intro", {"ru": "", "en": ""}), path, "sheet.intro"),
    )


def _slots(data: dict, path: Path) -> tuple[Slot, ...]:
    slots = tuple(_slot(raw, i, path) for i, raw in enumerate(_list(data, "slot", path)))
    if not slots:
        raise SheetgenError(f"{path}: the sheet has no [[slot]]: add at least one problem")
    _unique([s.id for s in slots], path)
    return slots


def _slot(raw: Any, index: int, path: Path) -> Slot:
    where = f"slot[{index + 1}]"
    _only(raw, SLOT_KEYS, path, where)
    names = _slot_families(raw, path, where)
    options = _slot_options(raw, names, path, where)
    choose = raw.get("choose", 1)
    if isinstance(choose, bool) or not isinstance(choose, int) or not 1 <= choose <= len(names):
        raise SheetgenError(f"{path}: {where}.choose must be between 1 and {len(names)}")
    slot_id = check_id(raw.get("id", f"p{index + 1}"), f"{path}: {where}.id")
    points = _optional_whole(raw, "points", 0, path, where)
    return Slot(id=slot_id, families=tuple(names), choose=choose, points=points, options=options)


def _slot_families(raw: dict, path: Path, where: str) -> list[str]:
    """The known family ids a slot draws from: one `family`, or a `pool` of distinct ones."""
    from generator.problems import registry

    if ("family" in raw) == ("pool" in raw):
        raise SheetgenError(f"{path}: {where}: give exactly one of 'family' or 'pool'")
    names = [raw["family"]] if "family" in raw else raw["pool"]
    if not isinstance(names, list) or not names or len(set(map(str, names))) != len(names):
        raise SheetgenError(f"{path}: {where}.pool must be a non-empty array of distinct families")
    families = registry.families()
    for name in names:
        if not isinstance(name, str) or name not in families:
            raise SheetgenError(
                f"{path}: {where}: unknown family {name!r} (families: {', '.join(families)})"
            )
    return names


def _slot_options(raw: dict, names: list[str], path: Path, where: str) -> dict:
    """The slot's options, valid for every family it may draw."""
    from generator.problems import registry

    options = raw.get("options", {})
    if not isinstance(options, dict):
        raise SheetgenError(f"{path}: {where}.options must be a table, e.g. {{ max_rows = 2 }}")
    for name in names:
        try:
            registry.get(name).resolve_options(options)
        except SheetgenError as err:
            raise SheetgenError(f"{path}: {where}.options: {err}") from None
    return options


def _read_toml(path: Path) -> dict:
    text = _decode_utf8(_read_bytes(path), path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SheetgenError(f"{path}: TOML syntax error: {err}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SheetgenError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise SheetgenError(f"{path}: is a folder, not a TOML file") from None
    except OSError as err:
        raise SheetgenError(f"{path}: cannot read: {_reason(err)}") from None


def _decode_utf8(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SheetgenError(
            f"{path}: line {line}: byte 0x{data[err.start]:02x} is not valid UTF-8; "
            "save the file as UTF-8"
        ) from None


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _only(table: Any, allowed: set, path: Path, where: str) -> None:
    if not isinstance(table, dict):
        raise SheetgenError(f"{path}: {where or 'top level'} must be a table")
    for key in table:
        if key not in allowed:
            prefix = f"{where}: " if where else ""
            raise SheetgenError(
                f"{path}: {prefix}unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
            )


def _list(data: dict, key: str, path: Path) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise SheetgenError(f"{path}: {key} must be an array of tables ([[{key}]])")
    return value


def _required(table: dict, key: str, path: Path, where: str) -> Any:
    if key not in table:
        raise SheetgenError(f"{path}: {where}: missing key {key!r}")
    return table[key]


def _optional_whole(table: dict, key: str, minimum: int, path: Path, where: str) -> int | None:
    return _whole(table[key], minimum, path, f"{where}.{key}") if key in table else None


def _whole(value: Any, minimum: int, path: Path, where: str) -> int:
    """An integer >= minimum (0 or 1); booleans are not integers here."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise SheetgenError(f"{path}: {where} must be {WHOLE_NUMBER[minimum]}, not {value!r}")
    return value


def _texts(value: Any, path: Path, where: str) -> dict:
    if isinstance(value, str):
        return {"ru": value, "en": value}
    if not isinstance(value, dict) or set(value) - LANG_KEYS or not value or not all(
        isinstance(text, str) for text in value.values()
    ):
        raise SheetgenError(f"{path}: {where} must be a string or a table with keys ru, en")
    return {"ru": value.get("ru", value.get("en")), "en": value.get("en", value.get("ru"))}


def _unique(ids: list, path: Path) -> None:
    seen = set()
    for slot_id in ids:
        if slot_id in seen:
            raise SheetgenError(f"{path}: two slots share the id {slot_id!r}")
        seen.add(slot_id)
