"""The interview's fields: what each form field is, and how a submitted form changes a case.

A field's form name is the dotted path of its value in the case (``student.name``,
``people.parents.0.email``); an item not in the file yet has ``new`` in place of its index
(``people.parents.new.name``). Control names carry a prefix: ``clear:NAME`` (the person ticked
"remove this answer"), ``remove:PATH`` (remove this person, letter, phase ...), ``group:PATH``
(a group of checkboxes was on the page), ``param:SECTION:ID:PARAM`` (a snippet's setting).

The rules that keep what a person entered:
- only the fields a form submitted are looked at; a value equal to the saved one is not touched;
- a field submitted empty never removes a saved answer by itself: the answer is kept and the
  page says so, offering a "remove this answer" box (``clear:NAME``) to remove it on purpose;
- a checkbox group removes what was unticked only when the group was on the page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from typing import Any

from toolkit.frozen import Frozen, Record
from toolkit.serve.casefile import CaseFile, blank
from toolkit.serve.i18n import _

Path_ = tuple[str | int, ...]


class Field(Frozen):
    """One kind of answer: its form control, label and plain-words help."""

    kind: str  # text, textarea, lines, int, number, date, select, radio, email, tel
    label: str
    help: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    autocomplete: str | None = None
    whole_numbers: bool = False  # a choice like a grade: "10" is saved as the number 10


def _person(with_org: bool = False, with_title: bool = False) -> dict[str, Field]:
    fields = {"name": Field("text", _("Name"), required=True, autocomplete="off")}
    if with_title:
        fields["title"] = Field("text", _("Job title"), _("For example: School Counselor"))
    if with_org:
        fields["organization"] = Field("text", _("Organization"))
    fields["email"] = Field("email", _("Email address"))
    fields["phone"] = Field("tel", _("Phone number"))
    fields["address"] = Field(
        "textarea", _("Postal address"), _("As it should appear on a letter, on several lines.")
    )
    return fields


def _grades() -> tuple[tuple[str, str], ...]:
    return (
        ("", _("Not given")),
        ("K", _("Kindergarten")),
        *((str(n), _("Grade {n}").format(n=n)) for n in range(1, 13)),
        ("post-12", _("After grade 12 (a 13th or 14th year)")),
    )


def registry() -> dict[str, Field]:
    """Return every field of the interview by its pattern (``*`` for a list index)."""
    from toolkit.case.model import CLAIM_TOPICS, LETTER_TYPES

    fields: dict[str, Field] = {
        "student.name": Field(
            "text",
            _("Full name"),
            _("The student's full legal name, as the school has it."),
            required=True,
        ),
        "student.preferred_name": Field(
            "text",
            _("Name to use in the documents"),
            _(
                "The name the student goes by. Leave it empty to use the first word of the "
                "full name."
            ),
        ),
        "student.pronouns": Field(
            "radio",
            _("Pronouns"),
            _("How the documents speak about the student."),
            (("she/her", _("she/her")), ("he/him", _("he/him")), ("they/them", _("they/them"))),
        ),
        "student.grade": Field("select", _("Grade"), None, _grades(), whole_numbers=True),
        "student.birth_date": Field("date", _("Date of birth")),
        "student.school": Field("text", _("School")),
        "student.district": Field("text", _("School district")),
        "student.state": Field("text", _("State")),
        "student.plan": Field(
            "radio",
            _("Plan the student has now"),
            _(
                "This decides whether the documents speak of an IEP, a 504 plan, or ask for "
                "an evaluation."
            ),
            (
                ("iep", _("An IEP (Individualized Education Program, special education)")),
                ("504", _("A Section 504 plan")),
                ("none", _("No plan yet: the documents ask the school to evaluate the student")),
            ),
        ),
        "student.days_missed": Field(
            "int", _("School days missed so far"), _("A whole number. Leave it empty if unsure.")
        ),
        "student.summary": Field(
            "textarea",
            _("How things are now"),
            _(
                "A few sentences in your own words: what a school morning looks like, what is "
                "hardest, what has helped. This goes into the plan as you write it."
            ),
        ),
        "student.strengths": Field(
            "lines",
            _("Strengths"),
            _("One per line: what the student enjoys or does well, to build on."),
        ),
        "reintegration.start_date": Field(
            "date", _("First day of the return plan"), _("The day the first phase starts.")
        ),
        "reintegration.school_day_minutes": Field(
            "int",
            _("Length of a full school day, in minutes"),
            _("For example 390 for 6 hours 30 minutes. Leave it empty for 390."),
        ),
        "reintegration.review_every_days": Field(
            "int",
            _("How often the team looks at the data, in school days"),
            _("Leave it empty for every 5 school days."),
        ),
        "reintegration.phases.*.title": Field("text", _("Name of this phase"), required=True),
        "reintegration.phases.*.goal": Field(
            "textarea", _("Goal"), _("What the student works toward in this phase."), required=True
        ),
        "reintegration.phases.*.target_minutes": Field(
            "int",
            _("Minutes in school each day to move on"),
            _("A whole number of minutes. Leave it empty if this phase has no minute target."),
        ),
        "reintegration.phases.*.length": Field(
            "text", _("How long it usually lasts"), _("For example: about two weeks")
        ),
        "reintegration.phases.*.steps": Field(
            "lines", _("What the student does"), _("One step per line.")
        ),
        "reintegration.phases.*.supports": Field(
            "lines", _("Supports in place before this phase starts"), _("One per line.")
        ),
        "reintegration.phases.*.data": Field(
            "lines", _("What is written down each day"), _("One per line.")
        ),
        "reintegration.phases.*.move_on": Field(
            "textarea",
            _("When the team moves on"),
            _("Leave it empty to use the plan's decision rules."),
        ),
        "reintegration.phases.*.with.target_minutes": Field(
            "int",
            _("Minutes in school each day to move on"),
            _("Leave it empty to use this phase's usual target."),
        ),
        "credit_recovery.credits_needed": Field(
            "number", _("Credits needed"), _("How many credits the student needs to make up.")
        ),
        "credit_recovery.notes": Field(
            "textarea", _("Notes about credit recovery"), _("Anything else the plan should say.")
        ),
        "credit_recovery.courses.*.name": Field("text", _("Course"), required=True),
        "credit_recovery.courses.*.status": Field(
            "select",
            _("Where the course stands"),
            None,
            (
                ("behind", _("behind")),
                ("missed", _("missed")),
                ("in progress", _("in progress")),
            ),
            required=True,
        ),
        "letters.*.type": Field(
            "select",
            _("Kind of letter"),
            None,
            tuple((t, letter_type_label(t)) for t in LETTER_TYPES),
            required=True,
        ),
        "letters.*.date": Field(
            "date", _("Date on the letter"), _("Leave it empty to date it on the day you build it.")
        ),
        "letters.*.to": Field("select", _("To"), _("A school contact from the people step.")),
        "letters.*.from": Field(
            "select", _("From"), _("Leave it on the first choice to send it from the first parent.")
        ),
        "letters.*.about": Field(
            "text",
            _("The action the school proposed or refused"),
            _("Only for a request for Prior Written Notice. For example: refused a shortened day"),
        ),
        "letters.*.reply_within_days": Field(
            "int",
            _("Days the school has to answer in writing"),
            _("Leave it empty for 10. This is a request, not a legal deadline."),
        ),
        "letters.*.notes": Field(
            "textarea", _("Anything to add to the letter"), _("Added to the body as you write it.")
        ),
        "letters.*.claims.*.quote": Field(
            "textarea",
            _("What the school said"),
            _("Word for word, as far as you can."),
            required=True,
        ),
        "letters.*.claims.*.said_by": Field("text", _("Who said it")),
        "letters.*.claims.*.said_on": Field("date", _("When it was said")),
        "letters.*.claims.*.topic": Field(
            "select",
            _("What it is about"),
            _("Picks the federal facts the letter can point to."),
            (("", _("Something else")), *((t, claim_topic_label(t)) for t in CLAIM_TOPICS)),
        ),
    }
    for group, person in (
        ("people.parents.*", _person()),
        ("people.school_contacts.*", _person(with_title=True)),
        ("people.advocate", _person(with_org=True)),
    ):
        for key, spec in person.items():
            if group.endswith("parents.*") and key == "email":
                fields[f"{group}.relationship"] = Field(
                    "text", _("Relationship to the student"), _("For example: mother")
                )
            fields[f"{group}.{key}"] = spec
    return fields


def letter_type_label(letter_type: str) -> str:
    """Return the plain name of a letter type."""
    return {
        "meeting-request": _("Ask for a meeting"),
        "evaluation-request": _("Ask for an evaluation"),
        "records-request": _("Ask for the student's records"),
        "pwn-request": _("Ask for Prior Written Notice of a decision"),
        "plan-in-writing": _("Ask for the plan in writing"),
        "credit-recovery-request": _("Ask for a way to make up credits"),
        "policy-inquiry": _("Ask the school to show the rule it relies on"),
        "meeting-follow-up": _("Follow up after a meeting"),
    }.get(letter_type, letter_type)


def claim_topic_label(topic: str) -> str:
    """Return the plain words for a policy-inquiry claim topic."""
    return {
        "four-year-graduation": _("High school must be finished in four years"),
        "make-up-work": _("All missed work must be made up"),
        "full-day-required": _("Only a full school day is allowed"),
        "attendance-before-supports": _("Supports come only after attendance improves"),
        "informal-plan-only": _("The arrangement does not need to be written into a plan"),
        "fixed-timeline": _("The return must follow a fixed timeline"),
        "evaluation-after-intervention": _("An evaluation must wait until interventions are tried"),
        "doctor-note-for-home-instruction": _("Instruction at home needs a doctor's note first"),
    }.get(topic, topic)


MEETING_TOPICS = ("reintegration-plan", "credit-recovery", "accommodations", "evaluation")


def meeting_topic_label(topic: str) -> str:
    return {
        "reintegration-plan": _("The return plan"),
        "credit-recovery": _("Credit recovery"),
        "accommodations": _("Accommodations"),
        "evaluation": _("An evaluation"),
    }.get(topic, topic)


# --- names ----------------------------------------------------------------------------------


def parse_name(name: str) -> Path_:
    """Return the case path of a form name (``new`` stays a word)."""
    return tuple(int(part) if part.isdigit() else part for part in name.split("."))


def pattern_of(name: str) -> str:
    return ".".join("*" if part.isdigit() or part == "new" else part for part in name.split("."))


def dom_id(name: str) -> str:
    """Return the HTML id of the control for the form name ``name``."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def display(value: Any) -> str:
    """Return a saved value as a form field shows it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(display(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    from toolkit.case.load import typed_text

    return str(typed_text(value)).rstrip("\n")


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def parse_value(spec: Field, text: str) -> Any:
    """Return the value a form field's text is saved as.

    Text that is not a valid number or date is saved as typed: the validation then reports it
    in the command line's words, next to the field.
    """
    text = _clean(text)
    if spec.kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    if (spec.kind == "int" or spec.whole_numbers) and re.fullmatch(r"-?\d+", text):
        return int(text)
    if spec.kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text) if "." in text else int(text)
    if spec.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


# --- applying a form ------------------------------------------------------------------------


class Applied(Record):
    """What a submitted form did to a case."""

    kept: list[str] = field(default_factory=list)  # names left empty whose answer was kept
    new_items: dict[Path_, int] = field(default_factory=dict)  # list path -> index of its new item
    changed: bool = False
    stay: bool = False  # the page changed shape (a list was made): show the same step again


class FormData:
    """The submitted form: single values and checkbox lists by name."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.items = [(k, v if isinstance(v, str) else "") for k, v in items]

    def get(self, name: str) -> str | None:
        for key, value in self.items:
            if key == name:
                return value
        return None

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.items if key == name]

    def __contains__(self, name: str) -> bool:
        return any(key == name for key, _v in self.items)

    def names(self) -> list[str]:
        return list(dict.fromkeys(key for key, _v in self.items))


def apply_fields(case: CaseFile, form: FormData, fields: dict[str, Field]) -> Applied:
    """Change ``case`` as the plain fields of the submitted ``form`` say (values and new
    items; removals come last, ``apply_removals``); return what was kept and added."""
    applied = Applied()
    new_values: dict[Path_, dict[str, Any]] = {}
    for name in form.names():
        pattern = pattern_of(name)
        spec = fields.get(pattern)
        if spec is None:
            continue
        path = parse_name(name)
        text = form.get(name) or ""
        if "new" in path:
            if _clean(text):
                at = path.index("new")
                new_values.setdefault(path[:at], {})[".".join(map(str, path[at + 1 :]))] = (
                    parse_value(spec, text)
                )
            continue
        _apply_value(case, form, name, path, spec, text, applied)
    for list_path, values in new_values.items():
        item: dict[str, Any] = {}
        for key, value in values.items():
            parts = key.split(".")
            if "new" in parts:  # a new item inside a new item (the first claim of a new letter)
                at = parts.index("new")
                item.setdefault(parts[0], [{}])[0][".".join(parts[at + 1 :])] = value
            else:
                item[key] = value
        if any(not blank(v) for v in item.values()):
            applied.new_items[list_path] = case.append(list_path, item)
            applied.changed = True
    return applied


def apply_removals(case: CaseFile, form: FormData, applied: Applied) -> None:
    """Remove the items whose "remove" box was ticked (``remove:PATH``), last first."""
    removals = sorted(
        (parse_name(name[len("remove:") :]) for name in form.names() if name.startswith("remove:")),
        key=lambda p: tuple(-x if isinstance(x, int) else 0 for x in p),
    )
    for path in removals:
        if not path or (not isinstance(path[-1], int) and path != ("people", "advocate")):
            continue
        if case.get(path) is not None:
            case.delete(path)
            applied.changed = True
            at = applied.new_items.get(path[:-1])
            if at is not None and isinstance(path[-1], int) and path[-1] < at:
                applied.new_items[path[:-1]] = at - 1


def _apply_value(
    case: CaseFile, form: FormData, name: str, path: Path_, spec: Field, text: str, applied: Applied
) -> None:
    current = case.get(path)
    if not _clean(text):
        if f"clear:{name}" in form:
            if current is not None:
                case.delete(path)
                applied.changed = True
        elif not blank(current):
            applied.kept.append(name)
        return
    value = parse_value(spec, text)
    if display(current) != display(value) or current is None:
        case.set(path, value)
        applied.changed = True


def item_id(item: Any) -> str:
    """Return the id of a list item: the text, or the one key of ``{id: {settings}}``."""
    if isinstance(item, dict) and item:
        return str(next(iter(item)))
    return str(item)


def apply_choices(
    case: CaseFile, form: FormData, path: Path_, allowed: list[str] | tuple[str, ...]
) -> bool:
    """Apply a checkbox group (a list of ids at ``path``) when it was on the page; return True
    when the list changed. Ticked ids keep their saved order; newly ticked ones follow."""
    name = ".".join(map(str, path))
    if f"group:{name}" not in form:
        return False
    ticked = [v for v in form.getlist(name) if v in allowed]
    current = case.get(path) or []
    current_ids = [item_id(v) for v in current] if isinstance(current, list) else []
    wanted = [v for v in current_ids if v in ticked] + [
        v for v in dict.fromkeys(ticked) if v not in current_ids
    ]
    if wanted == current_ids:
        return False
    if not wanted:
        case.delete(path)
        return True
    for i in reversed(range(len(current_ids))):
        if current_ids[i] not in ticked:
            case.delete((*path, i))
    for value in wanted[len([v for v in current_ids if v in ticked]) :]:
        case.append(path, value)
    return True
