"""Shared fixtures: a sheets folder to play with, and the rule that PDF tests need real tools.

The suite runs pdflatex with font making switched off (MKTEXTFM=0): the setup probe
(scripts/ensure-tex.sh, run by `make test`) must already have made every font the templates use,
so a template that needs one more fails here instead of slowing a user's first build.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHEETS = ROOT / "sheets"
os.environ["MKTEXTFM"] = "0"


def pytest_runtest_setup(item):
    """PDF tests fail loudly (never skip) when the TeX tools are missing."""
    if item.get_closest_marker("pdf"):
        missing = [t for t in ("pdflatex", "pdftotext", "pdfinfo") if not shutil.which(t)]
        if missing:
            pytest.fail(f"missing {', '.join(missing)}: run scripts/ensure-tex.sh (make test does)")


@pytest.fixture
def sheets_copy(tmp_path) -> Path:
    """A writable copy of sheets/ (tests edit it freely)."""
    target = tmp_path / "sheets"
    shutil.copytree(SHEETS, target)
    return target


def write_course(folder: Path, sheets: list[str], title: str = "Глубинное обучение") -> None:
    names = ", ".join(f'"{s}"' for s in sheets)
    (folder / "course.toml").write_text(
        f'[course]\ntitle = {json.dumps(title, ensure_ascii=False)}\n\n[[week]]\nnumber = 3\nsheets = [{names}]\n',
        encoding="utf-8",
    )


def write_sheet(folder: Path, sheet_id: str, slots: str, title: str = "Лист", kind="practice"):
    (folder / f"{sheet_id}.toml").write_text(
        f'[sheet]\nid = "{sheet_id}"\ntitle = {json.dumps(title, ensure_ascii=False)}\n'
        f'kind = "{kind}"\nseed = 7\n\n{slots}',
        encoding="utf-8",
    )
