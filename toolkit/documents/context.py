"""The words a case gives every template: names, pronouns, plan type, dates, placeholders."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from toolkit.case.validate import ValidatedCase
from toolkit.progress.rules import Rules
from toolkit.resources import load_data, resource_dir
from toolkit.text import PLAN_WORDS, PRONOUNS, agree, american_date

SECONDARY_GRADES = {"9", "10", "11", "12", "post-12"}
YOUNG_GRADES = {"K", "1", "2", "3"}


def base_context(vc: ValidatedCase, today: dt.date) -> dict[str, Any]:
    """Return the context every snippet and skeleton of this case is rendered with (made once
    per case and date; each caller gets a dictionary of its own)."""
    return dict(vc.once(("base_context", today), lambda: _base_context(vc, today)))


def _base_context(vc: ValidatedCase, today: dt.date) -> dict[str, Any]:
    student = vc.case.student
    they, them, their, theirs, themself = PRONOUNS[student.pronouns]
    preferred = student.preferred_name or student.name.split()[0]
    reint = vc.reintegration
    return {
        "name": preferred,
        "full_name": student.name,
        "they": they,
        "them": them,
        "their": their,
        "theirs": theirs,
        "themself": themself,
        "They": they.capitalize(),
        "Them": them.capitalize(),
        "Their": their.capitalize(),
        "v": lambda verb: agree(verb, student.pronouns),
        "plan": PLAN_WORDS[student.plan],
        "school": student.school or vc.placeholder("school name", "student", "school"),
        "grade": student.grade or "",
        "secondary": (student.grade or "") in SECONDARY_GRADES,
        "school_day_minutes": reint.school_day_minutes,
        "start_date": american_date(reint.start_date)
        if reint.start_date
        else vc.placeholder("start date", "reintegration", "start_date"),
        "review_every_days": reint.review_every_days,
        "decisions": Rules.of(reint.decisions),
        "today": american_date(today),
        "chosen": chosen_ids(vc),
        "evaluation_requested": any(x.type == "evaluation-request" for x in vc.case.letters),
        "adopted": bool(reint and reint.adopted_on),
        "has_credit_recovery": vc.case.credit_recovery is not None,
        "young": (student.grade or "") in YOUNG_GRADES,
        "first_phase": next(iter(phase_ids(vc)), None),
    }


def chosen_ids(vc: ValidatedCase) -> tuple[str, ...]:
    """Return the id of every snippet the case chose (supports, credit options, phases)."""
    from toolkit.case.types import STANDARD_PHASES, LibraryPhase

    ids = [
        use.id
        for section in ("accommodations", "interventions", "options")
        for use in vc.uses(section)
    ]
    reint = vc.case.reintegration
    if reint is None or reint.phases == "standard":
        ids += STANDARD_PHASES
    else:
        ids += [p.use for p in reint.phases if isinstance(p, LibraryPhase)]
    return tuple(ids)


def phase_ids(vc: ValidatedCase) -> list[str | None]:
    """Return the library id of each phase of the plan, in order (None: a phase the case wrote)."""
    from toolkit.case.types import STANDARD_PHASES, LibraryPhase

    reint = vc.case.reintegration
    if reint is None or reint.phases == "standard":
        return list(STANDARD_PHASES)
    return [p.use if isinstance(p, LibraryPhase) else None for p in reint.phases]


@cache
def barrier_words() -> dict[str, dict[str, str]]:
    """Return each barrier id's label and plain description."""
    path = resource_dir("snippets") / "barriers.yaml"
    return load_data(path.read_text(encoding="utf-8"))["barriers"]


def today_date() -> dt.date:
    """Return today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
