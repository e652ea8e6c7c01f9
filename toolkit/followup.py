"""Follow-through: the family's record of every letter (status computed against today, the next
step when an answer is overdue, the routes open to the family) and the calendar reminders.

A letter is **answered** once the case gives `answered_on`; otherwise it is **overdue** the day
after its reply-by date (or, for a records request, after the federal 45-day limit, whichever
comes first) and **waiting** until then. Nothing here is sent anywhere: the log and the
calendar file are for the family.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from toolkit.frozen import Frozen
from toolkit.resources import data_file

if TYPE_CHECKING:
    from toolkit.case.validate import ValidatedCase

RECORDS_LIMIT_DAYS = 45
#: The federal outer limit an answer to a letter type is bound by, in words, where the record
#: cannot compute it as a date (an evaluation's 60 days count from a consent it cannot know).
LIMIT_RULES = {
    "evaluation-request": "60 days from consent, or the state's timeframe (34 CFR 300.301)",
}
REVIEW_HORIZON_DAYS = 90  # scheduled data reviews are put in the calendar this far ahead
WAITING, ANSWERED, OVERDUE = "waiting", "answered", "overdue"
UID_DOMAIN = "srkit.invalid"  # a domain that can never be anybody's: UIDs stay local


class Entry(Frozen):
    """One letter in the family's record, as the correspondence log and `srkit status` show it."""

    file: str
    date: dt.date
    type: str
    recipient: str
    subject: str
    reply_by: dt.date
    sent_by: str | None = None
    received_on: dt.date | None = None
    answered_on: dt.date | None = None
    answer: str | None = None
    limit: dt.date | None = None  # a federal outer limit (records: 45 days)
    limit_from: str | None = None  # what the limit counts from, in words
    limit_rule: str = ""  # the federal outer limit in words, with its citation
    status: str = WAITING
    next_step: str = ""


def records_limit(letter_date: dt.date, received_on: dt.date | None) -> tuple[dt.date, str]:
    """Return the 45-day records limit and what it counts from: the school's receipt when the
    case gives it, otherwise the letter's own date (the earliest the school can have it)."""
    if received_on:
        return received_on + dt.timedelta(
            days=RECORDS_LIMIT_DAYS
        ), "the date the school received it"
    return letter_date + dt.timedelta(days=RECORDS_LIMIT_DAYS), "the date of the letter"


def entry(
    *,
    file: str,
    date: dt.date,
    type: str,
    recipient: str,
    subject: str,
    reply_by: dt.date,
    letter: Any,
    today: dt.date,
    followed_up_on: dt.date | None = None,
) -> Entry:
    """Return the record of one letter: ``letter`` is the case's letter item (for the dates the
    family enters as answers come in); the status is computed against ``today``;
    ``followed_up_on`` is the date of a follow-up letter the case already has for it."""
    limit = limit_from = None
    if type == "records-request":
        limit, limit_from = records_limit(date, letter.received_on)
    due = min(reply_by, limit) if limit else reply_by
    if letter.answered_on:
        status, step = ANSWERED, ""
    elif today > due:
        status, step = OVERDUE, _next_step(type, date, reply_by, limit, today, followed_up_on)
    else:
        status, step = WAITING, ""
    return Entry(
        file=file,
        date=date,
        type=type,
        recipient=recipient,
        subject=subject,
        reply_by=reply_by,
        sent_by=letter.sent_by,
        received_on=letter.received_on,
        answered_on=letter.answered_on,
        answer=letter.answer,
        limit=limit,
        limit_from=limit_from,
        limit_rule=f"45 days after {limit_from} (34 CFR 99.10)"
        if limit_from
        else LIMIT_RULES.get(type, ""),
        status=status,
        next_step=step,
    )


def _next_step(
    type: str,
    date: dt.date,
    reply_by: dt.date,
    limit: dt.date | None,
    today: dt.date,
    followed_up_on: dt.date | None,
) -> str:
    late = limit and today > limit
    what = (
        f"The 45-day limit for the records passed on {limit.isoformat()}"
        if late and limit
        else f"No answer by {reply_by.isoformat()}"
    )
    if followed_up_on:
        return (
            f"{what}; followed up on {followed_up_on.isoformat()}. If that goes unanswered "
            "too, ask for a meeting or take one of the routes `srkit status` lists."
        )
    return (
        f"{what}. Send a follow-up letter: add `- type: follow-up` with "
        f"`follows: {{type: {type}, date: {date.isoformat()}}}` to the case and build; or ask "
        "for a meeting."
    )


def ordered(entries: Sequence[Entry]) -> list[Entry]:
    """Return entries with overdue letters first, then waiting, then answered; by date within."""
    rank = {OVERDUE: 0, WAITING: 1, ANSWERED: 2}
    return sorted(entries, key=lambda e: (rank[e.status], e.reply_by, e.file))


CSV_COLUMNS = (
    "date",
    "type",
    "file",
    "recipient",
    "subject",
    "sent_by",
    "received_on",
    "reply_requested_by",
    "legal_limit",
    "answered_on",
    "answer",
    "status",
    "next_step",
)


def correspondence_csv(entries: Sequence[Entry]) -> bytes:
    """Return the family's correspondence log (one row per letter; never sent to the school)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        row = [
            e.date.isoformat(),
            e.type,
            e.file,
            e.recipient,
            e.subject,
            e.sent_by or "",
            e.received_on.isoformat() if e.received_on else "",
            e.reply_by.isoformat(),
            f"{e.limit.isoformat()}: {e.limit_rule}" if e.limit else e.limit_rule,
            e.answered_on.isoformat() if e.answered_on else "",
            e.answer or "",
            e.status,
            e.next_step,
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def spreadsheet_safe(value: str) -> str:
    """Return ``value`` safe to open in a spreadsheet: a cell starting with = + - @ (or a tab
    or carriage return before one) is never read as a formula."""
    return "'" + value if value.lstrip("\t\r")[:1] in ("=", "+", "-", "@") else value


class Route(Frozen):
    """A route open to the family, with its federal citations."""

    id: str
    title: str
    text: str
    cites: tuple[str, ...]


@cache
def _routes() -> list[dict[str, Any]]:
    from toolkit.resources import load_data

    return load_data(data_file("routes.yaml").read_text(encoding="utf-8"))["routes"]


def routes(plan: str, team: str) -> list[Route]:
    """Return the routes open to a family for this plan type (``iep``, ``504``, ``none``)."""
    return [
        Route(r["id"], r["title"], " ".join(r["text"].split()).format(team=team), tuple(r["cites"]))
        for r in _routes()
        if plan in r["plans"]
    ]


class Reminder(Frozen):
    """One all-day calendar event."""

    key: str  # stable within the case: the event's UID is made from it
    date: dt.date
    summary: str
    description: str


def letter_reminders(entries: Sequence[Entry], *, student: str) -> list[Reminder]:
    """Return the reply-by date of every letter and every federal outer limit, as reminders."""
    reminders = []
    for e in entries:
        stem = e.file.rsplit(".", 1)[0]
        what_then = (
            "If no answer has come, send a follow-up letter (srkit letter type follow-up) or ask "
            "for a meeting; `srkit status` shows the routes open to the family."
        )
        sent = f"Letter of {e.date.isoformat()} to {e.recipient}: {e.subject}."
        state = f" Answered on {e.answered_on.isoformat()}." if e.answered_on else ""
        reminders.append(
            Reminder(
                key=f"{stem}/reply-by",
                date=e.reply_by,
                summary=f"Reply due: {e.subject}",
                description=f"{sent} A written reply was asked for by this date.{state} "
                + ("" if e.answered_on else what_then),
            )
        )
        if e.limit:
            reminders.append(
                Reminder(
                    key=f"{stem}/records-limit",
                    date=e.limit,
                    summary=f"45-day records limit: {student}",
                    description=f"{sent} Federal rules give the school no more than 45 days to "
                    f"let the family inspect the records (34 CFR 99.10), counted here from "
                    f"{e.limit_from}.{state} " + ("" if e.answered_on else what_then),
                )
            )
    return reminders


def review_dates(start: dt.date, every: int, until: dt.date) -> list[tuple[int, dt.date]]:
    """Return the numbered review dates: every ``every`` school days from ``start``, counting
    Monday to Friday (the calendar knows no school holidays), up to ``until``."""
    dates = []
    day, count, number = start, 0, 0
    while day <= until:
        if day.weekday() < 5:
            count += 1
            if count % every == 0:
                number += 1
                dates.append((number, day))
        day += dt.timedelta(days=1)
    return dates


def review_reminders(
    start: dt.date, every: int, until: dt.date, *, student: str, team: str
) -> list[Reminder]:
    """Return a reminder for each scheduled review of the plan's data up to ``until``."""
    return [
        Reminder(
            key=f"review/{number}",
            date=date,
            summary=f"Data review: {student}'s return to school",
            description=f"Review {number}: the {team} looks at the daily data every {every} school "
            f"days from {start.isoformat()}. This date counts Monday to Friday; move it if the "
            "school was closed on any of those days.",
        )
        for number, date in review_dates(start, every, until)
    ]


def calendar(reminders: Sequence[Reminder], *, slug: str, stamp: dt.datetime) -> bytes:
    """Return an RFC 5545 calendar of all-day events. Each UID is derived from the case's slug
    and the reminder's key, so a rebuild updates the same events instead of adding copies.

    Written here rather than with a calendar library: the format of these few all-day events
    is small and fixed, and importing one cost a build about 140 ms (the tests read every
    calendar back with icalendar)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//srkit//follow-through reminders//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(f'srkit: {slug}')}",
    ]
    utc = stamp.astimezone(dt.UTC)
    for r in sorted(reminders, key=lambda r: (r.date, r.key)):
        digest = hashlib.sha256(f"{slug}/{r.key}".encode()).hexdigest()[:32]
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{_ics_text(r.summary)}",
            f"DTSTART;VALUE=DATE:{r.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{r.date + dt.timedelta(days=1):%Y%m%d}",
            f"DTSTAMP:{utc:%Y%m%dT%H%M%SZ}",
            f"UID:{digest}@{UID_DOMAIN}",
            f"DESCRIPTION:{_ics_text(r.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_ics_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _ics_text(text: str) -> str:
    """Return ``text`` as an RFC 5545 TEXT value (section 3.3.11): backslash, semicolon and
    comma escaped, every line break written ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _ics_fold(line: str, limit: int = 75) -> str:
    """Return ``line`` folded as RFC 5545 section 3.1 asks: no physical line longer than 75
    octets, never inside a UTF-8 character, and never between a backslash and the character it
    escapes (some calendar programs misread that)."""
    if line.isascii():
        return _fold_ascii(line, limit)
    parts: list[list[str]] = [[]]
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        current = parts[-1]
        if current and size + width >= limit:
            carried = [current.pop()] if len(current) > 1 and current[-1] == "\\" else []
            parts.append(carried)
            size = sum(len(c.encode("utf-8")) for c in carried)
        parts[-1].append(char)
        size += width
    return "\r\n ".join("".join(part) for part in parts)


def _fold_ascii(line: str, limit: int) -> str:
    """Return an ASCII ``line`` folded as :func:`_ics_fold` folds it (one octet a character:
    cut by slices, not character by character, for the long descriptions of every case)."""
    parts = []
    start = 0
    while len(line) - start >= limit:
        end = start + limit - 1
        if end - start > 1 and line[end - 1] == "\\":  # kept with the character it escapes
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts)


def reminders(vc: ValidatedCase, today: dt.date, slug: str, entries: Sequence[Entry]) -> bytes:
    """Return ``{slug}-reminders.ics``: every letter's reply-by date and federal limit, and
    the plan's scheduled data reviews from ``today`` on (where the plan has a start date)."""
    from toolkit.documents.context import base_context

    context = base_context(vc, today)
    found = letter_reminders(entries, student=context["name"])
    reint = vc.case.reintegration
    if reint and reint.start_date:
        horizon = today + dt.timedelta(days=REVIEW_HORIZON_DAYS)
        found += [
            r
            for r in review_reminders(
                reint.start_date,
                reint.review_every_days,
                horizon,
                student=context["name"],
                team=context["plan"].team,
            )
            if r.date >= today
        ]
    stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    return calendar(found, slug=slug, stamp=stamp)
