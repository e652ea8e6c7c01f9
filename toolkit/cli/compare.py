"""``srkit compare``: a school's draft plan against what the family asked for."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import build_options, finish, reports_problems, write_files
from toolkit.cli.app import FORCE, FORMATS, OUTPUT, SNIPPETS, TEMPLATE, cli


@cli.command()
@click.argument("school_draft", type=click.Path(path_type=Path))
@click.argument("case", type=click.Path(path_type=Path))
@OUTPUT
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
    letter_template: Path | None,
    snippet_dirs: tuple[Path, ...],
    force: bool,
) -> None:
    """Check the school's draft plan SCHOOL_DRAFT (.docx, .pdf with text, or .txt) against
    the plan CASE asks for: what is missing, weaker or different, and where the draft's
    language is vague. Writes {student}-compare.docx (and, with --letter, a follow-up letter).
    """
    from toolkit.compare import compare_packet
    from toolkit.compare.match import VERDICTS
    from toolkit.pipeline import validate_case

    options = build_options(
        snippet_dirs, formats=formats, template=template, letter_template=letter_template
    )
    validated = validate_case(case, options)
    packet, comparison = compare_packet(school_draft, validated, options, letter=letter)
    written = write_files(packet, out_dir, force=force)
    counts = ", ".join(f"{comparison.count(v)} {v}" for v in VERDICTS)
    vague = len(comparison.vague)
    click.echo(
        f"{school_draft}: {len(comparison.findings)} items: {counts}; "
        f"{vague} vague phrase{'s' if vague != 1 else ''}",
        err=True,
    )
    if letter and len(packet.documents) == 1:
        click.echo("note: every item was found as asked; no follow-up letter written", err=True)
    finish(packet, written)
