"""Reads sheets/course.toml and sheets/<id>.toml into validated Course and SheetSpec objects.

Every problem is reported as one line naming the file and the key (`sheets/x.toml: slot[2]: unknown
key 'famly'`), so a typo never passes silently.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from generator.errors import SheetgenError
from generator.model import SHEET_KINDS, Course, SheetSpec, Slot, Week

LANG_KEYS = {"ru", "en"}
SHEET_KEYS = {"id", "title", "kind", "seed", "minutes", "intro"}
SLOT_KEYS = {"id", "family", "pool", "choose", "points", "options"}


def default_sheets_dir() -> Path:
    here = Path.cwd() / "sheets"
    return here if here.is_dir() else Path(__file__).resolve().parent.parent / "sheets"


def load_course(sheets_dir: Path | None = None) -> Course:
    sheets_dir = Path(sheets_dir or default_sheets_dir())
    path = sheets_dir / "course.toml"
    data = _read_toml(path)
    _only(data, {"course", "week"}, path, "")
    course = data.get("course", {})
    _only(course, {"title"}, path, "course")
    title = _texts(course.get("title"), path, "course.title")
    sheets = {p.stem: load_sheet(p) for p in sorted(sheets_dir.glob("*.toml")) if p != path}
    weeks = tuple(_week(w, i, path, sheets) for i, w in enumerate(_list(data, "week", path)))
    return Course(title=title, weeks=weeks, sheets=sheets)


def _week(raw: Any, index: int, path: Path, sheets: dict) -> Week:
    where = f"week[{index + 1}]"
    _only(raw, {"number", "topic", "sheets"}, path, where)
    number = _typed(raw, "number", int, path, where)
    names = raw.get("sheets", [])
    for name in names:
        if name not in sheets:
            raise SheetgenError(
                f"{path}: {where}.sheets: no sheet {name!r} (sheets: {', '.join(sheets)})"
            )
    topic = _texts(raw.get("topic", {"ru": "", "en": ""}), path, f"{where}.topic")
    return Week(number=number, topic=topic, sheets=tuple(names))


def load_sheet(path: Path) -> SheetSpec:
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
    slots = tuple(_slot(raw, i, path) for i, raw in enumerate(_list(data, "slot", path)))
    _unique([s.id for s in slots], path)
    return SheetSpec(
        id=sheet_id,
        title=_texts(head.get("title"), path, "sheet.title"),
        kind=kind,
        seed=_typed(head, "seed", int, path, "sheet"),
        slots=slots,
        source=path,
        minutes=head.get("minutes"),
        intro=_texts(head.get("intro", {"ru": "", "en": ""}), path, "sheet.intro"),
    )


def _slot(raw: Any, index: int, path: Path) -> Slot:
    from generator.problems import registry

    where = f"slot[{index + 1}]"
    _only(raw, SLOT_KEYS, path, where)
    if ("family" in raw) == ("pool" in raw):
        raise SheetgenError(f"{path}: {where}: give exactly one of 'family' or 'pool'")
    names = [raw["family"]] if "family" in raw else list(raw["pool"])
    families = registry.families()
    for name in names:
        if name not in families:
            raise SheetgenError(
                f"{path}: {where}: unknown family {name!r} (families: {', '.join(families)})"
            )
    options = raw.get("options", {})
    for name in names:
        try:
            families[name].resolve_options(options)
        except SheetgenError as err:
            raise SheetgenError(f"{path}: {where}.options: {err}") from None
    choose = raw.get("choose", 1)
    if not isinstance(choose, int) or not 1 <= choose <= len(names):
        raise SheetgenError(f"{path}: {where}.choose must be between 1 and {len(names)}")
    slot_id = raw.get("id", f"p{index + 1}")
    if not isinstance(slot_id, str) or not slot_id.replace("-", "").replace("_", "").isalnum():
        raise SheetgenError(f"{path}: {where}.id must be letters, digits, '-' or '_'")
    points = raw.get("points")
    if points is not None and (not isinstance(points, int) or points < 0):
        raise SheetgenError(f"{path}: {where}.points must be a non-negative integer")
    return Slot(id=slot_id, families=tuple(names), choose=choose, points=points, options=options)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SheetgenError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as err:
        raise SheetgenError(f"{path}: TOML syntax error: {err}") from None


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


def _typed(table: dict, key: str, kind: type, path: Path, where: str):
    if key not in table:
        raise SheetgenError(f"{path}: {where}: missing key {key!r}")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise SheetgenError(f"{path}: {where}.{key} must be {kind.__name__}, not {value!r}")
    return value


def _texts(value: Any, path: Path, where: str) -> dict:
    if isinstance(value, str):
        return {"ru": value, "en": value}
    if not isinstance(value, dict) or set(value) - LANG_KEYS or not value:
        raise SheetgenError(f"{path}: {where} must be a string or a table with keys ru, en")
    return {"ru": value.get("ru", value.get("en")), "en": value.get("en", value.get("ru"))}


def _unique(ids: list, path: Path) -> None:
    seen = set()
    for slot_id in ids:
        if slot_id in seen:
            raise SheetgenError(f"{path}: two slots share the id {slot_id!r}")
        seen.add(slot_id)
