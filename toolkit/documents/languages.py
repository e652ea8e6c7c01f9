"""A family document in each language the case asks for, and two of them paired.

With ``output.languages: [en, es]`` a family document (plan summary, family guide, progress
report, the parent's copy of a letter) is three documents: the paired Word file
``STEM-en-es.docx`` (English | Español) and one ``.md``/``.txt`` per language (``STEM`` and
``STEM-es``), never a table. With one language it is that language's document alone
(``STEM-es`` for Spanish).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from toolkit.case.validate import ValidatedCase
from toolkit.errors import warning
from toolkit.language import case_languages
from toolkit.language.translations import spanish_path
from toolkit.packet import Blank, Document

UNTRANSLATED_LINE = (
    "**SIN TRADUCIR: este documento todavía no está en español; abajo va en inglés.**"
)


def stem_in(stem: str, language: str) -> str:
    """Return the file stem of ``stem``'s version in ``language`` (English keeps ``stem``)."""
    return stem if language == "en" else f"{stem}-{language}"


def in_languages(
    vc: ValidatedCase, stem: str, make: Callable[[str, str], Document]
) -> list[Document]:
    """Return the family document ``stem`` in every language of the case, paired when two.

    ``make(language, stem)`` renders one language's version.
    """
    languages = case_languages(vc.case)
    versions = [make(language, stem_in(stem, language)) for language in languages]
    if len(versions) == 1:
        return versions
    layout = vc.case.output.layout if vc.case.output else "table"
    return [pair(versions, f"{stem}-{'-'.join(languages)}", layout)] + [
        dataclasses.replace(v, formats=("md", "txt"), blanks=()) for v in versions
    ]


def pair(versions: list[Document], stem: str, layout: str) -> Document:
    """Return the paired Word document of ``versions`` (one per language, in column order)."""
    first = versions[0]
    blanks = paired_blanks(versions)
    return Document(
        kind=first.kind,
        stem=stem,
        title=" / ".join(v.title for v in versions),
        subject=" / ".join(v.subject for v in versions),
        text=first.text,
        source=first.source,
        blanks=blanks,
        chart=first.chart,
        letter=None,
        language=first.language,
        parts=tuple(versions),
        paired_layout=layout,
        formats=("docx",),
        warnings=tuple(w for v in versions for w in v.warnings),
        draft=any(v.draft for v in versions),
    )


def paired_blanks(versions: list[Document]) -> tuple[Blank, ...]:
    """Return the blanks of a paired document, each once: the same blank in both languages
    is one line ("[days and times you are available / los días y las horas …]")."""
    lists = [v.blanks for v in versions]
    if len({len(b) for b in lists}) == 1:  # same template structure: the blanks correspond
        return tuple(
            dataclasses.replace(same[0], label=" / ".join(dict.fromkeys(b.label for b in same)))
            for same in zip(*lists, strict=True)
        )
    first_of: dict[str, Blank] = {}
    for blank in (b for blanks in lists for b in blanks):
        first_of.setdefault(blank.label, blank)
    return tuple(first_of.values())


def untranslated(document: Document, english: Path, what: str, language: str) -> Document:
    """Return ``document`` as the ``language`` version that has no translation yet: the English
    text under a visible "SIN TRADUCIR" line, and a warning naming the missing file."""
    found = warning(
        english,
        None,
        f"no Spanish translation of {what}: its Spanish version is the English text, marked "
        "'SIN TRADUCIR'",
        f"write {spanish_path(english)} (see docs/languages.md)",
    )
    title, _, rest = document.text.partition("\n")
    text = (
        f"{title}\n\n{UNTRANSLATED_LINE}\n{rest}"
        if title.startswith("# ")
        else (f"{UNTRANSLATED_LINE}\n\n{document.text}")
    )
    return dataclasses.replace(
        document,
        stem=stem_in(document.stem, language),
        text=text,
        language=language,
        draft=True,
        warnings=(*document.warnings, found),
        attachments=(),
    )
