"""`make bench`: wall time and peak memory of real builds, against the pdflatex floor.

Prints a table (not a test; nothing here asserts a time):
  T_build    sheetgen build --week 3 --variants 30, cold (fresh out dir, no cache)
  T_floor    one plain pdflatex run per sheet over one document holding all its variant pages plus
             one over all its key pages (the least any tool must pay to typeset those pages), summed;
             the documents are rendered from the same instances as the build's, with the same LaTeX
             (a figure that recurs within a document is typeset once there too). For context, the
             same floor with every figure typed in place as a tikzpicture is printed as well
  ratio      T_build / T_floor
  T_python   the build's time outside pdflatex (sampling, sympy, rendering, splitting)
  T_rebuild  the same command again, nothing changed
  per-variant time at 30, 300 and 1000 variants of one sheet, and peak memory at 1000
Set BENCH_QUICK=1 to skip the 300/1000-variant runs.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEETGEN = [sys.executable, "-m", "generator.cli"]


def run_measured(command: list[str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """(wall seconds, peak RSS of the whole process tree in MiB, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    peak = [0]
    watcher = threading.Thread(target=_watch_memory, args=(proc, peak), daemon=True)
    watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    watcher.join(timeout=1)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{err}")
    return wall, peak[0] / 1024, out


def _watch_memory(proc, peak):
    while proc.poll() is None:
        peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
        time.sleep(0.05)


def _tree_rss_kib(root: int) -> int:
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        found = re.search(r"VmRSS:\s+(\d+)", status)
        rss[int(entry.name)] = int(found.group(1)) if found else 0
    tree, frontier = {root}, [root]
    while frontier:
        current = frontier.pop()
        children = [pid for pid, parent in parents.items() if parent == current]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


def build_command(out: Path, variants: int, target: list[str]) -> list[str]:
    return SHEETGEN + ["build", *target, "--variants", str(variants), "--out", str(out)]


def floor_documents(folder: Path, inline_figures: bool) -> list[Path]:
    """Week 3's sheets as one variants-only and one keys-only document each (all 30 variants)."""
    sys.path.insert(0, str(ROOT))
    from generator import render
    from generator.config import load_course
    from generator.plan import generate_sheet

    course = load_course(None)
    title = course.title["ru"]
    paths = []
    for sheet in course.week(3).sheets:
        instance = generate_sheet(course.sheets[sheet], 30, None, "ru")
        for kind in ("variants", "keys"):
            text = render.render_document(instance, [kind], title)
            if inline_figures:
                text = FIGURE.sub(lambda m: m.group(1), text)
            paths.append(folder / f"{sheet}-{kind}.tex")
            paths[-1].write_text(text, encoding="utf-8")
    return paths


FIGURE = re.compile(r"\\sgfig\{[0-9a-f]{16}\}\{(.*?\\end\{tikzpicture\})\}", re.DOTALL)


def pdflatex_floor(inline_figures: bool = False) -> float:
    """Plain pdflatex over each sheet's variants and keys documents, once each, summed."""
    from generator.compile import tex_env

    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for tex in floor_documents(Path(tmp), inline_figures):
            started = time.perf_counter()
            subprocess.run(["pdflatex", "-interaction=batchmode", tex.name], cwd=tmp,
                           env=tex_env(), check=True, stdout=subprocess.DEVNULL)
            total += time.perf_counter() - started
    return total


def pdflatex_seconds(stdout: str) -> float:
    found = re.search(r"pdflatex runs: \d+ \(([\d.]+) s\)", stdout)
    return float(found.group(1)) if found else 0.0


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="sheetgen-bench-"))
    rows = []
    week = ["--week", "3"]
    t_build, mem_build, out = run_measured(build_command(work / "cold", 30, week))
    rows.append(("T_build (week 3 x 30, cold)", f"{t_build:.2f} s", f"{mem_build:.0f} MiB"))
    runs = re.search(r"pdflatex runs: (\d+)", out)
    rows.append(("  pdflatex runs / their summed time", runs.group(1) if runs else "?",
                 f"{pdflatex_seconds(out):.2f} s"))
    t_floor = pdflatex_floor()
    rows.append(("T_floor (variants + keys, 1 run each)", f"{t_floor:.2f} s", ""))
    rows.append(("T_build / T_floor", f"{t_build / t_floor:.2f}", ""))
    t_inline = pdflatex_floor(inline_figures=True)
    rows.append(("  floor with figures typed in place", f"{t_inline:.2f} s",
                 f"ratio {t_build / t_inline:.2f}"))
    t_python, _, _ = run_measured(build_command(work / "nopdf", 30, week) + ["--no-pdf"])
    rows.append(("T_python (same build, --no-pdf)", f"{t_python:.2f} s", ""))
    t_rebuild, _, _ = run_measured(build_command(work / "cold", 30, week))
    rows.append(("T_rebuild (nothing changed)", f"{t_rebuild:.2f} s", ""))
    counts = (30,) if os.environ.get("BENCH_QUICK") else (30, 300, 1000)
    for count in counts:
        wall, mem, _ = run_measured(build_command(work / f"n{count}", count,
                                                  ["--sheet", "backprop"]))
        rows.append((f"backprop x {count}: per variant", f"{wall / count * 1000:.0f} ms",
                     f"{mem:.0f} MiB"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    width = max(len(r[0]) for r in rows)
    for label, value, extra in rows:
        print(f"{label:<{width}}  {value:>10}  {extra}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
