"""The Spanish words of a letter: what its Spanish templates print in place of the English
values (dates written out, the student named in the parent's voice, the barriers, the phases),
and the parent's copies: a letter in every language of ``output.languages``.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from toolkit.language.locale import join, long_date
from toolkit.text import Placeholder

if TYPE_CHECKING:
    import datetime as dt

    from toolkit.case.validate import ValidatedCase
    from toolkit.documents.letters import Person
    from toolkit.packet import Document

CLOSING = "Atentamente,"
ACCOMMODATIONS, INTERVENTIONS = "accommodations", "interventions"
CHILD = {"she/her": "mi hija", "he/him": "mi hijo", "they/them": None}
PARENT_ROLES = {
    "mother": "Madre",
    "mom": "Madre",
    "father": "Padre",
    "dad": "Padre",
    "parent": "Madre o padre",
    "stepmother": "Madrastra",
    "stepfather": "Padrastro",
}
#: What the 45-day records limit counts from (``toolkit.followup.records_limit``), in Spanish.
LIMIT_FROM_ES = {
    "the date the school received it": "la fecha en que la escuela la recibió",
    "the date of the letter": "la fecha de la carta",
}
SENDING = "cómo la envía, por ejemplo por correo electrónico y por correo postal"


def spanish_values(
    vc: ValidatedCase, values: dict[str, Any], sender: Person, letter_date: dt.date
) -> dict[str, Any]:
    """Return what a Spanish letter template prints instead of ``values``' English words."""
    from toolkit.documents.context import phase_ids
    from toolkit.documents.summary import PLAN_ES, snippet_words
    from toolkit.language import code_of, interpreter_language

    student = vc.case.student
    child = CHILD[student.pronouns]
    relationship = (sender.relationship or "parent").strip().lower() if sender.is_parent else ""
    if sender.is_parent and relationship in PARENT_ROLES and child:
        ref = f"{child}, {student.name}"
    elif sender.is_parent and "guardian" in relationship:
        ref = f"{student.name}, de quien soy tutor legal"
    else:
        ref = student.name
    language = interpreter_language(vc.case)
    phases = [
        {**phase, "title": snippet_words(vc, phase_id, "es")[0]} if phase_id else phase
        for phase, phase_id in zip(values["phases"], phase_ids(vc), strict=False)
    ]
    start = vc.reintegration.start_date
    parent_language = next((p.language for p in vc.case.people.parents if p.language), None)
    facts = []
    if student.birth_date:
        facts.append(f"fecha de nacimiento: {long_date(student.birth_date, 'es')}")
    if student.student_id:
        facts.append(f"número de estudiante: {student.student_id}")
    plan = PLAN_ES[student.plan]
    spanish = barrier_words_es()
    return {
        "authorized": _authorized(vc, sender, values["adult"]),
        "accommodation_titles": [snippet_words(vc, u.id, "es")[0] for u in vc.uses(ACCOMMODATIONS)],
        "intervention_titles": [snippet_words(vc, u.id, "es")[0] for u in vc.uses(INTERVENTIONS)],
        "team_es": plan["team"],
        "plan_name_es": plan["name"],
        "plan_long_name_es": plan["full"],
        "blank_agreed": Placeholder("lo que se acordó en la reunión"),
        "subject_student": student.name + (f" ({'; '.join(facts)})" if facts else ""),
        "student_ref": ref,
        "interpreter_language_es": "español" if code_of(language) == "es" else language,
        "parent_language": code_of(parent_language),
        "barrier_list": join(
            [
                spanish.get(b["id"], {}).get("in_sentence") or b["label"].lower()
                for b in values["barriers"]
            ],
            "es",
        ),
        "phases": phases,
        "start_date": long_date(start, "es") if start else values["start_date"],
        "birth_date": long_date(student.birth_date, "es") if student.birth_date else None,
        "today": long_date(letter_date, "es"),
        "blank_availability": Placeholder("los días y las horas en que puede reunirse"),
    }


def spanish_data_used(letter: Any, facts: dict[str, Any]) -> list[Any]:
    """Return the translated data files (``Localized``) a Spanish letter prints from: the
    barriers when the case names some, the policy-inquiry facts when a claim has a topic; so
    that a draft one marks the letter BORRADOR and is named in a warning."""
    from toolkit.language.translations import localized
    from toolkit.resources import resource_dir

    used = []
    if facts["barriers"]:
        path = resource_dir("snippets") / "barriers.yaml"
        used.append(localized(path, "es", "the barriers"))
    if letter.type == "policy-inquiry" and any(c.topic for c in letter.claims):
        path = resource_dir("templates") / "letters" / "topics.yaml"
        used.append(localized(path, "es", "the policy-inquiry topics"))
    return used


@cache
def barrier_words_es() -> dict[str, dict[str, str]]:
    """Return each barrier's Spanish words (``snippets/es/barriers.yaml``, the translation of
    ``snippets/barriers.yaml``); empty when there is no translation."""
    from toolkit.language.translations import translation_of
    from toolkit.resources import load_data, resource_dir

    found = translation_of(resource_dir("snippets") / "barriers.yaml")
    return load_data(found.body)["barriers"] if found else {}


def _authorized(vc: ValidatedCase, sender: Person, adult: bool) -> str:
    """Return the advocate's sentence saying who authorized them (empty for a parent)."""
    if not sender.is_advocate:
        return ""
    student = vc.case.student
    parents = vc.case.people.parents
    if adult:
        who, whom = student.preferred_name or student.name.split()[0], "en su nombre"
    else:
        who, whom = (parents[0].name if parents else "La familia"), "en nombre de la familia"
    return (
        f"{who} me ha autorizado a actuar {whom} en este asunto; se adjunta la autorización "
        "firmada."
    )


def consent_enclosures_es(vc: ValidatedCase, sender: Person, adult: bool) -> list[str]:
    """Return the signed releases a Spanish letter encloses (see ``_consent_enclosures``)."""
    student = vc.case.student
    parents = vc.case.people.parents
    if sender.is_advocate:
        who = student.name if adult else (parents[0].name if parents else "la familia")
        whom = "en su nombre" if adult else "en nombre de la familia"
        return [
            f"Autorización firmada y fechada de {who} para que {sender.name} actúe {whom} y "
            f"reciba los expedientes educativos de {student.name}"
        ]
    if adult:
        return [
            f"Consentimiento firmado y fechado de {student.name}, según la Ley de Derechos "
            "Educativos y Privacidad de la Familia (FERPA, por sus siglas en inglés), para que la "
            f"escuela comparta los expedientes educativos con {sender.name}"
        ]
    return []


def spanish_letter_words(vc: ValidatedCase, words: Any, values: dict[str, Any]) -> Any:
    """Return a letter's own facts (``LetterWords``) with the Spanish a Spanish template prints:
    the supports missed and their dates, the services to make up (also ``services_list`` in
    ``values``) and the blanks."""
    from toolkit.documents.progress_es import date_list
    from toolkit.documents.summary import snippet_words

    titles = {
        vc.library[u.id].title: snippet_words(vc, u.id, "es")[0]
        for section in (ACCOMMODATIONS, INTERVENTIONS)
        for u in vc.uses(section)
    }
    missed = tuple(
        dataclasses.replace(m, title=titles.get(m.title, m.title), dates=date_list(m.days))
        for m in words.missed
    )
    services = tuple(titles.get(s, s) for s in words.services)
    values["services_list"] = join([s[:1].lower() + s[1:] for s in services], "es")
    about = words.about
    if isinstance(about, Placeholder):
        about = Placeholder("la medida que la escuela propuso o negó")
    blank = words.missed_blank
    if isinstance(blank, Placeholder):
        blank = Placeholder("cada apoyo que no se dio, y las fechas", blank.path, blank.line)
    return dataclasses.replace(
        words, missed=missed, services=services, about=about, missed_blank=blank
    )


def salutation_es(english: Any) -> Any:
    """Return the Spanish greeting for the English salutation ("Mr. Ortiz" -> "Estimado Sr.
    Ortiz"); a blank, or an honorific with no Spanish form, keeps a neutral greeting."""
    if isinstance(english, Placeholder):
        return Markup(f"Saludos, {english.marker()}")
    text = str(english)
    for honorific, greeting in (
        ("Mr. ", "Estimado Sr. "),
        ("Ms. ", "Estimada Sra. "),
        ("Mrs. ", "Estimada Sra. "),
    ):
        if text.startswith(honorific):
            return Markup(greeting) + Markup(text[len(honorific) :])
    return Markup("Saludos, ") + Markup(text)


def role_es(sender: Person, full_name: str) -> str:
    """Return the signature's second line in Spanish ("Madre de Mateo Vargas Ruiz")."""
    if sender.is_advocate:
        return f"Asesor(a) de la familia de {full_name}"
    relationship = (sender.relationship or "parent").strip().lower()
    role = PARENT_ROLES.get(relationship)
    if role is None and "guardian" in relationship:
        role = "Tutor(a) legal"
    return f"{role or relationship.capitalize()} de {full_name}"


def parent_copies(
    vc: ValidatedCase,
    english: Document,
    spanish: Document | None,
    english_source: Any,
    letter_type: str,
) -> list[Document]:
    """Return the parent's copies of one letter: the paired copy (``STEM-en-es.docx``) and
    the Spanish text as ``STEM-es`` (.md, .txt; also .docx when Spanish is the only
    language). ``spanish`` None: no Spanish template yet, the English under "SIN TRADUCIR"."""
    from toolkit.documents.languages import pair, untranslated
    from toolkit.language import case_languages

    languages = case_languages(vc.case)
    if "es" not in languages:
        return []
    if spanish is None:
        what = f"the {letter_type} letter"
        spanish = untranslated(english, english_source, what, "es")
    spanish = dataclasses.replace(
        spanish, stem=f"{english.stem}-es", letter=None, attachments=(), kind="letter"
    )
    if languages == ("es",):
        return [spanish]
    versions = [english if lang == "en" else spanish for lang in languages]
    layout = vc.case.output.layout if vc.case.output else "table"
    copy = pair(
        [dataclasses.replace(v, attachments=()) for v in versions],
        f"{english.stem}-{'-'.join(languages)}",
        layout,
    )
    return [copy, dataclasses.replace(spanish, formats=("md", "txt"), blanks=())]
