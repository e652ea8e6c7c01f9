"""The decision rules of case format 1, applied exactly as ``case-format.md`` defines them.

The toolkit recommends; the team decides. Every recommendation carries the numbers behind it
and the rule that decided it.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from dataclasses import replace

from toolkit.case.types import Decisions
from toolkit.frozen import Frozen
from toolkit.progress.log import Day
from toolkit.progress.supports import days_missing_support, not_carried_out, support_sentence

ADVANCE = "advance"
HOLD = "hold"
STEP_BACK = "step back"
NOT_CARRIED_OUT = "plan not carried out"
PARKING_LOT = "parking-lot"  # the library phase outside the building
_CHECK = "after checking that every support was in place."
#: What stepping back from phase 1 means, by :func:`first_step_kind`.
FIRST_STEP_BACK = {
    "smaller visits": "Consider making the parking-lot visits smaller (a shorter stay, a meeting "
    f"spot farther from the door or a quieter time of day), {_CHECK}",
    "parking lot": f"Consider a smaller first step (such as the parking-lot visits), {_CHECK}",
    "school grounds": "Consider a smaller first step (such as short visits to the school grounds, "
    f"without going inside), {_CHECK}",
}


def first_step_kind(phase_ids: list[str | None]) -> str:
    """Return what stepping back from phase 1 means for a plan whose phases are ``phase_ids``
    (each phase's library id in order, None for a phase the case wrote): "smaller visits" when
    phase 1 is the parking-lot visits, "parking lot" when the plan has them later, else
    "school grounds" (short visits to the school grounds)."""
    if phase_ids and phase_ids[0] == PARKING_LOT:
        return "smaller visits"
    return "parking lot" if PARKING_LOT in phase_ids else "school grounds"


def first_step_back(phase_ids: list[str | None]) -> str:
    """Return the step-back wording for phase 1 of a plan whose phases are ``phase_ids``."""
    return FIRST_STEP_BACK[first_step_kind(phase_ids)]


_DEFAULT = Decisions()  # the format's defaults are defined once, in the case model


class Rules(Frozen):
    """The decision rules in force (defaults, or the case's overrides)."""

    window: int = _DEFAULT.window
    advance_met: int = _DEFAULT.advance_met
    advance_max_distress: float = _DEFAULT.advance_max_distress
    step_back_met: int = _DEFAULT.step_back_met

    @classmethod
    def of(cls, decisions: Decisions) -> Rules:
        """Return the rules a case's ``reintegration.decisions`` set."""
        return cls(
            decisions.window,
            decisions.advance_met,
            decisions.advance_max_distress,
            decisions.step_back_met,
        )


class Recommendation(Frozen):
    """What the rules say about one window of one phase."""

    phase: int
    date: dt.date  # the date of the last day looked at
    outcome: str  # advance | hold | step back | plan not carried out | none (no minute target)
    days_in_window: int
    days_met: int | None
    mean_distress: float
    mean_minutes: float
    target: int | None
    rule: str
    wording: str
    trend_minutes: float | None = None
    trend_distress: float | None = None


def stints(days: list[Day]) -> list[list[Day]]:
    """Return the log cut into stints: runs of consecutive logged days in the same phase."""
    runs: list[list[Day]] = []
    for day in days:
        if runs and runs[-1][-1].phase == day.phase:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def meets(day: Day, target: int) -> bool:
    """Return True when ``day`` meets the minute ``target``: in the building, long enough."""
    return day.entered and day.minutes >= target


def recommend(
    stint: list[Day],
    target: int | None,
    rules: Rules,
    *,
    phase_count: int,
    titles: dict[int, str] | None = None,
    supports: dict[str, str] | None = None,
    first_step: str | None = None,
) -> Recommendation:
    """Return the rules' recommendation for the end of ``stint`` (one phase's logged days).

    ``supports`` maps the plan's support ids to their titles; when most days of the window
    lacked a support, a hold or step back becomes "the plan was not carried out"
    (``toolkit.progress.supports``). ``first_step`` is what stepping back from phase 1 means
    for this plan (:func:`first_step_back`; by default, for a plan without parking-lot visits).
    """
    return _recommend_at(
        stint[-2 * rules.window :],
        len(stint),
        target,
        rules,
        phase_count=phase_count,
        titles=titles,
        supports=supports,
        first_step=first_step,
    )


def _recommend_at(
    recent: list[Day],
    logged: int,
    target: int | None,
    rules: Rules,
    *,
    phase_count: int,
    titles: dict[int, str] | None,
    supports: dict[str, str] | None,
    first_step: str | None,
) -> Recommendation:
    """Return the recommendation for a stint of ``logged`` days whose last days (at least two
    windows of them, or all) are ``recent``: the rules look no further back, so a review point
    costs the same however long the stint has run."""
    rec = _recommend(
        recent,
        logged,
        target,
        rules,
        phase_count=phase_count,
        titles=titles,
        first_step=first_step or first_step_back([]),
    )
    if rec.outcome not in (HOLD, STEP_BACK) or not supports:
        return rec
    window = recent[-rules.window :]
    missed = not_carried_out(window, supports)
    if not missed:
        return rec
    lacking = len(days_missing_support(window))
    return replace(
        rec,
        outcome=NOT_CARRIED_OUT,
        rule=(
            f"a support was not in place on {lacking} of {len(window)} days in the window "
            f"(more than half), so the data do not show how phase {rec.phase} works"
        ),
        wording=(
            f"The plan was not carried out: {support_sentence(missed)}. Put every support in "
            "place as written, then look at a full window of data before the team changes "
            "the phase."
        ),
    )


def _recommend(
    recent: list[Day],
    logged: int,
    target: int | None,
    rules: Rules,
    *,
    phase_count: int,
    titles: dict[int, str] | None = None,
    first_step: str,
) -> Recommendation:
    phase = recent[-1].phase
    window = recent[-rules.window :]
    mean_distress = statistics.fmean(d.distress for d in window)
    mean_minutes = statistics.fmean(d.minutes for d in window)
    trend_minutes = trend_distress = None
    previous = recent[-2 * rules.window : -rules.window]
    if len(previous) == rules.window:
        trend_minutes = mean_minutes - statistics.fmean(d.minutes for d in previous)
        trend_distress = mean_distress - statistics.fmean(d.distress for d in previous)
    made = functools.partial(
        Recommendation,
        phase=phase,
        date=recent[-1].date,
        days_in_window=len(window),
        mean_distress=mean_distress,
        mean_minutes=mean_minutes,
        target=target,
        trend_minutes=trend_minutes,
        trend_distress=trend_distress,
    )
    if target is None:
        return made(
            outcome="none",
            days_met=None,
            rule="this phase has no minute target",
            wording="No recommendation: this phase is not measured in minutes in school; the "
            "team judges readiness from the data summary and the phase's own description.",
        )
    met = sum(meets(d, target) for d in window)
    if logged < rules.window:
        return made(
            outcome=HOLD,
            days_met=met,
            rule=f"fewer than {rules.window} logged days in this phase",
            wording=f"Hold: not enough data yet ({logged} of {rules.window} days logged "
            "in this phase).",
        )
    if met >= rules.advance_met and mean_distress <= rules.advance_max_distress:
        rule = (
            f"target met on {met} of {len(window)} days (at least {rules.advance_met}) and "
            f"mean distress {_n(mean_distress, rules.advance_max_distress)} "
            f"(at most {_n(rules.advance_max_distress)})"
        )
        if phase >= phase_count:
            wording = (
                "Maintain the current phase; consider fading one support at a time, "
                "watching a full window of data after each change."
            )
        else:
            wording = f"Consider moving to {_phase(phase + 1, titles)}."
        return made(outcome=ADVANCE, days_met=met, rule=rule, wording=wording)
    if met <= rules.step_back_met:
        rule = (
            f"target met on {met} of {len(window)} days ({rules.step_back_met} or fewer in "
            "a full window)"
        )
        if phase <= 1:
            wording = first_step
        else:
            wording = (
                f"Consider stepping back to {_phase(phase - 1, titles)} for a time, after checking "
                "that every support was in place."
            )
        return made(outcome=STEP_BACK, days_met=met, rule=rule, wording=wording)
    if met >= rules.advance_met:
        rule = (
            f"target met on {met} of {len(window)} days, but mean distress "
            f"{_n(mean_distress, rules.advance_max_distress)} is above "
            f"{_n(rules.advance_max_distress)}"
        )
    else:
        rule = (
            f"target met on {met} of {len(window)} days (fewer than {rules.advance_met}, "
            f"more than {rules.step_back_met})"
        )
    return made(
        outcome=HOLD,
        days_met=met,
        rule=rule,
        wording="Hold at the current phase with the same supports.",
    )


def history(
    days: list[Day],
    targets: dict[int, int | None],
    rules: Rules,
    review_every: int,
    phase_count: int,
    titles: dict[int, str] | None = None,
    supports: dict[str, str] | None = None,
    first_step: str | None = None,
) -> list[Recommendation]:
    """Return what the rules said at every review point: each ``review_every``-th logged day
    of each stint, and each stint's last day."""
    points = []
    for stint in stints(days):
        for count in range(1, len(stint) + 1):
            if count % review_every == 0 or count == len(stint):
                points.append(
                    _recommend_at(
                        stint[max(0, count - 2 * rules.window) : count],
                        count,
                        targets.get(stint[0].phase),
                        rules,
                        phase_count=phase_count,
                        titles=titles,
                        supports=supports,
                        first_step=first_step,
                    )
                )
    return points


def current(
    days: list[Day],
    targets: dict[int, int | None],
    rules: Rules,
    phase_count: int,
    titles: dict[int, str] | None = None,
    supports: dict[str, str] | None = None,
    first_step: str | None = None,
) -> Recommendation | None:
    """Return the recommendation for the current phase's current stint, or None (no data)."""
    if not days:
        return None
    stint = stints(days)[-1]
    return recommend(
        stint,
        targets.get(stint[-1].phase),
        rules,
        phase_count=phase_count,
        titles=titles,
        supports=supports,
        first_step=first_step,
    )


def _phase(number: int, titles: dict[int, str] | None) -> str:
    title = (titles or {}).get(number)
    return f"phase {number} ({title})" if title else f"phase {number}"


def _n(value: float, limit: float | None = None) -> str:
    """Return a distress rating with one decimal; two when one would hide that the rating
    is above ``limit`` (5.04 shown as "5.04", not "5.0", next to "above 5")."""
    from toolkit.text import number, one_decimal

    if limit is None:
        return number(value)  # a limit from the case, as the case wrote it
    shown = one_decimal(value)
    if float(shown) <= limit < value:
        return f"{value:.2f}"
    return shown
