"""The case file format 1 as validated types (pydantic), and the JSON Schema made from them.

Only the shape and the values of single fields are checked here; whether a snippet id exists,
whether its parameters are declared and whether a letter's ``to`` names a person are checked
in ``toolkit.case.validate``, which knows the snippet library.
"""

from __future__ import annotations

import datetime as dt
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

# the constants and the conversions of single values are shared with the plain types
from toolkit.case.types import (
    BARRIERS,
    CLAIM_TOPICS,
    GRADES,
    LANGUAGES,
    LETTER_TYPES,
    TYPES,
    fits_window,
    within_days,
)
from toolkit.case.types import (
    HINT as HINT,
)
from toolkit.case.types import (
    STANDARD_PHASES as STANDARD_PHASES,
)
from toolkit.case.types import grade as _grade
from toolkit.case.types import iso_date as _iso_date
from toolkit.case.types import languages as _languages
from toolkit.case.types import name as _name
from toolkit.case.types import param as _param
from toolkit.case.types import phase_kind as _phase_kind
from toolkit.case.types import phases as _phases
from toolkit.case.types import plan as _plan
from toolkit.case.types import snippet_ref as _snippet_ref
from toolkit.case.types import text as _text

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


Phase = Annotated[
    Annotated[LibraryPhase, Tag("library")] | Annotated[CustomPhase, Tag("custom")],
    Discriminator(_phase_kind),
]


class Decisions(Strict):
    window: int = Field(5, ge=1, le=60)
    advance_met: int = Field(4, ge=0, le=60)
    advance_max_distress: float = Field(5, ge=0, le=10)
    step_back_met: int = Field(1, ge=0, le=60)

    @field_validator("advance_met")
    @classmethod
    def _fits_window(cls, value: int, info: ValidationInfo) -> int:
        fits_window(value, info.data.get("window"))
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
        within_days(value, info.data.get("school_days"))
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


def to_plain(value: Any) -> Any:
    """Return a validated model (and what it holds) as the plain types of
    :mod:`toolkit.case.types`, field by field."""
    if isinstance(value, BaseModel):
        fields = {key: to_plain(item) for key, item in value.__dict__.items()}
        return TYPES[type(value).__name__](**fields)
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the case format, for editors' YAML plugins."""
    schema = Case.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://srkit.invalid/schemas/case-1.schema.json"
    return schema
