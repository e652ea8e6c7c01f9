"""Languages of a case's family documents: which ones a case asks for, and their word tags.

``en`` and ``es`` are the languages srkit writes. The letter sent to the school is written in
one language (English unless the letter says ``language: es``); the family's documents (plan
summary, family guide, progress report, the parent's copy of each letter) in every language of
``output.languages``, two of them paired in one Word document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.case.types import Case

#: The Word language tag (``w:lang``) of each language srkit writes.
WORD_TAGS = {"en": "en-US", "es": "es-US"}
#: The column heading of each language in a paired document.
NAMES = {"en": "English", "es": "Español"}
_NAMES = {
    "en": "en",
    "english": "en",
    "inglés": "en",
    "ingles": "en",
    "es": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "castellano": "es",
}


def code_of(language: str | None) -> str | None:
    """Return ``en`` or ``es`` for a language written as a code or a name, else None."""
    if not language:
        return None
    return _NAMES.get(language.strip().lower())


def case_languages(case: Case) -> tuple[str, ...]:
    """Return the languages the family's documents are written in (``("en",)`` by default)."""
    if case.output is None:
        return ("en",)
    return tuple(case.output.languages)


def interpreter_language(case: Case) -> str | None:
    """Return the language (an English name) a parent needs an interpreter in, if any."""
    for parent in case.people.parents:
        if parent.language and code_of(parent.language) != "en":
            return "Spanish" if code_of(parent.language) == "es" else parent.language
    return None
