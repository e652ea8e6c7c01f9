"""Letters: one per ``letters`` item of the case, rendered as Markdown from the type's template
(``templates/letters/<type>.md.j2``) inside the frame (``templates/letters/frame.md.j2``), and
the correspondence log row that goes with each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from markupsafe import Markup

from toolkit.case.model import Letter
from toolkit.case.validate import ValidatedCase, person_key
from toolkit.documents.context import barrier_words, base_context
from toolkit.documents.plan import blanks_in, skeleton_path
from toolkit.markdown import contain
from toolkit.packet import Attachment, Blank, Document, LetterParts
from toolkit.resources import resource_dir
from toolkit.slug import case_slug
from toolkit.text import Placeholder, american_date, collecting_blanks, render

RECORDS_LIMIT_DAYS = 45
CLOSING = "Sincerely,"
CHILD_WORDS = {"she/her": "daughter", "he/him": "son", "they/them": "child"}


@dataclass(frozen=True)
class LetterText:
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


@dataclass(frozen=True)
class Person:
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


@dataclass(frozen=True)
class ClaimText:
    """A policy-inquiry claim, with the federal facts for its topic."""

    quote: str
    said_by: Any
    said_on: Any
    topic: str | None
    facts: Markup | None
    refusal: bool


@dataclass(frozen=True)
class LetterWords:
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


@cache
def _template(name: str) -> tuple[dict[str, Any], str]:
    """Return the front matter and the body of ``templates/letters/NAME``."""
    import yaml

    text = (resource_dir("templates") / "letters" / name).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}, text
    _, front, body = text.split("---", 2)
    return yaml.safe_load(front) or {}, body.lstrip("\n")


@cache
def _topics() -> dict[str, dict[str, Any]]:
    import yaml

    path = resource_dir("templates") / "letters" / "topics.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]


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
                    email=contact.email,
                    phone=contact.phone,
                    address=_lines(contact.address),
                )
    return Person(
        vc.placeholder("name of the school contact", "letters", index, "to"),
        vc.placeholder("their title", "people", "school_contacts"),
    )


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


def _claims(letter: Letter, context: dict[str, Any]) -> list[ClaimText]:
    topics = _topics()
    claims = []
    for claim in letter.claims:
        info = topics.get(claim.topic or "", {})
        facts = Markup(render(info["facts"], context).strip()) if info.get("facts") else None
        claims.append(
            ClaimText(
                quote=claim.quote,
                said_by=claim.said_by or Placeholder("who said it"),
                said_on=american_date(claim.said_on)
                if claim.said_on
                else Placeholder("date it was said"),
                topic=claim.topic,
                facts=facts,
                refusal=bool(info.get("refusal")),
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


def _case_facts(vc: ValidatedCase, context: dict[str, Any]) -> dict[str, Any]:
    from toolkit.documents.plan import build_phases

    case = vc.case
    words = barrier_words()
    titles = {
        section: [vc.library[use.id].title for use in vc.uses(section)]
        for section in ("accommodations", "interventions")
    }
    phases = [
        {"number": p.number, "title": p.title, "target": p.target}
        for p in build_phases(vc, context)
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
        "evaluation_requested": any(x.type == "evaluation-request" for x in case.letters),
        "child": CHILD_WORDS[case.student.pronouns],
        "district": case.student.district,
        "blank_agreed": Placeholder("what was agreed at the meeting"),
        "blank_availability": Placeholder("days and times you are available"),
    }


def letters_markdown(vc: ValidatedCase, today: dt.date) -> list[LetterText]:
    """Return every letter of the case as Markdown, in the order the case lists them."""
    context = base_context(vc, today)
    facts = _case_facts(vc, context)
    frame_front, frame = _template("frame.md.j2")
    letters = []
    stems = letter_stems(vc, today)
    for index, (letter, stem) in enumerate(zip(vc.case.letters, stems, strict=True)):
        with collecting_blanks() as printed:
            date = letter.date or today
            reply_by = date + dt.timedelta(days=letter.reply_within_days)
            sender = _sender(vc, letter, index)
            recipient = _recipient(vc, letter, index)
            values = {**context, **facts, "sender": sender, "recipient": recipient}
            words = LetterWords(
                type=letter.type,
                date=american_date(date),
                reply_by=american_date(reply_by),
                reply_within_days=letter.reply_within_days,
                records_limit_date=american_date(date + dt.timedelta(days=RECORDS_LIMIT_DAYS)),
                topics=list(letter.topics),
                about=letter.about or Placeholder("the action the school proposed or refused"),
                claims=_claims(letter, values),
                notes=Markup(contain(letter.notes.strip())) if letter.notes else None,
            )
            values["letter"] = words
            front, body = _template(f"{letter.type}.md.j2")
            subject = render(front["subject"], values).strip()
            enclosures = [render(item, values).strip() for item in front.get("enclosures", [])]
            full_name = vc.case.student.name
            if sender.is_advocate:
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
                            vc.placeholder("your mailing address", "people"),
                            sender.email,
                            sender.phone,
                        ]
                    ),
                    "recipient_block": _block(
                        [
                            recipient.name,
                            recipient.title,
                            student.school,
                            student.district,
                            *recipient.address,
                        ]
                    ),
                    "signature_block": _block([sender.name, role]),
                    "closing": CLOSING,
                    "cc": _cc(vc, sender),
                    "enclosures": [Markup(e) for e in enclosures],
                    "frame": frame_front,
                },
            )
            from toolkit.plaintext import render_plain

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
                    blanks=blanks_in(
                        markdown, printed, skeleton_path(f"letters/{letter.type}.md.j2")
                    ),
                )
            )
    return letters


def _shown(value: Any) -> str:
    """Return a name as a reader sees it: a blank as ``[label]``."""
    return f"[{value}]" if isinstance(value, Placeholder) else str(value)


def letter_documents(vc: ValidatedCase, today: dt.date, slug: str) -> list[Document]:
    """Return every letter of the case as a document, in the order the case lists them; the
    last carries the correspondence log (``{slug}-correspondence.csv``)."""
    texts = letters_markdown(vc, today)
    documents = [
        Document(
            kind="letter",
            stem=letter.stem,
            title=letter.subject,
            subject=letter.subject,
            text=letter.markdown,
            source=skeleton_path(f"letters/{letter.type}.md.j2"),
            blanks=letter.blanks,
            letter=LetterParts(
                date=letter.date,
                subject=letter.subject,
                sender_name=letter.sender_name,
                recipient_name=letter.recipient_name,
                closing=CLOSING,
            ),
        )
        for letter in texts
    ]
    if documents:
        csv = Attachment(f"{slug}-correspondence.csv", correspondence_csv(texts))
        documents[-1] = replace(documents[-1], attachments=(csv,))
    return documents


def correspondence_csv(letters: list[LetterText]) -> bytes:
    """Return the family's correspondence log: one row per letter (never sent to the school)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["date", "type", "recipient", "subject", "reply_requested_by"])
    for letter in letters:
        row = [
            letter.date.isoformat(),
            letter.type,
            letter.recipient,
            letter.subject,
            letter.reply_by.isoformat(),
        ]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _cell(value: str) -> str:
    """Return ``value`` safe to open in a spreadsheet (no formula from a leading = + - @)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
