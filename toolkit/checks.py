"""The plan checker: warnings for the common failures of re-integration plans that a program
can see (supports that do not match the barriers, expectations rising before supports, steps
too big or too few, calendar-only moves, catch-up overload, an informal plan; listed in
the README under ``check``). Each names the case line and what to add.
Warnings never change the exit status; the team decides.
"""

from __future__ import annotations

import datetime as dt
import re

from toolkit.case.types import STANDARD_PHASES, CustomPhase, LibraryPhase
from toolkit.case.validate import ValidatedCase
from toolkit.errors import Problem, warning
from toolkit.library.snippets import target_minutes

PACING_OPTIONS = ("essential-work-only", "extended-timeline")

# A move-on condition that names a date or a length of time and nothing the data shows
# (patterns compiled by `re` when first used: only a custom phase's condition is tested).
_CALENDAR = (
    r"(?i)\b(?:\d{4}-\d{2}-\d{2}|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|\d+\s*(?:school\s+)?(?:days?|weeks?|months?)|"
    r"(?:one|two|three|four|five|six|a)\s+(?:school\s+)?(?:days?|weeks?|months?)|"
    r"after\s+(?:winter|spring|the)\s+break|semester|quarter|term)\b"
)
_DATA = (
    r"(?i)\b(?:distress|rating|minutes?|target|data|calm|comfortable|ready|attend(?:s|ed)?|"
    r"met|reach(?:es|ed)?|entered|tolerat\w*|classes|average|mean|log(?:ged)?)\b"
)


def alignment_warnings(vc: ValidatedCase, today: dt.date | None = None) -> list[Problem]:
    """Return the plan-alignment and family-protection warnings for ``vc``, in the order of
    the case's lines (``today`` dates letters without a date)."""
    from toolkit.documents.context import today_date
    from toolkit.safeguards import safeguard_warnings

    problems = (
        _uncovered_barriers(vc)
        + _phase_warnings(vc)
        + _credit_pacing(vc)
        + _informal_plan(vc)
        + safeguard_warnings(vc, today or today_date())
    )
    return sorted(problems, key=lambda p: p.line or 0)


def covering(vc: ValidatedCase) -> dict[str, list[str]]:
    """Return, for each barrier id, the ids of the chosen snippets that address it."""
    result: dict[str, list[str]] = {}
    for section in ("accommodations", "interventions"):
        for use in vc.uses(section):
            snippet = vc.library.get(use.id)
            for barrier in snippet.addresses if snippet else ():
                result.setdefault(barrier, []).append(use.id)
    return result


def _uncovered_barriers(vc: ValidatedCase) -> list[Problem]:
    covered = covering(vc)
    problems = []
    for i, barrier in enumerate(vc.case.barriers):
        if barrier in covered:
            continue
        line, _ = vc.doc.line_of(("barriers", i))
        fitting = [
            s.id
            for s in vc.library.all()
            if barrier in s.addresses and s.kind in ("accommodation", "intervention")
        ]
        problems.append(
            warning(
                vc.doc.path,
                line,
                f"no accommodation or intervention addresses the barrier '{barrier}'",
                "add one of: " + ", ".join(fitting[:5]) + f" (see `srkit suggest {vc.path}`)"
                if fitting
                else "add a support that addresses it",
            )
        )
    return problems


def _targets(vc: ValidatedCase) -> list[tuple[int | None, bool, bool, int]]:
    """Return per phase: (minute target, is a library default, has supports, index)."""
    reint = vc.case.reintegration
    day = vc.reintegration.school_day_minutes
    if reint is None or reint.phases == "standard":
        phases: list = [LibraryPhase(use=phase_id) for phase_id in STANDARD_PHASES]
    else:
        phases = list(reint.phases)
    result = []
    for index, phase in enumerate(phases):
        if isinstance(phase, CustomPhase):
            result.append((phase.target_minutes, False, bool(phase.supports), index))
            continue
        snippet = vc.library.get(phase.use)
        override = phase.with_.get("target_minutes")
        if override is not None:
            result.append((int(override), False, True, index))
            continue
        rule = snippet.phase.target if snippet and snippet.phase else "none"
        result.append((target_minutes(rule, day), True, True, index))
    return result


def _phase_warnings(vc: ValidatedCase) -> list[Problem]:
    reint = vc.case.reintegration
    if reint is None:
        return []
    doc = vc.doc
    day = reint.school_day_minutes
    phases_line, _ = doc.line_of(("reintegration", "phases"))
    problems = []
    targets = _targets(vc)
    if len(targets) < 3:
        problems.append(
            warning(
                doc.path,
                phases_line,
                f"the plan has {len(targets)} phase{'s' if len(targets) != 1 else ''}; "
                "a gradual return needs at least 3",
                "add intermediate steps, e.g. `- use: build-tolerance`, or use `phases: standard`",
            )
        )
    custom = isinstance(reint.phases, list)
    previous: tuple[int | None, bool] | None = None
    for target, is_default, has_supports, index in targets:
        line = doc.line_of(("reintegration", "phases", index))[0] if custom else phases_line
        label = f"phase {index + 1}"
        before, before_default = previous or (None, False)
        if target is not None and before is not None:
            both_library = is_default and before_default
            if target > before and not has_supports:
                problems.append(
                    warning(
                        doc.path,
                        line,
                        f"{label} raises the target from {before} to {target} minutes "
                        "but lists no supports",
                        "add `supports:`: what is in place before the expectation rises",
                    )
                )
            if (
                not both_library
                and target >= (target_minutes("ninety-percent", day) or 0)
                and before < day / 2
            ):
                problems.append(
                    warning(
                        doc.path,
                        line,
                        f"{label} goes to a full day ({target} minutes) straight after "
                        f"less than half a day ({before} minutes)",
                        "add a phase between them, e.g. `- use: expand-participation`",
                    )
                )
            elif not both_library and before > 0 and target > 2 * before:
                problems.append(
                    warning(
                        doc.path,
                        line,
                        f"{label} more than doubles the minute target ({before} → {target})",
                        "add an intermediate phase so the step up is smaller",
                    )
                )
        if custom:
            phase = reint.phases[index]
            if (
                isinstance(phase, CustomPhase)
                and phase.move_on
                and re.search(_CALENDAR, phase.move_on)
                and not re.search(_DATA, phase.move_on)
            ):
                move_line, _ = doc.line_of(("reintegration", "phases", index, "move_on"))
                problems.append(
                    warning(
                        doc.path,
                        move_line,
                        f"{label} moves on by the calendar only: '{phase.move_on}'",
                        "say what the data must show (e.g. the target met on 4 of the last "
                        "5 days with mean distress 5 or lower), or leave out `move_on` to "
                        "use the decision rules",
                    )
                )
        previous = (target, is_default) if target is not None else previous
    return problems


def _credit_pacing(vc: ValidatedCase) -> list[Problem]:
    credit = vc.case.credit_recovery
    if credit is None:
        return []
    ids = [use.id for use in vc.uses("options")]
    if any(option in ids for option in PACING_OPTIONS):
        return []
    line, _ = vc.doc.line_of(("credit_recovery", "options") if ids else ("credit_recovery",))
    return [
        warning(
            vc.doc.path,
            line,
            "credit recovery has no pacing: all missed work on top of current work is rarely "
            "realistic",
            "add `essential-work-only` or `extended-timeline` to credit_recovery.options",
        )
    ]


def _informal_plan(vc: ValidatedCase) -> list[Problem]:
    if vc.case.student.plan != "none":
        return []
    if any(letter.type == "evaluation-request" for letter in vc.case.letters):
        return []
    line, _ = vc.doc.line_of(("student", "plan"))
    if line is None:
        line, _ = vc.doc.line_of(("student",), key=True)
    return [
        warning(
            vc.doc.path,
            line,
            "plan: none and no evaluation request: the plan would stay an informal arrangement",
            "add a letter `- type: evaluation-request` so the supports can be written into an "
            "IEP or 504 plan",
        )
    ]
