"""The `sheetgen` command line: parses options, calls the library, prints. Nothing else.

Heavy modules (sympy, numpy, jinja2) are imported inside the commands, so `--help` stays fast.
Every SheetgenError and every usage error (unknown option, missing argument, bad value) becomes one
line on stderr and exit status 2; never a traceback, never click's three-line usage block.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

import click

LANGS = ("ru", "en")


def friendly(command):
    """Turn SheetgenError, any OSError and Ctrl-C into `error: ...` on stderr: exit status 2
    (130 for Ctrl-C), never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from generator.errors import Interrupted, SheetgenError
        from generator.outdir import describe_os_error

        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            error = Interrupted("interrupted")
        except OSError as err:
            error = SheetgenError(describe_os_error(err))
        except SheetgenError as err:
            error = err
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)

    return wrapper


class OneLineUsageError(click.UsageError):
    """A usage error shown as `error: <message>` alone: no usage block, no `Try --help` hint."""

    def show(self, file=None) -> None:
        message = " ".join(self.format_message().splitlines())
        click.echo(f"error: {message}", file=file, err=file is None)


# `sheetgen` alone prints the help (click >= 8.2 raises this UsageError for it): keep it so.
HELP_ERRORS = tuple(getattr(click.exceptions, name) for name in ("NoArgsIsHelpError",)
                    if hasattr(click.exceptions, name))


@contextlib.contextmanager
def one_line_usage_errors():
    try:
        yield
    except (OneLineUsageError, *HELP_ERRORS):
        raise
    except click.UsageError as err:
        raise OneLineUsageError(err.format_message(), err.ctx) from None


class OneLineErrorsGroup(click.Group):
    """Parses and runs every subcommand (those added later too) under one_line_usage_errors."""

    def make_context(self, *args, **kwargs):
        with one_line_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with one_line_usage_errors():
            return super().invoke(ctx)


def at_least(minimum: int):
    """An option callback: None passes, an integer below `minimum` is `error: --NAME must be ...`."""

    def check(ctx, param, value):
        if value is not None and value < minimum:
            raise click.UsageError(f"{param.opts[0]} must be at least {minimum}", ctx)
        return value

    return check


@click.group(cls=OneLineErrorsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sheetgen")
def main():
    """Randomized problem sheets, tests and quizzes with computed, checked answer keys."""


@main.command()
@click.option("--week", type=int, help="Build every sheet scheduled for this week.")
@click.option("--sheet", help="Build one sheet (its id, e.g. backprop).")
@click.option("--variants", type=int, default=30, show_default=True, help="Variants per sheet.")
@click.option("--seed", type=int, default=None, callback=at_least(0),
              help="Override the seed fixed in the sheet file.")
@click.option("--lang", type=click.Choice(LANGS), default="ru", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option("--no-pdf", is_flag=True, help="Write .tex, key.json, key.csv, instance.json only.")
@click.option("--jobs", type=int, default=None, callback=at_least(1),
              help="Parallel pdflatex runs [default: cores].")
@click.option("--sheets-dir", type=click.Path(path_type=Path), default=None, hidden=True)
@friendly
def build(week, sheet, variants, seed, lang, out, no_pdf, jobs, sheets_dir):
    """Generate variants, keys and solutions, compile PDFs, export key.json/csv."""
    from generator.build import BuildRequest
    from generator.build import build as run_build

    request = BuildRequest(
        week=week, sheet=sheet, variants=variants, seed=seed, lang=lang, out=out,
        pdf=not no_pdf, jobs=jobs or os.cpu_count() or 1, sheets_dir=sheets_dir,
    )
    with _progress() as step:
        report = run_build(request, on_step=step)
    for sheet_id, folder in report.sheets:
        click.echo(f"{sheet_id}: {folder}")
    click.echo(
        f"built {len(report.sheets)} sheet(s) x {variants} variants in {report.seconds:.1f} s; "
        f"pdflatex runs: {report.pdflatex_runs} ({report.pdflatex_seconds:.1f} s), "
        f"cached documents: {report.cached_documents}, sheets already up to date: {report.up_to_date}"
    )
    if report.layout:
        click.echo(_layout_line(report))


def _layout_line(report) -> str:
    """`layout: 0 overfull boxes, 0 bare headings, 0 short tails`, and where each finding is
    listed when there are any."""
    from generator import layout

    findings = [f for found in report.layout.values() for f in found]
    line = f"layout: {layout.summary(findings)}"
    reports = [str(folder / layout.REPORT_NAME) for sheet, folder in report.sheets
               if report.layout.get(sheet)]
    return line + (f"; listed in {', '.join(reports)}" if reports else "")


class _progress:
    """A progress bar on stderr when it is a terminal; silent otherwise (logs, CI)."""

    WIDTH = 30

    def __enter__(self):
        self.live = sys.stderr.isatty()
        return self.step

    def step(self, message: str, done: int, total: int):
        if self.live:
            filled = self.WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            click.echo(f"\r\033[K[{bar}] {done}/{total} {message}", err=True, nl=False)

    def __exit__(self, *exc):
        if self.live:
            click.echo("\r\033[K", err=True, nl=False)
        return False


@main.command(name="list")
@click.option("--sheets-dir", type=click.Path(path_type=Path), default=None, hidden=True)
@friendly
def list_(sheets_dir):
    """Weeks, sheets and problem families."""
    from generator.config import load_course
    from generator.problems import registry

    course = load_course(sheets_dir)
    click.echo("Weeks:")
    for week in course.weeks:
        click.echo(f"  {week.number}: {', '.join(week.sheets)}")
    click.echo("Sheets:")
    for spec in course.sheets.values():
        families = ", ".join("|".join(s.families) for s in spec.slots)
        click.echo(f"  {spec.id} ({spec.kind}): {spec.title['en']} [{families}]")
    click.echo("Families:")
    for family in registry.families().values():
        click.echo(f"  {family.id}: {family.summary}")


@main.command()
@click.argument("family")
@click.option("--seed", type=int, default=0, show_default=True, callback=at_least(0))
@click.option("--lang", type=click.Choice(LANGS), default="ru", show_default=True)
@friendly
def show(family, seed, lang):
    """One variant of FAMILY: its parameters and answers as text."""
    import json

    from generator import mathtex
    from generator.problems import base, registry

    drawn = base.generate(registry.get(family), seed)
    click.echo(f"{drawn.family.id} {drawn.family.title[lang]} (seed {seed})")
    click.echo("params: " + json.dumps(drawn.params, ensure_ascii=False))
    for answer in drawn.answers:
        value = mathtex.plain(answer.value, answer.places)
        click.echo(f"{answer.name} [{answer.kind}]: {json.dumps(value, ensure_ascii=False)}")


@main.command()
@click.argument("families", nargs=-1)
@click.option("--seeds", type=int, default=1000, show_default=True, callback=at_least(1),
              help="Seeds per family.")
@friendly
def check(families, seeds):
    """Stress-test FAMILIES (default all): sample, solve, verify every answer independently."""
    from generator.checking import check_family
    from generator.problems import registry

    chosen = [registry.get(f) for f in families] or list(registry.families().values())
    failed = False
    for family in chosen:
        result = check_family(family, seeds)
        click.echo(result.summary())
        for line in result.failures[:10]:
            click.echo(f"  {line}")
        failed = failed or bool(result.failures)
    sys.exit(1 if failed else 0)


def _register_commands():
    """Commands that live in their own packages (they import their heavy modules lazily)."""
    from generator.matcalc.command import diff_command

    main.add_command(diff_command, "diff")


_register_commands()

if __name__ == "__main__":
    main()
