"""Validate a plainly valid case without pydantic: the quick path of ``srkit check``/``build``.

:func:`plain_case` turns a case file's data into :mod:`toolkit.case.types` when every value is
already in its usual form: the keys the format knows, text as text, whole numbers in range,
dates as YYYY-MM-DD, ids from the lists. It converts exactly as the models of
:mod:`toolkit.case.model` do (with the same conversion functions). Anything else, wrong or
merely unusual (a number typed as text, ``yes`` for true, an unknown key), makes it return
``None``, and the models validate the case instead: they alone say what is wrong, at its line,
so every message stays theirs. ``tests/test_fast_validation.py`` holds the two paths to the
same result.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

from toolkit.case import types as t

Convert = Callable[[Any], Any]


class _Decline(Exception):
    """The value is not plainly valid: the models decide."""


def plain_case(data: Any) -> t.Case | None:
    """Return ``data`` (a case file read by ``toolkit.case.load``) as a :class:`~types.Case`,
    or None when it is not plainly valid (then validate it with the models)."""
    try:
        return _case(data)
    except (_Decline, ValueError, TypeError):
        return None


# -- single values ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    value = t.text(value)
    if type(value) is not str:
        raise _Decline
    return value


def _text1(value: Any) -> str:
    value = _text(value)
    if not value:
        raise _Decline
    return value


def _name(value: Any) -> str:
    value = t.name(value)  # a ValueError (an empty name) declines too
    if type(value) is not str or not value:
        raise _Decline
    return value


def _int(low: int, high: int) -> Convert:
    def convert(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _Decline
        return int(value)

    return convert


def _float(low: float, high: float) -> Convert:
    def convert(value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise _Decline
        if not math.isfinite(value) or not low <= value <= high:
            raise _Decline
        return float(value)

    return convert


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise _Decline
    return value


def _one_of(allowed: tuple[str, ...], before: Convert | None = None) -> Convert:
    def convert(value: Any) -> str:
        if before is not None:
            value = before(value)
        if type(value) is not str or value not in allowed:
            raise _Decline
        return value

    return convert


def _date(value: Any) -> Any:
    return t.iso_date(value)  # a ValueError declines


def _optional(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


def _list(convert: Convert) -> Convert:
    def each(value: Any) -> list:
        if type(value) is not list:
            raise _Decline
        return [convert(item) for item in value]

    return each


def _param(value: Any) -> str | int | float:
    value = t.param(value)
    if type(value) is str:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and math.isfinite(value):
        return float(value)
    raise _Decline


def _params(value: Any) -> dict[str, str | int | float]:
    if type(value) is not dict:
        raise _Decline
    return {key: _param(item) for key, item in value.items()}


def _snippet_ref(value: Any) -> t.SnippetRef:
    value = t.snippet_ref(value)
    if type(value) is str:
        return value
    ((snippet_id, params),) = value.items()
    return {snippet_id: _params(params)}


# -- mappings -----------------------------------------------------------------------------------


def _mapping(
    cls: type, fields: dict[str, tuple[str, Convert]], required: tuple[str, ...] = ()
) -> Convert:
    """Return a conversion of a mapping into ``cls``: ``fields`` maps each key of the file to
    the field's name and conversion; keys left out take the type's defaults."""

    def convert(value: Any) -> Any:
        if type(value) is not dict or not value.keys() <= fields.keys():
            raise _Decline
        if any(key not in value for key in required):
            raise _Decline
        return cls(**{fields[key][0]: fields[key][1](item) for key, item in value.items()})

    return convert


def _same(**fields: Convert) -> dict[str, tuple[str, Convert]]:
    """Return ``fields`` keyed as in the file (the field's own name)."""
    return {key: (key, convert) for key, convert in fields.items()}


_TEXT = _optional(_text)
_DATE = _optional(_date)

_student = _mapping(
    t.Student,
    _same(
        name=_name,
        preferred_name=_optional(_name),
        pronouns=_one_of(t.PRONOUNS),
        grade=_optional(_one_of(t.GRADES, t.grade)),
        birth_date=_DATE,
        student_id=_TEXT,
        school=_TEXT,
        school_type=_optional(_one_of(t.SCHOOL_TYPES)),
        district=_TEXT,
        state=_TEXT,
        plan=_one_of(t.PLANS, t.plan),
        days_missed=_optional(_int(0, 400)),
        summary=_TEXT,
        strengths=_list(_text),
        wants_to_attend=_optional(_bool),
        age_of_majority=_optional(_int(16, 21)),
        rights_informed_on=_DATE,
        home_language=_TEXT,
    ),
    required=("name",),
)
_CONTACT = {"email": ("email", _TEXT), "phone": ("phone", _TEXT), "address": ("address", _TEXT)}
_parent = _mapping(
    t.Parent,
    {
        **_same(name=_name, honorific=_TEXT, relationship=_TEXT, language=_TEXT),
        **_CONTACT,
    },
    required=("name",),
)
_advocate = _mapping(
    t.Advocate, {**_same(name=_name, organization=_TEXT), **_CONTACT}, required=("name",)
)
_school_contact = _mapping(
    t.SchoolContact,
    {**_same(name=_name, honorific=_TEXT, title=_TEXT), **_CONTACT},
    required=("name",),
)
_people = _mapping(
    t.People,
    _same(
        parents=_list(_parent),
        advocate=_optional(_advocate),
        school_contacts=_list(_school_contact),
    ),
)
_library_phase = _mapping(
    t.LibraryPhase, {"use": ("use", _text), "with": ("with_", _params)}, required=("use",)
)
_custom_phase = _mapping(
    t.CustomPhase,
    _same(
        title=_text1,
        goal=_text1,
        length=_TEXT,
        target_minutes=_optional(_int(0, 600)),
        steps=_list(_text),
        supports=_list(_text),
        data=_list(_text),
        move_on=_TEXT,
    ),
    required=("title", "goal"),
)


def _phase(value: Any) -> t.Phase:
    return _library_phase(value) if t.phase_kind(value) == "library" else _custom_phase(value)


def _phases(value: Any) -> Literal["standard"] | list[t.Phase]:
    value = t.phases(value)
    if value == "standard":
        return "standard"  # t.phases refused any other text
    return _list(_phase)(value)


def _decisions(value: Any) -> t.Decisions:
    decisions = _mapping(
        t.Decisions,
        _same(
            window=_int(1, 60),
            advance_met=_int(0, 60),
            advance_max_distress=_float(0, 10),
            step_back_met=_int(0, 60),
        ),
    )(value)
    t.fits_window(decisions.advance_met, decisions.window)  # a ValueError declines
    return decisions


_reduced_day = _mapping(
    t.ReducedDay,
    _same(reason=_TEXT, options_considered=_TEXT, instruction=_TEXT, attendance_code=_TEXT),
)
_reintegration = _mapping(
    t.Reintegration,
    _same(
        start_date=_DATE,
        adopted_on=_DATE,
        review_every_days=_int(1, 60),
        school_day_minutes=_int(60, 600),
        phases=_phases,
        decisions=_decisions,
        reduced_day=_optional(_reduced_day),
    ),
)
_course = _mapping(
    t.Course,
    _same(name=_text1, status=_one_of(t.COURSE_STATUSES)),
    required=("name", "status"),
)
_credit_recovery = _mapping(
    t.CreditRecovery,
    _same(
        credits_needed=_optional(_float(0, 40)),
        courses=_list(_course),
        options=_list(_snippet_ref),
        notes=_TEXT,
    ),
)
_claim = _mapping(
    t.Claim,
    _same(
        quote=_text1,
        said_by=_TEXT,
        said_on=_DATE,
        topic=_optional(_one_of(t.CLAIM_TOPICS)),
    ),
    required=("quote",),
)
_letter_ref = _mapping(
    t.LetterRef, _same(type=_one_of(t.LETTER_TYPES), date=_DATE), required=("type",)
)
_letter = _mapping(
    t.Letter,
    {
        **_same(
            type=_one_of(t.LETTER_TYPES),
            date=_DATE,
            to=_TEXT,
            topics=_list(_one_of(t.TOPICS)),
            about=_TEXT,
            claims=_list(_claim),
            reply_within_days=_int(1, 90),
            sent_by=_TEXT,
            notes=_TEXT,
            follows=_optional(_letter_ref),
            received_on=_DATE,
            answered_on=_DATE,
            answer=_TEXT,
            language=_optional(_one_of(t.LANGUAGES)),
        ),
        "from": ("sender", _TEXT),
    },
    required=("type",),
)


def _baseline(value: Any) -> t.Baseline:
    baseline = _mapping(
        t.Baseline,
        {
            "from": ("start", _DATE),
            "to": ("end", _DATE),
            **_same(
                school_days=_optional(_int(1, 200)),
                days_in_building=_optional(_int(0, 200)),
                mean_minutes=_optional(_float(0, 600)),
                mean_distress=_optional(_float(0, 10)),
            ),
        },
    )(value)
    t.within_days(baseline.days_in_building, baseline.school_days)  # a ValueError declines
    return baseline


def _languages(value: Any) -> list[str]:
    value = _list(_one_of(t.LANGUAGES))(t.languages(value))
    if not 1 <= len(value) <= 2:
        raise _Decline
    return value


_output = _mapping(t.Output, _same(languages=_languages, layout=_one_of(t.LAYOUTS)))
_progress = _mapping(t.Progress, _same(log=_text1), required=("log",))


def _version(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value != 1:
        raise _Decline
    return 1


def _barriers(value: Any) -> list[str]:
    return _list(_text)([value] if isinstance(value, str) else value)


_case = _mapping(
    t.Case,
    _same(
        srkit=_version,
        student=_student,
        people=_people,
        barriers=_barriers,
        accommodations=_list(_snippet_ref),
        interventions=_list(_snippet_ref),
        reintegration=_optional(_reintegration),
        credit_recovery=_optional(_credit_recovery),
        letters=_list(_letter),
        progress=_optional(_progress),
        baseline=_optional(_baseline),
        output=_optional(_output),
    ),
    required=("srkit", "student"),
)
