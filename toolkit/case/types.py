"""The case file format 1 as plain, frozen types (:class:`toolkit.frozen.Frozen`): what every
later stage reads.

A case is validated into these (see ``toolkit.case.validate``): directly, by
:mod:`toolkit.case.fast`, when it is plainly valid, else by the pydantic models of
:mod:`toolkit.case.model`, which say what is wrong at its line and are then turned into these
types. Both give the same values (``tests/test_fast_validation.py``). Field names, defaults and
order are those of the models; the constants and value conversions here are the one source
both use. Nothing here imports pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from typing import Any, Literal

from toolkit.case.load import typed_text
from toolkit.frozen import Frozen

HINT = "\x1f"  # separates a message from its hint inside a ValueError raised by a validator

BARRIERS = (
    "anxiety",
    "depression",
    "social",
    "sensory",
    "executive-function",
    "academic-gap",
    "transitions",
    "mornings",
    "separation",
    "medical",
    "safety",
)
LETTER_TYPES = (
    "meeting-request",
    "evaluation-request",
    "records-request",
    "pwn-request",
    "plan-in-writing",
    "credit-recovery-request",
    "policy-inquiry",
    "meeting-follow-up",
    "follow-up",
    "implementation-concern",
)
CLAIM_TOPICS = (
    "four-year-graduation",
    "make-up-work",
    "full-day-required",
    "attendance-before-supports",
    "informal-plan-only",
    "fixed-timeline",
    "evaluation-after-intervention",
    "doctor-note-for-home-instruction",
)
LANGUAGES = ("en", "es")
GRADES = ("K", *(str(n) for n in range(1, 13)), "post-12")
STANDARD_PHASES = ("re-entry", "build-tolerance", "expand-participation", "stabilization")
PRONOUNS = ("she/her", "he/him", "they/them")
PLANS = ("iep", "504", "none")
TOPICS = ("reintegration-plan", "credit-recovery", "accommodations", "evaluation")
COURSE_STATUSES = ("behind", "missed", "in progress")
SCHOOL_TYPES = ("public", "private")
LAYOUTS = ("table", "blocks")

# -- conversions of single values, before their type is checked (the models' BeforeValidators;
#    a ValueError's text is the message, then HINT, then the hint) ------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"'{value}' is not a date on the calendar{HINT}check the month (01-12) and the "
                "day of the month"
            ) from None
    raise ValueError(
        f"'{value}' is not a valid date{HINT}write dates as YYYY-MM-DD, for example 2026-11-30"
    )


def close_to(value: str, word: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, value.strip().lower(), word).ratio() >= 0.7


def text(value: Any) -> Any:
    """Accept a number where text is expected (a phone number typed without quotes), as typed."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(typed_text(value))
    return value


_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def name(value: Any) -> Any:
    """A name as people mean it: surrounding spaces dropped; nothing but spaces is no name."""
    value = text(value)
    if isinstance(value, str):
        value = _SPACES.sub(" ", value).strip(" ")
        if not value:
            raise ValueError(f"the name is empty{HINT}write the name, e.g. `name: Maya Alvarez`")
    return value


def param(value: Any) -> Any:
    """Keep a parameter number as typed when its digits would change (``9.30``, ``0800``)."""
    source = typed_text(value)
    if isinstance(source, str) and isinstance(value, int | float) and source != str(value):
        return source
    return value


def plan(value: Any) -> Any:
    if value == 504:
        return "504"
    if isinstance(value, str):
        return value.strip().lower()
    return value


def grade(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        cleaned = value.strip()
        return "K" if cleaned.lower() in ("k", "kindergarten") else cleaned.lower()
    return value


def snippet_ref(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"an empty snippet id{HINT}write the id, e.g. shortened-day")
        return value.strip()
    if isinstance(value, dict):
        if len(value) != 1:
            raise ValueError(
                "a snippet with parameters is a mapping with exactly one key, the id"
                f'{HINT}write `- flexible-arrival: {{ latest_arrival: "10:00 a.m." }}`'
            )
        ((snippet_id, params),) = value.items()
        if params is None:
            return {snippet_id: {}}
        if not isinstance(params, dict):
            raise ValueError(
                f"the parameters of '{snippet_id}' must be a mapping of name: value"
                f"{HINT}write `- {snippet_id}: {{ name: value }}`"
            )
        for key, value_ in params.items():
            if value_ is None or isinstance(value_, bool | list | dict):
                raise ValueError(
                    f"parameter '{key}' of '{snippet_id}' must be text or a number"
                    f"{HINT}put the value in quotes"
                )
        return value
    raise ValueError(
        f"a snippet reference is an id or `id: {{ params }}`, not {type(value).__name__}"
        f'{HINT}write `- shortened-day` or `- flexible-arrival: {{ latest_arrival: "10:00" }}`'
    )


def phase_kind(value: Any) -> str:
    return "library" if isinstance(value, dict) and "use" in value else "custom"


def phases(value: Any) -> Any:
    if isinstance(value, str) and value.strip() != "standard":
        raise ValueError(
            f"'{value}' is not a phase list{HINT}"
            + ("did you mean 'standard'? " if close_to(value, "standard") else "")
            + "write `phases: standard` or a list of phases"
        )
    if isinstance(value, list) and not value:
        raise ValueError(f"the phase list is empty{HINT}write `phases: standard` or list phases")
    return value.strip() if isinstance(value, str) else value


def languages(value: Any) -> Any:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        value = [v.strip().lower() if isinstance(v, str) else v for v in value]
        if len(set(map(str, value))) != len(value):
            raise ValueError(f"a language is listed twice{HINT}list each language once: [en, es]")
    return value


def fits_window(advance_met: int, window: int | None) -> None:
    """Raise when ``advance_met`` counts more days than the decision window holds."""
    if window is not None and advance_met > window:
        raise ValueError(
            f"advance_met ({advance_met}) is larger than the window ({window})"
            f"{HINT}advance_met counts days inside the window of {window} logged days"
        )


def within_days(days_in_building: int | None, school_days: int | None) -> None:
    """Raise when a baseline counts more days in the building than school days."""
    if days_in_building is not None and school_days is not None and days_in_building > school_days:
        raise ValueError(
            f"days_in_building ({days_in_building}) is more than school_days ({school_days})"
            f"{HINT}days_in_building counts school days of the period"
        )


# -- the types ------------------------------------------------------------------------------------

SnippetRef = str | dict[str, dict[str, str | int | float]]


class Student(Frozen):
    """The student: who they are, their school and plan, and what the documents say of them."""

    name: str
    preferred_name: str | None = None
    pronouns: str = "they/them"
    grade: str | None = None
    birth_date: dt.date | None = None
    student_id: str | None = None
    school: str | None = None
    school_type: str | None = None
    district: str | None = None
    state: str | None = None
    plan: str = "none"
    days_missed: int | None = None
    summary: str | None = None
    strengths: list[str] = field(default_factory=list)
    wants_to_attend: bool | None = None
    age_of_majority: int | None = None
    rights_informed_on: dt.date | None = None
    home_language: str | None = None


class Parent(Frozen):
    """A parent or guardian: a letter's sender unless it names another."""

    name: str
    honorific: str | None = None
    relationship: str | None = None
    language: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class Advocate(Frozen):
    """The advocate helping the family (or the configured sender)."""

    name: str
    organization: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class SchoolContact(Frozen):
    """A person at the school a letter can be addressed to."""

    name: str
    honorific: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class People(Frozen):
    """Everyone the documents name besides the student."""

    parents: list[Parent] = field(default_factory=list)
    advocate: Advocate | None = None
    school_contacts: list[SchoolContact] = field(default_factory=list)


class LibraryPhase(Frozen):
    """A re-integration phase taken from the snippet library, with its parameters."""

    use: str
    with_: dict[str, str | int | float] = field(default_factory=dict)  # `with:` in the file


class CustomPhase(Frozen):
    """A re-integration phase the case writes out itself."""

    title: str
    goal: str
    length: str | None = None
    target_minutes: int | None = None
    steps: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    move_on: str | None = None


Phase = LibraryPhase | CustomPhase


class Decisions(Frozen):
    """The data rules for moving on, holding or stepping back a phase."""

    window: int = 5
    advance_met: int = 4
    advance_max_distress: float = 5
    step_back_met: int = 1


class ReducedDay(Frozen):
    """What the plan says while a phase asks for less than a full day (the section "While the
    school day is shorter"); whatever is left out is a highlighted blank."""

    reason: str | None = None
    options_considered: str | None = None
    instruction: str | None = None
    attendance_code: str | None = None


class Reintegration(Frozen):
    """The re-integration plan: its dates, school day, phases and decision rules."""

    start_date: dt.date | None = None
    adopted_on: dt.date | None = None
    review_every_days: int = 5
    school_day_minutes: int = 390
    phases: Literal["standard"] | list[Phase] = "standard"
    decisions: Decisions = field(default_factory=Decisions)
    reduced_day: ReducedDay | None = None


class Course(Frozen):
    """A course the student is behind in or missed."""

    name: str
    status: str


class CreditRecovery(Frozen):
    """How the student can recover the credits they missed."""

    credits_needed: float | None = None
    courses: list[Course] = field(default_factory=list)
    options: list[SnippetRef] = field(default_factory=list)
    notes: str | None = None


class Claim(Frozen):
    """Something the school said that a policy-inquiry letter asks the policy for."""

    quote: str
    said_by: str | None = None
    said_on: dt.date | None = None
    topic: str | None = None


class LetterRef(Frozen):
    """An earlier letter of the same case, named by its type (and date, where there are two)."""

    type: str
    date: dt.date | None = None


class Letter(Frozen):
    """A letter to the school: its type, parties, dates and what it asks."""

    type: str
    date: dt.date | None = None
    to: str | None = None
    sender: str | None = None  # `from:` in the file
    topics: list[str] = field(default_factory=list)
    about: str | None = None
    claims: list[Claim] = field(default_factory=list)
    reply_within_days: int = 10
    sent_by: str | None = None
    notes: str | None = None
    follows: LetterRef | None = None
    received_on: dt.date | None = None
    answered_on: dt.date | None = None
    answer: str | None = None
    language: str | None = None


class Baseline(Frozen):
    """Where the student is starting, when there is no daily log to take it from."""

    start: dt.date | None = None  # `from:` in the file
    end: dt.date | None = None  # `to:` in the file
    school_days: int | None = None
    days_in_building: int | None = None
    mean_minutes: float | None = None
    mean_distress: float | None = None


class Output(Frozen):
    """The languages the family's documents are written in, and how two are laid out."""

    languages: list[str] = field(default_factory=lambda: ["en"])
    layout: str = "table"


class Progress(Frozen):
    """Where the daily log is."""

    log: str


class Case(Frozen):
    """A whole case file, format 1."""

    srkit: int
    student: Student
    people: People = field(default_factory=People)
    barriers: list[str] = field(default_factory=list)
    accommodations: list[SnippetRef] = field(default_factory=list)
    interventions: list[SnippetRef] = field(default_factory=list)
    reintegration: Reintegration | None = None
    credit_recovery: CreditRecovery | None = None
    letters: list[Letter] = field(default_factory=list)
    progress: Progress | None = None
    baseline: Baseline | None = None
    output: Output | None = None


#: Every type above by name: a model of :mod:`toolkit.case.model` becomes the one of its name.
TYPES = {
    cls.__name__: cls
    for cls in (
        Student, Parent, Advocate, SchoolContact, People, LibraryPhase, CustomPhase, Decisions,
        ReducedDay, Reintegration, Course, CreditRecovery, Claim, LetterRef, Letter, Baseline,
        Output, Progress, Case,
    )
}  # fmt: skip
