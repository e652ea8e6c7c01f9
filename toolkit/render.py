"""Render stage: a validated case → its documents (typed values), nothing laid out yet.

Each kind of document is assembled by its module in :mod:`toolkit.documents`. Bad input found
here (a user snippet that cannot be rendered, a bad daily log) is collected over every
document and raised together, before anything is laid out or written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from toolkit.case.validate import ValidatedCase
from toolkit.documents.languages import in_languages
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
        from toolkit.documents.progress import load_progress, progress_document

        data = load_progress(vc, today)
        warnings.extend(data.log.warnings)
        return in_languages(
            vc,
            f"{slug}-progress",
            lambda lang, stem: progress_document(vc, today, stem, lang, data)[0],
        )

    def family_guide() -> list[Document]:
        from toolkit.documents.family_guide import family_guide_document

        return in_languages(
            vc,
            f"{slug}-family-guide",
            lambda lang, stem: family_guide_document(vc, today, stem, lang),
        )

    def plan_summary() -> list[Document]:
        from toolkit.documents.summary import plan_summary_document

        return in_languages(
            vc,
            f"{slug}-plan-summary",
            lambda lang, stem: plan_summary_document(vc, today, stem, lang),
        )

    if "plan" in only:
        attempt(plan)
    if "letters" in only and vc.case.letters:
        attempt(letters)
    if "progress" in only and vc.case.progress:
        attempt(progress)
    if "plan-summary" in only:
        attempt(plan_summary)
    if "family-guide" in only:
        attempt(family_guide)
    if problems:
        raise ToolkitError(problems)
    for document in documents:
        warnings += [w for w in document.warnings if w not in warnings]
    return documents, warnings
