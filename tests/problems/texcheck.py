"""Shared check for family tests: statements and worked solutions compile with real pdflatex in
both languages, with no overfull lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.compile import tex_env
from generator.render import environment, render_part


def assert_solutions_compile(tmp_path: Path, drawn: list, name: str) -> None:
    for lang in ("ru", "en"):
        body = []
        for d in drawn:
            body += [render_part(d, "statement", lang), render_part(d, "solution", lang), r"\clearpage"]
        pre = environment().get_template("preamble.tex.j2").render(lang=lang)
        src = tmp_path / f"{name}-{lang}.tex"
        src.write_text(pre + "\n\\begin{document}\n" + "\n".join(body) + "\n\\end{document}\n")
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", src.name],
            check=False, cwd=tmp_path, capture_output=True, text=True, env=tex_env(),
        )
        assert run.returncode == 0, run.stdout[-2000:]
        assert "Overfull" not in (tmp_path / f"{name}-{lang}.log").read_text(encoding="latin-1")
