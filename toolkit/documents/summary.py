"""The plan summary: one or two pages for the family, in plain words and in each language the
case asks for: what the plan asks the school for, the steps back and what each asks of the
student, how decisions are made, whom to call, and the next dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from toolkit.case.validate import ValidatedCase
from toolkit.documents.context import base_context
from toolkit.documents.plan import blanks_in, case_phases
from toolkit.errors import Problem
from toolkit.language.locale import join, long_date
from toolkit.language.translations import Localized, localized, translation_of
from toolkit.packet import Document
from toolkit.resources import resource_dir
from toolkit.text import collecting_blanks, render

TITLES = {"en": "{name}'s plan in plain words", "es": "El plan de {name} en palabras sencillas"}
SUBJECTS = {
    "en": "For the family: a summary of the plan, not the plan itself",
    "es": "Para la familia: un resumen del plan, no el plan mismo",
}
#: How the Spanish text names each kind of plan: first use (full), later uses, the team.
PLAN_ES = {
    "iep": {
        "full": "Programa de Educación Individualizado (IEP, por sus siglas en inglés)",
        "name": "IEP",
        "team": "equipo del IEP",
    },
    "504": {
        "full": "plan de la Sección 504",
        "name": "plan de la Sección 504",
        "team": "equipo de la Sección 504",
    },
    "none": {"full": "plan de apoyo", "name": "plan de apoyo", "team": "equipo escolar"},
}


LETTER_NAMES = {
    "en": {
        "meeting-request": "meeting request",
        "evaluation-request": "evaluation request",
        "records-request": "records request",
        "pwn-request": "request for Prior Written Notice",
        "plan-in-writing": "request for the plan in writing",
        "credit-recovery-request": "credit recovery request",
        "policy-inquiry": "question about school policy",
        "meeting-follow-up": "letter after the meeting",
        "implementation-concern": "letter about supports not in place",
        "follow-up": "follow-up letter",
    },
    "es": {
        "meeting-request": "pedido de una reunión",
        "evaluation-request": "pedido de una evaluación",
        "records-request": "pedido de los expedientes escolares",
        "pwn-request": "pedido del Aviso Previo por Escrito (PWN, por sus siglas en inglés)",
        "plan-in-writing": "pedido del plan por escrito",
        "credit-recovery-request": "pedido para recuperar créditos",
        "policy-inquiry": "pregunta sobre las normas de la escuela",
        "meeting-follow-up": "carta después de la reunión",
        "implementation-concern": "carta sobre los apoyos que no se dan",
        "follow-up": "carta de seguimiento",
    },
}


def plan_summary_document(
    vc: ValidatedCase, today: dt.date, stem: str, language: str = "en"
) -> Document:
    """Return the plan summary of ``vc`` in ``language`` as the document ``stem``."""
    english = resource_dir("templates") / "plan-summary.md.j2"
    source = localized(english, language, "the plan summary")
    values = summary_values(vc, today, language)
    return family_document(
        Document(
            kind="plan-summary",
            stem=stem,
            title=TITLES[language].format(name=values["name"]),
            subject=SUBJECTS[language],
            text="",
            source=str(source.path),
            language=language,
        ),
        source,
        values,
        values["phase_sources"],
    )


def family_document(
    shell: Document, source: Localized, values: dict[str, Any], sources: list[Localized]
) -> Document:
    """Return ``shell`` (a family document's name, title, language) with its text: the
    template ``source`` rendered with ``values``, its blanks, the BORRADOR line when the
    template or a snippet translation it used (``sources``) is a draft, and their warnings."""
    with collecting_blanks() as printed:
        text = render(source.body, values)
    draft = source.draft or any(s.draft for s in sources)
    return dataclasses.replace(
        shell,
        text=mark_draft(text, draft, shell.language),
        blanks=blanks_in(text, printed, str(source.path)),
        warnings=(*source.warnings, *snippet_warnings(sources, shell.language)),
        draft=draft,
    )


def mark_draft(text: str, draft: bool, language: str) -> str:
    """Return ``text`` with the visible BORRADOR line after its title when ``draft``."""
    from toolkit.language.translations import DRAFT_LINE

    if not draft or language == "en":
        return text
    title, _, rest = text.partition("\n")
    if not title.startswith("# "):
        return f"{DRAFT_LINE}\n\n{text}"
    return f"{title}\n\n{DRAFT_LINE}\n{rest}"


def snippet_words(vc: ValidatedCase, snippet_id: str, language: str) -> tuple[str, str, Localized]:
    """Return a snippet's title and family summary in ``language``, and where they came from."""
    snippet = vc.library[snippet_id]
    english = Path(snippet.path)
    if language == "en" or not english.is_file():
        found = Localized({}, "", english)
        if language != "en":
            found = localized(english, language, f"the snippet '{snippet_id}'")
        return snippet.title, snippet.summary, found
    source = localized(english, language, f"the snippet '{snippet_id}'")
    if translation_of(english) is None:
        return snippet.title, snippet.summary, source
    return source.front.get("title", snippet.title), source.front.get("summary", ""), source


def snippet_warnings(sources: list[Localized], language: str) -> list[Problem]:
    """Return one warning for all the draft snippet translations a document used (naming
    each), and each missing translation's own warning."""
    from toolkit.errors import warning

    missing = [w for s in sources if not s.path.name.endswith(".es.md") for w in s.warnings]
    drafts = [s.path for s in sources if s.draft and s.path.name.endswith(".es.md")]
    if language == "en" or not drafts:
        return list(dict.fromkeys(missing))
    names = ", ".join(sorted({p.name[: -len(".es.md")] for p in drafts}))
    found = warning(
        drafts[0].parent.parent,
        None,
        f"the Spanish text of the snippets {names} is a draft, not yet reviewed: marked "
        "'BORRADOR: traducción sin revisar'",
        "a bilingual reviewer checks each and marks it reviewed (docs/languages.md)",
    )
    return [*dict.fromkeys(missing), found]


def school_days_after(start: dt.date, days: int) -> dt.date:
    """Return the date ``days`` school days (Monday to Friday) after ``start``."""
    date = start
    while days > 0:
        date += dt.timedelta(days=1)
        if date.weekday() < 5:
            days -= 1
    return date


def summary_values(vc: ValidatedCase, today: dt.date, language: str) -> dict[str, Any]:
    """Return what the plan summary templates print, with dates and lists in ``language``."""
    context = base_context(vc, today)
    case = vc.case
    reint = vc.reintegration
    sources: list[Localized] = []

    def words(snippet_id: str) -> dict[str, str]:
        title, summary, source = snippet_words(vc, snippet_id, language)
        sources.append(source)
        return {"title": title, "summary": summary}

    supports = [
        words(use.id)["title"] for s in ("accommodations", "interventions") for use in vc.uses(s)
    ]
    phases, used = family_phases(vc, case_phases(vc, today), language)
    sources += used
    start = reint.start_date
    dates = []
    if start:
        dates.append(("start", long_date(start, language)))
        first_review = school_days_after(start, reint.review_every_days)
        dates.append(("review", long_date(first_review, language)))
    replies = [
        {
            "type": LETTER_NAMES[language][letter.type],
            "date": long_date(letter.date or today, language),
            "reply_by": long_date(
                (letter.date or today) + dt.timedelta(days=letter.reply_within_days), language
            ),
        }
        for letter in case.letters
    ]
    contacts = [
        {
            "name": c.name,
            "title": c.title,
            "reach": join([x for x in (c.phone, c.email) if x], language, "or"),
        }
        for c in case.people.school_contacts
    ]
    advocate = case.people.advocate
    parents = [p.name for p in case.people.parents]
    plan_words = PLAN_ES[case.student.plan] if language == "es" else None
    return {
        **context,
        "today": long_date(today, language),
        "family_names": join(parents, language) if parents else None,
        "supports": supports,
        "phases": phases,
        "phase_sources": sources,
        "start": dict(dates).get("start")
        or vc.placeholder(
            "start date" if language == "en" else "fecha de inicio", "reintegration", "start_date"
        ),
        "first_review": dict(dates).get("review"),
        "replies": replies,
        "contacts": contacts,
        "contact_blank": vc.placeholder(
            "the school contact for the plan"
            if language == "en"
            else "la persona de contacto en la escuela",
            "people",
            "school_contacts",
        ),
        "advocate": {
            "name": advocate.name,
            "reach": join([x for x in (advocate.phone, advocate.email) if x], language, "or"),
        }
        if advocate
        else None,
        "es_plan": plan_words,
        "parking_lot": "parking-lot" in context["chosen"],
    }


def family_phases(
    vc: ValidatedCase, phases: list[Any], language: str
) -> tuple[list[dict[str, Any]], list[Localized]]:
    """Return the plan's ``phases`` as the family's documents show them (number, minute
    target, title and family summary in ``language``), and the snippet files used."""
    said = phase_words(vc, language)
    steps, sources = [], []
    for phase in phases:
        title, summary, source = said[phase.number - 1]
        if source is not None:
            sources.append(source)
        steps.append(
            {"number": phase.number, "target": phase.target, "title": title, "summary": summary}
        )
    return steps, sources


def phase_words(vc: ValidatedCase, language: str) -> list[tuple[str, str, Localized | None]]:
    """Return each phase's title and family summary in ``language``, in order, with the
    snippet file they came from (None for a phase the case writes itself)."""
    from toolkit.case.types import STANDARD_PHASES, LibraryPhase

    reint = vc.reintegration
    chosen = (
        [LibraryPhase(use=phase_id) for phase_id in STANDARD_PHASES]
        if reint.phases == "standard"
        else list(reint.phases)
    )
    return [
        snippet_words(vc, spec.use, language)
        if isinstance(spec, LibraryPhase)
        else (spec.title, spec.goal, None)
        for spec in chosen
    ]
