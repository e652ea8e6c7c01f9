"""The family guide: a plain-language document for the family alone, written from the same case
as the plan but never attached to it. Home routines, the parking-lot visits from the family's
side and keeping the family's own records live here, so the school's plan holds only the
school's duties.
"""

from __future__ import annotations

import datetime as dt

from toolkit.case.validate import ValidatedCase
from toolkit.documents.baseline import adulthood
from toolkit.documents.context import base_context
from toolkit.documents.plan import blanks_in, build_phases, skeleton, skeleton_path
from toolkit.packet import Document
from toolkit.slug import case_slug
from toolkit.text import collecting_blanks, render


def family_guide_document(vc: ValidatedCase, today: dt.date, stem: str) -> Document:
    """Return the family guide of ``vc`` as the document ``stem`` (never part of the plan)."""
    with collecting_blanks() as printed:
        text = family_guide_markdown(vc, today)
    source = skeleton_path("family-guide.md.j2")
    return Document(
        kind="family-guide",
        stem=stem,
        title=f"A guide for {vc.case.student.name}'s family",
        subject="For the family only: not part of the plan",
        text=text,
        source=source,
        blanks=blanks_in(text, printed, source),
    )


def family_guide_markdown(vc: ValidatedCase, today: dt.date) -> str:
    """Return the family guide of ``vc`` as Markdown."""
    context = base_context(vc, today)
    case = vc.case
    parents = [p.name for p in case.people.parents]
    phases = build_phases(vc, context)
    values = {
        **context,
        "family_names": " and ".join(parents) if parents else f"{context['name']}'s family",
        "phases": phases,
        "support_titles": [
            vc.library[use.id].title.lower()
            for section in ("accommodations", "interventions")
            for use in vc.uses(section)
        ],
        "parking_lot": "parking-lot" in context["chosen"],
        "slug": case_slug(vc),
        "adulthood": adulthood(vc, today),
    }
    return render(skeleton("family-guide.md.j2"), values)
