"""The interview's steps: what each page asks, what it shows, and what its form changes.

Each step is a ``Step``: its id (in the URL), its title and plain-words introduction, its
template, the heading of the plan section its preview shows, and two functions: ``extra``
(what the page needs besides the saved answers: the barrier list, the snippets ...) and
``apply`` (the step's own changes beyond its plain fields: checkbox groups, snippets).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from toolkit.frozen import Frozen
from toolkit.serve.casefile import CaseFile, blank
from toolkit.serve.fields import (
    Applied,
    Field,
    FormData,
    apply_choices,
    display,
    parse_value,
)
from toolkit.serve.i18n import _, current


class Step(Frozen):
    id: str
    short: str
    title: str
    intro: str
    template: str
    preview: str | None = None  # "plan:HEADING", "letters", or None
    extra: Callable[[CaseFile, Any], dict[str, Any]] = lambda case, library: {}
    apply: Callable[[CaseFile, FormData, Any, Applied], None] = lambda case, form, lib, a: None


# --- barriers ----------------------------------------------------------------------------------


def barrier_words() -> dict[str, dict[str, str]]:
    """Return each barrier's label and description, in the interface language where the
    barriers' translation (``snippets/es/barriers.yaml``) gives them; ``lang`` says which."""
    from toolkit.documents.context import barrier_words as english

    words = {b: {**w, "lang": "en"} for b, w in english().items()}
    if current() == "es":
        from toolkit.documents.letters_es import barrier_words_es

        for barrier, spanish in barrier_words_es().items():
            if barrier in words and spanish.get("label") and spanish.get("description"):
                words[barrier] = {**spanish, "lang": "es"}
    return words


def _barrier_list(case: CaseFile, library) -> dict[str, Any]:
    words = barrier_words()
    return {
        "barriers": [
            {
                "id": barrier,
                "label": words.get(barrier, {}).get("label", barrier),
                "description": _sentence(words.get(barrier, {}).get("description", "")),
                "lang": words.get(barrier, {}).get("lang", "en"),
            }
            for barrier in library.barriers()
        ]
    }


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""


def _apply_barriers(case: CaseFile, form: FormData, library, applied: Applied) -> None:
    if apply_choices(case, form, ("barriers",), list(library.barriers())):
        applied.changed = True


# --- snippets: accommodations, interventions, credit recovery options ---------------------------


def snippet_words(snippet) -> dict[str, str]:
    """Return a snippet's title and summary in the interface language where its translation
    file gives both (``lang`` says which language they are in), else the English ones."""
    language = current()
    if language != "en":
        from pathlib import Path

        from toolkit.errors import ToolkitError
        from toolkit.language.translations import translation_of

        try:
            translation = translation_of(Path(snippet.path))
        except (ToolkitError, OSError, ValueError):
            translation = None
        front = translation.front if translation is not None else {}
        if front.get("title") and front.get("summary"):
            return {
                "title": str(front["title"]),
                "summary": str(front["summary"]),
                "lang": language,
            }
    return {"title": snippet.title, "summary": snippet.summary, "lang": "en"}


def snippet_refs(case: CaseFile, path: tuple) -> list[tuple[str, dict[str, Any]]]:
    """Return the snippet references saved at ``path``: (id, settings) in order."""
    refs: list[tuple[str, dict[str, Any]]] = []
    for item in case.get(path) or []:
        if isinstance(item, str):
            refs.append((item, {}))
        elif isinstance(item, dict) and len(item) == 1:
            ((snippet_id, params),) = item.items()
            refs.append((str(snippet_id), dict(params or {})))
    return refs


def snippet_options(
    case: CaseFile, library, section: str, kinds: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Return the snippets a step offers: those suggested for the chosen barriers first."""
    path = tuple(section.split("."))
    chosen = dict(snippet_refs(case, path))
    barriers = [str(b) for b in case.get(("barriers",)) or []]
    plan = str(case.get(("student", "plan")) or "none")
    words = barrier_words()
    options = []
    for snippet in library.all():
        if snippet.kind not in kinds:
            continue
        helps = [b for b in barriers if b in snippet.addresses]
        params = []
        for param, spec in snippet.params.items():
            params.append(
                {
                    "name": f"param:{section}:{snippet.id}:{param}",
                    "label": spec.description,
                    "default_text": _("If left empty: “{default}”.").format(default=spec.default),
                }
            )
        options.append(
            {
                "id": snippet.id,
                "name": f"choose:{section}:{snippet.id}",
                **snippet_words(snippet),
                "rationale": " ".join(snippet.rationale.split()),
                "suggested": ", ".join(words.get(b, {}).get("label", b).lower() for b in helps),
                "not_for_plan": ""
                if plan in snippet.plans
                else _("Not written for this kind of plan."),
                "params": params,
                "open": snippet.id in chosen and bool(chosen[snippet.id]),
                "order": (not helps, snippet.id not in chosen, snippet_words(snippet)["title"]),
            }
        )
    options.sort(key=lambda o: o["order"])
    return options


def _supports_extra(section: str, kinds: tuple[str, ...]) -> Callable:
    def extra(case: CaseFile, library) -> dict[str, Any]:
        options = snippet_options(case, library, section, kinds)
        suggested = [o for o in options if o["suggested"]]
        others = [o for o in options if not o["suggested"]]
        groups: list[dict[str, Any]] = []
        if suggested:
            groups.append(
                {
                    "heading": _("Suggested for what makes attendance hard"),
                    "note": _("These address the difficulties you ticked in step 2."),
                    "options": suggested,
                }
            )
        if others:
            groups.append(
                {
                    "heading": _("Other choices") if suggested else _("Choices"),
                    "note": None,
                    "options": others,
                }
            )
        return {"section": section, "option_groups": groups}

    return extra


def param_field(name: str) -> Field:
    return Field("text", name.rsplit(":", 1)[-1])


def apply_snippets(
    case: CaseFile, form: FormData, library, applied: Applied, section: str, kinds: tuple
) -> None:
    """Apply a snippet step: ticked snippets, and their settings (``param:`` fields)."""
    path = tuple(section.split("."))
    allowed = [s.id for s in library.all() if s.kind in kinds]
    if apply_choices(case, form, path, allowed):
        applied.changed = True
    for index, (snippet_id, params) in enumerate(snippet_refs(case, path)):
        snippet = library.get(snippet_id)
        if snippet is None:
            continue
        for param in snippet.params:
            name = f"param:{section}:{snippet_id}:{param}"
            text = form.get(name)
            if text is None:
                continue
            value = parse_value(Field("number" if _numeric(text) else "text", ""), text)
            current = params.get(param)
            if not text.strip():
                if f"clear:{name}" in form and param in params:
                    _set_params(case, path, index, snippet_id, params, param, None)
                    applied.changed = True
                elif not blank(current):
                    applied.kept.append(name)
                continue
            if display(current) != display(value):
                _set_params(case, path, index, snippet_id, params, param, value)
                params[param] = value
                applied.changed = True


def _numeric(text: str) -> bool:
    text = text.strip()
    return text.isdigit() and not (len(text) > 1 and text.startswith("0"))


def _set_params(case, path, index, snippet_id, params, param, value) -> None:
    from ruamel.yaml.comments import CommentedMap

    item = case.get((*path, index))
    if isinstance(item, dict):
        if value is None:
            case.delete((*path, index, snippet_id, param))
            if not case.get((*path, index, snippet_id)):
                case.set((*path, index), snippet_id)
        elif not isinstance(item.get(snippet_id), dict):
            case.set((*path, index, snippet_id), _flow({param: value}))
        else:
            case.set((*path, index, snippet_id, param), value)
        return
    if value is None:
        return
    mapping = CommentedMap()
    mapping[snippet_id] = _flow({param: value})
    case.set((*path, index), mapping)


def _flow(values: dict[str, Any]):
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in values.items():
        mapping[key] = value
    mapping.fa.set_flow_style()
    return mapping


def _snippet_step(section: str, kinds: tuple[str, ...]):
    def apply(case, form, library, applied):
        apply_snippets(case, form, library, applied, section, kinds)

    return _supports_extra(section, kinds), apply


# --- the steps -----------------------------------------------------------------------------------


def all_steps() -> list[Step]:
    """Return the interview's steps, in order."""
    from toolkit.serve.steps_more import credit_step, letters_step, return_plan_step

    acc_extra, acc_apply = _snippet_step("accommodations", ("accommodation",))
    int_extra, int_apply = _snippet_step("interventions", ("intervention",))
    return [
        Step(
            "student",
            _("The student"),
            _("About the student"),
            _(
                "Start with who the documents are about. Only the full name is needed now; "
                "you can come back to any answer later."
            ),
            "step_student.html",
            preview="plan:Student profile",
        ),
        Step(
            "barriers",
            _("What is hard"),
            _("What makes going to school hard"),
            _(
                "Pick what gets in the way of going to school. These are difficulties, not "
                "choices: the plan describes what makes attendance hard and what helps."
            ),
            "step_barriers.html",
            preview="plan:What makes attendance hard",
            extra=_barrier_list,
            apply=_apply_barriers,
        ),
        Step(
            "accommodations",
            _("Accommodations"),
            _("Accommodations: changes at school"),
            _(
                "Accommodations change how the school day works, so that coming in is "
                "possible: a later start, a quiet place, a trusted adult. Tick the ones you "
                "want in the plan. Each one can be adjusted under “Settings”."
            ),
            "step_supports.html",
            preview="plan:Accommodations",
            extra=acc_extra,
            apply=acc_apply,
        ),
        Step(
            "interventions",
            _("Interventions"),
            _("Interventions: help and services"),
            _(
                "Interventions are services the school provides: counseling, coaching, a "
                "person who coordinates between home and school. Tick the ones you want."
            ),
            "step_supports.html",
            preview="plan:Interventions",
            extra=int_extra,
            apply=int_apply,
        ),
        return_plan_step(),
        credit_step(),
        Step(
            "people",
            _("People"),
            _("The people involved"),
            _(
                "Who writes to the school, and to whom. Letters are sent from a parent (or "
                "the advocate) to a person at the school."
            ),
            "step_people.html",
            preview="letters",
        ),
        letters_step(),
    ]
