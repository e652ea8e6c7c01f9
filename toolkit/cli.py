"""The command line: the only place that prints or exits.

Exit status: 0 success (warnings allowed), 1 invalid input, 2 wrong usage (click's own), 3 an
internal error (a bug in srkit; set SRKIT_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from toolkit.errors import Problem, ToolkitError, warning

EXIT_INVALID = 1
EXIT_INTERNAL = 3


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


def reports_problems(command: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``command`` wrapped so user errors print as lines and exit 1, without traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ToolkitError as exc:
            _print_problems(exc.problems)
            sys.exit(EXIT_INVALID)
        except BrokenPipeError:  # the reader went away (`srkit snippets list | head`)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_INVALID)
        except KeyboardInterrupt:
            click.echo("srkit: interrupted; no file was left half-written", err=True)
            sys.exit(130)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
            if os.environ.get("SRKIT_DEBUG"):
                raise
            click.echo(f"srkit: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo(
                "  hint: this is a bug in srkit; run again with SRKIT_DEBUG=1 and "
                "report the output (without the case file)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _comma_list(
    allowed: tuple[str, ...],
) -> Callable[[click.Context, click.Parameter, Any], tuple[str, ...] | None]:
    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> tuple[str, ...] | None:
        if value is None:
            return None
        items = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
        bad = [v for v in items if v not in allowed]
        if bad or not items:
            raise click.BadParameter(
                f"{', '.join(bad) or 'nothing'} (choose from {', '.join(allowed)})"
            )
        return items

    return convert


SNIPPETS = click.option(
    "--snippets",
    "snippet_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A folder of your own snippets (repeatable); same ids replace built-in ones.",
)
ONLY = click.option(
    "--only",
    callback=_comma_list(("plan", "letters", "progress")),
    metavar="plan,letters,progress",
    help="Build only these documents (comma-separated).",
)
FORMATS = click.option(
    "--format",
    "formats",
    callback=_comma_list(("docx", "md", "txt")),
    metavar="docx,md,txt",
    help="Formats to write (comma-separated; default docx).",
)
TEMPLATE = click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Word file (letterhead, fonts, styles) to use as the base of every document.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="srkit", prog_name="srkit")
def cli() -> None:
    """Write editable Word drafts of plans and letters for a student who is struggling to
    attend school, from one YAML case file.

    The user configuration file (snippet folders, a template) is read from $SRKIT_CONFIG, or
    from config.yaml in the platform's configuration folder (on Linux ~/.config/srkit/).
    """


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@reports_problems
def init(path: Path) -> None:
    """Write a commented starter case file to PATH (never over an existing file)."""
    from toolkit.output import write_new
    from toolkit.resources import resource_dir

    starter = (resource_dir("templates") / "starter.yaml").read_bytes()
    write_new(
        path,
        starter,
        force=False,
        hint="choose another file name; srkit init never replaces a file",
    )
    click.echo(str(path))
    click.echo("Fill in the file, then run `srkit check` on it.", err=True)


def _validated(case: Path, library, config):
    """Return the validated case with library warnings and plan-alignment warnings added."""
    from toolkit.case.validate import load_case
    from toolkit.checks import alignment_warnings

    validated = load_case(case, library, sender=config.sender)
    validated.warnings[:0] = library.warnings
    validated.warnings += alignment_warnings(validated)
    return validated


def _library(snippet_dirs: tuple[Path, ...]):
    from toolkit.config import load_config
    from toolkit.library.snippets import load_library

    config = load_config()
    return load_library([*config.snippets, *snippet_dirs]), config


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@SNIPPETS
@reports_problems
def check(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Validate CASE and report every problem with its line."""
    from toolkit.build import prepare
    from toolkit.documents.context import today_date

    library, config = _library(snippet_dirs)
    validated = _validated(case, library, config)
    today = today_date()
    # render the plan and letters (every chosen snippet, user snippets too) and read the log,
    # so that check finds what build would; the chart is not drawn
    prepare(validated, only=("plan", "letters"), today=today, warnings=validated.warnings)
    if validated.case.progress is not None:
        from toolkit.documents.progress import load_progress

        validated.warnings += load_progress(validated, today).log.warnings
    validated.warnings += [
        warning(path, None, f"your snippet replaces the built-in '{snippet_id}'")
        for snippet_id, path in library.replaced
    ]
    _print_problems(validated.warnings)
    count = len(validated.warnings)
    click.echo(
        f"{case}: ok" + (f" ({count} warning{'s' if count != 1 else ''})" if count else ""),
        err=True,
    )


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write the documents into.",
)
@ONLY
@FORMATS
@TEMPLATE
@SNIPPETS
@click.option("--comments", is_flag=True, help="Attach each block's rationale as a Word comment.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace drafts srkit wrote that nobody edited since (edited ones are kept; the "
    "new draft goes beside them as -v2).",
)
@reports_problems
def build(
    case: Path,
    out_dir: Path,
    only: tuple[str, ...] | None,
    formats: tuple[str, ...] | None,
    template: Path | None,
    snippet_dirs: tuple[Path, ...],
    comments: bool,
    force: bool,
) -> None:
    """Build the documents CASE asks for into a folder, printing each path written."""
    from toolkit.build import DOCUMENTS, plan_targets, prepare, write_packet
    from toolkit.documents.context import today_date
    from toolkit.output import OutputFolder

    library, config = _library(snippet_dirs)
    validated = _validated(case, library, config)
    notes = list(validated.warnings)
    notes += [
        warning(path, None, f"your snippet replaces the built-in '{snippet_id}'")
        for snippet_id, path in library.replaced
    ]
    template = template or config.template
    if template is not None:
        from toolkit.documents.formats import check_template

        notes += check_template(template)
    if only and "progress" in only and validated.case.progress is None:
        raise ToolkitError.at(
            str(case),
            None,
            "--only progress, but the case has no daily log",
            "add `progress: { log: daily-log.csv }` to the case",
        )
    only = only or DOCUMENTS
    formats = formats or ("docx",)
    today = today_date()
    drafts = prepare(validated, only=only, comments=comments, today=today, warnings=notes)
    folder = OutputFolder(out_dir)
    targets, versions = plan_targets(drafts, formats, folder, force=force)
    _print_problems(notes)
    later: list[Problem] = []
    blanks: dict[str, tuple[Path, list[str]]] = {}

    def written(target: Path, output) -> None:
        click.echo(str(target))
        stem = output.name.rsplit(".", 1)[0]
        if output.blanks and stem not in blanks:
            blanks[stem] = (target, output.blanks)

    failures = write_packet(
        drafts,
        formats,
        folder,
        targets,
        force=force,
        template=template,
        today=today,
        warnings=later,
        on_written=written,
    )
    _print_problems(later)
    for note in versions:
        click.echo(f"note: {note}", err=True)
    for first, labels in blanks.values():
        click.echo(f"blanks to fill in {first}:", err=True)
        for label in labels:
            click.echo(f"  - [{label}]", err=True)
    if failures:
        _print_problems(failures)
        sys.exit(EXIT_INVALID)


@cli.group()
def snippets() -> None:
    """Browse the snippet library: the blocks plans are written from."""


KINDS = ("accommodation", "intervention", "phase", "credit-recovery", "block")


@snippets.command("list")
@click.option("--kind", type=click.Choice(KINDS), help="Only snippets of this kind.")
@click.option("--addresses", metavar="BARRIER", help="Only snippets that address this barrier.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@SNIPPETS
@reports_problems
def snippets_list(
    kind: str | None, addresses: str | None, as_json: bool, snippet_dirs: tuple[Path, ...]
) -> None:
    """List snippets: id, kind, the barriers they address, and a one-line summary."""
    from toolkit.library.catalogue import list_snippets, snippet_record

    library, _ = _library(snippet_dirs)
    if addresses is not None and addresses not in library.barriers():
        from toolkit.errors import did_you_mean

        raise click.BadParameter(
            f"'{addresses}' is not a barrier id. "
            + (did_you_mean(addresses, library.barriers()) or "")
            + " Barriers: "
            + ", ".join(library.barriers()),
            param_hint="--addresses",
        )
    found = list_snippets(library, kind, addresses)
    if as_json:
        import json

        click.echo(json.dumps([snippet_record(s) for s in found], indent=2, ensure_ascii=False))
        return
    width = max((len(s.id) for s in found), default=10)
    for kind_name in KINDS:
        group = [s for s in found if s.kind == kind_name]
        if not group:
            continue
        click.echo(
            click.style(
                f"{kind_name}s" if kind_name != "credit-recovery" else "credit-recovery options",
                bold=True,
            )
        )
        for snippet in group:
            tags = f" [{', '.join(snippet.addresses)}]" if snippet.addresses else ""
            click.echo(f"  {snippet.id:<{width}}  {snippet.summary}{tags}")
        click.echo()


@snippets.command("show")
@click.argument("snippet_id", metavar="ID")
@click.option(
    "--plan",
    type=click.Choice(("iep", "504", "none")),
    default="iep",
    show_default=True,
    help="Show the text as written for this plan type.",
)
@SNIPPETS
@reports_problems
def snippets_show(snippet_id: str, plan: str, snippet_dirs: tuple[Path, ...]) -> None:
    """Show one snippet: its text with default parameters, parameters, rationale, citations."""
    from toolkit.library.catalogue import citation_lines, show_text
    from toolkit.plaintext import render_plain

    library, _ = _library(snippet_dirs)
    snippet = library.get(snippet_id)
    if snippet is None:
        from toolkit.errors import did_you_mean

        raise ToolkitError(
            [
                Problem(
                    "srkit",
                    None,
                    f"no snippet '{snippet_id}'",
                    did_you_mean(snippet_id, library.ids()) or "see `srkit snippets list`",
                )
            ]
        )
    bold = functools.partial(click.style, bold=True)
    click.echo(bold(f"{snippet.title}") + f"  ({snippet.id}, {snippet.kind})")
    click.echo(snippet.summary)
    if snippet.addresses:
        click.echo("Addresses: " + ", ".join(snippet.addresses))
    click.echo("Plans: " + ", ".join(snippet.plans) + f"   File: {snippet.path}")
    click.echo()
    click.echo(bold(f"Plan text (default parameters, {plan} plan):"))
    click.echo(render_plain(show_text(snippet, plan)).rstrip())
    click.echo()
    if snippet.params:
        click.echo(bold("Parameters:"))
        for name, spec in snippet.params.items():
            click.echo(f"  {name} (default: {spec.default!r})")
            click.echo(f"      {spec.description}")
        click.echo()
    click.echo(bold("Why it helps:") + f" {snippet.rationale}")
    if snippet.citations:
        click.echo(bold("Citations:"))
        for line in citation_lines(snippet):
            click.echo(f"  {line}")


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@SNIPPETS
@reports_problems
def suggest(case: Path, as_json: bool, snippet_dirs: tuple[Path, ...]) -> None:
    """Suggest accommodations and interventions for barriers nothing in CASE addresses."""
    from toolkit.case.validate import load_case
    from toolkit.library.catalogue import gap_record
    from toolkit.library.catalogue import suggest as find_gaps

    library, config = _library(snippet_dirs)
    validated = load_case(case, library, sender=config.sender)
    gaps = find_gaps(validated)
    if as_json:
        import json

        click.echo(
            json.dumps(
                {"case": str(case), "uncovered": [gap_record(g) for g in gaps]},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not gaps:
        click.echo(f"Every barrier in {case} is addressed by at least one chosen support.")
        return
    for gap in gaps:
        where = f"{case}:{gap.line}" if gap.line else str(case)
        click.echo(
            click.style(f"{gap.label} ({gap.barrier})", bold=True)
            + f"  nothing in the plan addresses it yet  [{where}]"
        )
        if gap.note:
            click.echo(f"  {gap.note}")
        for s in gap.suggestions[:6]:
            section = "accommodations" if s.snippet.kind == "accommodation" else "interventions"
            click.echo(
                f"  - {s.snippet.id} ({s.snippet.kind}, add under {section}): {s.snippet.summary}"
            )
            click.echo(f"      why: {s.reason}")
        click.echo()


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@SNIPPETS
@reports_problems
def progress(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Show the progress summary and the data-based recommendation for CASE's daily log."""
    from toolkit.documents.context import today_date
    from toolkit.documents.progress import explain, load_progress
    from toolkit.text import american_date, number

    library, config = _library(snippet_dirs)
    validated = _validated(case, library, config)
    data = load_progress(validated, today_date())
    _print_problems(data.log.warnings)
    days = data.log.days
    student = validated.case.student
    name = student.preferred_name or student.name.split()[0]
    if not days:
        click.echo(f"{student.name}: no school days logged yet in {data.log.path}.")
        return
    click.echo(
        click.style(
            f"{student.name}: {len(days)} logged school days, "
            f"{american_date(days[0].date)} to {american_date(days[-1].date)}",
            bold=True,
        )
    )
    click.echo()

    def fmt(value: float) -> str:
        return number(round(value, 1))

    rows = [("Phase", "Days", "In bldg", "Mean min", "Median", "At target", "Distress", "Work")]
    for p in data.phases:
        target = f" ({p.target} min)" if p.target is not None else ""
        rows.append(
            (
                f"{p.number}. {p.title}{target}",
                str(p.days),
                str(p.entered),
                fmt(p.mean_minutes),
                fmt(p.median_minutes),
                f"{p.met} of {p.days}" if p.met is not None else "no target",
                f"{fmt(p.distress_first)} → {fmt(p.distress_last)}",
                f"{fmt(p.work)}%" if p.work is not None else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        line = "  ".join(cells)
        click.echo(click.style(line, bold=True) if n == 0 else line)
    click.echo(
        "  (Distress: mean of the first and of the last "
        f"{data.rules.window} logged days of the phase)"
    )
    click.echo()
    rec = data.recommendation
    click.echo(click.style("What the data suggests: ", bold=True) + rec.wording)
    click.echo(f"  {explain(rec, data.titles, name)}")
    click.echo(f"  Rule applied: {rec.rule}.")
    click.echo("  This is input for the team's decision; the team and the family decide.")
    click.echo()
    click.echo(click.style("Review history", bold=True))
    for h in data.history:
        met = (
            f"{h.days_met} of {h.days_in_window} at target"
            if h.days_met is not None
            else "no minute target"
        )
        click.echo(
            f"  {american_date(h.date):<18} phase {h.phase}  {h.outcome:<9}  {met}, "
            f"mean distress {fmt(h.mean_distress)}"
        )


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
@click.option("--force", is_flag=True, help="Replace unedited drafts that already exist.")
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
    from toolkit.batch import Options, find_cases, run_batch
    from toolkit.build import DOCUMENTS
    from toolkit.config import load_config

    config = load_config()
    cases = find_cases(items)
    if not cases:
        raise ToolkitError([Problem(str(items[0]), None, "no case files (*.yaml) found")])
    template = template or config.template
    if template is not None:
        from toolkit.documents.formats import check_template

        _print_problems(check_template(template))
    options = Options(
        out_dir,
        only or DOCUMENTS,
        formats or ("docx",),
        template,
        (*config.snippets, *snippet_dirs),
        force,
        config.sender,
    )
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


@cli.command(hidden=True)
def schema() -> None:
    """Print the JSON Schema of the case file format."""
    import json

    from toolkit.case.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Run the command line."""
    cli(prog_name="srkit")
