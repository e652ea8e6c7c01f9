"""Commands about one case: check it, build its documents, show its progress."""

from __future__ import annotations

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
    cli,
    library_and_config,
    print_problems,
    reports_problems,
    validated_case,
)
from toolkit.errors import Problem, ToolkitError, warning


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@SNIPPETS
@reports_problems
def check(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Validate CASE and report every problem with its line."""
    from toolkit.build import prepare
    from toolkit.documents.context import today_date

    library, config = library_and_config(snippet_dirs)
    validated = validated_case(case, library, config)
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
    print_problems(validated.warnings)
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
@FORCE
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

    library, config = library_and_config(snippet_dirs)
    validated = validated_case(case, library, config)
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
    print_problems(notes)
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
    print_problems(later)
    for note in versions:
        click.echo(f"note: {note}", err=True)
    for first, labels in blanks.values():
        click.echo(f"blanks to fill in {first}:", err=True)
        for label in labels:
            click.echo(f"  - [{label}]", err=True)
    if failures:
        print_problems(failures)
        sys.exit(EXIT_INVALID)


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@SNIPPETS
@reports_problems
def progress(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Show the progress summary and the data-based recommendation for CASE's daily log."""
    from toolkit.documents.context import today_date
    from toolkit.documents.progress import explain, load_progress
    from toolkit.text import american_date, number

    library, config = library_and_config(snippet_dirs)
    validated = validated_case(case, library, config)
    data = load_progress(validated, today_date())
    print_problems(data.log.warnings)
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
