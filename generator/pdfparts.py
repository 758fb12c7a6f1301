"""Cuts compiled chunks into per-variant PDFs and joins a part's pages from every chunk.

It runs as its own process (`python -m generator.pdfparts JOB.json`), started by a build worker
once pdflatex is done, so this work runs on another core and never waits for the build's
interpreter lock while the next sheet is being generated. pikepdf (qpdf) copies the pages; the
output is deterministic (`deterministic_id`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pikepdf

from generator.compile import page_ranges


def split(pdf_path: str, pmap_path: str, targets: dict) -> None:
    """One PDF per variant of each part in targets (part -> [folder, file name pattern with
    `{n}`]); only the name is formatted, so any folder name is safe."""
    with pikepdf.open(pdf_path) as pdf:
        for rng in page_ranges(Path(pmap_path), len(pdf.pages)):
            if rng.part in targets:
                folder, name = targets[rng.part]
                save_pages(pdf.pages[rng.first - 1:rng.last], Path(folder) / name.format(n=rng.variant))


def join(chunks: list, part: str, out: str) -> None:
    """The part's pages of every (pdf, page map) chunk in order, into one PDF. Blank pages
    inside stay (duplex print); those after the very last variant are dropped."""
    opened = [pikepdf.open(pdf) for pdf, _ in chunks]
    try:
        pages = []
        for index, (pdf, (_, pmap)) in enumerate(zip(opened, chunks)):
            ranges = [r for r in page_ranges(Path(pmap), len(pdf.pages)) if r.part == part]
            if ranges:
                end = ranges[-1].last if index == len(chunks) - 1 else ranges[-1].padded
                pages.extend(pdf.pages[ranges[0].first - 1:end])
        save_pages(pages, out)
    finally:
        for pdf in opened:
            pdf.close()


def save_pages(pages, out: str) -> None:
    target = pikepdf.new()
    target.pages.extend(pages)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    target.save(out, deterministic_id=True)


def run_jobs(jobs: list) -> None:
    for job in jobs:
        if job["op"] == "split":
            split(job["pdf"], job["pmap"], job["targets"])
        else:
            join(job["chunks"], job["part"], job["out"])


if __name__ == "__main__":
    try:
        run_jobs(json.loads(Path(sys.argv[1]).read_text()))
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as err:
        sys.exit(f"cannot write {err.filename or ''}: {err.strerror or err}")
