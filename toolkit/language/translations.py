"""Translations as files beside their English source, each saying which source it translates.

A Spanish file's front matter holds a ``translation`` mapping::

    translation:
      source_sha256: 3b5d...        # sha256 of the English file it was translated from
      status: draft                 # draft | reviewed
      reviewer: Ana Ruiz            # reviewed only: who checked it against the English
      reviewed_on: 2027-01-20       # reviewed only: when

Where the Spanish file of an English source lives:

    templates/NAME.md.j2              ->  templates/es/NAME.md.j2
    templates/letters/TYPE.md.j2      ->  templates/letters/es/TYPE.md.j2
    snippets/GROUP/ID.md              ->  snippets/GROUP/ID.es.md

A build that uses a ``draft`` translation, or a ``reviewed`` one whose English source has
changed since (its hash no longer matches), marks the document "BORRADOR: traducción sin
revisar" and warns. ``srkit translations`` lists every translation and its state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from toolkit.errors import Problem
from toolkit.frozen import Frozen

DRAFT_LINE = "**BORRADOR: traducción sin revisar.**"
STATUSES = ("draft", "reviewed")


class Translation(Frozen):
    """One translation file, read: its front matter, its body and the state it is in."""

    path: Path
    source: Path  # the English file it translates
    front: dict[str, Any]  # the whole front matter (a letter's subject lives here too)
    body: str
    status: str  # draft | reviewed
    source_sha256: str
    reviewer: str | None = None
    reviewed_on: dt.date | None = None
    line: int = 1  # the line of the ``translation:`` key, for messages

    @property
    def stale(self) -> bool:
        """True when the English source is no longer the text that was translated."""
        return self.source_sha256 != sha256_of(self.source)

    @property
    def usable_as_reviewed(self) -> bool:
        """True when the translation was reviewed against the English source as it is now."""
        return self.status == "reviewed" and not self.stale

    def problems(self) -> list[str]:
        """Return what is wrong with this translation's record (empty when nothing is)."""
        found = []
        if self.status not in STATUSES:
            found.append(f"status '{self.status}' is not draft or reviewed")
        if self.status == "reviewed" and not (self.reviewer and self.reviewed_on):
            found.append("a reviewed translation names its reviewer and reviewed_on date")
        if self.status == "reviewed" and self.stale:
            found.append(
                f"reviewed, but its English source {self.source.name} has changed since: "
                "compare the two, update the Spanish, then record the new source_sha256"
            )
        return found


def sha256_of(path: Path) -> str:
    """Return the sha256 of ``path``'s bytes (line endings as stored)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def spanish_path(english: Path) -> Path:
    """Return where the Spanish translation of the English file ``english`` lives."""
    if english.suffix == ".md":  # a snippet; templates end in .md.j2
        return english.with_name(english.stem + ".es.md")
    return english.parent / "es" / english.name


def english_path(spanish: Path) -> Path:
    """Return the English source of the Spanish file ``spanish``."""
    if spanish.name.endswith(".es.md"):
        return spanish.with_name(spanish.name[: -len(".es.md")] + ".md")
    return spanish.parent.parent / spanish.name


def split_front(text: str) -> tuple[dict[str, Any], str, int]:
    """Return a file's YAML front matter (shared: read it, never change it), its body, and
    the line the body starts on."""
    if not text.startswith("---"):
        return {}, text, 1
    _, front, body = text.split("---", 2)
    stripped = body.lstrip("\n")
    first = front.count("\n") + 2 + (len(body) - len(stripped))
    return _front_matter(front), stripped, first


@lru_cache(maxsize=256)
def _front_matter(front: str) -> Any:
    # parsed once per text: every document of a batch reads the same templates' front matter
    import yaml

    return yaml.safe_load(front) or {}


@cache
def _english(path: Path, mtime: float) -> tuple[Any, str]:
    """Return an English file's front matter and body (read once per version of the file)."""
    front, body, _first = split_front(path.read_text(encoding="utf-8"))
    return front, body


@cache
def _read(path: Path, mtime: float) -> Translation:
    text = path.read_text(encoding="utf-8")
    front, body, _first = split_front(text)
    record = front.get("translation") or {}
    line = next((i for i, x in enumerate(text.splitlines(), 1) if x.startswith("translation:")), 1)
    reviewed_on = record.get("reviewed_on")
    return Translation(
        path=path,
        source=english_path(path),
        front=front,
        body=body,
        status=str(record.get("status", "")),
        source_sha256=str(record.get("source_sha256", "")),
        reviewer=record.get("reviewer"),
        reviewed_on=reviewed_on if isinstance(reviewed_on, dt.date) else None,
        line=line,
    )


def read_translation(path: Path) -> Translation:
    """Return the translation at ``path`` (read once per version of the file)."""
    return _read(path, path.stat().st_mtime)


def translation_of(english: Path) -> Translation | None:
    """Return the Spanish translation of ``english``, or None when there is none."""
    path = spanish_path(english)
    return read_translation(path) if path.is_file() else None


def all_translations(*roots: Path) -> list[Translation]:
    """Return every Spanish file under ``roots`` (templates/.../es/*, snippets/**/*.es.md)."""
    found: list[Path] = []
    for root in roots:
        found += root.rglob("*.es.md")
        found += [p for p in root.rglob("*") if p.parent.name == "es" and p.is_file()]
    return [read_translation(p) for p in sorted(set(found))]


class Localized(Frozen):
    """A file's text in the language a document asks for, and what the build must say about
    it: ``draft`` marks the document "BORRADOR"; ``warnings`` name the file."""

    front: dict[str, Any]
    body: str
    path: Path
    draft: bool = False
    warnings: tuple[Problem, ...] = ()


def localized(english: Path, language: str, what: str) -> Localized:
    """Return the text of the English file ``english`` in ``language`` (``en`` or ``es``).

    Spanish comes from the translation file; a missing one falls back to the English text
    with a warning naming it (never silently), a draft or outdated one is used with a warning
    and ``draft`` set. ``what`` names the text in messages ("the plan summary").
    """
    from toolkit.errors import warning

    if language == "en":
        front, body = _english(english, english.stat().st_mtime)
        return Localized(front, body, english)
    translation = translation_of(english)
    if translation is None:
        front, body = _english(english, english.stat().st_mtime)
        message = f"no Spanish translation of {what}: its Spanish text is the English one"
        hint = f"write {spanish_path(english)} (see docs/languages.md)"
        return Localized(front, body, english, True, (warning(english, None, message, hint),))
    if translation.usable_as_reviewed:
        return Localized(translation.front, translation.body, translation.path)
    why = (
        "reviewed before its English source changed"
        if translation.status == "reviewed"
        else "a draft, not yet reviewed"
    )
    message = f"the Spanish text of {what} is {why}: marked 'BORRADOR: traducción sin revisar'"
    hint = "a bilingual reviewer checks it and marks it reviewed (docs/languages.md)"
    found = warning(translation.path, translation.line, message, hint)
    return Localized(translation.front, translation.body, translation.path, True, (found,))
