"""What a step page shows in each field: the saved answer, or what was just submitted, with
its errors; and the page's own facts (step list, messages, preview)."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from toolkit.errors import Problem
from toolkit.frozen import Record
from toolkit.serve.casefile import CaseFile
from toolkit.serve.fields import Field, FormData, display, parse_name, pattern_of
from toolkit.serve.i18n import _


class FormView:
    """The values, choices and errors of every field on a page."""

    def __init__(
        self,
        case: CaseFile,
        registry: dict[str, Field],
        *,
        submitted: FormData | None = None,
        errors: dict[str, list[Problem]] | None = None,
        kept: list[str] | None = None,
        choices: dict[str, list[tuple[str, str]]] | None = None,
    ) -> None:
        self.case = case
        self.registry = registry
        self.submitted = submitted
        self.errors = errors or {}
        self.kept = set(kept or [])
        self.extra_choices = choices or {}
        self._refs: dict[str, dict[str, dict[str, Any]]] = {}

    def spec(self, name: str) -> Field:
        if name.startswith("param:"):
            return Field("text", name.rsplit(":", 1)[-1])
        spec = self.registry.get(pattern_of(name))
        if spec is None:
            last = name.rsplit(".", 1)[-1]
            return Field("text", last)
        return spec

    def value(self, name: str) -> str:
        if self.submitted is not None and name in self.submitted:
            return self.submitted.get(name) or ""
        if ".new" in name or name.startswith("new"):
            return ""
        if name.startswith("param:"):
            _p, section, snippet_id, param = name.split(":", 3)
            return display(self._settings(section).get(snippet_id, {}).get(param))
        return display(self.case.get(parse_name(name)))

    def _settings(self, section: str) -> dict[str, dict[str, Any]]:
        """Return the saved settings of each snippet of ``section`` (read once per page)."""
        if section not in self._refs:
            from toolkit.serve.steps import snippet_refs

            self._refs[section] = dict(snippet_refs(self.case, tuple(section.split("."))))
        return self._refs[section]

    def ticked(self, name: str, value: str) -> bool:
        if self.submitted is not None and f"group:{name}" in self.submitted:
            return value in self.submitted.getlist(name)
        current = self.case.get(parse_name(name)) or []
        if not isinstance(current, list):
            return False
        ids = []
        for item in current:
            ids.append(str(next(iter(item))) if isinstance(item, dict) and item else str(item))
        return value in ids

    def choices(self, name: str) -> list[tuple[str, str]]:
        spec = self.spec(name)
        key = name.rsplit(".", 1)[-1]
        options = list(self.extra_choices.get(key, spec.choices))
        if not any(value == "" for value, _t in options) and (".new." in name or not spec.required):
            options.insert(0, ("", _("Choose…")))
        current = self.value(name)
        if current and all(value != current for value, _t in options):
            options.append((current, current))
        return options

    def errors_for(self, name: str) -> list[Problem]:
        return self.errors.get(name, [])

    def errors_under(self, prefix: str) -> bool:
        """Return True when a field whose name starts with ``prefix`` has an error or was kept."""
        return any(n.startswith(prefix) for n in [*self.errors, *self.kept])

    def was_kept(self, name: str) -> bool:
        return name in self.kept


class ErrorLink(Record):
    problem: Problem
    href: str | None


class Page(Record):
    """Facts every step page shows."""

    case: str
    step_id: str
    title: str
    intro: str = ""
    number: int | None = None
    steps: list[Any] = field(default_factory=list)
    version: str = ""
    return_to: str | None = None
    back_url: str | None = None
    errors: list[ErrorLink] = field(default_factory=list)
    kept: list[dict[str, str]] = field(default_factory=list)
    conflict: bool = False
    saved: bool = False
    reload_url: str = ""
    preview_heading: str | None = None
    preview_html: str | None = None
    preview_problems: list[Problem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    case_file: CaseFile | None = None

    def __getattr__(self, name: str) -> Any:
        extra = self.__dict__.get("extra", {})
        if name in extra:
            return extra[name]
        raise AttributeError(name)

    def indexes(self, dotted: str) -> list[int]:
        """Return the indexes of the saved items of the list at ``dotted``."""
        if self.case_file is None:
            return []
        items = self.case_file.get(parse_name(dotted)) or []
        return (
            [i for i, item in enumerate(items) if isinstance(item, dict)]
            if isinstance(items, list)
            else []
        )
