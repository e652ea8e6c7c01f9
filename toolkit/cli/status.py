"""`srkit status`: the family's record of letters, overdue answers first, with next steps."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import build_options, print_problems, reports_problems
from toolkit.cli.app import SNIPPETS, cli


@cli.command()
@click.argument("case", type=click.Path(path_type=Path))
@SNIPPETS
@reports_problems
def status(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Show every letter of CASE with its status (overdue first) and what to do next."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from toolkit.documents.context import today_date
    from toolkit.documents.letters import correspondence_entries
    from toolkit.followup import OVERDUE, ordered, routes
    from toolkit.pipeline import validate_case
    from toolkit.text import PLAN_WORDS

    validated = validate_case(case, build_options(snippet_dirs))
    print_problems(validated.warnings)
    today = today_date()
    student = validated.case.student
    console = Console(highlight=False, soft_wrap=False)
    if not validated.case.letters:
        console.print(f"{student.name}: the case has no letters yet.")
        return
    entries = ordered(correspondence_entries(validated, today))
    table = Table(title=Text(f"Letters about {student.name}, as of {today.isoformat()}"))
    for column in ("Status", "Date", "Letter", "To", "Reply by", "Answer or next step"):
        table.add_column(column, overflow="fold")
    style = {"overdue": "bold red", "waiting": "yellow", "answered": "green"}
    for e in entries:
        reply_by = e.reply_by.isoformat()
        if e.limit:
            reply_by += f"\n(limit {e.limit.isoformat()})"
        if e.answered_on:
            what = f"answered {e.answered_on.isoformat()}" + (f": {e.answer}" if e.answer else "")
        else:
            what = e.next_step
        table.add_row(  # Text, never markup: what the case says is shown as typed
            Text(e.status, style=style[e.status]),
            e.date.isoformat(),
            e.type,
            Text(e.recipient),
            reply_by,
            Text(what),
            end_section=True,
        )
    console.print(table)
    if any(e.status == OVERDUE for e in entries):
        plan = PLAN_WORDS[student.plan]
        console.print()
        console.print("[bold]If a follow-up also goes unanswered, the routes open to the family:")
        for route in routes(student.plan, plan.team):
            cites = f" ({'; '.join(route.cites)})" if route.cites else ""
            console.print(Text.assemble("- ", (route.title + ".", "bold"), f" {route.text}{cites}"))
        console.print(
            "State rules add their own steps and time limits: ask the state education agency."
        )
