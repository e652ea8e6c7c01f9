"""The Spanish words of a letter: what its Spanish templates print in place of the English
values (dates written out, the student named in the parent's voice, the barriers, the phases),
and the parent's copies: a letter in every language of ``output.languages``.
"""

from __future__ import annotations

import dataclasses
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
#: The barriers as a Spanish letter names them (snippets/barriers.yaml has the English).
BARRIERS = {
    "anxiety": "la ansiedad",
    "depression": "la depresión",
    "social": "las dificultades con otros estudiantes",
    "sensory": "el ruido, las luces y las multitudes",
    "executive-function": "las dificultades para organizarse",
    "academic-gap": "el atraso en las clases",
    "transitions": "los cambios de actividad",
    "mornings": "las mañanas",
    "separation": "separarse de la familia",
    "medical": "la salud",
    "safety": "no sentirse seguro en la escuela",
}
SENDING = "cómo la envía, por ejemplo por correo electrónico y por correo postal"


def spanish_values(
    vc: ValidatedCase, values: dict[str, Any], sender: Person, letter_date: dt.date
) -> dict[str, Any]:
    """Return what a Spanish letter template prints instead of ``values``' English words."""
    from toolkit.documents.context import phase_ids
    from toolkit.documents.summary import snippet_words
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
    return {
        "subject_student": student.name + (f" ({'; '.join(facts)})" if facts else ""),
        "student_ref": ref,
        "interpreter_language_es": "español" if code_of(language) == "es" else language,
        "parent_language": code_of(parent_language),
        "barrier_list": join(
            [BARRIERS.get(b["id"], b["label"].lower()) for b in values["barriers"]], "es"
        ),
        "phases": phases,
        "start_date": long_date(start, "es") if start else values["start_date"],
        "birth_date": long_date(student.birth_date, "es") if student.birth_date else None,
        "today": long_date(letter_date, "es"),
        "blank_availability": Placeholder("los días y las horas en que puede reunirse"),
    }


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
