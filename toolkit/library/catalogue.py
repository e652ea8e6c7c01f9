"""Browsing the library and suggesting snippets: what `srkit snippets` and `srkit suggest`
show. Returns plain data; the command line prints it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from toolkit.frozen import Frozen
from toolkit.library.citations import registry
from toolkit.library.snippets import Library, Snippet
from toolkit.text import PLAN_WORDS, Placeholder, agree, render

SUPPORT_KINDS = ("accommodation", "intervention")


def snippet_record(snippet: Snippet) -> dict[str, Any]:
    """Return the snippet as a JSON-ready record (what `snippets list --json` prints)."""
    return {
        "id": snippet.id,
        "kind": snippet.kind,
        "title": snippet.title,
        "summary": snippet.summary,
        "addresses": list(snippet.addresses),
        "plans": list(snippet.plans),
        "params": {
            name: {"default": spec.shown(), "kind": spec.kind, "description": spec.description}
            for name, spec in snippet.params.items()
        },
        "citations": list(snippet.citations),
        "builtin": snippet.builtin,
        "path": snippet.path,
    }


def list_snippets(
    library: Library, kind: str | None = None, addresses: str | None = None
) -> list[Snippet]:
    """Return the snippets of ``kind`` that address ``addresses`` (either may be ``None``)."""
    return [
        snippet
        for snippet in library.all()
        if (kind is None or snippet.kind == kind)
        and (addresses is None or addresses in snippet.addresses)
    ]


def sample_context(plan: str = "iep") -> dict[str, Any]:
    """Return a context for showing a snippet without a case: "the student", defaults."""
    from toolkit.case.types import Reintegration
    from toolkit.progress.rules import Rules

    defaults = Reintegration()
    return {
        "name": "the student",
        "full_name": "the student",
        "they": "they",
        "them": "them",
        "their": "their",
        "theirs": "theirs",
        "themself": "themself",
        "They": "They",
        "Them": "Them",
        "Their": "Their",
        "v": lambda verb: agree(verb, "they/them"),
        "plan": PLAN_WORDS[plan],
        "school": "the school",
        "grade": "",
        "secondary": True,
        "school_day_minutes": defaults.school_day_minutes,
        "start_date": Placeholder("start date"),
        "review_every_days": defaults.review_every_days,
        "decisions": Rules.of(defaults.decisions),
        "today": dt.date.today(),
        "chosen": (),
        "evaluation_requested": False,
        "adopted": False,
        "has_credit_recovery": True,
        "young": False,
        "first_phase": None,
    }


def show_text(snippet: Snippet, plan: str = "iep") -> str:
    """Return the snippet's plan text (Markdown) rendered with its defaults."""
    return _sentence_case(_show_markdown(snippet, plan))


def _sentence_case(text: str) -> str:
    """Return ``text`` with "the student" capitalised where a sentence or list item starts."""
    return re.sub(r"(^|^- |[.!?:] |\*\* )the student", r"\1The student", text, flags=re.M)


def _show_markdown(snippet: Snippet, plan: str) -> str:
    from toolkit.documents.plan import PhaseText, phase_text

    context = sample_context(plan)
    if snippet.phase is None:
        return render(snippet.body, {**context, **snippet.defaults(plan)}).strip()
    phase: PhaseText = phase_text(1, snippet, {}, context)
    parts = [str(phase.intro or "").strip()]
    target = (
        f"Target: {phase.target} minutes in school a day."
        if phase.target is not None
        else "Not measured in minutes in school."
    )
    parts.append(f"**Goal:** {phase.goal}")
    parts.append(f"**Attendance:** {phase.attendance} {target}")
    if phase.length:
        parts.append(f"**Typical length:** {phase.length}")
    for label, items in (
        ("Activities and expectations", phase.steps),
        ("Supports in place before expectations rise", phase.supports),
        ("Data to track", phase.data),
    ):
        parts.append(f"**{label}:**\n\n" + "\n".join(f"- {item}" for item in items))
    parts.append(
        "**Moving on, holding or stepping back:**\n\n"
        f"- Moving on: {phase.move_on}\n- Holding: {phase.hold}\n- Stepping back: {phase.step_back}"
    )
    return "\n\n".join(p for p in parts if p)


def citation_lines(snippet: Snippet) -> list[str]:
    """Return "cite: summary (status)" for each citation of the snippet."""
    known = registry()
    return [
        f"{cite}: {known[cite].summary} ({known[cite].status})" if cite in known else cite
        for cite in snippet.citations
    ]


# --- suggestions -------------------------------------------------------------------------


class Suggestion(Frozen):
    """A snippet that would address an uncovered barrier, and why."""

    snippet: Snippet
    reason: str
    score: tuple


class Gap(Frozen):
    """A barrier of the case that nothing chosen addresses, with what would."""

    barrier: str
    label: str
    note: str
    line: int | None
    suggestions: list[Suggestion]


def suggest(vc) -> list[Gap]:
    """Return the case's uncovered barriers, each with fitting snippets, best first."""
    from toolkit.checks import covering
    from toolkit.documents.context import barrier_words

    covered = covering(vc)
    chosen = {use.id for section in ("accommodations", "interventions") for use in vc.uses(section)}
    uncovered = [b for b in dict.fromkeys(vc.case.barriers) if b not in covered]
    words = barrier_words()
    plan = vc.case.student.plan
    gaps = []
    for barrier in uncovered:
        found = []
        for snippet in vc.library.all():
            if snippet.kind not in SUPPORT_KINDS or barrier not in snippet.addresses:
                continue
            if snippet.id in chosen:
                continue
            others = [b for b in uncovered if b != barrier and b in snippet.addresses]
            also = [b for b in vc.case.barriers if b not in uncovered and b in snippet.addresses]
            reason = f"addresses {barrier}"
            if others:
                reason += " and also " + ", ".join(others) + " (also uncovered)"
            elif also:
                reason += "; also helps with " + ", ".join(also)
            if plan not in snippet.plans:
                reason += f"; not written for plan type {plan}"
            score = (
                -len(others),
                plan not in snippet.plans,
                snippet.addresses.index(barrier),
                snippet.kind != "intervention",
                snippet.id,
            )
            found.append(Suggestion(snippet, reason, score))
        found.sort(key=lambda s: s.score)
        info = words.get(barrier, {})
        index = list(vc.case.barriers).index(barrier)
        gaps.append(
            Gap(
                barrier,
                info.get("label", barrier),
                info.get("note", ""),
                vc.doc.line_of(("barriers", index))[0],
                found,
            )
        )
    return gaps


def gap_record(gap: Gap) -> dict[str, Any]:
    """Return a gap as a JSON-ready record."""
    return {
        "barrier": gap.barrier,
        "label": gap.label,
        "line": gap.line,
        "note": gap.note,
        "suggestions": [
            {
                "id": s.snippet.id,
                "kind": s.snippet.kind,
                "title": s.snippet.title,
                "summary": s.snippet.summary,
                "reason": s.reason,
                "addresses": list(s.snippet.addresses),
            }
            for s in gap.suggestions
        ],
    }
