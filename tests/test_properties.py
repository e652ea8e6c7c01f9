"""Property-based tests: any valid case file builds, and every value in it comes out as typed.

Hypothesis writes random *valid* case files (YAML, every string double-quoted, dates as ISO
text) whose free-text fields hold arbitrary Unicode (astral plane, right-to-left text and
controls, combining marks), very long values, control characters including the ones XML cannot
hold, Jinja (``{{ }}``, ``{% %}``), XML and Markdown punctuation. For each one:

- the whole build (plan, every letter, the progress report; docx, md and txt) succeeds;
- every .docx opens with python-docx;
- every plain-text value appears in the text of each document that shows it (the .docx:
  paragraphs, table cells, headers and footers; and the .txt export), exactly as typed once the
  characters XML cannot hold are removed and runs of whitespace are read as one space (a value
  is one line of a sentence: ``toolkit.markdown.escape`` turns its newlines into spaces;
  address lines become lines of their own);
- every Markdown value (summary, credit notes, letter notes) appears as rendered text: in the
  .txt export as ``render_plain`` shows it alone, and in the .docx as the text of each of its
  blocks; ``{{ }}``/``{% %}`` in it are never evaluated.

And srkit's YAML 1.2 reader gives back exactly what PyYAML's emitter wrote, for the same text.

The generator keeps out only what srkit drops on purpose: its own private-use placeholder marks
(U+E000, U+E001), which a value can never turn into a placeholder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from conftest import BUILD_DATE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hostile import KINDS as HOSTILE_KINDS
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from toolkit.case.load import load_yaml
from toolkit.case.model import CLAIM_TOPICS, LETTER_TYPES
from toolkit.documents.letters import letter_stems
from toolkit.library.snippets import load_library
from toolkit.markdown import clean_text, contain, parse
from toolkit.packet import Options
from toolkit.pipeline import build_packet, validate_case
from toolkit.plaintext import render_plain

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # the same examples on every run and in CI
    database=None,
    # Shrinking these large cases takes minutes; a failure names each field and value that
    # went wrong, which is the reproduction. SRKIT_SHRINK=1 shrinks anyway.
    phases=list(Phase) if os.environ.get("SRKIT_SHRINK") else [Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # only the autouse env fixture; same every example
    ],
)

# --- text that is hard to carry through YAML, Jinja, Markdown and Word ------------------------

#: srkit's own placeholder marks (private use): removed from values on purpose, see
#: test_private_use_marks_in_a_value_are_not_placeholders.
MARKS = "\ue000\ue001"
#: The characters XML 1.0 cannot hold (no surrogates are generated: YAML cannot carry them).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

TOKENS = [
    # Jinja, and docxtpl's own escapes of it
    "{_{", "}_}", "{_%", "%_}",
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ 7*7 }}", "{% if true %}yes{% endif %}",
    "{{ ''.__class__.__mro__ }}", "{{p letter }}",
    # XML and HTML
    "&", "&amp;", "&#65;", "&lt;", "<", ">", "<b>", "</w:t></w:r><w:r><w:t>X", "]]>",
    '"', "'", "\\", "\\\\", "\\n",
    # Markdown punctuation
    "*", "**", "_", "__", "#", "# ", "-", "- ", "+", "=", "1.", "2)", "|", "[", "]", "[x](y)",
    "![i](p.png)", "`", "~", "!", ":", "---", "***", "> ", "    ", "<http://e.org>",
    # whitespace and line breaks
    "\n", "\r\n", "\r", "\t", " ", "  ", "\n\n", "\u00a0", "\u2028", "\u2029", "\x85",
    "\u3000", "\u200b", "\ufeff",
    # right to left, bidi controls, combining marks, astral plane
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u200f", "\u202e", "\u2067",
    "e\u0301", "\u0301\u0302", "\u0336", "\U0001f600", "\U0001d11e", "\U00020000",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1fa\U0001f1f8",
    # control characters, including all that XML cannot hold
    *(chr(c) for c in range(0, 0x20)), "\x7f", "\x9f", "\ufffe", "\uffff", "$",
]  # fmt: skip
PREFIXES = ["", "", "", "-", "- ", "1. ", "12) ", "# ", "* ", "+ ", "> ", "=", "|", " ", "\t"]

_char = st.characters(exclude_categories=("Cs",), exclude_characters=MARKS)
_piece = st.one_of(st.sampled_from(TOKENS), _char, st.text(_char, min_size=1, max_size=8))


def _text(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    body = st.lists(_piece, min_size=min_size, max_size=max_size).map("".join)
    return st.builds(lambda prefix, text: prefix + text, st.sampled_from(PREFIXES), body)


def _long(short: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A value of a few thousand characters: a short one repeated."""
    return short.map(lambda s: (s or "x") * (2500 // max(len(s), 1) + 1))


SHORT = _text()
TEXT = st.one_of(SHORT, SHORT, SHORT, _long(_text(min_size=1)))
NONEMPTY = st.one_of(_text(min_size=1), _text(min_size=1), _long(_text(min_size=1)))


def _person_name(text: str) -> str:
    # a name of nothing but spaces is an input error (see test_a_blank_student_name_...)
    return text if text.strip(" \t\r\n\u00a0") else "Person"


MARKDOWN = st.lists(
    st.one_of(TEXT, st.sampled_from(["- a\n- b", "1. one\n2. two", "> q", "| h |\n|---|\n| c |"])),
    min_size=1,
    max_size=4,
).map("\n\n".join)

ISO_DATES = st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat)


# --- the generated case ------------------------------------------------------------------------


@dataclass
class Expect:
    """What the documents of one generated case must show."""

    plan: list[tuple[str, str]] = field(default_factory=list)
    progress: list[tuple[str, str]] = field(default_factory=list)
    every_letter: list[tuple[str, str]] = field(default_factory=list)
    letters: list[list[tuple[str, str]]] = field(default_factory=list)  # by letter, in order
    plan_markdown: list[tuple[str, str]] = field(default_factory=list)
    letter_markdown: list[list[tuple[str, str]]] = field(default_factory=list)


@dataclass
class Generated:
    case: dict[str, Any]
    log_rows: list[list[str]]
    expect: Expect


def _lines(label: str, text: str | None) -> list[tuple[str, str]]:
    """Return one expectation per non-blank line of a multi-line value (an address)."""
    return [(f"{label} line", line) for line in (text or "").splitlines() if line.strip()]


@st.composite
def cases(draw: st.DrawFn) -> Generated:
    """Draw a valid case (with every optional part) and what its documents must show."""
    exp = Expect()
    name = draw(NONEMPTY.filter(lambda s: s.split()))
    student: dict[str, Any] = {
        "name": name,
        "pronouns": draw(st.sampled_from(["she/her", "he/him", "they/them"])),
        "grade": draw(st.sampled_from(["K", "3", "8", "10", "12", "post-12"])),
        "plan": draw(st.sampled_from(["iep", "504", "none"])),
        "days_missed": draw(st.integers(0, 400)),
        "birth_date": draw(ISO_DATES),
    }
    exp.plan.append(("student.name", name))
    exp.progress.append(("student.name", name))
    exp.every_letter.append(("student.name", name))
    if draw(st.booleans()):
        preferred = draw(NONEMPTY)
        student["preferred_name"] = preferred
        exp.plan.append(("student.preferred_name", preferred))
        exp.progress.append(("student.preferred_name", preferred))
    for key in ("school", "district", "state"):
        value = draw(NONEMPTY if key == "school" else TEXT)
        student[key] = value
        exp.plan.append((f"student.{key}", value))
        if key in ("school", "district"):
            exp.every_letter.append((f"student.{key}", value))
        if key == "school":
            exp.progress.append((f"student.{key}", value))
    student["summary"] = summary = draw(MARKDOWN)
    exp.plan_markdown.append(("student.summary", summary))
    student["strengths"] = strengths = draw(st.lists(TEXT, min_size=1, max_size=3))
    exp.plan += [(f"student.strengths[{i}]", s) for i, s in enumerate(strengths)]

    # people: names distinct ignoring case, since `to:`/`from:` match that way
    names: list[str] = []
    for number in range(5):
        person = _person_name(draw(NONEMPTY))
        while person.casefold() in {n.casefold() for n in names}:
            person = f"{person} {number}"
        names.append(person)
    parents = []
    for i in range(draw(st.integers(1, 2))):
        parents.append(
            {
                "name": names[i],
                "relationship": draw(
                    st.sampled_from(["mother", "father", "grandmother", "legal guardian (DCFS)"])
                ),
                "email": draw(TEXT),
                "phone": draw(TEXT),
                "address": draw(TEXT),
            }
        )
    advocate = {
        "name": names[2],
        "organization": draw(TEXT),
        "email": draw(TEXT),
        "phone": draw(TEXT),
        "address": draw(TEXT),
    }
    contacts = [
        {
            "name": names[3 + i],
            "title": draw(TEXT),
            "email": draw(TEXT),
            "phone": draw(TEXT),
            "address": draw(TEXT),
        }
        for i in range(2)
    ]

    accommodations: list[Any] = []
    for snippet_id, param in (
        ("safe-space", "location"),
        ("flexible-arrival", "latest_arrival"),
        ("trusted-adult", "staff_role"),
    ):
        value = draw(TEXT)
        accommodations.append({snippet_id: {param: value}})
        exp.plan.append((f"{snippet_id}.{param}", value))
    accommodations += draw(
        st.lists(
            st.sampled_from(["shortened-day", "scheduled-breaks", "reduced-workload"]),
            unique=True,
            max_size=2,
        )
    )
    provider, frequency, location = draw(TEXT), draw(TEXT), draw(TEXT)
    interventions = [
        {
            "counseling": {
                "provider": provider,
                "minutes": 30,
                "frequency": frequency,
                "location": location,
            }
        },
        "family-school-coordination",
    ]
    exp.plan += [
        ("counseling.provider", provider),
        ("counseling.frequency", frequency),
        ("counseling.location", location),
    ]

    # phases: a custom phase and re-entry (the two the log uses), then more of either kind
    phases: list[dict[str, Any]] = []
    custom_titles: dict[int, str] = {}
    hours = draw(TEXT)
    exp.plan.append(("re-entry.hours", hours))
    extra = draw(st.integers(0, 2))
    for number in range(1, 3 + extra):
        if number == 2:
            phases.append({"use": "re-entry", "with": {"hours": hours}})
            continue
        if number > 2 and draw(st.booleans()):
            phases.append({"use": draw(st.sampled_from(["build-tolerance", "stabilization"]))})
            continue
        phase: dict[str, Any] = {"title": draw(NONEMPTY), "goal": draw(NONEMPTY)}
        for key in ("length", "move_on"):
            if draw(st.booleans()):
                phase[key] = draw(TEXT)
        if draw(st.booleans()):
            phase["target_minutes"] = draw(st.integers(30, 390))
        for key in ("steps", "supports", "data"):
            phase[key] = draw(st.lists(TEXT, max_size=2))
        phases.append(phase)
        custom_titles[number] = phase["title"]
        for key, value in phase.items():
            if key == "target_minutes":
                continue
            items = value if isinstance(value, list) else [value]
            exp.plan += [(f"phase {number}.{key}", item) for item in items]
    exp.progress.append(("phase 1.title", custom_titles[1]))

    courses = [
        {
            "name": draw(NONEMPTY),
            "status": draw(st.sampled_from(["behind", "missed", "in progress"])),
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    exp.plan += [(f"course {i}", c["name"]) for i, c in enumerate(courses)]
    credit_notes = draw(MARKDOWN)
    exp.plan_markdown.append(("credit_recovery.notes", credit_notes))

    # letters: about and claims always, then a few other types
    # a follow-up names an earlier letter (tests/test_followup.py covers it)
    others = [t for t in LETTER_TYPES if t not in ("pwn-request", "policy-inquiry", "follow-up")]
    types = [
        "pwn-request",
        "policy-inquiry",
        *draw(st.lists(st.sampled_from(others), unique=True, max_size=3)),
    ]
    letters = []
    for letter_type in draw(st.permutations(types)):
        recipient = draw(st.sampled_from(contacts))
        sender = draw(st.sampled_from([*parents, advocate]))
        letter: dict[str, Any] = {
            "type": letter_type,
            "date": draw(ISO_DATES),
            "to": recipient["name"],
            "from": sender["name"],
        }
        # the recipient block is name, title, school, district and address (a contact's email
        # and phone are not printed); the sender block has them all
        shows = [("recipient.name", recipient["name"]), ("recipient.title", recipient["title"])]
        shows += _lines("recipient.address", recipient["address"])
        shows += [("sender.name", sender["name"])]
        shows += [(f"sender.{key}", sender[key]) for key in ("email", "phone")]
        shows += _lines("sender.address", sender["address"])
        if sender is advocate:
            shows.append(("advocate.organization", advocate["organization"]))
        else:
            role = sender["relationship"][:1].upper() + sender["relationship"][1:]
            shows.append(("sender.relationship", f"{role} of {name}"))
        if letter_type == "pwn-request":
            letter["about"] = draw(NONEMPTY)
            shows.append(("letter.about", letter["about"]))
        if letter_type == "policy-inquiry":
            letter["claims"] = []
            for i in range(draw(st.integers(1, 2))):
                claim = {
                    "quote": draw(NONEMPTY),
                    "said_by": draw(NONEMPTY),
                    "said_on": draw(ISO_DATES),
                }
                if draw(st.booleans()):
                    claim["topic"] = draw(st.sampled_from(CLAIM_TOPICS))
                letter["claims"].append(claim)
                shows += [
                    (f"claim {i}.quote", claim["quote"]),
                    (f"claim {i}.said_by", claim["said_by"]),
                ]
        if letter_type == "meeting-request":
            letter["topics"] = ["reintegration-plan", "credit-recovery"]
        if letter_type == "credit-recovery-request":
            shows += [(f"course {i}", c["name"]) for i, c in enumerate(courses)]
        notes = draw(st.none() | MARKDOWN)
        markdown = []
        if notes is not None:
            letter["notes"] = notes
            markdown.append(("letter.notes", notes))
        letters.append(letter)
        exp.letters.append(shows)
        exp.letter_markdown.append(markdown)

    case = {
        "srkit": 1,
        "student": student,
        "people": {"parents": parents, "advocate": advocate, "school_contacts": contacts},
        "barriers": draw(
            st.lists(
                st.sampled_from(["anxiety", "social", "mornings", "medical"]),
                unique=True,
                max_size=3,
            )
        ),
        "accommodations": accommodations,
        "interventions": interventions,
        "reintegration": {"start_date": "2026-12-07", "school_day_minutes": 390, "phases": phases},
        "credit_recovery": {
            "credits_needed": 2.5,
            "courses": courses,
            "options": ["essential-work-only", "online-coursework"],
            "notes": credit_notes,
        },
        "letters": letters,
        "progress": {"log": "daily-log.csv"},
    }

    # the daily log: 6 days in phase 1, then 3 in phase 2, with notes
    rows = []
    day = dt.date(2026, 12, 7)
    for i in range(9):
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        minutes = draw(st.integers(0, 390))
        note = draw(st.none() | SHORT)
        rows.append(
            [
                day.isoformat(),
                "1" if i < 6 else "2",
                "yes" if minutes else "no",
                str(minutes),
                str(draw(st.integers(0, 7))),
                str(draw(st.integers(0, 10))),
                "",
                note or "",
            ]
        )
        if note and note.strip():
            exp.progress.append((f"log note {day}", note.strip()))
        day += dt.timedelta(days=1)
    return Generated(case, rows, exp)


class _Dumper(yaml.SafeDumper):
    """Every string double-quoted (escapes for what YAML cannot show), block style."""


_Dumper.add_representer(
    str, lambda dumper, s: dumper.represent_scalar("tag:yaml.org,2002:str", s, style='"')
)


def dump_case(case: dict[str, Any]) -> str:
    return yaml.dump(case, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_case(folder: Path, generated: Generated) -> Path:
    path = folder / "case.yaml"
    path.write_text(dump_case(generated.case), encoding="utf-8")
    with open(folder / "daily-log.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "date",
                "phase",
                "entered_building",
                "minutes",
                "classes",
                "distress",
                "work_completed",
                "notes",
            ]
        )
        writer.writerows(generated.log_rows)
    return path


# --- reading the documents ---------------------------------------------------------------------


def flat(text: str) -> str:
    """Return ``text`` with every run of whitespace as one space, and no space at the ends."""
    return " ".join(text.split())


def shown(value: str) -> str:
    """Return how a plain-text value must read in a document: XML-illegal characters removed,
    whitespace runs (including its newlines) as one space."""
    return flat(XML_ILLEGAL.sub("", value))


def docx_text(data: bytes) -> str:
    """Return the text of every paragraph of a .docx, tables and headers/footers included."""
    document = docx.Document(io.BytesIO(data))
    texts = [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p"))]
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                texts += [Paragraph(p, part).text for p in part._element.iter(qn("w:p"))]
    return "\n".join(texts)


def block_texts(markdown: str) -> list[str]:
    """Return the text of each block of ``markdown`` as Word shows it: inline text without
    Markdown marks, and the content of blocks written as plain text (code, HTML)."""
    texts = []
    for token in parse(markdown):
        if token.type == "inline":
            parts = []
            for child in token.children or ():
                if child.type in ("text", "code_inline", "html_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                elif child.type == "image":
                    parts = None
                    break
            if parts is not None:
                texts.append("".join(parts))
        elif token.type in ("fence", "code_block", "html_block"):
            texts.append(token.content)
    return [t for t in (shown(t) for t in texts) if t]


def missing(expected: list[tuple[str, str]], text: str) -> list[str]:
    """Return the labels (and values) of the expected values ``text`` does not show."""
    haystack = flat(text)
    out = []
    for label, value in expected:
        needle = shown(value)
        if needle and needle not in haystack:
            out.append(f"{label}: {value!r} (looked for {needle!r})")
    return out


# --- the properties ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_library()


@SETTINGS
@given(generated=cases())
def test_any_valid_case_builds_and_shows_every_value_as_typed(library, generated):
    with tempfile.TemporaryDirectory() as folder:
        path = write_case(Path(folder), generated)
        vc = validate_case(path, library=library)
        result = build_packet(vc, Options(formats=("docx", "md", "txt"), today=BUILD_DATE))
    assert not result.failures, "\n".join(map(str, result.failures))
    outputs = {output.name: output.data for output in result.files}
    stems = sorted(
        {name.rsplit(".", 1)[0] for name in outputs if not name.endswith((".csv", ".ics"))}
    )
    plan = next(s for s in stems if s.endswith("-plan"))
    progress = next(s for s in stems if s.endswith("-progress"))
    assert len(stems) == 2 + len(generated.case["letters"])
    for stem in stems:
        for fmt in ("docx", "md", "txt"):
            assert outputs.get(f"{stem}.{fmt}"), f"{stem}.{fmt} is missing or empty"

    exp = generated.expect
    problems: list[str] = []

    def check(stem: str, plain: list[tuple[str, str]], markdown: list[tuple[str, str]]) -> None:
        text = docx_text(outputs[f"{stem}.docx"])
        plain_text = outputs[f"{stem}.txt"].decode("utf-8")
        problems.extend(f"{stem}.docx: {m}" for m in missing(plain, text))
        problems.extend(f"{stem}.txt: {m}" for m in missing(plain, plain_text))
        for label, value in markdown:
            # as srkit places it: stripped, and contained (an open fence or HTML block cannot
            # swallow the rest of the document; see toolkit.markdown.contain)
            value = contain(clean_text(value.strip()))
            rendered = flat(render_plain(value))
            if rendered not in flat(plain_text):
                problems.append(f"{stem}.txt: {label} {value!r} not as rendered {rendered!r}")
            problems.extend(
                f"{stem}.docx: {label}: block {block!r} of {value!r}"
                for block in block_texts(value)
                if block not in flat(text)
            )

    check(plan, exp.plan, exp.plan_markdown)
    check(progress, exp.progress, [])
    for index, stem in enumerate(letter_stems(vc, BUILD_DATE)):  # in the case's order
        check(stem, exp.every_letter + exp.letters[index], exp.letter_markdown[index])
    assert not problems, "\n".join(problems)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(value=st.one_of(TEXT, MARKDOWN))
def test_yaml_written_by_pyyaml_reads_back_unchanged(value):
    """srkit's YAML 1.2 reader gives back exactly what PyYAML's emitter wrote."""
    data = {"srkit": 1, "text": value, "list": [value, "10:00", "no"]}
    assert load_yaml("case.yaml", text=dump_case(data)).data == data


# --- bugs found by the properties, each pinned by its smallest reproduction ------------------


def build_small(folder: Path, case: dict[str, Any], *, log: bool = False) -> dict[str, bytes]:
    """Build a small case in-process; return file name → bytes (failing documents fail here)."""
    if log:
        rows = [["2026-12-07", "1", "yes", "30", "0", "5", "", ""]]
        generated = Generated(case, rows, Expect())
        path = write_case(folder, generated)
    else:
        path = folder / "case.yaml"
        path.write_text(dump_case(case), encoding="utf-8")
    packet = build_packet(path, Options(formats=("docx", "md", "txt"), today=BUILD_DATE))
    assert not packet.failures, "\n".join(map(str, packet.failures))
    return {output.name: output.data for output in packet.files}


def small_case(**student: Any) -> dict[str, Any]:
    """Return a minimal valid case with one parent, one contact and a PWN request."""
    return {
        "srkit": 1,
        "student": {"name": "Maya Alvarez", **student},
        "people": {
            "parents": [{"name": "Elena Alvarez", "relationship": "mother"}],
            "school_contacts": [{"name": "Karen Lee", "title": "Director"}],
        },
        "reintegration": {"start_date": "2026-12-07", "phases": "standard"},
        "letters": [
            {
                "type": "pwn-request",
                "date": "2026-11-30",
                "to": "Karen Lee",
                "about": "the refusal to shorten the day",
            }
        ],
    }


LETTER = "maya-alvarez-2026-11-30-pwn-request"


def test_docxtpl_escapes_in_a_value_come_out_as_typed(tmp_path):
    case = small_case()
    case["letters"][0]["about"] = "the {_{ x }_} and {_% y %_} marks"
    files = build_small(tmp_path, case)
    assert "the {_{ x }_} and {_% y %_} marks" in docx_text(files[f"{LETTER}.docx"])


def test_a_list_value_with_leading_spaces_is_not_code(tmp_path):
    files = build_small(tmp_path, small_case(strengths=["    a*b [c]"]))
    text = docx_text(files["maya-alvarez-plan.docx"])
    assert "a*b [c]" in text
    assert "\\" not in text


def test_a_long_name_or_school_does_not_stop_the_documents(tmp_path):
    school = "The Riverside Academy for Science, Technology, Engineering, the Arts and " * 4
    files = build_small(tmp_path, small_case(school=school.strip()))
    assert f"{LETTER}.docx" in files


def test_private_use_marks_in_a_value_are_not_placeholders(tmp_path):
    # U+E000/U+E001 are srkit's own placeholder marks: typed in a value they are dropped (as
    # XML-illegal characters are), never turned into a highlighted blank
    case = small_case()
    case["letters"][0]["about"] = "the \ue000refusal\ue001"
    files = build_small(tmp_path, case)
    assert "[refusal]" not in files[f"{LETTER}.txt"].decode("utf-8")
    assert "the refusal" in docx_text(files[f"{LETTER}.docx"])


def test_nul_in_a_value_is_removed_like_other_xml_illegal_characters(tmp_path):
    files = build_small(tmp_path, small_case(strengths=["calm\x00 and\x01 kind"]))
    assert "calm and kind" in docx_text(files["maya-alvarez-plan.docx"])


def test_the_relationship_keeps_its_capitals_in_the_signature(tmp_path):
    case = small_case()
    case["people"]["parents"][0]["relationship"] = "legal guardian (DCFS)"
    files = build_small(tmp_path, case)
    assert "guardian (DCFS) of Maya Alvarez" in docx_text(files[f"{LETTER}.docx"])


def test_a_name_with_spaces_around_it_can_be_a_recipient(tmp_path):
    case = small_case()
    case["people"]["school_contacts"][0]["name"] = "Karen Lee "
    case["letters"][0]["to"] = "Karen Lee "
    files = build_small(tmp_path, case)
    assert "Dear [Ms./Mr./Mx./Dr.] Lee," in docx_text(files[f"{LETTER}.docx"])


def test_a_blank_student_name_is_an_input_error(tmp_path):
    from conftest import no_traceback, run_cli

    path = tmp_path / "case.yaml"
    path.write_text('srkit: 1\nstudent:\n  name: "   "\n', encoding="utf-8")
    code, _stdout, stderr = run_cli("check", path)
    no_traceback(stderr)
    assert code == 1, stderr
    assert "case.yaml:3:" in stderr


def test_the_chart_text_in_the_exports_shows_the_name_as_typed(tmp_path):
    case = small_case(preferred_name="*Jo* [x](y)")
    case["progress"] = {"log": "daily-log.csv"}
    files = build_small(tmp_path, case, log=True)
    text = files["maya-alvarez-progress.txt"].decode("utf-8")
    assert "Chart: Bar chart of the minutes *Jo* [x](y) spent in school" in text


@pytest.mark.parametrize("opening", ["```", "~~~", "<!-- a note", "<script>", "<pre>"])
def test_markdown_left_open_in_the_summary_stays_in_the_summary(tmp_path, opening):
    files = build_small(tmp_path, small_case(summary=f"Maya likes art.\n\n{opening}\nend"))
    document = docx.Document(io.BytesIO(files["maya-alvarez-plan.docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Accommodations" in headings
    assert "Review schedule and decision rules" in headings


def test_a_table_in_letter_notes_does_not_stop_the_letter(tmp_path):
    case = small_case()
    case["letters"][0]["notes"] = "| Day | Time |\n|---|---|\n| Monday | 9:00 a.m. |\n"
    files = build_small(tmp_path, case)
    assert "Monday" in docx_text(files[f"{LETTER}.docx"])


# --- hostile templates: no output carries what reaches outside or runs; no exit 3 ---------------

#: Jinja a hostile letterhead may hold in its header (issue 17, item 9), and ordinary tags.
HOSTILE_JINJA = [
    "{{ ((9 ** 64) ** 64) ** 64 }}",
    "{% set s = 'x' * 60000 %}{% set s = s ~ s %}{{ s }}",
    "{{ (['x' * 1000] * 100000)|join }}",
    "{{ ('x' * 60000)|replace('x', 'xx') }}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{{ lipsum(5000000) }}",
    "{% for i in range(100000) %}{{ range(100000)|list|length }}{% endfor %}",
    "{{ 'x' * 10 ** 10 }}",
    "{{ 9 ** 999999999 }}",
    "{% include 'word/document.xml' %}",
    "{% import 'x.xml' as x %}",
    "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}",
    "{{ subject.ljust(10 ** 9) }}",
    "{{ '{:>999999999}'.format(date) }}",
    "{{ date.__class__.__mro__ }}",
    "{{ subject|truncate(12) }}",
    "{{ sender_name|wordwrap(6) }}",
    "{{ subject }} · {{ date }}",
    "{{ recipient_name|center(30) }}",
    "",
]


@settings(max_examples=6, deadline=None, derandomize=True, database=None, phases=[Phase.generate])
@given(
    kinds=st.sets(st.sampled_from(HOSTILE_KINDS)),
    jinja=st.lists(st.sampled_from(HOSTILE_JINJA), max_size=2).map(" ".join),
)
def test_a_hostile_template_never_reaches_a_draft_and_never_crashes(kinds, jinja):
    """Random hostile parts and Jinja in a letterhead: srkit builds (exit 0) with nothing of
    them in any draft, or refuses the template (exit 1) in one line; never exit 3."""
    from conftest import run_cli
    from hostile import carried, hostile_template

    import toolkit.sandbox as sandbox

    with tempfile.TemporaryDirectory() as name, pytest.MonkeyPatch.context() as patch:
        patch.setattr(sandbox, "MAX_STEPS", 20_000)  # the bound is what is tested, not its size
        folder = Path(name)
        template = hostile_template(folder / "letterhead.docx", kinds, header_jinja=jinja)
        case = folder / "case.yaml"
        case.write_text(dump_case(small_case()), encoding="utf-8")
        code, stdout, stderr = run_cli(
            "build", case, "-o", folder / "out", "--template", template, "--only", "plan,letters"
        )
        assert code in (0, 1), stderr
        assert "Traceback" not in stderr and "internal error" not in stderr, stderr
        if code == 1:
            errors = [line for line in stderr.splitlines() if ": error: " in line]
            assert errors and all(line.startswith(f"{template}: error: ") for line in errors)
            assert stdout == ""
            return
        written = [Path(line) for line in stdout.splitlines() if line.endswith(".docx")]
        assert len(written) == 2, stdout
        for path in written:
            assert carried(path.read_bytes()) == [], path
