"""Where the student is starting: the baseline the plan's first section states and its annual
attendance goal builds on, and the student's age on a date (adult students and transfer of
rights).

The baseline comes from the daily log (the first logged school days of the plan, as many as the
decision window), else from the case's ``baseline:`` block; whatever neither gives is a
highlighted blank.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from markupsafe import Markup

from toolkit.case.validate import ValidatedCase
from toolkit.errors import ToolkitError
from toolkit.frozen import Frozen
from toolkit.text import Placeholder, american_date

ADULT_AGE = 18  # FERPA rights pass to the student at 18 (34 CFR 99.3, 99.5)


class Baseline(Frozen):
    """The starting numbers, as the plan prints them (a ``Placeholder`` where not known)."""

    source: str  # "log-before" (log rows before the start), "log" (its first days), "case", "none"
    period: Any
    school_days: Any
    days_in_building: Any
    mean_minutes: Any
    mean_distress: Any
    known_minutes: float | None  # the mean minutes, when known (for the check)


def baseline(vc: ValidatedCase) -> Baseline:
    """Return where the student is starting: from the log, the case's ``baseline:``, or blanks."""
    from_log = _from_log(vc)
    if from_log is not None:
        return from_log
    given = vc.case.baseline
    if given is None:
        return Baseline(
            "none",
            Markup(f"Over {Placeholder('period the baseline covers').marker()}"),
            Placeholder("school days in that period"),
            Placeholder("days in the building"),
            Placeholder("mean minutes a day in school"),
            Placeholder("mean distress rating"),
            None,
        )
    if given.start and given.end:
        period = f"From {american_date(given.start)} to {american_date(given.end)}"
    elif given.end:
        period = f"In the weeks up to {american_date(given.end)}"
    else:
        period = Markup(f"Over {Placeholder('period the baseline covers').marker()}")
    return Baseline(
        "case",
        period,
        given.school_days if given.school_days is not None else Placeholder("school days"),
        given.days_in_building
        if given.days_in_building is not None
        else Placeholder("days in the building"),
        round(given.mean_minutes)
        if given.mean_minutes is not None
        else Placeholder("mean minutes a day"),
        round(given.mean_distress, 1)
        if given.mean_distress is not None
        else Placeholder("mean distress rating"),
        given.mean_minutes,
    )


def _from_log(vc: ValidatedCase) -> Baseline | None:
    """Return the baseline of the first logged days, or ``None`` without a readable log."""
    case = vc.case
    if case.progress is None:
        return None
    from toolkit.case.types import STANDARD_PHASES
    from toolkit.documents.progress import case_log, plan_supports

    reint = case.reintegration
    phase_count = (
        len(reint.phases)
        if reint is not None and reint.phases != "standard"
        else len(STANDARD_PHASES)
    )
    try:
        log = case_log(
            vc,
            phase_count=phase_count,
            day_minutes=reint.school_day_minutes if reint else 390,
            start_date=reint.start_date if reint else None,
            supports=tuple(plan_supports(vc)),
        )
    except ToolkitError:
        return None  # the progress report reports a bad log; the plan falls back to blanks
    window = reint.decisions.window if reint else 5
    start = reint.start_date if reint else None
    ordered = sorted(log.days, key=lambda d: d.date)
    before = [d for d in ordered if start is not None and d.date < start]
    days = before[-window * 4 :] if before else ordered[:window]
    if not days:
        return None
    minutes = statistics.fmean(d.minutes for d in days)
    span = f"{american_date(days[0].date)} to {american_date(days[-1].date)}"
    return Baseline(
        "log-before" if before else "log",
        f"In the {len(days)} logged school days before this plan began ({span})"
        if before
        else f"In the first {len(days)} logged school days of this plan ({span})",
        len(days),
        sum(d.entered for d in days),
        round(minutes),
        round(statistics.fmean(d.distress for d in days), 1),
        minutes if before else None,  # the plan's own first days are no baseline to check
    )


def age_on(birth: dt.date, day: dt.date) -> int:
    """Return the age in whole years on ``day`` of someone born on ``birth``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def adulthood(vc: ValidatedCase, day: dt.date) -> str | None:
    """Return "adult" (18 or older on ``day``), "near" (17, or grade 12/post-12 with no birth
    date), or ``None``."""
    student = vc.case.student
    if student.birth_date is not None:
        age = age_on(student.birth_date, day)
        if age >= ADULT_AGE:
            return "adult"
        return "near" if age == ADULT_AGE - 1 else None
    return "near" if student.grade in ("12", "post-12") else None
