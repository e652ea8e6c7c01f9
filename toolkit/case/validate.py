"""Validate a case file completely: shape and values (pydantic), then the references a case
makes into the snippet library and between its own parts. Every problem is collected with the
line it is on before anything is reported.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from toolkit.case.load import Document, load_yaml
from toolkit.case.model import HINT, Case, CustomPhase, LibraryPhase
from toolkit.errors import Problem, ToolkitError, did_you_mean, warning
from toolkit.library.snippets import Library

SECTION_KINDS = {
    "accommodations": "accommodation",
    "interventions": "intervention",
    "options": "credit-recovery",
}
KIND_SECTIONS = {
    "accommodation": "accommodations",
    "intervention": "interventions",
    "credit-recovery": "credit_recovery.options",
    "phase": "reintegration.phases (as `- use: ID`)",
    "block": "no list (blocks are placed by the plan itself)",
}


@dataclass
class SnippetUse:
    """A snippet chosen by the case, with the case's parameter values and their line."""

    id: str
    params: dict[str, Any]
    line: int | None


@dataclass
class ValidatedCase:
    """A case that passed validation, with what later stages need to know about its source."""

    path: Path
    case: Case
    doc: Document
    library: Library
    warnings: list[Problem] = field(default_factory=list)

    def uses(self, section: str) -> list[SnippetUse]:
        """Return the snippet uses of ``accommodations``, ``interventions`` or ``options``."""
        if section == "options":
            refs = self.case.credit_recovery.options if self.case.credit_recovery else []
            base: tuple = ("credit_recovery", "options")
        else:
            refs = getattr(self.case, section)
            base = (section,)
        result = []
        for i, ref in enumerate(refs):
            snippet_id, params = _split_ref(ref)
            result.append(SnippetUse(snippet_id, params, self.doc.line_of((*base, i))[0]))
        return result


def load_case(
    path: str | Path, library: Library, *, sender: dict[str, str] | None = None
) -> ValidatedCase:
    """Return the validated case at ``path``; raise ``ToolkitError`` listing every problem.

    ``sender`` (from the user configuration) is the advocate of a case that names none, and
    fills in what a case's advocate of the same name leaves out.
    """
    doc = load_yaml(path)
    if isinstance(doc.data, dict) and sender:
        _add_sender(doc.data, sender)
    if not isinstance(doc.data, dict):
        raise ToolkitError.at(
            doc.path,
            1,
            "a case file is a mapping of keys (srkit, student, ...)",
            "start from `srkit init case.yaml`",
        )
    try:
        case = Case.model_validate(doc.data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, doc, Case) + _raw_reference_problems(doc, library)
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ToolkitError(_dedupe(problems)) from None
    except ToolkitError:
        raise
    validated = ValidatedCase(Path(path), case, doc, library)
    problems = _check_references(validated)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ToolkitError(errors)
    validated.warnings = [p for p in problems if p.severity != "error"]
    return validated


# --- pydantic errors -> problems at lines -------------------------------------------------


def pydantic_problems(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """Return one ``Problem`` per pydantic error, placed at the line of the value it is about."""
    problems = []
    errors = exc.errors(include_url=False)
    for error in errors:
        loc = tuple(error["loc"])
        if (
            error["type"] == "literal_error"
            and isinstance(error.get("input"), list | dict)
            and len(errors) > 1
        ):
            continue  # the other branch of a `word | list` union explains the problem
        data_path = _data_path(doc.data, loc)
        kind = error["type"]
        message: str
        hint: str | None = None
        if kind == "extra_forbidden":
            key = str(loc[-1])
            line, col = doc.line_of(data_path, key=True)
            allowed = _allowed_keys(model, loc[:-1])
            where = _dotted(data_path[:-1])
            message = f"unknown key '{key}'" + (f" in {where}" if where else "")
            hint = did_you_mean(key, allowed) or (
                "allowed keys: " + ", ".join(allowed) if allowed else None
            )
        elif kind == "missing":
            key = str(loc[-1])
            line, col = doc.line_of(data_path, key=True)
            where = _dotted(data_path)
            message = f"missing required key '{key}'" + (f" in {where}" if where else "")
            hint = _missing_hint(key)
        else:
            line, col = doc.line_of(data_path)
            where = _dotted(data_path)
            text = error["msg"]
            if text.startswith("Value error, "):
                text = text[len("Value error, ") :]
            if HINT in text:
                text, hint = text.split(HINT, 1)
            elif kind in ("literal_error", "enum"):
                expected = str(error.get("ctx", {}).get("expected", ""))
                allowed = re.findall(r"'([^']*)'", expected) or [
                    part for part in re.split(r", | or ", expected) if part
                ]
                given = error.get("input")
                text = f"'{given}' is not an allowed value"
                hint = (did_you_mean(str(given), allowed) or "") + (
                    " allowed: " + ", ".join(allowed)
                )
                hint = hint.strip()
            else:
                text = _plain(text, error)
                hint = _type_hint(error)
            message = f"{where}: {text}" if where else text
        problems.append(Problem(doc.path, line, message, hint, col))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen = set()
    result = []
    for p in problems:
        key = (p.line, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def _plain(text: str, error: dict) -> str:
    given = error.get("input")
    if error["type"] in ("string_type",):
        return f"expected text, got {_shown(given)}"
    if error["type"] in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_shown(given)}"
    if error["type"] in ("float_type", "float_parsing"):
        return f"expected a number, got {_shown(given)}"
    if error["type"] == "list_type":
        return f"expected a list (lines starting with `- `), got {_shown(given)}"
    if error["type"] in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys, got {_shown(given)}"
    if error["type"] == "union_tag_invalid":
        return "not a valid phase"
    return text[0].lower() + text[1:] if text else text


def _type_hint(error: dict) -> str | None:
    """Return a hint for a value of the wrong type, where one helps."""
    kind = error["type"]
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "write digits, e.g. 10"
    if kind in ("float_type", "float_parsing"):
        return "write a number, e.g. 3.5"
    if kind == "list_type":
        return "put each item on its own line starting with `- `, or write [a, b]"
    if kind == "string_type":
        if isinstance(error.get("input"), list | dict):
            return "write one value here, not a list or a mapping"
        return "put the value in quotes"
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _missing_hint(key: str) -> str | None:
    return {
        "srkit": "add `srkit: 1` as the first line",
        "student": "add a `student:` section with at least `name:`",
        "name": "add `name:`",
        "type": "add `type:`, e.g. `type: meeting-request`",
        "title": "a custom phase needs `title:` and `goal:`",
        "goal": "a custom phase needs `title:` and `goal:`",
        "quote": "each claim needs the `quote:` exactly as it was said",
    }.get(key)


def _data_path(data: Any, loc: tuple) -> tuple:
    """Return the part of a pydantic ``loc`` that names real keys and indexes in ``data``."""
    path: list = []
    current = data
    for item in loc:
        if (isinstance(current, dict) and item in current) or (
            isinstance(current, list) and isinstance(item, int) and 0 <= item < len(current)
        ):
            path.append(item)
            current = current[item]
    return tuple(path)


def _dotted(path: tuple) -> str:
    parts: list[str] = []
    for item in path:
        if isinstance(item, int):
            if parts:
                parts[-1] += f"[{item + 1}]"
        else:
            parts.append(str(item))
    return ".".join(parts)


def _leaf_types(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _leaf_types(arg)]
    return [annotation]


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    candidates: list[Any] = [model]
    for item in loc:
        following: list[Any] = []
        for cand in candidates:
            if isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(item, str):
                for name, info in cand.model_fields.items():
                    if item in (name, info.alias):
                        following += _leaf_types(info.annotation)
            elif typing.get_origin(cand) is list and isinstance(item, int):
                following += _leaf_types(typing.get_args(cand)[0])
            elif typing.get_origin(cand) is dict and isinstance(item, str):
                following += _leaf_types(typing.get_args(cand)[1])
        if following:
            candidates = following
    keys: list[str] = []
    for cand in candidates:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            keys += [info.alias or name for name, info in cand.model_fields.items()]
    return list(dict.fromkeys(keys))


# --- references into the library and between parts of the case ---------------------------


def _split_ref(ref: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(ref, str):
        return ref, {}
    ((snippet_id, params),) = ref.items()
    return snippet_id, dict(params or {})


def _check_references(vc: ValidatedCase) -> list[Problem]:
    problems: list[Problem] = []
    case, doc, library = vc.case, vc.doc, vc.library
    plan = case.student.plan
    for section, base in (
        ("accommodations", ("accommodations",)),
        ("interventions", ("interventions",)),
        ("options", ("credit_recovery", "options")),
    ):
        seen: set[str] = set()
        for i, use in enumerate(vc.uses(section)):
            path = (*base, i)
            problems += _check_snippet_use(
                doc, library, path, use.id, use.params, SECTION_KINDS[section], plan
            )
            if use.id in seen:
                problems.append(
                    warning(
                        doc.path,
                        doc.line_of(path)[0],
                        f"'{use.id}' is listed twice in {_dotted(base)}",
                        "remove one of them",
                    )
                )
            seen.add(use.id)
    if case.reintegration and isinstance(case.reintegration.phases, list):
        day = case.reintegration.school_day_minutes
        for i, phase in enumerate(case.reintegration.phases):
            path = ("reintegration", "phases", i)
            if isinstance(phase, LibraryPhase):
                problems += _check_snippet_use(
                    doc,
                    library,
                    (*path, "use"),
                    phase.use,
                    dict(phase.with_),
                    "phase",
                    plan,
                    params_path=(*path, "with"),
                    extra_params=("target_minutes",),
                )
                target = phase.with_.get("target_minutes")
                if target is not None and (not isinstance(target, int) or not 0 <= target <= day):
                    line, col = doc.line_of((*path, "with", "target_minutes"))
                    problems.append(
                        Problem(
                            doc.path,
                            line,
                            f"target_minutes must be a whole number from 0 to {day}",
                            "the school day is school_day_minutes long",
                            col,
                        )
                    )
            elif isinstance(phase, CustomPhase) and (phase.target_minutes or 0) > day:
                line, col = doc.line_of((*path, "target_minutes"))
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        f"target_minutes {phase.target_minutes} is longer than "
                        f"the school day ({day} minutes)",
                        "set reintegration.school_day_minutes or lower the target",
                        col,
                    )
                )
    problems += _check_letters(vc)
    problems += _check_markdown_fields(vc)
    if case.progress:
        log = vc.path.parent / case.progress.log
        if not log.is_file():
            line, col = doc.line_of(("progress", "log"))
            problems.append(
                Problem(
                    doc.path,
                    line,
                    f"log {'is a folder, not a file' if log.is_dir() else 'file not found'}: {log}",
                    "the path is relative to the case file's folder",
                    col,
                )
            )
    return problems


def _raw_reference_problems(doc: Document, library: Library) -> list[Problem]:
    """Return the reference errors of a case whose shape is not valid yet, so that one run of
    `srkit check` reports every problem: unknown snippet ids, undeclared parameters, letters
    to or from people the case does not list. Only parts with the right shape are looked at.
    """
    data = doc.data
    problems: list[Problem] = []

    def section(*keys: str) -> list:
        value: Any = data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value if isinstance(value, list) else []

    raw_plan = (
        data.get("student", {}).get("plan") if isinstance(data.get("student"), dict) else None
    )
    plan = "504" if raw_plan == 504 else str(raw_plan or "none")
    for keys, kind in (
        (("accommodations",), "accommodation"),
        (("interventions",), "intervention"),
        (("credit_recovery", "options"), "credit-recovery"),
    ):
        for i, item in enumerate(section(*keys)):
            if isinstance(item, str):
                snippet_id, params = item, {}
            elif isinstance(item, dict) and len(item) == 1:
                ((snippet_id, params),) = item.items()
                params = params if isinstance(params, dict) else {}
            else:
                continue
            problems += _check_snippet_use(
                doc, library, (*keys, i), str(snippet_id), params, kind, plan
            )
    for i, phase in enumerate(section("reintegration", "phases")):
        if isinstance(phase, dict) and isinstance(phase.get("use"), str):
            params = phase.get("with") if isinstance(phase.get("with"), dict) else {}
            path = ("reintegration", "phases", i)
            problems += _check_snippet_use(
                doc,
                library,
                (*path, "use"),
                phase["use"],
                params,
                "phase",
                plan,
                params_path=(*path, "with"),
                extra_params=("target_minutes",),
            )
    names = {
        "to": [c.get("name") for c in section("people", "school_contacts") if isinstance(c, dict)],
        "from": [p.get("name") for p in section("people", "parents") if isinstance(p, dict)],
    }
    advocate = (
        data.get("people", {}).get("advocate") if isinstance(data.get("people"), dict) else None
    )
    if isinstance(advocate, dict):
        names["from"].append(advocate.get("name"))
    for i, letter in enumerate(section("letters")):
        if not isinstance(letter, dict):
            continue
        for role in ("to", "from"):
            value = letter.get(role)
            known = [str(n) for n in names[role] if isinstance(n, str)]
            if isinstance(value, str) and person_key(value) not in {person_key(n) for n in known}:
                problems.append(_unknown_person(doc, ("letters", i, role), value, role, known))
    return [p for p in problems if p.severity == "error"]


def _unknown_person(doc: Document, path: tuple, value: str, role: str, names: list[str]) -> Problem:
    line, col = doc.line_of(path)
    who = "school contact" if role == "to" else "parent or advocate"
    where = "school_contacts" if role == "to" else "parents"
    return Problem(
        doc.path,
        line,
        f"'{value}' is not a {who} in people",
        did_you_mean(value, names) or f"add them under people.{where}",
        col,
    )


def _check_snippet_use(
    doc: Document,
    library: Library,
    path: tuple,
    snippet_id: str,
    params: dict[str, Any],
    kind: str,
    plan: str,
    *,
    params_path: tuple | None = None,
    extra_params: tuple[str, ...] = (),
) -> list[Problem]:
    line, col = doc.line_of(path)
    snippet = library.get(snippet_id)
    if snippet is None:
        hint = did_you_mean(snippet_id, library.ids(kind)) or did_you_mean(
            snippet_id, library.ids()
        )
        return [
            Problem(
                doc.path,
                line,
                f"unknown {_noun(kind)} '{snippet_id}'",
                hint or f"see `srkit snippets list --kind {kind}`",
                col,
            )
        ]
    if snippet.kind != kind:
        return [
            Problem(
                doc.path,
                line,
                f"'{snippet_id}' is {_a(_noun(snippet.kind))}, not {_a(_noun(kind))}",
                f"list it under {KIND_SECTIONS[snippet.kind]}",
                col,
            )
        ]
    problems = []
    declared = [*snippet.params, *extra_params]
    for name in params:
        if name not in declared:
            where = (*params_path, name) if params_path else (*path, snippet_id, name)
            p_line, p_col = doc.line_of(where, key=True)
            near = did_you_mean(name, declared)
            listing = (
                (f"'{snippet_id}' takes: " + ", ".join(declared))
                if declared
                else (f"'{snippet_id}' takes no parameters")
            )
            problems.append(
                Problem(
                    doc.path,
                    p_line,
                    f"'{name}' is not a parameter of '{snippet_id}'",
                    f"{near} {listing}" if near else listing,
                    p_col,
                )
            )
    if plan not in snippet.plans:
        problems.append(
            warning(
                doc.path,
                line,
                f"'{snippet_id}' is not written for plan type '{plan}'",
                "check its wording in the draft",
            )
        )
    return problems


def _person_names(case: Case, role: str) -> list[str]:
    people = case.people
    if role == "to":
        return [c.name for c in people.school_contacts]
    names = [p.name for p in people.parents]
    if people.advocate:
        names.append(people.advocate.name)
    return names


def _check_letters(vc: ValidatedCase) -> list[Problem]:
    problems: list[Problem] = []
    case, doc = vc.case, vc.doc
    for i, letter in enumerate(case.letters):
        base = ("letters", i)
        for role, value, key in (("to", letter.to, "to"), ("from", letter.sender, "from")):
            if value is None:
                continue
            names = _person_names(case, role)
            if person_key(value) not in {person_key(n) for n in names}:
                problems.append(_unknown_person(doc, (*base, key), value, role, names))
        if letter.sender is None and not case.people.parents:
            line, _ = doc.line_of(base)
            problems.append(
                warning(
                    doc.path,
                    line,
                    "this letter has no sender",
                    "add `from:` or a parent under people.parents",
                )
            )
        only = {
            "topics": "meeting-request",
            "about": "pwn-request",
            "claims": "policy-inquiry",
        }
        for key, letter_type in only.items():
            if getattr(letter, key) and letter.type != letter_type:
                line, col = doc.line_of((*base, key), key=True)
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        f"`{key}` is only used by {letter_type} letters",
                        f"remove it, or change the type to {letter_type}",
                        col,
                    )
                )
        if letter.type == "policy-inquiry" and not letter.claims:
            line, col = doc.line_of((*base, "type"))
            problems.append(
                Problem(
                    doc.path,
                    line,
                    "a policy-inquiry letter needs `claims:`",
                    "list each claim with quote, said_by and said_on",
                    col,
                )
            )
    return problems


def _check_markdown_fields(vc: ValidatedCase) -> list[Problem]:
    """Return a warning for each piece of Markdown in the case the Word builder cannot show."""
    case, doc = vc.case, vc.doc
    fields: list[tuple[tuple, str | None]] = [(("student", "summary"), case.student.summary)]
    if case.credit_recovery:
        fields.append((("credit_recovery", "notes"), case.credit_recovery.notes))
    fields += [(("letters", i, "notes"), letter.notes) for i, letter in enumerate(case.letters)]
    problems = []
    for path, text in fields:
        if not text:
            continue
        from toolkit.markdown import parse, unsupported

        line, _ = doc.line_of(path)
        first = (line or 1) + (1 if "\n" in text.strip("\n") or text.endswith("\n") else 0)
        for kind, at in dict.fromkeys(unsupported(parse(text), first_line=first)):
            problems.append(
                warning(
                    doc.path,
                    at,
                    f"{_dotted(path)}: Markdown the documents cannot show "
                    f"({kind.replace('_', ' ')}); it is written as plain text",
                    "use paragraphs, **bold**, *italic*, lists, links and tables",
                )
            )
    return problems


def _noun(kind: str) -> str:
    """Return how messages name a snippet kind."""
    return "credit-recovery option" if kind == "credit-recovery" else kind


def _a(noun: str) -> str:
    """Return ``noun`` with its indefinite article: "an accommodation", "a phase"."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def person_key(name: str) -> str:
    """Return how names are compared: case and extra spaces ignored."""
    return re.sub(r"[ \t\r\n\u00a0]+", " ", name).strip(" ").casefold()


def _add_sender(data: dict, sender: dict[str, str]) -> None:
    """Put the configured sender into the case data (see ``load_case``)."""
    people = data.setdefault("people", {})
    if not isinstance(people, dict):
        return
    advocate = people.get("advocate")
    if advocate is None:
        people["advocate"] = dict(sender)
    elif (
        isinstance(advocate, dict)
        and isinstance(advocate.get("name"), str)
        and person_key(advocate["name"]) == person_key(sender.get("name", ""))
    ):
        for key, value in sender.items():
            advocate.setdefault(key, value)
