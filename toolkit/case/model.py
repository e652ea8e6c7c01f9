"""The case file format 1 as validated types (pydantic), and the JSON Schema made from them.

Only the shape and the values of single fields are checked here; whether a snippet id exists,
whether its parameters are declared and whether a letter's ``to`` names a person are checked
in ``toolkit.case.validate``, which knows the snippet library.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from toolkit.case.load import typed_text

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

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
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


def _close_to(value: str, word: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, value.strip().lower(), word).ratio() >= 0.7


def _text(value: Any) -> Any:
    """Accept a number where text is expected (a phone number typed without quotes), as typed."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(typed_text(value))
    return value


_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def _name(value: Any) -> Any:
    """A name as people mean it: surrounding spaces dropped; nothing but spaces is no name."""
    value = _text(value)
    if isinstance(value, str):
        value = _SPACES.sub(" ", value).strip(" ")
        if not value:
            raise ValueError(f"the name is empty{HINT}write the name, e.g. `name: Maya Alvarez`")
    return value


def _param(value: Any) -> Any:
    """Keep a parameter number as typed when its digits would change (``9.30``, ``0800``)."""
    source = typed_text(value)
    if isinstance(source, str) and isinstance(value, int | float) and source != str(value):
        return source
    return value


def _plan(value: Any) -> Any:
    if value == 504:
        return "504"
    if isinstance(value, str):
        return value.strip().lower()
    return value


def _grade(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        cleaned = value.strip()
        return "K" if cleaned.lower() in ("k", "kindergarten") else cleaned.lower()
    return value


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-11-30"]}),
]
Text = Annotated[str, BeforeValidator(_text)]
Name = Annotated[str, BeforeValidator(_name)]
Markdown = Annotated[str, BeforeValidator(_text), Field(description="Markdown text")]
ParamValue = Annotated[
    str | int | float, BeforeValidator(_param), Field(description="a parameter value")
]
Params = dict[str, ParamValue]


def _snippet_ref(value: Any) -> Any:
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
        for name, param in params.items():
            if param is None or isinstance(param, bool | list | dict):
                raise ValueError(
                    f"parameter '{name}' of '{snippet_id}' must be text or a number"
                    f"{HINT}put the value in quotes"
                )
        return value
    raise ValueError(
        f"a snippet reference is an id or `id: {{ params }}`, not {type(value).__name__}"
        f'{HINT}write `- shortened-day` or `- flexible-arrival: {{ latest_arrival: "10:00" }}`'
    )


SnippetRef = Annotated[
    str | dict[str, Params],
    BeforeValidator(_snippet_ref),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "string", "description": "a snippet id"},
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": {"type": ["string", "number"]},
                    },
                    "description": "a snippet id mapped to its parameter values",
                },
            ]
        }
    ),
]


class Strict(BaseModel):
    """A model that rejects unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Student(Strict):
    name: Name = Field(min_length=1, description="full legal name as the school has it")
    preferred_name: Name | None = Field(None, description="used in running text")
    pronouns: Literal["she/her", "he/him", "they/them"] = "they/them"
    grade: (
        Annotated[
            Literal[GRADES],  # type: ignore[valid-type]
            BeforeValidator(_grade),
            WithJsonSchema({"enum": ["K", *range(1, 13), "post-12"]}),
        ]
        | None
    ) = None
    birth_date: IsoDate | None = None
    student_id: Text | None = Field(
        None, description="the school's student number, for subject lines"
    )
    school: Text | None = None
    school_type: Literal["public", "private"] | None = Field(
        None,
        description="private: a private or parochial school (services come from the district "
        "where the school is located)",
    )
    district: Text | None = None
    state: Text | None = None
    plan: Annotated[
        Literal["iep", "504", "none"],
        BeforeValidator(_plan),
        WithJsonSchema({"enum": ["iep", "504", 504, "none"]}),
    ] = "none"
    days_missed: int | None = Field(None, ge=0, le=400)
    summary: Markdown | None = None
    strengths: list[Text] = []
    wants_to_attend: bool | None = Field(
        None, description="true when the student has said they want to be back in school"
    )
    age_of_majority: int | None = Field(
        None, ge=16, le=21, description="the age at which the state transfers rights to students"
    )
    rights_informed_on: IsoDate | None = Field(
        None, description="the date the school told the student about the transfer of rights"
    )
    home_language: Text | None = Field(
        None, description="the language spoken at home: en, es, or the name of a language"
    )


class Parent(Strict):
    name: Name = Field(min_length=1)
    honorific: Text | None = Field(None, description="Ms., Mr., Mx., Dr. ... for salutations")
    relationship: Text | None = None
    language: Text | None = Field(
        None,
        description="the parent's language: en or es (srkit writes the parent's copies in it), "
        "or the name of another language the parent needs an interpreter in",
    )
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None


class Advocate(Strict):
    name: Name = Field(min_length=1)
    organization: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None


class SchoolContact(Strict):
    name: Name = Field(min_length=1)
    honorific: Text | None = Field(None, description="Ms., Mr., Mx., Dr. ... for salutations")
    title: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None


class People(Strict):
    parents: list[Parent] = []
    advocate: Advocate | None = None
    school_contacts: list[SchoolContact] = []


class LibraryPhase(Strict):
    use: Text = Field(description="a phase snippet id, e.g. re-entry")
    with_: Params = Field({}, alias="with", description="the phase snippet's parameters")


class CustomPhase(Strict):
    title: Text = Field(min_length=1)
    goal: Text = Field(min_length=1)
    length: Text | None = None
    target_minutes: int | None = Field(None, ge=0, le=600)
    steps: list[Text] = []
    supports: list[Text] = []
    data: list[Text] = []
    move_on: Text | None = None


def _phase_kind(value: Any) -> str:
    return "library" if isinstance(value, dict) and "use" in value else "custom"


Phase = Annotated[
    Annotated[LibraryPhase, Tag("library")] | Annotated[CustomPhase, Tag("custom")],
    Discriminator(_phase_kind),
]


def _phases(value: Any) -> Any:
    if isinstance(value, str) and value.strip() != "standard":
        raise ValueError(
            f"'{value}' is not a phase list{HINT}"
            + ("did you mean 'standard'? " if _close_to(value, "standard") else "")
            + "write `phases: standard` or a list of phases"
        )
    if isinstance(value, list) and not value:
        raise ValueError(f"the phase list is empty{HINT}write `phases: standard` or list phases")
    return value.strip() if isinstance(value, str) else value


class Decisions(Strict):
    window: int = Field(5, ge=1, le=60)
    advance_met: int = Field(4, ge=0, le=60)
    advance_max_distress: float = Field(5, ge=0, le=10)
    step_back_met: int = Field(1, ge=0, le=60)

    @field_validator("advance_met")
    @classmethod
    def _fits_window(cls, value: int, info: ValidationInfo) -> int:
        window = info.data.get("window")
        if window is not None and value > window:
            raise ValueError(
                f"advance_met ({value}) is larger than the window ({window})"
                f"{HINT}advance_met counts days inside the window of {window} logged days"
            )
        return value


class ReducedDay(Strict):
    """What the plan says while a phase asks for less than a full day (the section "While the
    school day is shorter"); whatever is left out is a highlighted blank."""

    reason: Text | None = Field(None, description="why the day is shortened")
    options_considered: Text | None = Field(
        None, description="what else the team considered and why it was not chosen"
    )
    instruction: Text | None = Field(
        None, description="how the rest of the day's instruction is given"
    )
    attendance_code: Text | None = Field(
        None, description="how scheduled partial days are recorded (default: present)"
    )


class Reintegration(Strict):
    start_date: IsoDate | None = None
    adopted_on: IsoDate | None = Field(
        None, description="the date the team wrote this plan into the IEP or Section 504 plan"
    )
    review_every_days: int = Field(5, ge=1, le=60)
    school_day_minutes: int = Field(390, ge=60, le=600)
    phases: Annotated[Literal["standard"] | list[Phase], BeforeValidator(_phases)] = "standard"
    decisions: Decisions = Decisions()
    reduced_day: ReducedDay | None = None


class Course(Strict):
    name: Text = Field(min_length=1)
    status: Literal["behind", "missed", "in progress"]


class CreditRecovery(Strict):
    credits_needed: float | None = Field(None, ge=0, le=40)
    courses: list[Course] = []
    options: list[SnippetRef] = []
    notes: Markdown | None = None


class Claim(Strict):
    quote: Text = Field(min_length=1)
    said_by: Text | None = None
    said_on: IsoDate | None = None
    topic: Literal[CLAIM_TOPICS] | None = None  # type: ignore[valid-type]


class LetterRef(Strict):
    """An earlier letter of the same case, named by its type (and date, where there are two)."""

    type: Literal[LETTER_TYPES]  # type: ignore[valid-type]
    date: IsoDate | None = None


class Letter(Strict):
    type: Literal[LETTER_TYPES]  # type: ignore[valid-type]
    date: IsoDate | None = None
    to: Text | None = None
    sender: Text | None = Field(None, alias="from")
    topics: list[
        Literal["reintegration-plan", "credit-recovery", "accommodations", "evaluation"]
    ] = []
    about: Text | None = None
    claims: list[Claim] = []
    reply_within_days: int = Field(10, ge=1, le=90)
    sent_by: Text | None = Field(
        None, description="how the letter is sent, e.g. email and first-class mail"
    )
    notes: Markdown | None = None
    follows: LetterRef | None = Field(
        None, description="follow-up: the earlier letter of this case that was not answered"
    )
    received_on: IsoDate | None = Field(None, description="the date the school received it")
    answered_on: IsoDate | None = Field(None, description="the date of the school's answer")
    answer: Text | None = Field(None, description="a short summary of the school's answer")
    language: Literal[LANGUAGES] | None = Field(  # type: ignore[valid-type]
        None,
        description="the language of the letter sent (default en); the parent's copy "
        "follows output.languages",
    )


class Baseline(Strict):
    """Where the student is starting, when there is no daily log to take it from."""

    start: IsoDate | None = Field(None, alias="from", description="first day of the period")
    end: IsoDate | None = Field(None, alias="to", description="last day of the period")
    school_days: int | None = Field(None, ge=1, le=200, description="school days in the period")
    days_in_building: int | None = Field(None, ge=0, le=200)
    mean_minutes: float | None = Field(None, ge=0, le=600, description="mean minutes a day")
    mean_distress: float | None = Field(None, ge=0, le=10)

    @field_validator("days_in_building")
    @classmethod
    def _within_days(cls, value: int | None, info: ValidationInfo) -> int | None:
        days = info.data.get("school_days")
        if value is not None and days is not None and value > days:
            raise ValueError(
                f"days_in_building ({value}) is more than school_days ({days})"
                f"{HINT}days_in_building counts school days of the period"
            )
        return value


def _languages(value: Any) -> Any:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        value = [v.strip().lower() if isinstance(v, str) else v for v in value]
        if len(set(map(str, value))) != len(value):
            raise ValueError(f"a language is listed twice{HINT}list each language once: [en, es]")
    return value


class Output(Strict):
    """The languages the family's documents are written in, and how two are laid out."""

    languages: Annotated[
        list[Literal[LANGUAGES]],  # type: ignore[valid-type]
        BeforeValidator(_languages),
        Field(min_length=1, max_length=2),
    ] = Field(
        ["en"],
        description="en, es, or [en, es]: the plan summary, family guide, progress report and "
        "the parent's copy of each letter are written in these (two: paired)",
    )
    layout: Literal["table", "blocks"] = Field(
        "table",
        description="two languages in Word: table (English | Español side by side) or blocks "
        "(all English, then all Spanish)",
    )


class Progress(Strict):
    log: Text = Field(min_length=1, description="path of the daily log CSV, relative to the case")


class Case(Strict):
    """A whole case file, format 1."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        title="srkit case file (format 1)",
    )

    srkit: Literal[1] = Field(description="format version")
    student: Student
    people: People = People()
    barriers: list[
        Annotated[
            Text,
            WithJsonSchema(
                {
                    "type": "string",
                    "examples": list(BARRIERS),
                    "description": "a barrier id: those of format 1, or one the library adds",
                }
            ),
        ]
    ] = []
    accommodations: list[SnippetRef] = []
    interventions: list[SnippetRef] = []
    reintegration: Reintegration | None = None
    credit_recovery: CreditRecovery | None = None
    letters: list[Letter] = []
    progress: Progress | None = None
    baseline: Baseline | None = None
    output: Output | None = None

    @field_validator("barriers", mode="before")
    @classmethod
    def _barriers_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [value]
        return value


class ConfigFile(BaseModel):
    """The user configuration file (``toolkit.config``): snippet folders, templates, sender."""

    model_config = ConfigDict(extra="forbid")
    snippets: list[str] = []
    template: str | None = None
    letter_template: str | None = None
    sender: Advocate | None = None


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the case format, for editors' YAML plugins."""
    schema = Case.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://srkit.invalid/schemas/case-1.schema.json"
    return schema
