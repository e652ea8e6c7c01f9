"""What the plan documents say: the case's own choices and values, the phases and their
targets, the plan type's words, pronouns that agree, properties, and only registry citations."""

from __future__ import annotations

import re

import docx
import pytest
from conftest import CONTRACT

from toolkit.case.load import load_yaml
from toolkit.library.citations import cites_in, registry
from toolkit.library.snippets import load_library


def body(dump: str) -> str:
    """Return the body part of a dump (before the properties)."""
    return dump.split("\n---\n")[0]


def lines_with(dump: str, prefix: str) -> list[str]:
    """Return the body lines of ``dump`` that start with ``prefix``."""
    return [line for line in body(dump).splitlines() if line.startswith(prefix)]


def snippet_ids(case_key: str, section: str) -> list[str]:
    """Return the snippet ids a contract case lists under ``section``, in order."""
    data = load_yaml(CONTRACT[case_key][0]).data
    return [item if isinstance(item, str) else next(iter(item)) for item in data[section]]


SECTIONS = [
    "Student profile and strengths",
    "What makes attendance hard",
    "Accommodations",
    "Interventions",
    "Phased re-integration plan",
    "Data collection",
]


@pytest.mark.parametrize(
    ("key", "sections"),
    [
        (
            "maya",
            [
                *SECTIONS,
                "Credit recovery",
                "Review schedule and decision rules",
                "This plan is part of the IEP",
                "Appendix: weekly tracking sheet",
            ],
        ),
        (
            "theo",
            [
                *SECTIONS,
                "Review schedule and decision rules",
                "This plan is part of the Section 504 plan",
                "Appendix: weekly tracking sheet",
            ],
        ),
        (
            "example",
            [
                *SECTIONS,
                "Review schedule and decision rules",
                "How this proposal becomes part of a plan",
                "Appendix: weekly tracking sheet",
            ],
        ),
    ],
)
def test_sections_in_order(dumps, key, sections):
    headings = lines_with(dumps[key], "[Heading 1]")
    assert [line.removeprefix("[Heading 1] ") for line in headings] == sections
    assert len(lines_with(dumps[key], "[Title]")) == 1


@pytest.mark.parametrize("key", list(CONTRACT))
def test_each_chosen_accommodation_and_intervention_in_case_order(dumps, key):
    library = load_library()
    titles = [
        library.get(snippet_id).title
        for section in ("accommodations", "interventions")
        for snippet_id in snippet_ids(key, section)
    ]
    headings = [line.removeprefix("[Heading 2] ") for line in lines_with(dumps[key], "[Heading 2]")]
    shown = [heading for heading in headings if heading in titles]
    assert shown == titles


# -- Maya: IEP, standard phases, credit recovery ----------------------------------------------


def test_maya_titles(dumps):
    headings = lines_with(dumps["maya"], "[Heading 2]")
    for title in (
        "Shortened school day",
        "Flexible arrival time",
        "Safe space and break pass",
        "Trusted adult at arrival",
        "Reduced workload, essential work first",
        "Scheduled breaks",
        "Support at transitions",
        "Counseling",
        "Executive-function coaching",
        "Sensory supports",
    ):
        assert f"[Heading 2] {title}" in headings


def test_maya_case_values(dumps):
    text = body(dumps["maya"])
    assert "[Title] School Re-integration Plan\n" in text
    assert (
        "**Student:** Maya Alvarez (Maya), grade 10, born April 2, 2010⏎"
        "**School:** Lincoln High School, Riverside Unified School District, California⏎"
        "**Part of:** Maya's Individualized Education Program (IEP)⏎"
        "**Phase 1 begins:** December 7, 2026⏎"
        "**School days missed this year:** 34⏎"
        "**Draft prepared:** November 28, 2026, for discussion by the IEP team and the family"
    ) in text
    assert "Maya may arrive at any time up to 10:00 a.m., with no detention" in text
    assert "Maya may go to the counseling office (Room 114) at any time" in text
    assert "the school counselor meets Maya at the front office at arrival" in text
    assert (
        "the school psychologist provides individual counseling to Maya for 30 minutes, weekly"
    ) in text
    assert "executive-function coaching to Maya for 20 minutes, twice a week" in text
    assert "Maya has missed **34 school days** since September" in text  # summary's Markdown
    assert "[List Bullet] • curious and capable in science\n" in text


def test_maya_standard_phases_and_targets(dumps):
    text = body(dumps["maya"])
    rows = [line for line in text.splitlines() if re.match(r"\| \d\. ", line)]
    row_re = re.compile(r"\| (\d\. [^|]+?) \|.*\| (\d+) minutes a day \|")
    assert [row_re.findall(row)[0] for row in rows] == [
        ("1. Re-entry", "60"),
        ("2. Building tolerance", "195"),
        ("3. Expanding participation", "293"),
        ("4. Stabilization", "351"),
    ]
    assert (
        "| **Phase** | **Goal** | **Attendance target** | **Typical length** | (header, repeats)"
    ) in text
    for number, title, target in (
        (1, "Re-entry", 60),
        (2, "Building tolerance", 195),
        (3, "Expanding participation", 293),
        (4, "Stabilization", 351),
    ):
        assert f"[Heading 2] Phase {number}: {title}\n" in text
        assert f"with a target of {target} minutes. A full school day is 390 minutes." in text
    phases = text.split("[Heading 1] Phased re-integration plan\n")[1].split("[Heading 1]")[0]
    for part in (
        "**Goal:**",
        "**Attendance:**",
        "**Activities and expectations:**",
        "**Supports in place before expectations rise:**",
        "**Data to track:**",
        "**Moving on, holding or stepping back:**",
    ):
        assert phases.count(f"[Normal] {part}") == 4, part
    assert phases.count("[List Bullet] • Moving on: ") == 4
    assert phases.count("[List Bullet] • Holding: ") == 4
    assert phases.count("[List Bullet] • Stepping back: ") == 4


def test_maya_credit_recovery(dumps):
    text = body(dumps["maya"])
    assert "Maya needs to earn 3.5 credits missed during the absence." in text
    assert (
        "[Table Grid]\n"
        "| **Course** | **Status** | (header, repeats)\n"
        "| English 10 | behind |\n"
        "| World History | behind |\n"
        "| Geometry | missed |\n"
    ) in text
    options = ("Essential work only", "Online coursework", "Summer session", "Extended timeline")
    for title in options:
        assert f"[Heading 2] {title}\n" in text


def test_maya_distress_scale_decision_rules_and_tracking_sheet(dumps):
    text = body(dumps["maya"])
    assert "[Heading 2] The distress scale\n" in text
    assert "| **Rating** | **What it means** | (header, repeats)\n| 0 | Calm and relaxed" in text
    assert "\n| 9–10 | " in text
    assert "[Heading 2] Decision rules\n" in text
    assert (
        "[List Bullet] • **Move on** to the next phase when the target is met on at least 4 of "
        "the last 5 logged school days and mean distress over those days is 5 or lower."
    ) in text
    assert "[List Bullet] • **Consider stepping back** when the target is met on 1 or fewer" in text
    assert "the IEP team, with the family, makes the decision" in text
    sheet = text.split("[Heading 1] Appendix: weekly tracking sheet\n")[1]
    assert text.split("[Heading 1] Appendix")[0].endswith("--- page break ---\n")
    assert "**Student:** Maya Alvarez   **Week of:** ______________   **Phase:** ____" in sheet
    assert (
        "| **Day** | **Entered building (yes/no)** | **Minutes in school** | **Classes attended** "
        "| **Distress (0–10)** | **Work completed (%)** | **Notes** | (header, repeats)\n"
    ) in sheet
    days = [line.split(" | ")[0] for line in sheet.splitlines() if line.startswith("| ")][1:]
    assert days == ["| Monday", "| Tuesday", "| Wednesday", "| Thursday", "| Friday"]


def test_maya_iep_statement(dumps):
    text = body(dumps["maya"])
    assert "[Heading 1] This plan is part of the IEP\n" in text
    assert "is part of Maya's IEP; it is not an informal arrangement." in text


def test_tracking_sheet_header_repeats_in_word(built):
    """The dump's "(header, repeats)" is Word's "repeat as header row" on the first row."""
    document = docx.Document(str(built["maya"]))
    table = document.tables[-1]
    assert table.rows[0].cells[0].text == "Day"
    header = table.rows[0]._tr.trPr
    assert header is not None
    assert header.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert all(
        row._tr.trPr is None or row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is None
        for row in table.rows[1:]
    )
    assert table.style.name == "Table Grid"


# -- Theo: Section 504 plan, custom and library phases, he/him --------------------------------


def test_theo_never_says_iep(dumps):
    assert not re.search(r"\bIEP\b", dumps["theo"])  # body, tables, footer and properties
    text = body(dumps["theo"])
    assert "**Part of:** Theo's Section 504 plan⏎" in text
    assert "[Heading 1] This plan is part of the Section 504 plan\n" in text
    assert "is part of Theo's Section 504 plan; it is not an informal arrangement." in text
    assert "for discussion by the Section 504 team and the family" in text


def test_theo_custom_phase(dumps):
    text = body(dumps["theo"])
    assert (
        "| 3. Mornings with a friend | Arrive with a peer buddy and stay through lunch. "
        "| 200 minutes a day | about two weeks |"
    ) in text
    phase = text.split("[Heading 2] Phase 3: Mornings with a friend\n")[1].split("[Heading 2]")[0]
    assert phase == (
        "[Normal] **Goal:** Arrive with a peer buddy and stay through lunch.\n"
        "[Normal] **Attendance:** Target: 200 minutes in school a day. A full school day is 375 "
        "minutes.\n"
        "[Normal] **Typical length:** about two weeks\n"
        "[Normal] **Activities and expectations:**\n"
        "[List Bullet] • Meet a peer buddy at the side entrance at 8:15.\n"
        "[List Bullet] • Attend first and second period, then eat lunch in the library.\n"
        "[Normal] **Supports in place before expectations rise:**\n"
        "[List Bullet] • Social worker check-in on arrival.\n"
        "[List Bullet] • Break pass to the social worker's office.\n"
        "[Normal] **Data to track:**\n"
        "[List Bullet] • Arrival time\n"
        "[List Bullet] • Minutes in school\n"
        "[List Bullet] • Distress rating at arrival and at lunch\n"
        "[Normal] **Moving on, holding or stepping back:**\n"
        "[List Bullet] • Moving on: The target of 200 minutes is met on at least 4 of the last 5 "
        "logged school days, with a mean distress rating of 5 or lower.\n"
        "[List Bullet] • Holding: When the data is mixed, or fewer than 5 days have been logged "
        "in this phase, Theo stays in this phase with the same supports.\n"
        "[List Bullet] • Stepping back: When the target is met on 1 day or fewer in a full "
        "window, the team considers returning to phase 2 for a time, with the supports of that "
        "phase.\n"
    )


def test_theo_library_phases_and_targets(dumps):
    text = body(dumps["theo"])
    assert "| 1. Parking-lot visits | " in text
    assert re.search(r"\| 1\. Parking-lot visits \| [^|]+ \| not measured in minutes \|", text)
    assert "[Heading 2] Phase 1: Parking-lot visits\n" in text
    assert "This phase is not measured in minutes in school." in text
    assert "Theo is in the building for one hour a day, with a target of 60 minutes." in text
    # stabilization: 90% of a 375-minute day is 337.5, rounded halves up
    assert re.search(r"\| 4\. Stabilization \| [^|]+ \| 338 minutes a day \|", text)
    assert "with a target of 338 minutes. A full school day is 375 minutes." in text


def test_pronouns_agree(dumps):
    theo = body(dumps["theo"])
    for phrase in (
        "a short list he helped write",
        "how upset or worried he feels",
        "Theo gives the distress rating himself",
        "Theo follows his regular schedule",
        "what worries him",
    ):
        assert phrase in theo, phrase
    assert not re.search(r"\b(they|They) (are|were|have|do|feel|helped)\b", theo)
    assert not re.search(r"\bthemsel(f|ves)\b", theo)

    maya = body(dumps["maya"])
    for phrase in ("a short list she helped write", "how upset or worried she feels", "herself"):
        assert phrase in maya, phrase

    jordan = body(dumps["example"])
    for phrase in (
        "a short list they helped write",
        "how upset or worried they feel",
        "so that they get to the next room",
        "what worries them",
    ):
        assert phrase in jordan, phrase
    assert not re.search(r"\bthey (is|was|has|does|goes|feels|gets|helps)\b", jordan, re.I)


# -- the example: no plan yet -----------------------------------------------------------------


def test_example_is_a_proposal_for_an_evaluation_request(dumps):
    text = body(dumps["example"])
    assert text.startswith("[Title] Proposed School Re-integration Plan\n")
    assert "**Status:** a proposal to attach to a request for evaluation⏎" in text
    assert "**Student:** Jordan Rivera-Núñez (Jordan), grade 8, born September 14, 2012⏎" in text
    assert "[Heading 1] How this proposal becomes part of a plan\n" in text
    assert "The family attaches it to a written request for an initial evaluation of Jordan" in text
    assert "for discussion by the school team and the family" in text
    assert "Jordan's pediatrician has ruled out a medical cause & suggested a gradual" in text
    assert re.search(
        r"\| 4\. Lunch and afternoons \| [^|]+ \| 285 minutes a day \| set by the data \|", text
    )
    assert re.search(r"\| 3\. Building tolerance \| [^|]+ \| 190 minutes a day \|", text)
    assert re.search(r"\| 5\. Stabilization \| [^|]+ \| 342 minutes a day \|", text)


# -- properties, footer, citations ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "title", "subject"),
    [
        (
            "maya",
            "Re-integration plan for Maya Alvarez",
            "Attendance and re-integration plan, part of the IEP",
        ),
        (
            "theo",
            "Re-integration plan for Theodore Brooks",
            "Attendance and re-integration plan, part of the Section 504 plan",
        ),
        (
            "example",
            "Re-integration plan for Jordan Rivera-Núñez",
            "Proposed attendance and re-integration plan",
        ),
    ],
)
def test_document_properties_and_footer(dumps, built, key, title, subject):
    properties = dumps[key].split("\n---\n")[1]
    assert properties == (
        f"title: {title}\n"
        f"subject: {subject}\n"
        "language: en-US\n"
        "text language: en-US\n"
        "footer 1: Page {PAGE} of {NUMPAGES}\n"
    )
    core = docx.Document(str(built[key])).core_properties
    assert (core.title, core.language) == (title, "en-US")


@pytest.mark.parametrize("key", list(CONTRACT))
def test_citations_only_from_the_registry(dumps, key):
    cites = cites_in(body(dumps[key]))
    assert cites, "the plan statement cites the regulation it relies on"
    unknown = sorted(set(cites) - set(registry()))
    assert unknown == []


def test_citation_pattern_finds_what_it_checks():
    """The check above can fail: a made-up provision is found, and is not in the registry."""
    found = cites_in("as required (34 CFR 300.999(z)) and 20 U.S.C. 1400")
    assert found == ["34 CFR 300.999(z)", "20 U.S.C. 1400"]
    assert "34 CFR 300.999(z)" not in registry()


def test_numbered_lists_in_case_markdown_restart_at_one(dumps):
    numbered = lines_with(dumps["lists"], "[List Number]")
    assert [line.split("] ", 1)[1].split(" ", 1)[0] for line in numbered] == [
        "1.", "2.", "3.",  # summary, first list
        "1.", "2.",  # summary, second list
        "1.", "2.",  # credit recovery notes
    ]  # fmt: skip


def test_example_re_entry_attendance_reads_correctly(dumps):
    assert "the first hour of the day a day" not in dumps["example"]
