"""Letters: one per ``letters`` item of the case, rendered as Markdown from the type's template
(``templates/letters/<type>.md.j2``) inside the frame (``templates/letters/frame.md.j2``), and
the correspondence log row that goes with each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from toolkit.case.types import Letter
from toolkit.case.validate import ValidatedCase, person_key
from toolkit.documents.baseline import adulthood
from toolkit.documents.context import barrier_words, base_context
from toolkit.documents.letters_es import CLOSING as CLOSING_ES
from toolkit.documents.letters_es import (
    LIMIT_FROM_ES,
    SENDING,
    consent_enclosures_es,
    parent_copies,
    role_es,
    salutation_es,
    spanish_data_used,
    spanish_letter_words,
    spanish_values,
)
from toolkit.documents.plan import blanks_in, case_phases, skeleton_path
from toolkit.errors import Problem
from toolkit.frozen import Frozen
from toolkit.language import interpreter_language
from toolkit.language.locale import long_date
from toolkit.markdown import contain
from toolkit.packet import Attachment, Blank, Document, LetterParts
from toolkit.resources import load_data, resource_dir
from toolkit.slug import case_slug
from toolkit.text import PRONOUNS, Placeholder, american_date, collecting_blanks, render

if TYPE_CHECKING:
    from toolkit.followup import Entry

RECORDS_LIMIT_DAYS = 45
CLOSING = "Sincerely,"
CHILD_WORDS = {"she/her": "daughter", "he/him": "son", "they/them": "child"}
#: Relationships that make the student the sender's daughter, son or child ("my daughter").
PARENT_WORDS = {"mother", "father", "parent", "mom", "dad", "mum", "stepmother", "stepfather"}
HONORIFICS = ("Dr.", "Ms.", "Mr.", "Mrs.", "Mx.", "Prof.")


class LetterText(Frozen):
    """One letter, ready for the output formats, and its line in the correspondence log."""

    stem: str
    markdown: str
    subject: str
    date: dt.date
    type: str
    recipient: str
    reply_by: dt.date
    sender_name: str
    recipient_name: str
    blanks: tuple[Blank, ...]
    sent_by: str = ""
    language: str = "en"
    source: str = ""  # the letter type's template, in the letter's language
    draft: bool = False  # from a draft Spanish translation: carries the BORRADOR line
    warnings: tuple[Problem, ...] = ()
    translated: bool = True  # False: the type has no template in this language yet


class Person(Frozen):
    """A letter's sender or recipient, as the frame prints them."""

    name: Any
    title: Any = None
    relationship: str | None = None
    organization: str | None = None
    email: str | None = None
    phone: str | None = None
    address: tuple[str, ...] = ()
    is_parent: bool = False
    is_advocate: bool = False
    honorific: str | None = None


class ClaimText(Frozen):
    """A policy-inquiry claim, with the federal facts for its topic."""

    quote: str
    said_by: Any
    said_on: Any
    topic: str | None
    facts: Markup | None
    refusal: bool
    by_recipient: bool = False  # said by the person the letter is addressed to: "you told me"


class LetterWords(Frozen):
    """The letter's own facts, as its templates print them."""

    type: str
    date: str
    reply_by: str
    reply_within_days: int
    records_limit_date: str
    topics: list[str]
    about: Any
    claims: list[ClaimText]
    notes: Markup | None
    follows: FollowedLetter | None = None  # follow-up: the letter left unanswered
    missed: tuple[MissedSupport, ...] = ()  # implementation-concern: from the daily log
    services: tuple[str, ...] = ()  # implementation-concern: interventions with sessions missed
    missed_blank: Any = None  # implementation-concern: the blank when the log records none


class FollowedLetter(Frozen):
    """The earlier letter a follow-up names, as the follow-up prints it."""

    type: str
    date: str
    subject: Markup
    reply_by: str
    sent_by: str | None
    received_on: str | None
    limit_date: str | None  # records request: the federal 45-day limit
    limit_from: str | None
    limit_passed: bool


class MissedSupport(Frozen):
    """A support the daily log records as not in place, with the dates."""

    title: str
    dates: str
    count: int
    recorded: int
    days: tuple[dt.date, ...] = ()


@cache
def _template(name: str) -> tuple[dict[str, Any], str]:
    """Return the front matter and the body of ``templates/letters/NAME``."""
    text = (resource_dir("templates") / "letters" / name).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}, text
    _, front, body = text.split("---", 2)
    return load_data(front) or {}, body.lstrip("\n")


@cache
def _topics(language: str = "en") -> dict[str, dict[str, Any]]:
    """Return the policy-inquiry topics (``topics.yaml``; its translation for ``es``)."""
    from toolkit.language.translations import localized

    path = resource_dir("templates") / "letters" / "topics.yaml"
    return load_data(localized(path, language, "the policy-inquiry topics").body)["topics"]


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _sender(vc: ValidatedCase, letter: Letter, index: int) -> Person:
    people = vc.case.people
    wanted = person_key(letter.sender or "")
    for parent in people.parents:
        if not wanted or person_key(parent.name) == wanted:
            return Person(
                parent.name,
                None,
                parent.relationship,
                None,
                parent.email,
                parent.phone,
                _lines(parent.address),
                is_parent=True,
            )
    advocate = people.advocate
    if advocate and (not wanted or person_key(advocate.name) == wanted):
        return Person(
            advocate.name,
            "Advocate",
            None,
            advocate.organization,
            advocate.email,
            advocate.phone,
            _lines(advocate.address),
            is_advocate=True,
        )
    return Person(vc.placeholder("your name", "letters", index, "sender"), is_parent=True)


def _recipient(vc: ValidatedCase, letter: Letter, index: int) -> Person:
    if letter.to:
        for contact in vc.case.people.school_contacts:
            if person_key(contact.name) == person_key(letter.to):
                return Person(
                    contact.name,
                    contact.title,
                    honorific=contact.honorific,
                    email=contact.email,
                    phone=contact.phone,
                    address=_lines(contact.address),
                )
    return Person(
        vc.placeholder("name of the school contact", "letters", index, "to"),
        vc.placeholder("their title", "people", "school_contacts"),
    )


def salutation(person: Person) -> Any:
    """Return how the letter greets ``person``: "Ms. Lee" from the case's honorific (or an
    honorific the name starts with), else a blank for the honorific before the last name."""
    from toolkit.markdown import escape

    if isinstance(person.name, Placeholder):
        return person.name
    name = str(person.name)
    words = name.split()
    if person.honorific:
        honorific = person.honorific.strip()
    elif words and words[0] in HONORIFICS and len(words) > 1:
        honorific, words = words[0], words[1:]
    else:
        honorific = None
    last = words[-1] if words else name
    if honorific is None:
        return Markup(f"{Placeholder('Ms./Mr./Mx./Dr.').marker()} {escape(last)}")
    return Markup(f"{escape(honorific)} {escape(last)}")


def student_words(vc: ValidatedCase, sender: Person, adult: bool) -> dict[str, Any]:
    """Return how a letter names the student and the family in the sender's voice.

    A parent (mother, father, parent) writes "my daughter, Maya Alvarez"; a guardian writes
    "Mai Anh, for whom I am the legal guardian"; any other sender uses the name alone.
    """
    student = vc.case.student
    full = student.name
    relationship = (sender.relationship or "parent").strip().lower() if sender.is_parent else ""
    if sender.is_parent and relationship in PARENT_WORDS:
        ref = f"my {CHILD_WORDS[student.pronouns]}, {full}"
    elif sender.is_parent and "guardian" in relationship:
        ref = f"{full}, for whom I am the legal guardian"
    else:
        ref = full
    authorized = ""
    if sender.is_advocate:
        parents = vc.case.people.parents
        if adult:
            who = student.preferred_name or full.split()[0]
            whom = PRONOUNS[student.pronouns][1]
        else:
            who = parents[0].name if parents else "The family"
            whom = "the family"
        authorized = (
            f"{who} has authorized me to act for {whom} in this matter; the signed "
            "authorization is enclosed."
        )
    return {
        "student_ref": ref,
        "is_guardian": sender.is_parent and "guardian" in relationship,
        "adult": adult,
        "authorized": authorized,
    }


def _subject_student(vc: ValidatedCase) -> str:
    """Return the student as a subject line names them: name, date of birth, student ID."""
    student = vc.case.student
    parts = [student.name]
    if student.birth_date:
        parts.append(f"born {american_date(student.birth_date)}")
    if student.student_id:
        parts.append(f"student ID {student.student_id}")
    return parts[0] + (f" ({'; '.join(parts[1:])})" if len(parts) > 1 else "")


def _consent_enclosures(vc: ValidatedCase, sender: Person, adult: bool) -> list[str]:
    """Return the signed releases a letter encloses: the family's authorization when an
    advocate writes, and the adult student's consent under FERPA when a parent writes."""
    student = vc.case.student
    parents = vc.case.people.parents
    found = []
    if sender.is_advocate:
        who = f"{student.name}" if adult else (parents[0].name if parents else "the family")
        found.append(
            f"Signed and dated authorization from {who} for {sender.name} to act for "
            f"{'them' if adult else 'the family'} and to receive {student.name}'s education "
            "records"
        )
    elif adult:
        found.append(
            f"{student.name}'s signed and dated consent under the Family Educational Rights "
            f"and Privacy Act (FERPA) for the school to share education records with {sender.name}"
        )
    return found


def _cc(vc: ValidatedCase, sender: Person) -> list[str]:
    people = vc.case.people
    if sender.is_advocate:
        return [p.name for p in people.parents]
    if people.advocate:
        who = people.advocate.name
        return [f"{who}, {people.advocate.organization}" if people.advocate.organization else who]
    return []


def _block(items: list[Any]) -> Markup:
    """Return lines as one Markdown paragraph with hard line breaks, each value escaped."""
    from toolkit.markdown import escape

    shown = []
    for item in items:
        if item is None or item == "":
            continue
        shown.append(item.marker() if isinstance(item, Placeholder) else escape(str(item)))
    return Markup("  \n".join(shown))


def _claims(
    letter: Letter, context: dict[str, Any], recipient: Person, language: str = "en"
) -> list[ClaimText]:
    topics = _topics(language)
    spanish = language == "es"
    claims = []
    to = person_key(str(recipient.name)) if not isinstance(recipient.name, Placeholder) else None
    for claim in letter.claims:
        info = topics.get(claim.topic or "", {})
        facts = Markup(render(info["facts"], context).strip()) if info.get("facts") else None
        claims.append(
            ClaimText(
                quote=claim.quote,
                said_by=claim.said_by or Placeholder("quién lo dijo" if spanish else "who said it"),
                said_on=long_date(claim.said_on, language)
                if claim.said_on
                else Placeholder("fecha en que se dijo" if spanish else "date it was said"),
                topic=claim.topic,
                facts=facts,
                refusal=bool(info.get("refusal")),
                by_recipient=bool(to and claim.said_by and person_key(claim.said_by) == to),
            )
        )
    return claims


def letter_stems(vc: ValidatedCase, today: dt.date) -> list[str]:
    """Return the file stem of every letter: ``{slug}-{date}-{type}``, ``-2``... for repeats."""
    slug = case_slug(vc)
    seen: dict[str, int] = {}
    stems = []
    for letter in vc.case.letters:
        base = f"{slug}-{(letter.date or today).isoformat()}-{letter.type}"
        seen[base] = seen.get(base, 0) + 1
        stems.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return stems


def _case_facts(vc: ValidatedCase, context: dict[str, Any], today: dt.date) -> dict[str, Any]:
    case = vc.case
    words = barrier_words()
    titles = {
        section: [vc.library[use.id].title for use in vc.uses(section)]
        for section in ("accommodations", "interventions")
    }
    phases = [
        {"number": p.number, "title": p.title, "target": p.target} for p in case_phases(vc, today)
    ]
    credit = case.credit_recovery
    return {
        "days_missed": case.student.days_missed,
        "birth_date": american_date(case.student.birth_date) if case.student.birth_date else None,
        "barriers": [
            {"id": b, **words.get(b, {"label": b, "description": ""})}
            for b in dict.fromkeys(case.barriers)
        ],
        "accommodation_titles": titles["accommodations"],
        "intervention_titles": titles["interventions"],
        "phases": phases,
        "courses": list(credit.courses) if credit else [],
        "credits_needed": credit.credits_needed if credit else None,
        "late_secondary": (case.student.grade or "") in ("11", "12", "post-12")
        or "additional-year" in context["chosen"],
        "district": case.student.district,
        "blank_agreed": Placeholder("what was agreed at the meeting"),
        "blank_availability": Placeholder("days and times you are available"),
    }


def letters_markdown(vc: ValidatedCase, today: dt.date, language: str = "en") -> list[LetterText]:
    """Return every letter of the case as Markdown in ``language``, in the case's order."""
    from toolkit.language.translations import localized, translation_of

    context = base_context(vc, today)
    facts = _case_facts(vc, context, today)
    folder = resource_dir("templates") / "letters"
    frame_text = localized(folder / "frame.md.j2", language, "the letter frame")
    frame_front, frame = frame_text.front, frame_text.body
    spanish = language == "es"
    letters = []
    stems = letter_stems(vc, today)
    for index, (letter, stem) in enumerate(zip(vc.case.letters, stems, strict=True)):
        with collecting_blanks() as printed:
            date = letter.date or today
            reply_by = date + dt.timedelta(days=letter.reply_within_days)
            values, subject = _prepare(vc, index, context, facts, today, language=language)
            sender, recipient = values["sender"], values["recipient"]
            adult = adulthood(vc, date) == "adult"
            type_path = folder / f"{letter.type}.md.j2"
            type_text = localized(type_path, language, f"the {letter.type} letter")
            front, body = type_text.front, type_text.body
            enclosures = [render(item, values).strip() for item in front.get("enclosures", [])]
            enclosures += (consent_enclosures_es if spanish else _consent_enclosures)(
                vc, sender, adult
            )
            full_name = vc.case.student.name
            if spanish:
                role = role_es(sender, full_name)
            elif sender.is_advocate:
                role = (
                    f"Advocate, {sender.organization}"
                    if sender.organization
                    else (f"Advocate for {full_name}'s family")
                )
            else:
                relationship = sender.relationship or "parent"
                role = f"{relationship[:1].upper()}{relationship[1:]} of {full_name}"
            student = vc.case.student
            markdown = render(
                frame,
                {
                    **values,
                    "body": Markup(render(body, values).strip()),
                    "subject": Markup(subject),
                    "sender_block": _block(
                        [
                            sender.name,
                            sender.organization,
                            *sender.address,
                            sender.email,
                            sender.phone,
                        ]
                        if sender.address
                        else [
                            sender.name,
                            sender.organization,
                            vc.placeholder(
                                "su dirección postal" if spanish else "your mailing address",
                                "people",
                            ),
                            sender.email,
                            sender.phone,
                        ]
                    ),
                    "recipient_block": _block(
                        [
                            recipient.name,
                            recipient.title,
                            values["school"],  # the school's name, or a blank to fill in
                            student.district,
                            *recipient.address,
                        ]
                    ),
                    "signature_block": _block([sender.name, role]),
                    "cosigner_block": _block(
                        [vc.case.student.name, "Estudiante" if spanish else "Student"]
                    )
                    if adult
                    else None,
                    "salutation": salutation_es(salutation(recipient))
                    if spanish
                    else salutation(recipient),
                    "closing": CLOSING_ES if spanish else CLOSING,
                    "cc": _cc(vc, sender),
                    "enclosures": [Markup(e) for e in enclosures],
                    "frame": frame_front,
                },
            )
            from toolkit.plaintext import render_plain

            used = [frame_text, type_text]
            if spanish:
                used += spanish_data_used(letter, facts)
            draft = any(u.draft for u in used)
            if spanish and draft:
                from toolkit.documents.summary import mark_draft

                markdown = mark_draft(markdown, True, language)
            letters.append(
                LetterText(
                    stem=stem,
                    markdown=markdown,
                    subject=render_plain(subject).strip(),
                    date=date,
                    type=letter.type,
                    recipient=render_plain(str(_block([recipient.name]))).strip()
                    + (
                        f", {recipient.title}"
                        if isinstance(recipient.title, str)
                        and not isinstance(recipient.title, Placeholder)
                        else ""
                    ),
                    reply_by=reply_by,
                    sender_name=_shown(sender.name),
                    recipient_name=_shown(recipient.name),
                    blanks=blanks_in(markdown, printed, str(type_text.path)),
                    sent_by=letter.sent_by or "",
                    language=language,
                    source=str(type_text.path),
                    draft=draft,
                    warnings=tuple(w for u in used for w in u.warnings),
                    translated=not spanish or translation_of(type_path) is not None,
                )
            )
    return letters


def _prepare(
    vc: ValidatedCase,
    index: int,
    context: dict[str, Any],
    facts: dict[str, Any],
    today: dt.date,
    *,
    follow: bool = True,
    language: str = "en",
) -> tuple[dict[str, Any], str]:
    """Return the values letter ``index``'s templates are rendered with, and its subject.

    A follow-up's values include the letter it follows (prepared the same way, ``follow``
    off, so that a chain of follow-ups is never walked further than one step).
    """
    letter = vc.case.letters[index]
    date = letter.date or today
    reply_by = date + dt.timedelta(days=letter.reply_within_days)
    sender = _sender(vc, letter, index)
    recipient = _recipient(vc, letter, index)
    adult = adulthood(vc, date) == "adult"
    values = {
        **context,
        **facts,
        **student_words(vc, sender, adult),
        "sender": sender,
        "recipient": recipient,
        "subject_student": _subject_student(vc),
        "interpreter_language": interpreter_language(vc.case),
        "delivery": letter.sent_by
        or vc.placeholder(
            SENDING if language == "es" else "how you send it, e.g. email and first-class mail",
            "letters",
            index,
        ),
    }
    if language == "es":
        values.update(spanish_values(vc, values, sender, date))
    words = LetterWords(
        type=letter.type,
        date=long_date(date, language),
        reply_by=long_date(reply_by, language),
        reply_within_days=letter.reply_within_days,
        records_limit_date=long_date(date + dt.timedelta(days=RECORDS_LIMIT_DAYS), language),
        topics=list(letter.topics),
        about=letter.about or Placeholder("the action the school proposed or refused"),
        claims=_claims(letter, values, recipient, language),
        notes=Markup(contain(letter.notes.strip())) if letter.notes else None,
    )
    if follow and letter.type == "follow-up":
        words = replace(words, follows=_followed(vc, index, context, facts, today, language))
    if letter.type == "implementation-concern":
        words = _with_missed_supports(vc, index, words, today)
    if language == "es":
        words = spanish_letter_words(vc, words, values)
    values["letter"] = words
    from toolkit.language.translations import localized

    path = resource_dir("templates") / "letters" / f"{letter.type}.md.j2"
    front = localized(path, language, f"the {letter.type} letter").front
    return values, render(front["subject"], values).strip()


def _followed(
    vc: ValidatedCase,
    index: int,
    context: dict[str, Any],
    facts: dict[str, Any],
    today: dt.date,
    language: str = "en",
) -> FollowedLetter:
    """Return the earlier letter that follow-up ``index`` names (validation made it unique),
    in ``language`` (its subject as that language's template writes it)."""
    from toolkit.case.validate import followed
    from toolkit.followup import records_limit

    (earlier_index,) = followed(vc.case, index)
    earlier = vc.case.letters[earlier_index]
    values, subject = _prepare(
        vc, earlier_index, context, facts, today, follow=False, language=language
    )
    words = values["letter"]
    date = earlier.date or today
    limit = limit_from = None
    if earlier.type == "records-request":
        limit, limit_from = records_limit(date, earlier.received_on)
        if language == "es":
            limit_from = LIMIT_FROM_ES[limit_from]
    this_date = vc.case.letters[index].date or today
    return FollowedLetter(
        type=earlier.type,
        date=words.date,
        subject=Markup(subject),
        reply_by=words.reply_by,
        sent_by=earlier.sent_by,
        received_on=long_date(earlier.received_on, language) if earlier.received_on else None,
        limit_date=long_date(limit, language) if limit else None,
        limit_from=limit_from,
        limit_passed=bool(limit and this_date > limit),
    )


def _with_missed_supports(
    vc: ValidatedCase, index: int, words: LetterWords, today: dt.date
) -> LetterWords:
    """Return ``words`` with the supports the daily log records as not in place (all logged
    days), or with a blank to fill in where the case has no log or the log records none."""
    from toolkit.progress.supports import date_list

    records = []
    if vc.case.progress is not None:
        from toolkit.documents.progress import load_progress

        records = [r for r in load_progress(vc, today).delivered_overall if r.missed]
    interventions = {use.id for use in vc.uses("interventions")}
    return replace(
        words,
        missed=tuple(
            MissedSupport(r.title, date_list(r.missed), len(r.missed), r.recorded, tuple(r.missed))
            for r in records
        ),
        services=tuple(r.title for r in records if r.id in interventions),
        missed_blank=None
        if records
        else vc.placeholder(
            "each support that was not in place, and the dates", "letters", index, "notes"
        ),
    )


def _shown(value: Any) -> str:
    """Return a name as a reader sees it: a blank as ``[label]``."""
    return f"[{value}]" if isinstance(value, Placeholder) else str(value)


def letter_documents(
    vc: ValidatedCase,
    today: dt.date,
    slug: str,
    formats: tuple[str, ...] = (),
) -> list[Document]:
    """Return every letter of the case as a document, in the order the case lists them; the
    last carries the correspondence log (``{slug}-correspondence.csv``, whose ``file`` column
    names each letter's file in the first of ``formats``, .docx when none) and the calendar
    reminders (``{slug}-reminders.ics``)."""
    from toolkit.language import case_languages

    texts = letters_markdown(vc, today)
    wants_spanish = "es" in case_languages(vc.case) or any(
        x.language == "es" for x in vc.case.letters
    )
    spanish = letters_markdown(vc, today, "es") if wants_spanish else []
    documents = [
        _letter_document(es if x.language == "es" and es.translated else en)
        for x, en, es in zip(vc.case.letters, texts, spanish or texts, strict=True)
    ]
    copies = []
    for en, es in zip(texts, spanish, strict=False):
        translated = _letter_document(es) if es.translated else None
        source = resource_dir("templates") / "letters" / f"{en.type}.md.j2"
        copies += parent_copies(vc, _letter_document(en), translated, source, en.type)
    if documents and formats:  # files for the family; nothing to lay out for `check`
        from toolkit.followup import correspondence_csv, reminders

        entries = correspondence_entries(vc, today, texts, formats)
        csv = Attachment(f"{slug}-correspondence.csv", correspondence_csv(entries))
        ics = Attachment(f"{slug}-reminders.ics", reminders(vc, today, slug, entries))
        documents[-1] = replace(documents[-1], attachments=(csv, ics))
    return documents + copies


def _letter_document(letter: LetterText) -> Document:
    """Return ``letter`` as the document that is sent (its parts fill the letter template)."""
    return Document(
        kind="letter",
        stem=letter.stem,
        title=letter.subject,
        subject=letter.subject,
        text=letter.markdown,
        source=letter.source or skeleton_path(f"letters/{letter.type}.md.j2"),
        blanks=letter.blanks,
        letter=LetterParts(
            date=letter.date,
            subject=letter.subject,
            sender_name=letter.sender_name,
            recipient_name=letter.recipient_name,
            closing=CLOSING_ES if letter.language == "es" else CLOSING,
        ),
        language=letter.language,
        warnings=letter.warnings,
        draft=letter.draft,
    )


def correspondence_entries(
    vc: ValidatedCase,
    today: dt.date,
    texts: list[LetterText] | None = None,
    formats: tuple[str, ...] = (),
) -> list[Entry]:
    """Return the family's record of every letter of the case, its status against ``today``."""
    from toolkit.case.validate import followed
    from toolkit.followup import entry

    texts = texts if texts is not None else letters_markdown(vc, today)
    extension = next((f for f in formats if f != "pdf"), "docx")
    followed_up: dict[int, dt.date] = {}
    for i, letter in enumerate(vc.case.letters):
        for j in followed(vc.case, i):
            followed_up[j] = max(followed_up.get(j, dt.date.min), letter.date or today)
    return [
        entry(
            file=f"{text.stem}.{extension}",
            date=text.date,
            type=text.type,
            recipient=text.recipient,
            subject=text.subject,
            reply_by=text.reply_by,
            letter=letter,
            today=today,
            followed_up_on=followed_up.get(index),
        )
        for index, (text, letter) in enumerate(zip(texts, vc.case.letters, strict=True))
    ]
