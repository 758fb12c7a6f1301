"""The orchestrator: resolves which sheets to build, then generate -> render -> compile -> export.

Each sheet is assembled in a work folder and moved into `<out>/weekNN/<sheet>/` only when all of it
succeeded, so a failed build never touches the previous good output. A sheet's variants go to
pdflatex in chunks of at most CHUNK variants; one run typesets a chunk's variant pages, key pages
and solution pages together, so each figure is typeset once (sheetgen.sty's \\sgfig). Chunks run
in parallel across `jobs` workers, and a content-hashed cache skips chunks whose LaTeX (and style
files) did not change. The per-variant PDFs and the sheet's print, keys and solutions PDFs are cut
from the chunks by their page maps. Each run's log and page map give the layout report
(generator.layout): every sheet folder gets a `layout.txt`, and the build report its findings.

The output folder's rules (one build at a time, only sheetgen's own folders are replaced, a
manifest of hashes decides what is intact) live in generator.outdir. Every OSError and interrupt
ends as one line, with the previous output intact.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator import compile as texc
from generator import export, layout, outdir, render
from generator.config import load_course
from generator.errors import Interrupted, SheetgenError
from generator.model import Course, SheetInstance
from generator.plan import check_variant_count, iter_variants, sheet_seed

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHUNK = 15  # variants per pdflatex run: fixed, so output never depends on --jobs
DOCS = {  # document part -> (combined file name, per-variant (folder, name) or None)
    "variants": ("{sheet}-print.pdf", ("variants", "{sheet}-v{{n:02d}}.pdf")),
    "keys": ("{sheet}-keys.pdf", ("keys", "{sheet}-key-v{{n:02d}}.pdf")),
    "solutions": ("{sheet}-solutions.pdf", None),
}


@dataclass(frozen=True)
class BuildRequest:
    week: int | None = None
    sheet: str | None = None
    variants: int = 30
    seed: int | None = None
    lang: str = "ru"
    out: Path = Path("build")
    pdf: bool = True
    jobs: int = 1
    sheets_dir: Path | None = None


@dataclass
class BuildReport:
    sheets: list = field(default_factory=list)  # (sheet id, final folder)
    pdflatex_runs: int = 0
    pdflatex_seconds: float = 0.0
    cached_documents: int = 0
    up_to_date: int = 0
    seconds: float = 0.0
    layout: dict = field(default_factory=dict)  # sheet id -> layout findings (PDF builds only)


def resolve_sheets(course: Course, week: int | None, sheet: str | None) -> list[tuple[str, str]]:
    """(sheet id, folder under out) pairs for a week or a single sheet, or a one-line error."""
    if (week is None) == (sheet is None):
        raise SheetgenError("give exactly one of --week or --sheet")
    if sheet is not None:
        if sheet not in course.sheets:
            raise SheetgenError(f"unknown sheet {sheet!r}; sheets: {', '.join(course.sheets)}")
        number = course.week_of(sheet)
        return [(sheet, f"week{number:02d}" if number is not None else "unscheduled")]
    found = course.week(week)
    if found is None:
        weeks = ", ".join(str(w.number) for w in course.weeks) or "none"
        raise SheetgenError(f"week {week} is not scheduled; scheduled weeks: {weeks}")
    return [(name, f"week{week:02d}") for name in found.sheets]


def build(request: BuildRequest, on_step: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Builds the requested sheets; on_step(message, done, total) reports progress."""
    started = time.perf_counter()
    if request.lang not in render.LABELS:
        raise SheetgenError(f"unknown language {request.lang!r}; languages: ru, en")
    if request.jobs < 1:
        raise SheetgenError("--jobs must be at least 1")
    if request.seed is not None and request.seed < 0:
        raise SheetgenError("--seed must be at least 0")
    check_variant_count(request.variants)
    course = load_course(request.sheets_dir)
    targets = resolve_sheets(course, request.week, request.sheet)
    if request.pdf:
        texc.pdflatex_path()
    try:
        with outdir.OutputLock(request.out):
            report = _build_locked(course, targets, request, on_step)
    except OSError as err:
        raise SheetgenError(outdir.describe_os_error(err)) from None
    except KeyboardInterrupt:
        raise Interrupted("interrupted; the previous output is intact") from None
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(course, targets, request: BuildRequest, on_step) -> BuildReport:
    """The build proper, run while this process holds the output folder's lock."""
    report = BuildReport()
    title = course.title[request.lang]
    pending = []
    for sheet, folder in targets:
        digest = inputs_digest(course.sheets[sheet], request, title)
        final = Path(request.out) / folder / sheet
        outdir.recover_swap(final)
        if outdir.up_to_date(final, digest):
            report.sheets.append((sheet, final))
            report.up_to_date += 1
            if (final / layout.REPORT_NAME).is_file():
                report.layout[sheet] = layout.read_report(final / layout.REPORT_NAME)
        else:
            outdir.check_replaceable(final)
            pending.append((sheet, folder, digest))
    chunks = len(chunk_bounds(request.variants)) if request.pdf else 0
    progress = _Progress(on_step, len(pending) * (1 + chunks))
    staged = _stage_all(course, pending, request, report, progress)
    for stage in staged:
        if request.pdf:
            report.layout[stage.sheet] = _write_layout_report(stage)
        report.sheets.append((stage.sheet, _publish(stage)))
    return report


class _Progress:
    """Counts finished steps (thread-safe enough: one increment per finished step)."""

    def __init__(self, callback, total: int):
        self.callback, self.total, self.done = callback, total, 0

    def __call__(self, message: str) -> None:
        self.done += 1
        if self.callback:
            self.callback(message, self.done, self.total)


@dataclass
class _Stage:
    sheet: str
    work: Path  # the sheet's work folder
    final: Path
    tex: list  # one .tex path per chunk, in variant order (filled while the sheet generates)
    chunks: int  # how many chunks the sheet has
    compiled: dict = field(default_factory=dict)  # chunk index -> (pdf, page map)
    findings: dict = field(default_factory=dict)  # chunk index -> its layout findings
    digest: str = ""  # the inputs digest, recorded in the manifest



def inputs_digest(spec, request: BuildRequest, course_title: str) -> str:
    """A hash of everything a sheet's output depends on: the sheet file, the request, the code."""
    digest = hashlib.sha256(_code_digest().encode())
    settings = [request.variants, request.seed, request.lang, request.pdf, course_title]
    digest.update(repr(settings).encode())
    digest.update(spec.source.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of the package's code and templates: any change rebuilds every sheet."""
    package = Path(__file__).resolve().parent
    files = [(p.relative_to(package), p) for pattern in ("**/*.py", "**/*.j2")
             for p in package.glob(pattern)]
    files += [(Path("templates") / p.name, p) for p in texc.TEMPLATES_DIR.glob("*")]
    digest = hashlib.sha256()
    for name, path in sorted(files):
        digest.update(str(name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stage_all(course, pending, request, report, progress) -> list[_Stage]:
    """Generates and renders the pending sheets while pdflatex compiles what is ready.

    With several sheets and jobs, sheets generate in forked processes (sympy is already imported,
    so a fork starts at once) and each sheet's chunks compile when the sheet is staged. Otherwise
    the sheet generates here, and each chunk compiles as soon as its variants are rendered."""
    workers = min(request.jobs, len(pending))
    pool = None
    if workers > 1:  # fork before the compiler starts threads
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_leave_interrupts_to_the_parent)
        jobs = {pool.submit(_stage_sheet, course, *item, request): item[0] for item in pending}
    compiler = _Compiler(request, report, progress) if request.pdf else None
    on_chunk = compiler.submit if compiler else None
    staged = {}
    try:
        if pool:
            for done in as_completed(jobs):
                stage = staged[jobs[done]] = done.result()
                progress(f"generated {stage.sheet}")
                for index in range(len(stage.tex)) if on_chunk else ():
                    on_chunk(stage, index)
        else:
            for item in pending:
                staged[item[0]] = _stage_sheet(course, *item, request, on_chunk)
                progress(f"generated {item[0]}")
        if compiler:
            compiler.wait()
    except BaseException:
        if pool:
            _stop_workers(pool)
        raise
    finally:
        if compiler:
            compiler.close()
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)
    return [staged[sheet] for sheet, _, _ in pending]


def _leave_interrupts_to_the_parent() -> None:
    """In a forked generator: Ctrl-C reaches the whole process group, but only the build process
    reports it (one line); the workers are stopped by it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Ends forked generators at once when the build fails or is interrupted (their work is lost
    anyway; waiting for them would only delay the one-line message)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _stage_sheet(course, sheet: str, folder: str, digest: str, request, on_chunk=None) -> _Stage:
    """Generates a sheet into its work folder: one .tex per chunk (on_chunk(stage, index) as each
    is written), then key.json, key.csv, instance.json."""
    spec = course.sheets[sheet]
    work = Path(request.out) / ".work" / f"{folder}-{sheet}"
    if work.exists():
        shutil.rmtree(work)
    (work / "tex").mkdir(parents=True)
    bounds = chunk_bounds(request.variants)
    stage = _Stage(sheet, work, Path(request.out) / folder / sheet, [], len(bounds), digest=digest)
    title, lang = course.title[request.lang], request.lang
    seed = sheet_seed(spec, request.seed)
    variants, drawn = iter_variants(spec, request.variants, request.seed), []
    for first, last in bounds:
        group = tuple(next(variants) for _ in range(first, last + 1))
        drawn.extend(group)
        chunk = SheetInstance(spec=spec, variants=group, seed=seed, lang=lang)
        stage.tex.append(work / "tex" / f"{sheet}-v{first:02d}-v{last:02d}.tex")
        text = render.render_document(chunk, render.DOC_KINDS, title)
        stage.tex[-1].write_text(text, encoding="utf-8")
        if on_chunk:
            on_chunk(stage, len(stage.tex) - 1)
    instance = SheetInstance(spec=spec, variants=tuple(drawn), seed=seed, lang=lang)
    key = export.key_data(instance)
    (work / "key.json").write_text(export.key_json(instance, key), encoding="utf-8")
    (work / "key.csv").write_text(export.key_csv(instance, key), encoding="utf-8")
    (work / "instance.json").write_text(export.instance_json(instance), encoding="utf-8")
    return stage


def chunk_size(variants: int) -> int:
    """Balanced chunks of at most CHUNK variants (31 variants: 11 + 10 + 10, not 15 + 15 + 1)."""
    count = -(-variants // CHUNK)
    return max(1, -(-variants // max(1, count)))


def chunk_bounds(variants: int) -> list[tuple[int, int]]:
    size = chunk_size(variants)
    return [(start + 1, min(variants, start + size)) for start in range(0, variants, size)]


class _Compiler:
    """A pool of pdflatex workers over chunks; when a sheet's last chunk is in, its parts are
    joined into the print, keys and solutions PDFs."""

    def __init__(self, request: BuildRequest, report: BuildReport, on_step):
        self.pool = ThreadPoolExecutor(max_workers=max(1, request.jobs))
        self.cache = Path(request.out) / ".cache"
        self.cache.mkdir(parents=True, exist_ok=True)
        self.report, self.on_step, self.futures = report, on_step, []
        self.lock = threading.Lock()

    def submit(self, stage: _Stage, index: int) -> None:
        self.futures.append(self.pool.submit(self._run, stage, index))

    def _run(self, stage: _Stage, index: int):
        pdf, pmap, findings, seconds = _compile_cached(stage.tex[index], self.cache)
        jobs = [_split_job(stage, pdf, pmap)]
        with self.lock:
            stage.findings[index] = findings
            stage.compiled[index] = (pdf, pmap)
            complete = len(stage.compiled) == stage.chunks
        if complete:
            jobs += _join_jobs(stage)
        _run_pdfparts(jobs, stage.tex[index].with_suffix(".parts.json"))
        self.on_step(f"compiled {stage.tex[index].stem}")
        return seconds

    def wait(self) -> None:
        for future in self.futures:
            seconds = future.result()
            self.report.pdflatex_runs += seconds is not None
            self.report.cached_documents += seconds is None
            self.report.pdflatex_seconds += seconds or 0.0

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _compile_cached(tex_path: Path, cache: Path):
    """(pdf, pmap, layout findings, seconds or None when served from the cache). A cache entry
    is a PDF, its page map, its findings and a sum of the three; an entry whose files do not match
    their sum is discarded and rebuilt."""
    digest = _content_hash(tex_path)
    entry = [cache / f"{digest}{suffix}" for suffix in (".pdf", ".pmap", ".layout", ".sum")]
    if _cache_entry_intact(*entry):
        return entry[0], entry[1], layout.from_json(json.loads(entry[2].read_text())), None
    started = time.perf_counter()
    pdf = texc.compile_tex(tex_path)
    seconds = time.perf_counter() - started
    pmap = tex_path.with_suffix(".pmap")
    findings = layout.check_document(tex_path)
    tex_path.with_suffix(".layout").write_text(json.dumps(layout.to_json(findings)), encoding="utf-8")
    _store_cache_entry([pdf, pmap, tex_path.with_suffix(".layout")], entry)
    return pdf, pmap, findings, seconds


def _cache_entry_intact(*entry: Path) -> bool:
    *files, total = entry
    try:
        return total.read_text() == _sum_of(*files)
    except OSError:
        return False


def _store_cache_entry(files: list[Path], entry: list[Path]):
    """Copies the files in, the sum last: an entry cut short by an interrupt has no valid sum."""
    *cached, total = entry
    total.unlink(missing_ok=True)
    for source, target in zip(files, cached):
        shutil.copyfile(source, target)
    staged = total.with_suffix(".tmp")
    staged.write_text(_sum_of(*cached))
    staged.replace(total)


def _sum_of(*paths: Path) -> str:
    return "".join(hashlib.sha256(path.read_bytes()).hexdigest() + "\n" for path in paths)


def _content_hash(tex_path: Path) -> str:
    """The LaTeX, the style files and the layout checker (the entry holds its findings)."""
    digest = hashlib.sha256(tex_path.read_bytes())
    digest.update(Path(layout.__file__).read_bytes())
    for style in sorted(texc.TEMPLATES_DIR.glob("*.sty")):
        digest.update(style.name.encode() + style.read_bytes())
    return digest.hexdigest()


def _split_job(stage: _Stage, pdf: Path, pmap: Path) -> dict:
    """Targets are a folder and a name pattern apart: only the name (our own text) is formatted,
    never the user's --out."""
    targets = {part: [str(stage.work.resolve() / folder), name.format(sheet=stage.sheet)]
               for part, (_, per_variant) in DOCS.items() if per_variant
               for folder, name in [per_variant]}
    return {"op": "split", "pdf": str(pdf.resolve()), "pmap": str(pmap.resolve()), "targets": targets}


def _join_jobs(stage: _Stage) -> list:
    """Joins need every chunk: they run with the split of whichever chunk finishes last."""
    chunks = [[str(path.resolve()) for path in stage.compiled[index]]
              for index in range(stage.chunks)]
    return [{"op": "join", "chunks": chunks, "part": part,
             "out": str(stage.work.resolve() / combined.format(sheet=stage.sheet))}
            for part, (combined, _) in DOCS.items()]


def _run_pdfparts(jobs: list, job_file: Path) -> None:
    """generator.pdfparts in its own process: its work runs beside this interpreter's."""
    job_file.write_text(json.dumps(jobs), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.pdfparts", str(job_file)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise SheetgenError(f"cutting {job_file.stem} into PDFs failed: {last}")


def _write_layout_report(stage: _Stage) -> list:
    """The sheet's findings, every chunk's in turn, into `layout.txt` in its folder."""
    findings = [f for index in sorted(stage.findings) for f in stage.findings[index]]
    findings.sort(key=layout.order)
    (stage.work / layout.REPORT_NAME).write_text(layout.report_text(stage.sheet, findings),
                                                 encoding="utf-8")
    return findings


def _publish(stage: _Stage) -> Path:
    """Keep only sources in tex/, record the manifest, then swap the work folder in for the
    previous output."""
    for leftover in (stage.work / "tex").iterdir():
        if leftover.suffix != ".tex":
            leftover.unlink()
    outdir.write_manifest(stage.work, stage.digest)
    outdir.swap_in(stage.work, stage.final)
    return stage.final
