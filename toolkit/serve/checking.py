"""Checking answers the way ``srkit check`` does, and placing each problem next to its field.

The problems are the command line's own (``toolkit.case.validate``, ``toolkit.checks``), in
the same words; ``place`` finds the value of the case a problem's line and column point at, and
``field_name`` turns that path into the name of the form field that holds it.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from toolkit.errors import Problem, ToolkitError
from toolkit.frozen import Record

Path_ = tuple[str | int, ...]

SNIPPET_SECTIONS = {
    ("accommodations",): "accommodations",
    ("interventions",): "interventions",
    ("credit_recovery", "options"): "credit_recovery.options",
}


class Checked(Record):
    """The outcome of checking a case text: the validated case (or None) and its problems,
    each with the case path it is about (or None)."""

    validated: Any
    problems: list[tuple[Problem, Path_ | None]] = field(default_factory=list)
    source: str = ""  # the fingerprint of the text that was checked

    @property
    def errors(self) -> list[tuple[Problem, Path_ | None]]:
        return [(p, at) for p, at in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[tuple[Problem, Path_ | None]]:
        return [(p, at) for p, at in self.problems if p.severity != "error"]


def check_text(path: Path, text: str, library, config) -> Checked:
    """Return ``text`` (the content of the case file ``path``) validated as ``srkit check``
    validates it (through the one build entry point's ``validate_case``), each problem with
    the case path it is about."""
    from toolkit.case.load import load_yaml
    from toolkit.pipeline import validate_case
    from toolkit.serve.casefile import fingerprint
    from toolkit.serve.packet import options

    source = fingerprint(text.encode("utf-8"))
    try:
        doc = load_yaml(path, text=text)
    except ToolkitError as exc:
        return Checked(None, [(p, None) for p in exc.problems], source)
    try:
        validated = validate_case(path, options(config), text=text, library=library)
    except ToolkitError as exc:
        return Checked(None, [(p, place(doc, p)) for p in exc.problems], source)
    return Checked(
        validated,
        [(p, place(doc, p) if p.path == str(path) else None) for p in validated.warnings],
        source,
    )


def place(doc, problem: Problem) -> Path_ | None:
    """Return the case path whose value (or key) is at the problem's line and column."""
    if problem.line is None or problem.path != doc.path:
        return None
    return place_line(doc, problem.line, problem.column)


def place_line(doc, line_number: int | None, column: int | None = None) -> Path_ | None:
    """Return the deepest case path whose value (or key) is on ``line_number`` (at ``column``
    when given and found)."""
    if line_number is None:
        return None
    exact: list[Path_] = []
    same_line: list[Path_] = []
    for marks in (doc.value_marks, doc.key_marks):
        for path, (line, col) in marks.items():
            if line != line_number:
                continue
            if column is not None and col == column:
                exact.append(path)
            same_line.append(path)
    found = exact or same_line
    if not found:
        return None
    return max(found, key=len)


def field_name(path: Path_, new_items: dict[Path_, int] | None = None) -> str:
    """Return the form field name for the case path ``path``.

    A snippet reference becomes its checkbox (``choose:SECTION:ID``) or setting
    (``param:SECTION:ID:NAME``); an item added by this form gets ``new`` as its index.
    """
    for base, section in SNIPPET_SECTIONS.items():
        if path[: len(base)] == base and len(path) > len(base):
            rest = path[len(base) + 1 :]
            if rest and len(rest) >= 2:
                return f"param:{section}:{rest[0]}:{rest[1]}"
            return f"item:{section}:{path[len(base)]}"
    parts: list[str] = []
    for i, part in enumerate(path):
        if new_items and isinstance(part, int) and new_items.get(path[:i]) == part:
            parts.append("new")
        else:
            parts.append(str(part))
    return ".".join(parts)


STEP_OF = {
    "student": "student",
    "barriers": "barriers",
    "accommodations": "accommodations",
    "interventions": "interventions",
    "reintegration": "return-plan",
    "credit_recovery": "credit",
    "people": "people",
    "letters": "letters",
    "progress": "log",
}


def step_of(path: Path_ | None) -> str | None:
    """Return the interview step whose page holds the value at ``path``."""
    if not path:
        return None
    return STEP_OF.get(str(path[0]))
