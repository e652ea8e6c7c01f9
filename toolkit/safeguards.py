"""Warnings that protect the family (the December 2026 content review): a shorter day with
nothing to cover the rest of it, a first phase that asks for less than the student already
does, an adult student's letters, behaviour-first words in text the school will read, Prior
Written Notice asked for where it does not apply, and a private school.

Each names the case line and what to do. Warnings never change the exit status.
"""

from __future__ import annotations

import datetime as dt
import re

from toolkit.case.validate import ValidatedCase
from toolkit.errors import Problem, warning

#: Supports that give the instruction for the part of the day a phase leaves out.
REDUCED_DAY_SUPPORTS = ("shortened-day", "hybrid-setting", "interim-home-instruction")

_BEHAVIOUR = re.compile(
    r"\b(refus\w*|won'?t|will not go|defian\w*|manipulat\w*|chooses? not|chose not|"
    r"choosing not|lazy|unmotivated|school avoidance behaviou?r)\b",
    re.IGNORECASE,
)
# compiled by `re` when first used: only a prior written notice request is tested
_PWN_SCOPE = r"(?i)\b(evaluat\w*|eligib\w*|identif\w*|assess\w*|test\w*)\b"


def behaviour_first(text: str) -> str | None:
    """Return the first behaviour-first word in ``text`` ("refused", "won't"...), if any."""
    match = _BEHAVIOUR.search(text or "")
    return match.group(0) if match else None


def safeguard_warnings(vc: ValidatedCase, today: dt.date) -> list[Problem]:
    """Return the family-protection warnings for ``vc``."""
    return (
        _reduced_day(vc)
        + _below_baseline(vc)
        + _adult_student(vc, today)
        + _behaviour_words(vc)
        + _pwn_without_plan(vc)
        + _private_school(vc)
    )


def _reduced_day(vc: ValidatedCase) -> list[Problem]:
    from toolkit.checks import _targets

    reint = vc.case.reintegration
    if reint is None:
        return []
    below = [
        i + 1
        for target, *_, i in _targets(vc)
        if target is None or target < reint.school_day_minutes
    ]
    chosen = {use.id for use in vc.uses("accommodations")}
    if not below or chosen & set(REDUCED_DAY_SUPPORTS):
        return []
    line, _ = vc.doc.line_of(
        ("accommodations",) if vc.case.accommodations else ("reintegration",), key=True
    )
    numbers = ", ".join(str(n) for n in below)
    return [
        warning(
            vc.doc.path,
            line,
            f"phase{'s' if len(below) > 1 else ''} {numbers} ask{'' if len(below) > 1 else 's'} "
            "for less than a full school day, but no support says how the rest of the day's "
            "instruction is given",
            "add `shortened-day`, `hybrid-setting` or `interim-home-instruction` to "
            "accommodations, and say why under `reintegration.reduced_day`",
        )
    ]


def _below_baseline(vc: ValidatedCase) -> list[Problem]:
    from toolkit.checks import _targets
    from toolkit.documents.baseline import baseline

    start = baseline(vc)
    targets = [t for t, *_ in _targets(vc) if t is not None]
    if start.known_minutes is None or not targets or vc.case.reintegration is None:
        return []
    first = _targets(vc)[0][0]
    if first is None or first >= start.known_minutes:
        return []
    line, _ = vc.doc.line_of(("reintegration", "phases"))
    return [
        warning(
            vc.doc.path,
            line,
            f"phase 1 asks for {first} minutes a day, less than the {round(start.known_minutes)} "
            "minutes the baseline already shows",
            "start at a phase whose target is at or above the baseline (`with: { target_minutes: "
            f"{round(start.known_minutes)} }}`), so the plan never lowers attendance",
        )
    ]


def _adult_student(vc: ValidatedCase, today: dt.date) -> list[Problem]:
    """One warning, at the first letter dated when the student is 17 or older (or in grade
    12 or post-12 with no birth date)."""
    from toolkit.documents.baseline import adulthood, age_on

    student = vc.case.student
    dated = [(i, letter.date or today) for i, letter in enumerate(vc.case.letters)]
    affected = [(i, day, adulthood(vc, day)) for i, day in dated if adulthood(vc, day)]
    if not affected:
        return []
    i, day, status = affected[0]
    line, _ = vc.doc.line_of(("letters", i))
    count = (
        f" (and {len(affected) - 1} more letter{'s' if len(affected) > 2 else ''})"
        if len(affected) > 1
        else ""
    )
    if student.birth_date is None:
        message = (
            f"the student is in grade {student.grade} and the case has no birth date: at 18 the "
            "rights over education records pass to the student"
        )
        hint = "add `birth_date` under student, so letters to an adult student are co-signed"
    elif status == "adult":
        age = age_on(student.birth_date, day)
        message = (
            f"the student is {age} on the letter's date ({day.isoformat()}){count}: the letter is "
            "written for the student to co-sign, with the student's FERPA consent enclosed"
        )
        hint = "have the student read and sign it; the school may answer the student directly"
    else:
        message = (
            f"the student is 17 on the letter's date ({day.isoformat()}){count}: rights over "
            "education records pass to the student at 18"
        )
        hint = (
            "add the student's agreement to the letter notes if they want to take part; from 18 "
            "the student co-signs"
        )
    return [warning(vc.doc.path, line, message, hint)]


def _behaviour_words(vc: ValidatedCase) -> list[Problem]:
    case = vc.case
    texts: list[tuple[tuple, str]] = [(("student", "summary"), case.student.summary or "")]
    texts += [(("student", "strengths", i), s) for i, s in enumerate(case.student.strengths)]
    texts += [(("letters", i, "notes"), x.notes or "") for i, x in enumerate(case.letters)]
    if case.credit_recovery:
        texts.append((("credit_recovery", "notes"), case.credit_recovery.notes or ""))
    problems = []
    for path, text in texts:
        found = behaviour_first(text)
        if found:
            line, _ = vc.doc.line_of(path)
            problems.append(
                warning(
                    vc.doc.path,
                    line,
                    f"'{found}' frames the student as choosing not to attend; this text goes to "
                    "the school",
                    "describe what makes attending hard instead (e.g. 'has not been able to "
                    "leave the car')",
                )
            )
    return problems


def _pwn_without_plan(vc: ValidatedCase) -> list[Problem]:
    if vc.case.student.plan != "none":
        return []
    problems = []
    for i, letter in enumerate(vc.case.letters):
        if letter.type != "pwn-request" or re.search(_PWN_SCOPE, letter.about or ""):
            continue
        line, _ = vc.doc.line_of(("letters", i))
        problems.append(
            warning(
                vc.doc.path,
                line,
                "for a student with no plan, Prior Written Notice covers identification and "
                "evaluation only; the letter asks for the reasons and renews the request to "
                "evaluate",
                "if the decision is about evaluation or eligibility, say so in `about`",
            )
        )
    return problems


def _private_school(vc: ValidatedCase) -> list[Problem]:
    student = vc.case.student
    if student.school_type != "private" or student.plan != "iep":
        return []
    line, _ = vc.doc.line_of(("student", "school_type"))
    return [
        warning(
            vc.doc.path,
            line,
            "a student a parent placed in a private school has no IEP from that school: the "
            "district where the school is located may offer equitable services under a services "
            "plan",
            "address IEP letters to the public school district, and ask it which plan applies",
        )
    ]
