"""Validate a case file completely: shape and values (pydantic), then the references a case
makes into the snippet library and between its own parts. Every problem is collected with the
line it is on before anything is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from toolkit.case.load import Document, dotted, load_yaml
from toolkit.case.types import BARRIERS, Case, CustomPhase, LibraryPhase, Reintegration
from toolkit.errors import Problem, ToolkitError, did_you_mean, quoted, warning
from toolkit.frozen import Record
from toolkit.library.snippets import Library

if TYPE_CHECKING:
    from toolkit.text import Placeholder

T = TypeVar("T")

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


class SnippetUse(Record):
    """A snippet chosen by the case, with the case's parameter values and their line."""

    id: str
    params: dict[str, Any]
    line: int | None


class ValidatedCase(Record):
    """A case that passed validation, with what later stages need to know about its source."""

    path: Path
    case: Case
    doc: Document
    library: Library
    warnings: list[Problem] = field(default_factory=list)

    @property
    def reintegration(self) -> Reintegration:
        """Return the case's re-integration settings, the format's defaults where it has none."""
        return self.case.reintegration or Reintegration()

    def placeholder(self, label: str, *keys: str | int) -> Placeholder:
        """Return a blank named ``label`` to be filled in at ``keys`` of the case file (its
        line: the nearest key that exists)."""
        from toolkit.text import Placeholder

        line, _ = self.doc.line_of(keys, key=True)
        return Placeholder(label, str(self.path), line)

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """Return ``make()``, made the first time ``key`` is asked for and kept with the case:
        what the documents work out from a validated case (which does not change) is worked
        out once per case, not once per document. Only for what follows from the case alone:
        a file beside it (the daily log) can change while a case is kept (``srkit serve``)."""
        made = self.__dict__.setdefault("_made", {})
        if key not in made:
            made[key] = make()
        return made[key]

    def uses(self, section: str) -> list[SnippetUse]:
        """Return the snippet uses of ``accommodations``, ``interventions`` or ``options`` (a
        new list each time)."""
        return list(self.once(("uses", section), lambda: self._find_uses(section)))

    def _find_uses(self, section: str) -> list[SnippetUse]:
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
    path: str | Path,
    library: Library,
    *,
    sender: Mapping[str, str] | None = None,
    text: str | None = None,
) -> ValidatedCase:
    """Return the validated case at ``path``; raise ``ToolkitError`` listing every problem.

    ``sender`` (from the user configuration) is the advocate of a case that names none, and
    fills in what a case's advocate of the same name leaves out. ``text``, when given, is the
    case file's content already read (``path`` then names it in messages, and its folder is
    where the daily log is looked for).
    """
    doc = load_yaml(path, text=text)
    if isinstance(doc.data, dict) and sender:
        _add_sender(doc.data, sender)
    if not isinstance(doc.data, dict):
        raise ToolkitError.at(
            doc.path,
            1,
            "a case file is a mapping of keys (srkit, student, ...)",
            "start from `srkit init case.yaml`",
        )
    from toolkit.case.fast import plain_case

    case = plain_case(doc.data)  # a plainly valid case: no need to load the models
    if case is None:
        case = _validate_with_models(doc, library)
    validated = ValidatedCase(Path(path), case, doc, library)
    problems = _check_references(validated)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ToolkitError(errors)
    validated.warnings = [p for p in problems if p.severity != "error"]
    return validated


def _validate_with_models(doc: Document, library: Library) -> Case:
    """Return the case in ``doc`` validated by the pydantic models; raise ``ToolkitError``
    with every problem they and the references into the library find."""
    from pydantic import ValidationError

    from toolkit.case.model import Case as CaseModel
    from toolkit.case.model import to_plain
    from toolkit.case.problems import dedupe, pydantic_problems

    try:
        return to_plain(CaseModel.model_validate(doc.data))
    except ValidationError as exc:
        problems = pydantic_problems(exc, doc, CaseModel) + _raw_reference_problems(doc, library)
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ToolkitError(dedupe(problems)) from None


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
                        f"'{use.id}' is listed twice in {dotted(base)}",
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
    problems += _check_barriers(doc, library, case.barriers)
    problems += _check_letters(vc)
    problems += _check_markdown_fields(vc)
    if case.progress:
        log = vc.path.parent / case.progress.log
        if not log.is_file():
            line, col = doc.line_of(("progress", "log"))
            if log.is_dir():
                what = "is a folder, not a file"
            elif log.exists():
                what = "is not a regular file (a device, a named pipe or a socket)"
            else:
                what = "file not found"
            problems.append(
                Problem(
                    doc.path,
                    line,
                    f"log {what}: {log}",
                    "the path is relative to the case file's folder; the log is a CSV file",
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
            params: dict[str, Any]
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
            given = phase.get("with")
            params = given if isinstance(given, dict) else {}
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
    problems += _check_barriers(doc, library, [b for b in section("barriers")])
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
            "follows": "follow-up",
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
        problems += _check_follows(vc, i)
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


def _check_follows(vc: ValidatedCase, i: int) -> list[Problem]:
    """Return the problems of letter ``i``'s ``follows`` (a follow-up names one earlier letter)."""
    case, doc = vc.case, vc.doc
    letter = case.letters[i]
    if letter.type != "follow-up":
        return []
    if letter.follows is None:
        line, col = doc.line_of(("letters", i, "type"))
        return [
            Problem(
                doc.path,
                line,
                "a follow-up letter needs `follows:`",
                "name the letter it follows up: follows: {type: records-request, date: 2026-11-30}",
                col,
            )
        ]
    matches = followed(case, i)
    if len(matches) == 1:
        return []
    ref = letter.follows
    line, col = doc.line_of(("letters", i, "follows"))
    dated = f" dated {ref.date.isoformat()}" if ref.date else ""
    listed = ", ".join(
        f"{x.type} {x.date.isoformat() if x.date else '(no date)'}"
        for j, x in enumerate(case.letters)
        if j != i
    )
    if matches:
        return [
            Problem(
                doc.path,
                line,
                f"more than one {ref.type} letter{dated} in the case",
                "add the date of the one this letter follows up: follows: {type: …, date: …}",
                col,
            )
        ]
    return [
        Problem(
            doc.path,
            line,
            f"no {ref.type} letter{dated} in the case to follow up",
            f"the case's letters: {listed}" if listed else "add the earlier letter to the case",
            col,
        )
    ]


def followed(case, i: int) -> list[int]:
    """Return the indexes of the letters that letter ``i``'s ``follows`` names."""
    ref = case.letters[i].follows
    if ref is None:
        return []
    return [
        j
        for j, other in enumerate(case.letters)
        if j != i and other.type == ref.type and (ref.date is None or other.date == ref.date)
    ]


DEPTH_HINT = "use headings up to #### and lists nested at most 3 levels deep"


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
        from toolkit.markdown import cannot_warn, parse, too_deep, unsupported

        if cannot_warn(text):  # most notes: nothing to parse for
            continue

        line, _ = doc.line_of(path)
        first = (line or 1) + (1 if "\n" in text.strip("\n") or text.endswith("\n") else 0)
        tokens = parse(text)
        for what, at in too_deep(tokens, first_line=first):
            problems.append(
                warning(
                    doc.path,
                    at,
                    f"{dotted(path)}: {what} is deeper than the documents show; "
                    "it is shown at the deepest level",
                    DEPTH_HINT,
                )
            )
        for kind, at in dict.fromkeys(unsupported(tokens, first_line=first)):
            problems.append(
                warning(
                    doc.path,
                    at,
                    f"{dotted(path)}: Markdown the documents cannot show "
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


def _add_sender(data: dict, sender: Mapping[str, str]) -> None:
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


def _check_barriers(doc: Document, library: Library, barriers: list) -> list[Problem]:
    """Return an error for each barrier id neither the case format nor the library knows."""
    if all(b in BARRIERS for b in barriers if isinstance(b, str)):
        return []  # the format's own ids: no need to read every snippet for the library's
    known = library.barriers()
    problems = []
    for i, barrier in enumerate(barriers):
        if isinstance(barrier, str) and barrier not in known:
            line, col = doc.line_of(("barriers", i))
            problems.append(
                Problem(
                    doc.path,
                    line,
                    f"barriers[{i + 1}]: {quoted(barrier)} is not a barrier id",
                    " ".join(filter(None, [did_you_mean(barrier, known), "allowed:"]))
                    + " "
                    + ", ".join(known),
                    col,
                )
            )
    return problems
