"""``srkit compare``: a school's draft plan against what the family asked for."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.cli import (
    EXIT_INVALID,
    FORCE,
    FORMATS,
    SNIPPETS,
    TEMPLATE,
    cli,
    library_and_config,
    print_problems,
    reports_problems,
    validated_case,
)
from toolkit.errors import Problem


@cli.command()
@click.argument("school_draft", type=click.Path(path_type=Path))
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write the report into.",
)
@FORMATS
@click.option(
    "--letter",
    is_flag=True,
    help="Also write a meeting follow-up letter listing the missing and weaker items.",
)
@TEMPLATE
@SNIPPETS
@FORCE
@reports_problems
def compare(
    school_draft: Path,
    case: Path,
    out_dir: Path,
    formats: tuple[str, ...] | None,
    letter: bool,
    template: Path | None,
    snippet_dirs: tuple[Path, ...],
    force: bool,
) -> None:
    """Check the school's draft plan SCHOOL_DRAFT (.docx, .pdf or .txt) against the plan CASE
    asks for: what is missing, weaker or different, and where the draft's language is vague.
    """
    from toolkit.build import Draft, plan_targets, write_packet
    from toolkit.compare import compare_draft, follow_up_letter
    from toolkit.compare.report import report_markdown
    from toolkit.documents.context import today_date
    from toolkit.documents.letters import CLOSING
    from toolkit.output import OutputFolder
    from toolkit.slug import slugify

    library, config = library_and_config(snippet_dirs)
    validated = validated_case(case, library, config)
    template = template or config.template
    notes = list(validated.warnings)
    if template is not None:
        from toolkit.documents.formats import check_template

        notes += check_template(template)
    today = today_date()
    comparison = compare_draft(school_draft, validated, today)
    text, meta = report_markdown(comparison)
    drafts = [Draft(f"{slugify(validated.case.student.name)}-compare", text, meta)]
    if letter:
        written = follow_up_letter(validated, comparison, today)
        if written is not None:
            drafts.append(
                Draft(
                    written.stem,
                    written.markdown,
                    {
                        "title": written.subject,
                        "subject": written.subject,
                        "date": written.date.isoformat(),
                        "letter": True,
                        "closing": CLOSING,
                    },
                )
            )
    formats = formats or ("docx",)
    folder = OutputFolder(out_dir)
    targets, versions = plan_targets(drafts, formats, folder, force=force)
    print_problems(notes)
    later: list[Problem] = []
    failures = write_packet(
        drafts,
        formats,
        folder,
        targets,
        force=force,
        template=template,
        today=today,
        warnings=later,
        on_written=lambda target, _output: click.echo(str(target)),
    )
    print_problems(later)
    for note in versions:
        click.echo(f"note: {note}", err=True)
    counts = ", ".join(
        f"{comparison.count(v)} {v}" for v in ("found", "weaker", "different", "missing")
    )
    click.echo(
        f"{school_draft}: {len(comparison.findings)} items: {counts}; "
        f"{len(comparison.vague)} vague phrase{'s' if len(comparison.vague) != 1 else ''}",
        err=True,
    )
    if letter and len(drafts) == 1:
        click.echo("note: every item was found as asked; no follow-up letter written", err=True)
    if failures:
        print_problems(failures)
        sys.exit(EXIT_INVALID)
