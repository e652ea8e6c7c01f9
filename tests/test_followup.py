"""Follow-through: the correspondence record with its status, the calendar reminders, the
routes open to a family, and the follow-up letter."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from toolkit.followup import (
    ANSWERED,
    OVERDUE,
    WAITING,
    calendar,
    correspondence_csv,
    entry,
    letter_reminders,
    ordered,
    review_dates,
    routes,
    spreadsheet_safe,
)
from toolkit.library.citations import cites_in, registry

D = dt.date


def letter(**given):
    keys = ("sent_by", "received_on", "answered_on", "answer")
    return SimpleNamespace(**{k: given.get(k) for k in keys})


LETTER_DATE = D(2026, 11, 30)
TODAY = D(2026, 12, 20)


def make(type_="meeting-request", date=LETTER_DATE, today=TODAY, **given):
    return entry(
        file=f"maya-{date.isoformat()}-{type_}.docx",
        date=date,
        type=type_,
        recipient="Dana Lee, Principal",
        subject=f"About {type_}",
        reply_by=date + dt.timedelta(days=10),
        letter=letter(**given),
        today=today,
    )


def test_status_follows_the_dates_the_family_enters():
    assert make(today=D(2026, 12, 10)).status == WAITING  # the reply-by day itself
    late = make(today=D(2026, 12, 11))
    assert late.status == OVERDUE
    assert late.next_step.startswith("No answer by 2026-12-10. Send a follow-up letter")
    assert "follows: {type: meeting-request, date: 2026-11-30}" in late.next_step
    answered = make(answered_on=D(2026, 12, 12), answer="Meeting set for Jan 5")
    assert answered.status == ANSWERED and answered.next_step == ""


def test_records_limit_counts_from_receipt_or_else_the_letter_date():
    plain = make("records-request")
    assert plain.limit == D(2027, 1, 14) and plain.limit_from == "the date of the letter"
    received = make("records-request", received_on=D(2026, 12, 3))
    assert received.limit == D(2027, 1, 17)
    assert received.limit_from == "the date the school received it"
    past = make("records-request", today=D(2027, 1, 20), received_on=D(2026, 12, 3))
    assert past.status == OVERDUE
    assert past.next_step.startswith("The 45-day limit for the records passed on 2027-01-17")


def test_overdue_letters_come_first():
    rows = ordered(
        [
            make("meeting-request", answered_on=D(2026, 12, 1)),
            make("pwn-request", today=D(2026, 12, 1)),
            make("records-request", date=D(2026, 10, 1)),
        ]
    )
    assert [r.status for r in rows] == [OVERDUE, WAITING, ANSWERED]


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\t=1"])
def test_formula_looking_cells_are_made_safe(value):
    assert spreadsheet_safe(value) == "'" + value
    data = correspondence_csv([make(answer=value, answered_on=D(2026, 12, 2))]).decode()
    assert f",'{value}," in data


def test_the_log_has_file_status_and_next_step_columns():
    header, row = correspondence_csv([make(today=D(2026, 12, 11))]).decode().splitlines()
    assert header == (
        "date,type,file,recipient,subject,sent_by,received_on,reply_requested_by,"
        "legal_limit,answered_on,answer,status,next_step"
    )
    assert row.startswith(
        "2026-11-30,meeting-request,maya-2026-11-30-meeting-request.docx,"
        '"Dana Lee, Principal",About meeting-request,,,2026-12-10,,,,overdue,'
    )


def test_reminder_text_with_commas_breaks_accents_and_long_lines_reads_back_exactly():
    """The calendar is written by srkit itself: every text comes back unchanged through a
    real iCalendar reader, and no physical line is over 75 octets or splits a character."""
    from icalendar import Calendar

    from toolkit.followup import Reminder

    summary = "Revisión de datos: Mateo Vargas Ruiz, 7.º grado; escuela Lincoln \\ sala 12"
    description = (
        "Línea uno; con coma, punto y coma y barra \\ al final\n"
        + "ñandú árbol — “comillas” 漢字 " * 6
        + "\r\nfin"
    )
    reminder = Reminder(
        key="review/1", date=D(2027, 1, 14), summary=summary, description=description
    )
    stamp = dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)
    ics = calendar([reminder], slug="mateo", stamp=stamp)
    for line in ics.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character cut in two by a fold
        assert not line.endswith(b"\\") or line.endswith(b"\\\\"), line
    # RFC 5545 TEXT: comma, semicolon and backslash escaped (readers differ on bare ones)
    unfolded = ics.replace(b"\r\n ", b"").decode("utf-8")
    assert (
        "SUMMARY:Revisión de datos: Mateo Vargas Ruiz\\, 7.º grado\\; escuela Lincoln \\\\ sala"
        in unfolded
    )
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["summary"]) == summary
    assert str(event["description"]) == description.replace("\r\n", "\n")
    assert event.decoded("dtstart") == D(2027, 1, 14)
    assert event.decoded("dtstamp") == stamp
    assert ics.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and ics.endswith(
        b"END:VCALENDAR\r\n"
    )


def test_reminders_parse_back_with_stable_uids_and_all_day_dates():
    from icalendar import Calendar

    entries = [make("records-request"), make("meeting-request")]
    stamp = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    first = calendar(letter_reminders(entries, student="Maya"), slug="maya", stamp=stamp)
    again = calendar(letter_reminders(entries, student="Maya"), slug="maya", stamp=stamp)
    assert first == again
    events = Calendar.from_ical(first).walk("VEVENT")
    by_summary = {str(e["summary"]): e for e in events}
    limit = by_summary["45-day records limit: Maya"]
    assert limit.decoded("dtstart") == D(2027, 1, 14)
    assert limit.decoded("dtend") == D(2027, 1, 15)
    assert "counted here from the date of the letter" in str(limit["description"])
    reply = by_summary["Reply due: About meeting-request"]
    assert reply.decoded("dtstart") == D(2026, 12, 10)
    assert "send a follow-up letter" in str(reply["description"])
    assert len({str(e["uid"]) for e in events}) == len(events) == 3
    # another student's calendar never shares an event
    other = Calendar.from_ical(
        calendar(letter_reminders(entries, student="Maya"), slug="theo", stamp=stamp)
    )
    assert not {str(e["uid"]) for e in other.walk("VEVENT")} & {str(e["uid"]) for e in events}


def test_review_dates_count_school_days_monday_to_friday():
    # Monday 2027-01-04, every 5 school days: Fridays
    assert review_dates(D(2027, 1, 4), 5, D(2027, 1, 31)) == [
        (1, D(2027, 1, 8)),
        (2, D(2027, 1, 15)),
        (3, D(2027, 1, 22)),
        (4, D(2027, 1, 29)),
    ]


@pytest.mark.parametrize(
    ("plan", "ids"),
    [
        ("iep", ["meeting", "state-complaint", "mediation", "due-process"]),
        ("504", ["meeting", "ocr-complaint", "section-504-hearing"]),
        ("none", ["meeting", "state-complaint", "mediation", "due-process"]),
    ],
)
def test_routes_follow_the_plan_type_and_cite_only_the_registry(plan, ids):
    found = routes(plan, "IEP team")
    assert [r.id for r in found] == ids
    for route in found:
        assert set(route.cites) <= set(registry())
    assert "{team}" not in found[0].text and "IEP team" in found[0].text


def test_new_citations_record_their_official_text():
    for cite in ("34 CFR 300.323(c)(2)", "34 CFR 300.153", "34 CFR 300.507(a)", "34 CFR 104.61"):
        entry_ = registry()[cite]
        assert entry_.text and entry_.source, cite


# --- the whole command line, on the bundled follow-through example ----------------------------


@pytest.fixture(scope="module")
def noah(tmp_path_factory):
    """Build the follow-through example (docx, txt) once; return the output folder."""
    from conftest import FOLLOW_THROUGH, clean_env, run_cli

    out = tmp_path_factory.mktemp("noah")
    env = clean_env(tmp_path_factory.mktemp("home"))
    code, _, stderr = run_cli("build", FOLLOW_THROUGH, "-o", out, "--format", "docx,txt", env=env)
    assert code == 0, stderr
    return out


def test_a_log_with_support_columns_still_gives_the_plan_its_starting_point(noah):
    """The plan's "Where Noah is starting" reads the same log as the report, support columns
    included: a log that records supports is no reason to leave the baseline blank."""
    text = (noah / "noah-bennett-plan.txt").read_text(encoding="utf-8")
    start = text.split("Where Noah is starting")[1].split("Annual attendance goal")[0]
    assert (
        "In the first 5 logged school days of this plan (October 19, 2026 to October 23, 2026), "
        "Noah entered the building on 5 of 5 school days, spent a mean of 60 minutes a day"
    ) in start
    assert "[period the baseline covers]" not in start


def test_missed_supports_make_the_report_say_the_plan_was_not_carried_out(noah):
    text = (noah / "noah-bennett-progress.txt").read_text(encoding="utf-8")
    first_page = text.split("Summary by phase")[0]
    assert "The plan was not carried out: Trusted adult at arrival was not in place on " in text
    assert "November 4, 5, 6, 9 and 10, 2026" in first_page
    assert "step back" not in first_page.lower() and "stepping back" not in first_page.lower()


def test_the_implementation_concern_letter_lists_the_dates_from_the_log(noah):
    text = (noah / "noah-bennett-2026-11-23-implementation-concern.txt").read_text("utf-8")
    assert (
        "Trusted adult at arrival: not in place on November 4, 5, 6, 9 and 10, 2026 "
        "(5 of 17 recorded days)."
    ) in text
    assert "Safe space and break pass: not in place on November 2, 3, 5 and 10, 2026" in text
    assert "Counseling: not in place on November 3, 5 and 9, 2026 (3 of 7 recorded days)." in text
    assert "make-up services for the sessions of counseling that Noah missed" in text
    assert "(34 CFR 300.323(c)(2))" in text and "Prior Written Notice" in text
    for cite in cites_in(text):
        assert cite in registry()


def test_the_follow_up_letter_names_the_first_letter_and_the_45_days(noah):
    text = (noah / "noah-bennett-2026-11-24-follow-up.txt").read_text("utf-8")
    assert "I am writing to follow up on my letter of October 5, 2026" in text
    assert "sent by certified mail; the school received it on October 7, 2026" in text
    assert (
        "Counted from the date the school received it, the 45 days ended on November 21, 2026"
        in (text)
    )
    assert "Enclosure: Copy of my letter of October 5, 2026" in text


def test_the_calendar_has_the_right_dates_and_keeps_its_uids(noah, tmp_path):
    from conftest import FOLLOW_THROUGH, run_cli
    from icalendar import Calendar

    first = (noah / "noah-bennett-reminders.ics").read_bytes()
    events = Calendar.from_ical(first).walk("VEVENT")
    limit = [e for e in events if str(e["summary"]).startswith("45-day records limit")]
    assert [e.decoded("dtstart") for e in limit] == [D(2026, 11, 21)]  # 45 days after receipt
    assert "counted here from the date the school received it" in str(limit[0]["description"])
    reply = {str(e["summary"]): e.decoded("dtstart") for e in events}
    assert reply[
        "Reply due: Supports in the IEP not in place as written: Noah Bennett, "
        "Lakeview Middle School"
    ] == D(2026, 12, 3)
    reviews = [e.decoded("dtstart") for e in events if str(e["summary"]).startswith("Data review")]
    assert reviews and all(d >= D(2026, 11, 28) and d.weekday() < 5 for d in reviews)
    # a rebuild (another folder, same case and date) keeps every event's identifier
    code, _, stderr = run_cli("build", FOLLOW_THROUGH, "-o", tmp_path, "--only", "letters")
    assert code == 0, stderr
    again = Calendar.from_ical((tmp_path / "noah-bennett-reminders.ics").read_bytes())
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in events}


def test_status_shows_an_overdue_letter_first_with_its_next_step(tmp_path):
    from conftest import FOLLOW_THROUGH, run_cli

    code, stdout, stderr = run_cli("status", FOLLOW_THROUGH, env={"COLUMNS": "200"})
    assert code == 0, stderr
    rows = [line for line in stdout.splitlines() if line.startswith("│ ") and "│ 20" in line]
    assert rows[0].split("│")[1].strip() == "overdue"
    assert "records-request" in rows[0]
    assert "The 45-day limit for the records passed on 2026-11-21; followed up on 2026-11-24" in (
        " ".join(stdout.split())
    )
    assert "If a follow-up also goes unanswered, the routes open to the family:" in stdout
    assert "File a state complaint." in stdout and "(34 CFR 300.153; 34 CFR 300.151(b))" in stdout


def test_status_prints_case_text_as_typed_never_as_markup(tmp_path):
    from conftest import run_cli, write_case

    case = write_case(
        tmp_path,
        """
        srkit: 1
        student: { name: Lena Ortiz, plan: "504" }
        people:
          parents: [{ name: Rosa Ortiz }]
          school_contacts: [{ name: "[bold]Dana[/bold] Lee" }]
        letters:
          - type: meeting-request
            date: 2026-11-02
            to: "[bold]Dana[/bold] Lee"
            answered_on: 2026-11-05
            answer: "=[red]Meeting on Dec 3[/red]"
        """,
    )
    code, stdout, stderr = run_cli("status", case, env={"COLUMNS": "200"})
    assert code == 0, stderr
    assert "[bold]Dana[/bold] Lee" in stdout
    assert "answered 2026-11-05: =[red]Meeting on Dec 3[/red]" in stdout


def test_pdf_is_tagged_and_beside_the_word_file(tmp_path):
    import shutil

    from conftest import NO_PLAN, require_tools, run_cli

    require_tools("soffice", what="--format pdf converts with LibreOffice")
    code, _, stderr = run_cli(
        "build", NO_PLAN, "-o", tmp_path, "--only", "plan", "--format", "docx,pdf"
    )
    assert code == 0, stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "jordan-rivera-nunez-plan.docx",
        "jordan-rivera-nunez-plan.pdf",
    ]
    pdf = (tmp_path / "jordan-rivera-nunez-plan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf  # a tagged PDF
    if shutil.which("pdffonts"):
        import subprocess

        fonts = subprocess.run(
            ["pdffonts", str(tmp_path / "jordan-rivera-nunez-plan.pdf")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded


def test_pdf_without_libreoffice_is_a_clean_error_before_anything_is_written(tmp_path):
    from conftest import NO_PLAN, no_traceback, run_cli

    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "build", NO_PLAN, "-o", out, "--format", "docx,pdf", env={"PATH": str(tmp_path / "none")}
    )
    assert code == 1
    no_traceback(stderr)
    assert stderr.startswith(
        "--format: error: pdf needs LibreOffice, and its soffice program was not found\n"
        "  hint: install LibreOffice (Debian/Ubuntu: apt install libreoffice-writer-nogui;"
    )
    assert stdout == "" and not out.exists()
