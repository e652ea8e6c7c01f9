"""Commands about one case: check it, build its documents, show its progress."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import (
    build_case,
    build_options,
    check_case,
    print_problems,
    reports_problems,
)
from toolkit.cli.app import FORCE, FORMATS, ONLY, OUTPUT, SNIPPETS, TEMPLATE, cli


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@SNIPPETS
@reports_problems
def check(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Validate CASE and report every problem with its line."""
    check_case(case, snippet_dirs)


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@OUTPUT
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
    letter_template: Path | None,
    snippet_dirs: tuple[Path, ...],
    comments: bool,
    force: bool,
) -> None:
    """Build the documents CASE asks for into a folder, printing each path written."""
    options = build_options(
        snippet_dirs,
        only=only,
        formats=formats,
        template=template,
        letter_template=letter_template,
        comments=comments,
    )
    build_case(case, options, out_dir, force=force)


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@SNIPPETS
@reports_problems
def progress(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Show the progress summary and the data-based recommendation for CASE's daily log."""
    from toolkit.documents.context import today_date
    from toolkit.documents.progress import explain, load_progress
    from toolkit.pipeline import validate_case
    from toolkit.text import american_date, number

    validated = validate_case(case, build_options(snippet_dirs))
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
    assert rec is not None, "there is a recommendation whenever days are logged"
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
