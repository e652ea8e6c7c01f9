"""``srkit compare``: check a school's draft IEP or 504 plan against what the family asked for.

A pipeline a reader can follow, one stage per module:

    read the draft (read.py) → list the requested items (requested.py)
    → find and judge each item (match.py) → the report and the letter's notes (report.py)

Only the first stage touches the disk; the command line writes the files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from toolkit.case.validate import ValidatedCase
from toolkit.compare.report import Comparison, vague_places
from toolkit.packet import Options, Packet


def student_names(vc: ValidatedCase) -> frozenset[str]:
    """Return the student's names, lower case, as single words ("jordan", "rivera", "núñez")."""
    student = vc.case.student
    text = f"{student.name} {student.preferred_name or ''}".replace("-", " ")
    return frozenset(word.lower() for word in text.split() if len(word) > 1)


def compare_draft(draft_path: Path, vc: ValidatedCase, today: dt.date) -> Comparison:
    """Return the comparison of the school's draft at ``draft_path`` with the plan ``vc`` asks
    for. Raises ``ToolkitError`` when the draft cannot be read."""
    from toolkit.compare.match import match_items
    from toolkit.compare.read import read_draft
    from toolkit.compare.requested import requested_items

    draft = read_draft(draft_path)
    items = requested_items(vc, today)
    findings = match_items(items, draft, student_names(vc))
    student = vc.case.student
    return Comparison(
        student=student.name,
        name=student.preferred_name or student.name.split()[0],
        draft=draft,
        findings=tuple(findings),
        vague=tuple(vague_places(draft)),
        today=today,
    )


def follow_up_letter(vc: ValidatedCase, comparison: Comparison, today: dt.date):
    """Return the meeting follow-up letter (a ``Document``) listing the missing and weaker
    items, written by the letter machinery like any letter of the case, or ``None`` when every
    item was found as asked. It goes to the case's first school contact, from the first parent
    (blanks when the case names none); it adds no row to the correspondence log."""
    from dataclasses import replace

    from toolkit.case.types import Letter
    from toolkit.compare.report import letter_notes
    from toolkit.documents.letters import letter_documents
    from toolkit.slug import slugify

    notes = letter_notes(comparison)
    if notes is None:
        return None
    contacts = vc.case.people.school_contacts
    letter = Letter(
        type="meeting-follow-up",
        date=today,
        to=contacts[0].name if contacts else None,
        notes=notes,
    )
    case = replace(vc.case, letters=[letter])
    only_letter = ValidatedCase(vc.path, case, vc.doc, vc.library)
    document = letter_documents(only_letter, today, slugify(case.student.name))[0]
    return replace(document, attachments=())


def compare_packet(
    draft_path: Path, vc: ValidatedCase, options: Options, *, letter: bool = False
) -> tuple[Packet, Comparison]:
    """Return the comparison of the school's draft at ``draft_path`` with the plan ``vc`` asks
    for, and a packet holding its report (and, with ``letter``, the meeting follow-up letter)
    laid out in ``options.formats``, ready for :func:`toolkit.write.write_packet`."""
    from toolkit.compare.report import report_document
    from toolkit.documents.context import today_date
    from toolkit.pipeline import check_templates, lay_out_packet
    from toolkit.slug import slugify

    options, warnings = check_templates(options)
    today = options.today or today_date()
    comparison = compare_draft(draft_path, vc, today)
    documents = [report_document(comparison, slugify(vc.case.student.name))]
    if letter:
        follow_up = follow_up_letter(vc, comparison, today)
        if follow_up is not None:
            documents.append(follow_up)
    warnings = [*vc.warnings, *warnings]
    return lay_out_packet(vc, documents, options, today=today, warnings=warnings), comparison
