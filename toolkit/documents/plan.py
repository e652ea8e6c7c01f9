"""The plan document: accommodations, interventions, the phased re-integration plan, data
collection, credit recovery and review, rendered as one Markdown text from
``templates/plan.md.j2`` and the snippets the case chose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from functools import cache
from typing import Any

from markupsafe import Markup

from toolkit.case.types import STANDARD_PHASES, CustomPhase, LibraryPhase
from toolkit.case.validate import ValidatedCase
from toolkit.documents.context import barrier_words, base_context
from toolkit.errors import ToolkitError
from toolkit.frozen import Frozen
from toolkit.library.snippets import Snippet, target_minutes
from toolkit.markdown import contain
from toolkit.packet import Blank, Document
from toolkit.resources import resource_dir
from toolkit.text import Placeholder, RenderError, collecting_blanks, render

PHASES_KEY = ("reintegration", "phases")


class Block(Frozen):
    """One rendered snippet, ready for the skeleton."""

    id: str
    title: str
    body: Markup
    rationale: str
    addresses: tuple[str, ...]


class PhaseText(Frozen):
    """One re-integration phase, every part rendered."""

    number: int
    title: str
    target: int | None
    length: Any
    attendance: Any
    goal: Any
    steps: list[Any]
    supports: list[Any]
    data: list[Any]
    move_on: Any
    hold: Any
    step_back: Any
    intro: Any = None
    rationale: str | None = None
    custom: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _render_in(snippet: Snippet, source: str, values: dict[str, Any], line: int | None) -> str:
    """Return ``source`` (a text of ``snippet``) rendered; a failure names the snippet file."""
    try:
        return render(source, values).strip()
    except RenderError as exc:
        at = line + exc.line - 1 if line is not None and exc.line is not None else line
        raise ToolkitError.at(
            snippet.path,
            at,
            f"snippet '{snippet.id}' cannot be rendered: {exc.message}",
            "use only the declared parameters and the documented context (snippets/README.md)",
        ) from None


def render_snippet(snippet: Snippet, params: dict[str, Any], context: dict[str, Any]) -> Block:
    """Return ``snippet`` rendered with its defaults, the case's ``params`` and ``context``."""
    values = {**context, **snippet.defaults(context["plan"].kind), **params}
    body = _render_in(snippet, snippet.body, values, snippet.body_line)
    return Block(snippet.id, snippet.title, Markup(body), snippet.rationale, snippet.addresses)


def phase_target(snippet: Snippet, params: dict[str, Any], day_minutes: int) -> int | None:
    """Return a library phase's minute target: the case's override, else the snippet's rule."""
    if "target_minutes" in params:
        return int(params["target_minutes"])
    return target_minutes(snippet.phase.target if snippet.phase else "none", day_minutes)


def phase_text(
    number: int, snippet: Snippet, params: dict[str, Any], context: dict[str, Any]
) -> PhaseText:
    spec = snippet.phase
    assert spec is not None
    target = phase_target(snippet, params, context["school_day_minutes"])
    values = {
        **context,
        **snippet.defaults(context["plan"].kind),
        **{k: v for k, v in params.items() if k != "target_minutes"},
        "phase_target": target,
    }

    def text(source: str | None) -> Markup | None:
        return Markup(_render_in(snippet, source, values, None)) if source else None

    return PhaseText(
        number=number,
        title=snippet.title,
        target=target,
        length=text(spec.length),
        attendance=text(spec.attendance),
        goal=text(spec.goal),
        steps=[text(s) for s in spec.steps],
        supports=[text(s) for s in spec.supports],
        data=[text(s) for s in spec.data],
        move_on=text(spec.move_on),
        hold=text(spec.hold),
        step_back=text(spec.step_back),
        intro=text(snippet.body),
        rationale=snippet.rationale,
    )


def _custom_phase(number: int, phase: CustomPhase) -> PhaseText:
    return PhaseText(
        number=number,
        title=phase.title,
        target=phase.target_minutes,
        length=phase.length,
        attendance=None,
        goal=phase.goal,
        steps=list(phase.steps),
        supports=list(phase.supports),
        data=list(phase.data),
        move_on=phase.move_on,
        hold=None,
        step_back=None,
        custom=True,
    )


def build_phases(vc: ValidatedCase, context: dict[str, Any]) -> list[PhaseText]:
    """Return the case's re-integration phases, numbered from 1."""
    reint = vc.case.reintegration
    chosen: list[LibraryPhase | CustomPhase]
    if reint is None or reint.phases == "standard":
        chosen = [LibraryPhase(use=phase_id) for phase_id in STANDARD_PHASES]
    else:
        chosen = list(reint.phases)
    phases = []
    for number, phase in enumerate(chosen, start=1):
        if isinstance(phase, LibraryPhase):
            snippet = vc.library[phase.use]
            phases.append(phase_text(number, snippet, dict(phase.with_), context))
        else:
            phases.append(_custom_phase(number, phase))
    return phases


def case_phases(vc: ValidatedCase, today: dt.date) -> list[PhaseText]:
    """Return the phases of ``vc`` on ``today`` (:func:`build_phases` with the case's base
    context), rendered once per case and day: the plan, the letters and the reports of a build
    all show them. A failure is not kept: each document that asks reports it."""
    return vc.once(("phases", today), lambda: build_phases(vc, base_context(vc, today)))


@cache
def skeleton(name: str) -> str:
    """Return the text of the document skeleton ``templates/NAME``."""
    return (resource_dir("templates") / name).read_text(encoding="utf-8")


def skeleton_path(name: str) -> str:
    """Return the path of the document skeleton ``templates/NAME``, as messages show it."""
    return str(resource_dir("templates") / name)


def blanks_in(text: str, printed: list[Placeholder], source: str) -> tuple[Blank, ...]:
    """Return the blanks of ``text`` in order of appearance, each where it can be filled: the
    origin of the placeholder printed for it, else ``source`` (the template asking for it)."""
    from toolkit.markers import find_placeholders

    origin: dict[str, Placeholder] = {}
    for seen in printed:
        origin.setdefault(str(seen), seen)
    found = []
    for label in dict.fromkeys(find_placeholders(text)):
        placeholder = origin.get(label)
        if placeholder is not None and placeholder.path is not None:
            found.append(Blank(label, placeholder.path, placeholder.line))
        else:
            found.append(Blank(label, source))
    return tuple(found)


def block(vc: ValidatedCase, snippet_id: str, context: dict[str, Any]) -> Block:
    """Return the library block ``snippet_id`` rendered with its defaults."""
    return render_snippet(vc.library[snippet_id], {}, context)


def plan_document(vc: ValidatedCase, today: dt.date, stem: str) -> Document:
    """Return the plan of ``vc``, rendered, as the document ``stem``."""
    context = base_context(vc, today)
    case = vc.case
    accommodations = [
        render_snippet(vc.library[use.id], use.params, context) for use in vc.uses("accommodations")
    ]
    interventions = [
        render_snippet(vc.library[use.id], use.params, context) for use in vc.uses("interventions")
    ]
    options = [
        render_snippet(vc.library[use.id], use.params, context) for use in vc.uses("options")
    ]
    words = barrier_words()
    barriers = []
    for barrier_id in dict.fromkeys(case.barriers):
        addressed_by = [
            b.title for b in (*accommodations, *interventions) if barrier_id in b.addresses
        ]
        info = words.get(barrier_id, {"label": barrier_id, "description": ""})
        barriers.append({"id": barrier_id, **info, "addressed_by": addressed_by})
    phases = case_phases(vc, today)
    blocks: dict[str, Block | None] = {"reduced-day": None} | {
        name: block(vc, name, context)
        for name in (
            "plan-statement",
            "data-collection",
            "distress-scale",
            "review-schedule",
            "decision-rules",
            "tracking-sheet",
        )
    }
    day_minutes = context["school_day_minutes"]
    reduced = [p for p in phases if p.target is None or p.target < day_minutes]
    if reduced:
        given = case.reintegration.reduced_day if case.reintegration else None
        params = {k: v for k, v in vars(given).items() if v is not None} if given else {}
        snippet = vc.library["reduced-day"]
        blocks["reduced-day"] = render_snippet(
            snippet, {k: v for k, v in params.items() if k in snippet.params}, context
        )
    student = case.student
    from toolkit.documents.baseline import adulthood, baseline

    values = {
        **context,
        "student": student,
        "summary": Markup(contain(student.summary.strip())) if student.summary else None,
        "birth_date": student.birth_date,
        "district": student.district,
        "state": student.state,
        "school_name": student.school,
        "days_missed": student.days_missed,
        "strengths": student.strengths,
        "barriers": barriers,
        "accommodations": accommodations,
        "interventions": interventions,
        "phases": phases,
        "credit": case.credit_recovery,
        "credit_options": options,
        "credit_notes": Markup(contain(case.credit_recovery.notes.strip()))
        if case.credit_recovery and case.credit_recovery.notes
        else None,
        "blocks": blocks,
        "reduced_phases": [p.number for p in reduced],
        "baseline": baseline(vc),
        "goal_minutes": phases[-1].target
        if phases and phases[-1].target
        else round(day_minutes * 0.9),
        "adulthood": adulthood(vc, today),
        "age_of_majority": student.age_of_majority
        or vc.placeholder("age of majority under state law", "student", "age_of_majority"),
        "rights_informed_on": student.rights_informed_on
        or vc.placeholder("date the school informed the student", "student", "rights_informed_on"),
        "wants_to_attend": bool(student.wants_to_attend),
        "all_addressed": all(b["addressed_by"] for b in barriers),
        "blank_goal_date": Placeholder("date of the next annual review"),
        "blank_barriers": vc.placeholder("barriers behind the absences", "barriers"),
        "blank_accommodations": vc.placeholder("accommodations", "accommodations"),
        "blank_interventions": vc.placeholder("interventions", "interventions"),
        "blank_steps": vc.placeholder("activities for this phase", "reintegration", "phases"),
        "blank_supports": vc.placeholder(
            "supports in place before this phase", "reintegration", "phases"
        ),
    }
    with collecting_blanks() as printed:
        text = render(skeleton("plan.md.j2"), values)
    plan = context["plan"]
    comments = {b.title: b.rationale for b in (*accommodations, *interventions, *options)} | {
        f"Phase {p.number}: {p.title}": p.rationale for p in phases if p.rationale
    }
    source = skeleton_path("plan.md.j2")
    return Document(
        kind="plan",
        stem=stem,
        title=f"Re-integration plan for {student.name}",
        subject="Proposed attendance and re-integration plan"
        if plan.is_none
        else f"Attendance and re-integration plan, part of the {plan.name}",
        text=text,
        source=source,
        blanks=blanks_in(text, printed, source),
        comments=tuple((heading, note) for heading, note in comments.items() if note),
    )
