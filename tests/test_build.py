"""The build's up-to-date check: any change to what a sheet depends on rebuilds it."""

from __future__ import annotations

import shutil

from generator import build as build_module
from generator.build import BuildRequest, inputs_digest
from generator.config import load_course
from tests.conftest import write_course, write_sheet

B4 = '[[slot]]\nid = "layer"\nfamily = "B4"\n'


def _digest(folder, **request):
    spec = load_course(folder).sheets["s"]
    return inputs_digest(spec, BuildRequest(sheet="s", **request), "Курс")


def test_digest_changes_with_the_request_and_the_sheet_file(tmp_path):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", B4)
    base = _digest(tmp_path)
    assert base == _digest(tmp_path)
    assert base != _digest(tmp_path, seed=1)
    assert base != _digest(tmp_path, variants=29)
    assert base != _digest(tmp_path, lang="en")
    assert base != _digest(tmp_path, pdf=False)
    write_sheet(tmp_path, "s", B4, title="Другое название")
    assert base != _digest(tmp_path)


def test_digest_changes_when_a_template_changes(tmp_path, monkeypatch):
    write_course(tmp_path, ["s"])
    write_sheet(tmp_path, "s", B4)
    templates = tmp_path / "templates"
    shutil.copytree(build_module.texc.TEMPLATES_DIR, templates)
    monkeypatch.setattr(build_module.texc, "TEMPLATES_DIR", templates)
    build_module._code_digest.cache_clear()
    before = _digest(tmp_path)
    (templates / "sheetgen.sty").write_text("% changed\n", encoding="utf-8")
    build_module._code_digest.cache_clear()
    assert _digest(tmp_path) != before
    build_module._code_digest.cache_clear()
