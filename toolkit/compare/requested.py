"""Stage 2 of ``srkit compare``: what the family asked for, item by item, with key facts.

Everything comes from the structured case and the snippet library, never from sentences
written here: each accommodation, intervention and credit-recovery option is its snippet
rendered with the case's parameters; its key facts (who, how many minutes, how often, where,
the latest arrival time) come from the snippet's parameters, named by role (``provider``,
``*_role``, ``minutes``, ``*_minutes``, ``frequency``, ``location``...). Each phase brings its
minute target; the decision rules and the review schedule their numbers from the case.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from toolkit.case.validate import ValidatedCase
from toolkit.compare.words import (
    clock_minutes,
    clock_times,
    frequencies,
    minutes,
    numbers,
    per_week,
    words,
)
from toolkit.documents.context import base_context
from toolkit.documents.plan import block, build_phases, render_snippet
from toolkit.frozen import Frozen
from toolkit.markers import visible
from toolkit.plaintext import render_plain


class Fact(Frozen):
    """One checkable fact of a requested item."""

    kind: str  # role | minutes | frequency | time | place | target | number
    text: str  # as the family's plan says it: "school counselor", "twice a week", "30"
    amount: float | None = None  # minutes, times a week, minutes after midnight, or a number


class RequestedItem(Frozen):
    """One thing the family asked for."""

    key: str  # "accommodations/flexible-arrival", "phases/3", "decision-rules"
    section: str  # the report section it belongs to (a key of the ``sections`` words)
    title: str
    summary: str  # one plain sentence about it, for the family
    text: str  # the family's full wording, as plain text
    facts: tuple[Fact, ...] = ()
    phase: bool = False  # a phase or a decision rule: moves must follow the data


_ROLE_NAMES = ("provider", "coordinator", "recorder")
_PLACE_NAMES = ("location", "place", "entrance", "setting")
# a default that leaves the choice to the team ("a quiet room the team names") is no fact
_OPEN_DEFAULT = re.compile(r"\b(team|names?|sets?|assigns?|agree[sd]?|prefers?)\b", re.I)


def requested_items(vc: ValidatedCase, today: dt.date) -> list[RequestedItem]:
    """Return every item the family's plan asks for, in the plan's order."""
    context = base_context(vc, today)
    items: list[RequestedItem] = []
    for section in ("accommodations", "interventions"):
        for use in vc.uses(section):
            items.append(_snippet_item(vc, section, use.id, use.params, context))
    for phase in build_phases(vc, context):
        items.append(_phase_item(phase))
    decisions = context["decisions"]
    items.append(
        _block_item(
            vc,
            "decision-rules",
            "rules",
            context,
            [
                Fact("number", str(decisions.window), decisions.window),
                Fact("number", str(decisions.advance_met), decisions.advance_met),
                _plain_number(decisions.advance_max_distress),
                Fact("number", str(decisions.step_back_met), decisions.step_back_met),
            ],
            phase=True,
        )
    )
    for use in vc.uses("options"):
        items.append(_snippet_item(vc, "credit", use.id, use.params, context))
    every = context["review_every_days"]
    items.append(
        _block_item(vc, "review-schedule", "status", context, [Fact("number", str(every), every)])
    )
    items.append(_block_item(vc, "plan-statement", "status", context, []))
    return items


def _plain(markdown: Any) -> str:
    return visible(render_plain(str(markdown))).strip()


def _plain_number(value: float) -> Fact:
    number = int(value) if float(value).is_integer() else value
    return Fact("number", str(number), float(value))


def _snippet_item(
    vc: ValidatedCase, section: str, snippet_id: str, params: dict[str, Any], context: dict
) -> RequestedItem:
    snippet = vc.library[snippet_id]
    rendered = render_snippet(snippet, params, context)
    values = {**snippet.defaults(), **params}
    text = _plain(rendered.body)
    facts = [
        fact
        for name, value in values.items()
        if (fact := _param_fact(name, value, given=name in params)) is not None
        and stated(fact, text)
    ]
    return RequestedItem(
        key=f"{section}/{snippet_id}",
        section=section,
        title=snippet.title,
        summary=snippet.summary,
        text=text,
        facts=tuple(facts),
    )


def stated(fact: Fact, text: str) -> bool:
    """Return whether the family's own ``text`` states ``fact`` (a parameter the snippet's
    wording does not use is no fact of the item)."""
    if fact.kind == "minutes":
        return fact.amount in minutes(text)
    if fact.kind == "frequency":
        return fact.amount in frequencies(text)
    if fact.kind == "time":
        return fact.amount in clock_times(text)
    if fact.kind in ("number", "target"):
        return fact.amount in numbers(text)
    return fact.text.lower() in text.lower()


def _param_fact(name: str, value: Any, *, given: bool) -> Fact | None:
    """Return the fact a snippet parameter states, or ``None`` when it states none."""
    text = str(value).strip()
    if name == "minutes" or name.endswith("_minutes"):
        return Fact("minutes", text, float(value)) if _is_number(value) else None
    if name == "frequency":
        amount = per_week(text)
        return Fact("frequency", text, amount) if amount is not None else None
    if name.endswith("_per_day") and _is_number(value):
        return Fact("number", text, float(value))
    clock = clock_minutes(text)
    if clock is not None:
        return Fact("time", text, clock)
    concrete = given or not _OPEN_DEFAULT.search(text)
    if (name in _ROLE_NAMES or name.endswith("_role")) and concrete and len(text.split()) <= 5:
        return Fact("role", text)
    if (name in _PLACE_NAMES or name.endswith("_place")) and concrete:
        return Fact("place", text)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) or str(value).strip().isdigit()


def _phase_item(phase) -> RequestedItem:
    parts = [
        phase.intro,
        phase.goal,
        phase.attendance,
        *phase.steps,
        *phase.supports,
        *phase.data,
        phase.move_on,
        phase.hold,
        phase.step_back,
    ]
    facts = []
    if phase.target is not None:
        facts.append(Fact("target", str(phase.target), float(phase.target)))
    return RequestedItem(
        key=f"phases/{phase.number}",
        section="phases",
        title=words()["phase_title"].format(number=phase.number, title=phase.title),
        summary=_plain(phase.goal) if phase.goal else "",
        text="\n".join(_plain(part) for part in parts if part),
        facts=tuple(facts),
        phase=True,
    )


def _block_item(
    vc: ValidatedCase,
    snippet_id: str,
    section: str,
    context: dict,
    facts: list[Fact],
    *,
    phase: bool = False,
) -> RequestedItem:
    rendered = block(vc, snippet_id, context)
    return RequestedItem(
        key=snippet_id,
        section=section,
        title=rendered.title,
        summary=vc.library[snippet_id].summary,
        text=_plain(rendered.body),
        facts=tuple(facts),
        phase=phase,
    )
