"""The family guide: a plain-language document for the family alone, written from the same case
as the plan but never attached to it. Home routines, the parking-lot visits from the family's
side and keeping the family's own records live here, so the school's plan holds only the
school's duties. Written in each language the case asks for (``templates/family-guide.md.j2``,
``templates/es/family-guide.md.j2``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from toolkit.case.validate import ValidatedCase
from toolkit.documents.baseline import adulthood
from toolkit.documents.context import base_context
from toolkit.documents.plan import case_phases
from toolkit.language.locale import join, long_date
from toolkit.language.translations import localized
from toolkit.packet import Document
from toolkit.resources import resource_dir
from toolkit.slug import case_slug

TITLES = {"en": "A guide for {name}'s family", "es": "Guía para la familia de {name}"}
SUBJECTS = {
    "en": "For the family only: not part of the plan",
    "es": "Solo para la familia: no es parte del plan",
}


def family_guide_document(
    vc: ValidatedCase, today: dt.date, stem: str, language: str = "en"
) -> Document:
    """Return the family guide of ``vc`` in ``language`` as the document ``stem`` (never part
    of the plan)."""
    from toolkit.documents.summary import family_document

    english = resource_dir("templates") / "family-guide.md.j2"
    source = localized(english, language, "the family guide")
    values = family_guide_values(vc, today, language)
    shell = Document(
        kind="family-guide",
        stem=stem,
        title=TITLES[language].format(name=vc.case.student.name),
        subject=SUBJECTS[language],
        text="",
        source=str(source.path),
        language=language,
    )
    return family_document(shell, source, values, values["sources"])


def family_guide_values(vc: ValidatedCase, today: dt.date, language: str) -> dict[str, Any]:
    """Return what the family guide templates print, in ``language``."""
    from toolkit.documents.summary import PLAN_ES, family_phases, snippet_words

    context = base_context(vc, today)
    parents = [p.name for p in vc.case.people.parents]
    steps, sources = family_phases(vc, case_phases(vc, today), language)
    titles = []
    for section in ("accommodations", "interventions"):
        for use in vc.uses(section):
            title, _, found = snippet_words(vc, use.id, language)
            titles.append(title.lower() if language == "en" else title[:1].lower() + title[1:])
            sources.append(found)
    values = {
        **context,
        "phases": steps,
        "support_titles": titles,
        "parking_lot": "parking-lot" in context["chosen"],
        "slug": case_slug(vc),
        "adulthood": adulthood(vc, today),
        "sources": sources,
    }
    if language == "en":
        family = " and ".join(parents) if parents else f"{context['name']}'s family"
        return {**values, "family_names": family}
    return {
        **values,
        "today": long_date(today, language),
        "family_names": join(parents, language) if parents else f"la familia de {context['name']}",
        "es_plan": PLAN_ES[vc.case.student.plan],
    }
