"""Commands that browse the snippet library and suggest snippets for a case."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from toolkit.cli import build_options, reports_problems, user_library
from toolkit.cli.app import SNIPPETS, cli
from toolkit.errors import Problem, ToolkitError


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

    library = user_library(snippet_dirs)
    if addresses is not None and addresses not in library.barriers():
        from toolkit.errors import did_you_mean

        raise click.BadParameter(
            " ".join(
                filter(
                    None,
                    [
                        f"'{addresses}' is not a barrier id.",
                        did_you_mean(addresses, library.barriers()),
                        "Barriers: " + ", ".join(library.barriers()),
                    ],
                )
            ),
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

    library = user_library(snippet_dirs)
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
            click.echo(f"  {name} ({spec.kind}; default: {spec.shown()!r})")
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
    from toolkit.library.catalogue import gap_record
    from toolkit.library.catalogue import suggest as find_gaps
    from toolkit.pipeline import validate_case

    validated = validate_case(case, build_options(snippet_dirs))
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
