"""Render stage: a validated case → its documents (typed values), nothing laid out yet.

Each kind of document is assembled by its module in :mod:`toolkit.documents`. Bad input found
here (a user snippet that cannot be rendered, a bad daily log) is collected over every
document and raised together, before anything is laid out or written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from toolkit.case.validate import ValidatedCase
from toolkit.errors import Problem, ToolkitError
from toolkit.packet import Document
from toolkit.slug import case_slug


def render_documents(
    vc: ValidatedCase, only: tuple[str, ...], today: dt.date, formats: tuple[str, ...] = ()
) -> tuple[list[Document], list[Problem]]:
    """Return the documents of ``only`` that the case asks for, and the warnings found while
    rendering them (the daily log's). Raises ``ToolkitError`` with every document's problems.

    ``formats`` names the letters' files in the correspondence log."""
    slug = case_slug(vc)
    documents: list[Document] = []
    warnings: list[Problem] = []
    problems: list[Problem] = []

    def attempt(make: Callable[[], list[Document]]) -> None:
        try:
            documents.extend(make())
        except ToolkitError as exc:
            problems.extend(exc.problems)

    def plan() -> list[Document]:
        from toolkit.documents.plan import plan_document

        return [plan_document(vc, today, f"{slug}-plan")]

    def letters() -> list[Document]:
        from toolkit.documents.letters import letter_documents

        return letter_documents(vc, today, slug, formats)

    def progress() -> list[Document]:
        from toolkit.documents.progress import progress_document

        document, data = progress_document(vc, today, f"{slug}-progress")
        warnings.extend(data.log.warnings)
        return [document]

    def family_guide() -> list[Document]:
        from toolkit.documents.family_guide import family_guide_document

        return [family_guide_document(vc, today, f"{slug}-family-guide")]

    if "plan" in only:
        attempt(plan)
    if "letters" in only and vc.case.letters:
        attempt(letters)
    if "progress" in only and vc.case.progress:
        attempt(progress)
    if "family-guide" in only:
        attempt(family_guide)
    if problems:
        raise ToolkitError(problems)
    return documents, warnings
