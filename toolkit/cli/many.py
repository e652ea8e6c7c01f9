"""Many cases at once."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from toolkit.cli import (
    EXIT_INVALID,
    FORCE,
    FORMATS,
    ONLY,
    SNIPPETS,
    TEMPLATE,
    build_options,
    cli,
    print_problems,
    reports_problems,
)
from toolkit.errors import Problem, ToolkitError


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
@reports_problems
def batch(
    items: tuple[Path, ...],
    out_dir: Path,
    only: tuple[str, ...] | None,
    formats: tuple[str, ...] | None,
    template: Path | None,
    snippet_dirs: tuple[Path, ...],
    force: bool,
    jobs: int | None,
) -> None:
    """Build many cases in parallel, each into its own subfolder of -o, with a summary."""
    from toolkit.batch import BatchOptions, find_cases, run_batch
    from toolkit.documents.formats import load_template

    build = build_options(snippet_dirs, only=only, formats=formats, template=template)
    cases = find_cases(items)
    if not cases:
        raise ToolkitError([Problem(str(items[0]), None, "no case files (*.yaml) found")])
    if isinstance(build.template, Path):  # checked once, its warnings shown once
        checked = load_template(build.template)
        print_problems(list(checked.warnings))
        build = dataclasses.replace(build, template=checked)
    options = BatchOptions(out_dir, build, force)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr_console(),
        transient=False,
    )
    with progress:
        task = progress.add_task("Building", total=len(cases))
        results = run_batch(
            cases, options, jobs=jobs, on_done=lambda _result: progress.advance(task)
        )
    failed = [r for r in results if not r.ok]
    documents = sum(len(r.written) for r in results)
    for result in results:
        if result.ok:
            click.echo(str(result.folder))
    click.echo(
        f"built {len(results) - len(failed)} of {len(results)} cases "
        f"({documents} files) into {out_dir}",
        err=True,
    )
    for result in failed:
        first = result.problems[0]
        more = len(result.problems) - 1
        click.echo(
            f"failed: {result.case}: {first.format().splitlines()[0]}"
            + (f" (and {more} more; run `srkit check {result.case}`)" if more else ""),
            err=True,
        )
    if failed:
        sys.exit(EXIT_INVALID)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
