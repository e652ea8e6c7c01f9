"""Many cases at once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.cli import EXIT_INVALID, build_options, print_problems, reports_problems
from toolkit.cli.app import FORCE, FORMATS, ONLY, SNIPPETS, TEMPLATE, cli
from toolkit.errors import Problem, ToolkitError

if TYPE_CHECKING:
    from toolkit.batch import CaseResult


@cli.command()
@click.argument(
    "items", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DIR_OR_CASES..."
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the results: one subfolder per case.",
)
@ONLY
@FORMATS
@TEMPLATE
@SNIPPETS
@FORCE
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes (default: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings (they are still counted).")
@reports_problems
def batch(
    items: tuple[Path, ...],
    out_dir: Path,
    only: tuple[str, ...] | None,
    formats: tuple[str, ...] | None,
    template: Path | None,
    letter_template: Path | None,
    snippet_dirs: tuple[Path, ...],
    force: bool,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Build many cases in parallel, each into its own subfolder of -o, with a summary."""
    from toolkit.batch import BatchOptions, find_cases, run_batch
    from toolkit.pipeline import check_templates

    build = build_options(
        snippet_dirs,
        only=only,
        formats=formats,
        template=template,
        letter_template=letter_template,
    )
    cases = find_cases(items)
    if not cases:
        raise ToolkitError([Problem(str(items[0]), None, "no case files (*.yaml) found")])
    build, template_warnings = check_templates(build)  # once: the warnings are shown once
    print_problems(template_warnings)
    options = BatchOptions(out_dir, build, force)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = _stderr_console()
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        auto_refresh=console.is_terminal,  # else only the last state is shown: no redrawing
    )
    with progress:
        task = progress.add_task("Building", total=len(cases))
        results = run_batch(
            cases, options, jobs=jobs, on_done=lambda _result: progress.advance(task)
        )
    for result in results:
        if result.ok:
            click.echo(str(result.folder))
    for result in results:
        _report(result, quiet=quiet)
    failed = [r for r in results if not r.ok]
    click.echo(_summary(results, out_dir, quiet=quiet), err=True)
    if failed:
        sys.exit(EXIT_INVALID)


def _report(result: CaseResult, *, quiet: bool) -> None:
    """Print what building one case found, under the case's name (nothing when all is well)."""
    lines: list[str] = []
    for problem in [] if quiet else result.warnings:
        lines += problem.format().splitlines()
    for note in result.notes:
        lines.append(f"note: {note}")
    for path, blanks in result.blanks:
        lines.append(f"blanks to fill in {path}:")
        lines += [f"  - [{blank.label}]" for blank in blanks]
    for problem in result.problems + result.failures:
        lines += problem.format().splitlines()
    if not lines:
        return
    state = "failed" if result.problems else "some documents failed" if result.failures else "ok"
    click.echo(f"{result.case}: {state}", err=True)
    for line in lines:
        click.echo(f"  {line}", err=True)


def _summary(results: list[CaseResult], out_dir: Path, *, quiet: bool) -> str:
    """Return the last line: cases built, files written, and what there is to look at."""

    def count(number: int, word: str) -> str:
        return f"{number} {word}{'' if number == 1 else 's'}"

    failed = [r for r in results if not r.ok]
    files = count(sum(len(r.written) for r in results), "file")
    parts = [
        count(sum(len(r.warnings) for r in results), "warning")
        + (" (not shown: --quiet)" if quiet else ""),
        count(sum(r.blank_count for r in results), "blank") + " to fill",
        count(sum(len(r.notes) for r in results), "note"),
    ]
    if failed:
        parts.append(count(len(failed), "case") + " with errors")
    return (
        f"built {len(results) - len(failed)} of {len(results)} cases ({files}) into {out_dir}: "
        + ", ".join(parts)
    )


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
