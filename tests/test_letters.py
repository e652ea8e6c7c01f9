"""Letters: every type for every plan type, the facts they must state, the paper trail."""

from __future__ import annotations

import csv
import io
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IEP, SECTION_504
from docx import Document

from toolkit.case.model import CLAIM_TOPICS, LETTER_TYPES
from toolkit.cli.app import cli
from toolkit.library.citations import cites_in, registry
from toolkit.word.dump import dump_docx


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def text_of(path: Path) -> str:
    document = Document(path)
    return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture(scope="module")
def iep_letters(tmp_path_factory):
    out = tmp_path_factory.mktemp("iep")
    result = run("build", IEP, "--only", "letters", "-o", out, "--format", "docx,txt")
    assert result.exit_code == 0, result.stderr
    return out, result


def test_iep_letters_are_named_by_date_and_type(iep_letters):
    out, result = iep_letters
    assert result.stdout.splitlines() == [
        str(out / f"elias-okafor-2027-01-04-{kind}.{fmt}")
        for kind in ("meeting-request", "records-request", "policy-inquiry")
        for fmt in ("docx", "txt")
    ] + [str(out / "elias-okafor-correspondence.csv"), str(out / "elias-okafor-reminders.ics")]


def test_every_letter_has_the_shared_shape(iep_letters):
    out, _ = iep_letters
    letters = sorted(out.glob("*.docx"))
    assert len(letters) == 3
    for path in letters:
        text = text_of(path)
        lines = text.splitlines()
        assert lines[0] == "January 4, 2027"
        assert "Grace Okafor\n2210 Aspen Ridge Drive\nWestbrook, CO 80020" in text
        assert "Dr. Alan Whitaker\nDirector of Student Services\nWestbrook High School" in text
        assert re.search(
            r"^Re: .*Elias Okafor \(born June 21, 2010\), Westbrook High School$", text, re.M
        )
        assert "Dear Dr. Whitaker," in text  # the honorific the name starts with
        assert "Sincerely," in text and "Grace Okafor\nMother of Elias Okafor" in text
        assert "cc: Rosa Delgado, Parent Support Network" in text  # the advocate
        assert "by January 14, 2027" in text  # reply within 10 days, asked for
        assert "{{" not in text and "{%" not in text
        for cite in cites_in(text):
            assert cite in registry()
        props = Document(path).core_properties
        assert props.language == "en-US" and props.title.startswith("Request")


def test_records_request_states_the_45_day_limit_and_its_date(iep_letters):
    out, _ = iep_letters
    text = text_of(out / "elias-okafor-2027-01-04-records-request.docx")
    # counted from the school's receipt, never from the letter's date; inspection first
    assert "no later than 45 days after it receives the request (34 CFR 99.10)" in text
    assert "without unnecessary delay and before any IEP meeting" in text
    assert "(34 CFR 300.613)" in text
    assert "February 18, 2027" not in text and "Counted from the date" not in text
    assert "If I cannot come in to inspect the records, I ask for copies instead" in text
    assert "the record of the people and agencies who have obtained access" in text
    assert "(34 CFR 300.614)" in text


def test_policy_inquiry_quotes_both_claims_exactly_and_addresses_each(iep_letters):
    out, _ = iep_letters
    path = out / "elias-okafor-2027-01-04-policy-inquiry.docx"
    dump = dump_docx(path)
    text = text_of(path)
    assert (
        "[Quote] Eli can only come back if he attends full days. We don't do partial schedules."
    ) in dump
    assert (
        "[Quote] He needs to be here every day for a month before we can talk about supports."
    ) in dump
    assert "**Statement 1.** On December 14, 2026, Megan Ross told me:" in dump
    assert "**Statement 2.** On December 14, 2026, Megan Ross told me:" in dump
    assert (
        text.count("Please identify the school policy, state regulation or federal provision") == 2
    )
    assert "No federal rule forbids a shortened school day." in text  # full-day-required facts
    assert "(34 CFR 300.324(a)(2)(i))" in text  # attendance-before-supports facts
    assert "Prior Written Notice" in text


def test_correspondence_log_is_for_the_family(iep_letters):
    out, _ = iep_letters
    rows = list(
        csv.DictReader(
            io.StringIO((out / "elias-okafor-correspondence.csv").read_text(encoding="utf-8"))
        )
    )
    assert [r["type"] for r in rows] == ["meeting-request", "records-request", "policy-inquiry"]
    assert rows[0] == {
        "date": "2027-01-04",
        "type": "meeting-request",
        "file": "elias-okafor-2027-01-04-meeting-request.docx",
        "recipient": "Dr. Alan Whitaker, Director of Student Services",
        "subject": "Request for an IEP meeting: Elias Okafor (born June 21, 2010), "
        "Westbrook High School",
        "sent_by": "",
        "received_on": "",
        "reply_requested_by": "2027-01-14",
        "legal_limit": "",
        "answered_on": "",
        "answer": "",
        "status": "waiting",  # built on 2026-11-28, before the letters' date
        "next_step": "",
    }
    assert rows[1]["legal_limit"] == (
        "2027-02-18: 45 days after the date of the letter (34 CFR 99.10)"
    )
    for path in out.glob("*.docx"):
        assert "correspondence" not in text_of(path).lower()


def test_plain_text_letters_paste_into_an_email(iep_letters):
    out, _ = iep_letters
    text = (out / "elias-okafor-2027-01-04-meeting-request.txt").read_text(encoding="utf-8")
    assert text.startswith("January 4, 2027\n\nGrace Okafor\n2210 Aspen Ridge Drive\n")
    assert "**" not in text and "\\" not in text
    assert "1. A phased re-integration plan" in text
    assert "[days and times you are available]" in text


def test_504_letters_speak_of_section_504_not_ieps(tmp_path):
    result = run("build", SECTION_504, "--only", "letters", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    letters = sorted(tmp_path.glob("*.docx"))
    assert [p.name for p in letters] == [
        "amira-haddad-2027-01-25-plan-in-writing.docx",
        "amira-haddad-2027-01-25-pwn-request.docx",
    ]
    for path in letters:
        text = text_of(path)
        assert "Section 504" in text
        assert "IEP" not in text and "Individualized Education Program" not in text
        cites = cites_in(text)
        assert cites and all(c.startswith("34 CFR 104.") for c in cites), cites
        assert "my daughter, Amira Haddad" in text
    pwn = text_of(tmp_path / "amira-haddad-2027-01-25-pwn-request.docx")
    assert (
        "the school's decision on January 20, 2027 not to let Amira arrive after 8:45 a.m. "
        "during her return"
    ) in pwn


CASE_ALL_LETTERS = """\
srkit: 1
student:
  name: Ana Ruiz
  pronouns: they/them
  grade: 9
  plan: {plan}
  days_missed: 15
people:
  parents: [{{ name: Rosa Ruiz, relationship: mother }}]
  advocate: {{ name: Lee Park, organization: Parent Center }}
  school_contacts: [{{ name: Jo Bell, honorific: Ms., title: Principal }}]
barriers: [anxiety, academic-gap]
accommodations: [shortened-day]
interventions: [counseling]
reintegration: {{ start_date: 2027-02-01, phases: standard }}
credit_recovery:
  courses: [{{ name: Algebra 1, status: behind }}]
  options: [essential-work-only]
letters:
{letters}
"""


@pytest.mark.parametrize("plan", ["iep", '"504"', "none"])
def test_every_letter_type_renders_for_every_plan_type(tmp_path, plan):
    items = []
    for kind in LETTER_TYPES:
        item = f"  - type: {kind}\n    date: 2027-01-15\n    to: Jo Bell\n"
        if kind == "policy-inquiry":
            item += (
                "    claims:\n"
                + "".join(
                    f'      - {{ quote: "Claim {t}", said_by: Jo Bell, '
                    f"said_on: 2027-01-10, topic: {t} }}\n"
                    for t in CLAIM_TOPICS
                )
                + '      - { quote: "No topic here" }\n'
            )
        if kind == "pwn-request":
            item += "    about: the refusal to shorten the day\n"
        if kind == "follow-up":
            item += "    follows: { type: records-request }\n"
        if kind == "meeting-request":
            item += (
                "    topics: [reintegration-plan, credit-recovery, accommodations, evaluation]\n"
            )
        items.append(item)
    case = tmp_path / "case.yaml"
    case.write_text(CASE_ALL_LETTERS.format(plan=plan, letters="".join(items)), encoding="utf-8")
    result = run("build", case, "--only", "letters", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    built = sorted((tmp_path / "out").glob("*.docx"))
    assert len(built) == len(LETTER_TYPES)
    for path in built:
        text = text_of(path)
        assert "Dear Ms. Bell," in text and "{{" not in text
        assert "cc: Lee Park, Parent Center" in text
        for cite in cites_in(text):
            assert cite in registry(), f"{path.name}: {cite}"
        if plan == '"504"':
            assert "IEP" not in text, path.name
        if plan == "none":
            assert "IEP" not in text.replace("Individualized Education Program (IEP)", ""), (
                path.name
            )
    inquiry = text_of(next(p for p in built if "policy-inquiry" in p.name))
    for n in range(1, 10):
        assert f"Statement {n}." in inquiry
    assert "No topic here" in inquiry


def test_same_type_and_date_get_numbered_and_a_letter_without_to_gets_a_blank(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        textwrap.dedent("""\
        srkit: 1
        student: { name: Ana Ruiz, plan: iep }
        people: { parents: [{ name: Rosa Ruiz }] }
        letters:
          - { type: records-request, date: 2027-01-15 }
          - { type: records-request, date: 2027-01-15 }
        """),
        encoding="utf-8",
    )
    result = run("build", case, "--only", "letters", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert names == [
        "ana-ruiz-2027-01-15-records-request-2.docx",
        "ana-ruiz-2027-01-15-records-request.docx",
        "ana-ruiz-correspondence.csv",
        "ana-ruiz-reminders.ics",
    ]
    dump = dump_docx(tmp_path / "out" / "ana-ruiz-2027-01-15-records-request.docx")
    assert "[name of the school contact]{hl}" in dump
    assert "[your mailing address]{hl}" in dump
    assert "  - [name of the school contact]" in result.stderr


def test_advocate_letter_signs_with_the_organization_and_copies_the_family(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        textwrap.dedent("""\
        srkit: 1
        student: { name: Ana Ruiz, plan: "504" }
        people:
          parents: [{ name: Rosa Ruiz }]
          advocate: { name: Lee Park, organization: Parent Center, address: "1 Main St" }
          school_contacts: [{ name: Jo Bell, title: Principal }]
        letters:
          - { type: meeting-request, date: 2027-01-15, to: jo bell, from: lee park }
        """),
        encoding="utf-8",
    )
    result = run("build", case, "--only", "letters", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    text = text_of(tmp_path / "ana-ruiz-2027-01-15-meeting-request.docx")
    assert "Lee Park\nParent Center\n1 Main St" in text
    assert "Lee Park\nAdvocate, Parent Center" in text
    assert "cc: Rosa Ruiz" in text
    assert "on behalf of" in text


def _letterhead(path: Path, header: str, body: str = "") -> None:
    document = Document()
    document.sections[0].header.paragraphs[0].text = header
    if body:
        document.add_paragraph(body)
    document.save(path)


def test_a_plain_letterhead_goes_on_every_letter(tmp_path):
    template = tmp_path / "letterhead.docx"
    _letterhead(template, "Family Advocacy Partners · 12 Oak St")
    result = run("build", IEP, "--only", "letters", "--template", template, "-o", tmp_path / "o")
    assert result.exit_code == 0, result.stderr
    letters = sorted((tmp_path / "o").glob("*.docx"))
    assert len(letters) == 3
    for path in letters:
        document = Document(path)
        assert (
            document.sections[0].header.paragraphs[0].text == "Family Advocacy Partners · 12 Oak St"
        )
        assert "Dear Dr. Whitaker," in text_of(path)


def test_a_user_letter_template_with_tags_is_rendered(tmp_path):
    template = tmp_path / "mine.docx"
    _letterhead(template, "{{ subject }}", "{{p letter }}")
    result = run("build", IEP, "--only", "letters", "--template", template, "-o", tmp_path / "o")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "o" / "elias-okafor-2027-01-04-records-request.docx"
    assert (
        Document(path).sections[0].header.paragraphs[0].text
        == "Request to inspect education records: Elias Okafor (born June 21, 2010), "
        "Westbrook High School"
    )


def test_a_template_with_broken_jinja_is_an_error(tmp_path):
    template = tmp_path / "broken.docx"
    _letterhead(template, "Letterhead", "{{p letter }")
    result = run("build", IEP, "--only", "letters", "--template", template, "-o", tmp_path / "o")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{template}: error: the template's Jinja is broken:")
    assert lines[1].startswith("  hint: fix the {{ }} / {% %} tags in Word")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_the_closing_stays_with_the_last_paragraph_and_the_signature(iep_letters):
    out, _ = iep_letters
    document = Document(out / "elias-okafor-2027-01-04-meeting-request.docx")
    paragraphs = document.paragraphs
    closing = next(i for i, p in enumerate(paragraphs) if p.text == "Sincerely,")
    assert paragraphs[closing].paragraph_format.keep_with_next
    assert paragraphs[closing - 1].paragraph_format.keep_with_next
    assert paragraphs[closing + 1].text.startswith("Grace Okafor")
