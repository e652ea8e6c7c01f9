"""The later steps of the interview: the return plan, credit recovery and the letters."""

from __future__ import annotations

from typing import Any

from toolkit.serve.casefile import CaseFile
from toolkit.serve.fields import (
    MEETING_TOPICS,
    Applied,
    FormData,
    apply_choices,
    meeting_topic_label,
)
from toolkit.serve.i18n import _, current, ngettext


def hours_minutes(minutes: int | None) -> str:
    """Return a number of minutes in hours and minutes ("3 hours 15 minutes")."""
    if minutes is None:
        return _("no minute target")
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("{n} hour", "{n} hours", hours).format(n=hours))
    if rest or not hours:
        parts.append(ngettext("{n} minute", "{n} minutes", rest).format(n=rest))
    return " ".join(parts)


# --- the return plan -------------------------------------------------------------------------


def _day_minutes(case: CaseFile) -> int:
    value = case.get(("reintegration", "school_day_minutes"))
    return value if isinstance(value, int) and 60 <= value <= 600 else 390


def _phase_rows(case: CaseFile, library) -> list[dict[str, Any]]:
    from toolkit.case.model import STANDARD_PHASES
    from toolkit.documents.plan import phase_target
    from toolkit.serve.steps import snippet_words

    day = _day_minutes(case)
    phases = case.get(("reintegration", "phases"))
    items = [{"use": p} for p in STANDARD_PHASES] if not isinstance(phases, list) else list(phases)
    rows = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        if "use" in item:
            snippet = library.get(str(item["use"]))
            settings = item.get("with")
            params = dict(settings) if isinstance(settings, dict) else {}
            target = None
            if snippet is not None:
                try:
                    target = phase_target(snippet, params, day)
                except (TypeError, ValueError):
                    target = None
            rows.append(
                {
                    "index": index,
                    "library": True,
                    "id": str(item["use"]),
                    **(
                        snippet_words(snippet)
                        if snippet
                        else {"title": str(item["use"]), "summary": "", "lang": "en"}
                    ),
                    "target": hours_minutes(target),
                    "params": [
                        {
                            "name": f"reintegration.phases.{index}.with.{param}",
                            "label": spec.description,
                            "default_text": _("If left empty: “{default}”.").format(
                                default=spec.default
                            ),
                        }
                        for param, spec in (snippet.params.items() if snippet else ())
                    ],
                }
            )
        else:
            minutes = item.get("target_minutes")
            rows.append(
                {
                    "index": index,
                    "library": False,
                    "title": str(item.get("title") or _("Your own phase")),
                    "lang": "en" if item.get("title") else current(),
                    "target": hours_minutes(minutes if isinstance(minutes, int) else None),
                }
            )
    return rows


def _return_plan_extra(case: CaseFile, library) -> dict[str, Any]:
    from toolkit.serve.steps import snippet_words

    phases = case.get(("reintegration", "phases"))
    day = _day_minutes(case)
    return {
        "phases_mode": "list" if isinstance(phases, list) else "standard",
        "phase_rows": _phase_rows(case, library),
        "day_words": hours_minutes(day),
        "library_phases": [
            (s.id, snippet_words(s)["title"]) for s in library.all() if s.kind == "phase"
        ],
    }


def _apply_return_plan(case: CaseFile, form: FormData, library, applied: Applied) -> None:
    from ruamel.yaml.comments import CommentedMap

    from toolkit.case.model import STANDARD_PHASES

    mode = form.get("phases_mode")
    current = case.get(("reintegration", "phases"))
    if mode == "standard" and current is not None and current != "standard":
        case.set(("reintegration", "phases"), "standard")
        applied.changed = True
    elif mode == "list" and not isinstance(current, list):
        seeded = []
        for phase_id in STANDARD_PHASES:
            item = CommentedMap()
            item["use"] = phase_id
            seeded.append(item)
        case.set(("reintegration", "phases"), seeded)
        applied.changed = True
        applied.stay = True
    added = form.get("add_phase") or ""
    if added and added in {s.id for s in library.all() if s.kind == "phase"}:
        item = CommentedMap()
        item["use"] = added
        if not isinstance(case.get(("reintegration", "phases")), list):
            return
        case.append(("reintegration", "phases"), item)
        applied.changed = True
        applied.stay = True


def return_plan_step():
    from toolkit.serve.steps import Step

    return Step(
        "return-plan",
        _("Return plan"),
        _("The return plan, step by step"),
        _(
            "The plan brings the student back gradually, in phases. Each phase has a daily "
            "target (time in school) and moves on when the data shows the student is ready, "
            "not on a fixed date."
        ),
        "step_return_plan.html",
        preview="plan:Phased re-integration plan",
        extra=_return_plan_extra,
        apply=_apply_return_plan,
    )


# --- credit recovery ------------------------------------------------------------------------


def credit_step():
    from toolkit.serve.steps import Step, apply_snippets, snippet_options

    def extra(case: CaseFile, library) -> dict[str, Any]:
        return {
            "section": "credit_recovery.options",
            "option_groups": [
                {
                    "heading": _("Ways to make up credits"),
                    "note": None,
                    "options": snippet_options(
                        case, library, "credit_recovery.options", ("credit-recovery",)
                    ),
                }
            ],
        }

    def apply(case, form, library, applied):
        apply_snippets(
            case, form, library, applied, "credit_recovery.options", ("credit-recovery",)
        )

    return Step(
        "credit",
        _("Credits"),
        _("Making up missed credits"),
        _(
            "For students in high school: which courses are behind, and how the missed "
            "credits will be earned without making catching up a reason to stay away. "
            "Leave this page empty if it does not apply."
        ),
        "step_credit.html",
        preview="plan:Credit recovery",
        extra=extra,
        apply=apply,
    )


# --- letters --------------------------------------------------------------------------------


def _people_choices(case: CaseFile) -> dict[str, list[tuple[str, str]]]:
    contacts = [
        str(c.get("name"))
        for c in case.get(("people", "school_contacts")) or []
        if isinstance(c, dict) and c.get("name")
    ]
    senders = [
        str(p.get("name"))
        for p in case.get(("people", "parents")) or []
        if isinstance(p, dict) and p.get("name")
    ]
    advocate = case.get(("people", "advocate", "name"))
    if advocate:
        senders.append(str(advocate))
    return {
        "to": [("", _("Not chosen yet (the letter shows a blank to fill)"))]
        + [(n, n) for n in contacts],
        "from": [("", _("The first parent or guardian"))] + [(n, n) for n in senders],
    }


def _letters_extra(case: CaseFile, library) -> dict[str, Any]:
    letters = case.get(("letters",)) or []
    return {
        "letter_indexes": [i for i, letter in enumerate(letters) if isinstance(letter, dict)],
        "claim_indexes": {
            i: list(range(len(letter.get("claims") or [])))
            for i, letter in enumerate(letters)
            if isinstance(letter, dict)
        },
        "meeting_topics": [(t, meeting_topic_label(t)) for t in MEETING_TOPICS],
        "people_choices": _people_choices(case),
    }


def _apply_letters(case: CaseFile, form: FormData, library, applied: Applied) -> None:
    letters = case.get(("letters",)) or []
    for index in range(len(letters)):
        if apply_choices(case, form, ("letters", index, "topics"), MEETING_TOPICS):
            applied.changed = True
    ticked = [t for t in form.getlist("letters.new.topics") if t in MEETING_TOPICS]
    new_index = applied.new_items.get(("letters",))
    if ticked and new_index is not None:
        case.set(("letters", new_index, "topics"), ticked)


def letters_step():
    from toolkit.serve.steps import Step

    return Step(
        "letters",
        _("Letters"),
        _("Letters to the school"),
        _(
            "Each letter asks the school for something in writing, so there is a record. "
            "Choose the kind of letter, who it goes to and from, and the date. The letters "
            "state federal rules only where they apply, and ask the school to name any other "
            "rule it relies on."
        ),
        "step_letters.html",
        preview="letters",
        extra=_letters_extra,
        apply=_apply_letters,
    )
