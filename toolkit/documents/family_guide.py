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
from toolkit.documents.plan import build_phases, skeleton
from toolkit.slug import slugify
from toolkit.text import render


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
        "slug": slugify(case.student.name),
        "adulthood": adulthood(vc, today),
    }
    return render(skeleton("family-guide.md.j2"), values)
