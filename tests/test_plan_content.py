"""What the plan documents say: the case's own choices and values, the phases and their
targets, the plan type's words, pronouns that agree, properties, and only registry citations."""

from __future__ import annotations

import re

import docx
import pytest
from conftest import EXAMPLES

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
    """Return the snippet ids an example case lists under ``section``, in order."""
    data = load_yaml(EXAMPLES[case_key][0]).data
    return [item if isinstance(item, str) else next(iter(item)) for item in data[section]]


def sections(name: str) -> list[str]:
    return [
        "Student profile and strengths",
        f"Where {name} is starting",
        "What makes attendance hard",
        "Accommodations",
        "Interventions",
        "Phased re-integration plan",
        "While the school day is shorter",
        "Data collection",
    ]


@pytest.mark.parametrize(
    ("key", "sections"),
    [
        (
            "iep",
            [
                *sections("Eli"),
                "Credit recovery",
                "Review schedule and decision rules",
                "Writing this plan into the IEP",
                "Appendix: weekly tracking sheet",
            ],
        ),
        (
            "504",
            [
                *sections("Amira"),
                "Review schedule and decision rules",
                "Writing this plan into the Section 504 plan",
                "Appendix: weekly tracking sheet",
            ],
        ),
        (
            "none",
            [
                *sections("Jordan"),
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


@pytest.mark.parametrize("key", list(EXAMPLES))
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


# -- the IEP example: standard phases, credit recovery, he/him ---------------------------------


def test_iep_titles(dumps):
    headings = lines_with(dumps["iep"], "[Heading 2]")
    for title in (
        "Shortened school day",
        "Flexible arrival time",
        "Safe space and break pass",
        "Trusted adult at arrival",
        "Modified class schedule",
        "Reduced workload, essential work first",
        "Support at transitions",
        "Testing accommodations",
        "Counseling",
        "Cognitive-behavioral therapy with graded exposure",
        "Academic skill support",
    ):
        assert f"[Heading 2] {title}" in headings


def test_iep_case_values(dumps):
    text = body(dumps["iep"])
    assert "[Title] School Re-integration Plan\n" in text
    assert (
        "**Student:** Elias Okafor (Eli), grade 11, born June 21, 2010⏎"
        "**School:** Westbrook High School, Westbrook Unified School District, Colorado⏎"
        "**Status:** a draft the family proposes for Eli's Individualized Education Program (IEP)⏎"
        "**Phase 1 begins:** January 11, 2027⏎"
        "**School days missed this year:** 41⏎"
        "**Draft prepared:** November 28, 2026, for discussion by the IEP team and the family"
    ) in text
    assert "Eli may arrive at any time up to 9:30 a.m., with no detention" in text
    assert "Eli enters through the east door by the library" in text
    assert "Eli may go to the library study room (Room 208) at any time" in text
    assert (
        "the school psychologist meets Eli at the east door by the library when he arrives" in text
    )
    assert (
        "the school psychologist provides individual counseling to Eli for 40 minutes, weekly, "
        "in the school psychologist's office."
    ) in text
    assert "The chemistry teacher lists the target skills in writing" in text
    assert "Eli has missed **41 school days** since late September" in text  # summary's Markdown
    assert "[List Bullet] • plays bass in the jazz ensemble\n" in text


def test_iep_standard_phases_and_targets(dumps):
    text = body(dumps["iep"])
    rows = [line for line in text.splitlines() if re.match(r"\| \d\. ", line)]
    row_re = re.compile(r"\| (\d\. [^|]+?) \|.*\| (\d+) minutes a day \|")
    assert [row_re.findall(row)[0] for row in rows] == [
        ("1. Re-entry", "60"),
        ("2. Building tolerance", "180"),
        ("3. Expanding participation", "270"),
        ("4. Stabilization", "324"),
    ]
    assert (
        "| **Phase** | **Goal** | **Attendance target** | **Typical length** | (header, repeats)"
    ) in text
    for number, title, target in (
        (1, "Re-entry", 60),
        (2, "Building tolerance", 180),
        (3, "Expanding participation", 270),
        (4, "Stabilization", 324),
    ):
        assert f"[Heading 2] Phase {number}: {title}\n" in text
        assert f"with a target of {target} minutes. A full school day is 360 minutes." in text
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


def test_iep_credit_recovery(dumps):
    text = body(dumps["iep"])
    assert "Eli needs to earn 2 credits missed during the absence." in text
    assert (
        "[Table Grid]\n"
        "| **Course** | **Status** | (header, repeats)\n"
        "| Chemistry | behind |\n"
        "| American Literature | behind |\n"
        "| U.S. Government | in progress |\n"
    ) in text
    options = ("Essential work only", "Credit by demonstrated mastery", "Extended timeline")
    for title in options:
        assert f"[Heading 2] {title}\n" in text
    assert (
        "[Heading 2] Notes\n"
        "[Normal] Eli would like to finish chemistry first, because the spring lab unit builds "
        "on it.\n"
    ) in text


def test_iep_distress_scale_decision_rules_and_tracking_sheet(dumps):
    text = body(dumps["iep"])
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
    assert text.split("[Heading 1] Appendix")[0].endswith("--- section break ---\n")  # landscape
    assert "**Student:** Elias Okafor   **Week of:** ______________   **Phase:** ____" in sheet
    assert (
        "| **Day** | **Entered building (yes/no)** | **Minutes in school** | **Classes attended** "
        "| **Distress (0–10)** | **Work completed (%)** | **Notes** | (header, repeats)\n"
    ) in sheet
    daily, supports = sheet.split("[Normal] **Supports in place each day**")
    days = [line.split(" | ")[0] for line in daily.splitlines() if line.startswith("| ")][1:]
    assert days == ["| Monday", "| Tuesday", "| Wednesday", "| Thursday", "| Friday"]
    # a row per support the plan names, to write yes or no each day
    assert (
        "| **Support** | **Monday** | **Tuesday** | **Wednesday** | **Thursday** | **Friday** |"
    ) in supports
    rows = [line.split(" | ")[0] for line in supports.splitlines() if line.startswith("| ")][1:]
    assert rows[0] == "| Shortened school day" and rows[-1] == "| Academic skill support"
    assert len(rows) == 11


def test_iep_statement(dumps):
    text = body(dumps["iep"])
    # a draft never calls itself part of the IEP until the case says it was adopted
    assert "[Heading 1] Writing this plan into the IEP\n" in text
    assert "The family asks that this re-integration plan" in text
    assert "be written into Eli's IEP, so that it is not an informal arrangement." in text
    assert "is part of Eli's IEP" not in text


def test_tracking_sheet_header_repeats_in_word(built):
    """The dump's "(header, repeats)" is Word's "repeat as header row" on the first row."""
    document = docx.Document(str(built["iep"]))
    table = document.tables[-2]
    assert table.rows[0].cells[0].text == "Day"
    header = table.rows[0]._tr.trPr
    assert header is not None
    assert header.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert all(
        row._tr.trPr is None or row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is None
        for row in table.rows[1:]
    )
    assert table.style.name == "Table Grid"


# -- the 504 example: parking-lot, custom and library phases, she/her --------------------------


def test_504_never_says_iep(dumps):
    assert not re.search(r"\bIEP\b", dumps["504"])  # body, tables, footer and properties
    text = body(dumps["504"])
    assert "**Status:** a draft the family proposes for Amira's Section 504 plan⏎" in text
    assert "[Heading 1] Writing this plan into the Section 504 plan\n" in text
    assert "be written into Amira's Section 504 plan, so that it is not an informal" in text
    assert "for discussion by the Section 504 team and the family" in text


def test_504_custom_phase(dumps):
    text = body(dumps["504"])
    assert (
        "| 3. Mornings with the class | Amira says goodbye to her father at the side door and "
        "stays with her class through morning recess. | 120 minutes a day | about two weeks "
        "(an example; the data decides) |"
    ) in text
    phase = text.split("[Heading 2] Phase 3: Mornings with the class\n")[1].split("[Heading 2]")[0]
    assert phase == (
        "[Normal] **Goal:** Amira says goodbye to her father at the side door and stays with her "
        "class through morning recess.\n"
        "[Normal] **Attendance:** 120 minutes in school a day. A full school day is 400 "
        "minutes.\n"
        "[Normal] **Typical length:** about two weeks (an example; the data decides)\n"
        "[Normal] **Activities and expectations:**\n"
        "[List Bullet] • Her father walks her to the side door by 9:15 a.m.; the goodbye takes "
        "about two minutes.\n"
        "[List Bullet] • Morning meeting and reading with her class, then morning recess with "
        "Noor.\n"
        "[Normal] **Supports in place before expectations rise:**\n"
        "[List Bullet] • The social worker meets her at the side door each morning.\n"
        "[List Bullet] • A picture schedule of the morning on her desk.\n"
        "[List Bullet] • Ear defenders and a break card for the reading corner.\n"
        "[Normal] **Data to track:**\n"
        "[List Bullet] • Arrival time and how the goodbye went\n"
        "[List Bullet] • Minutes in school\n"
        "[List Bullet] • Distress rating at arrival and after recess\n"
        "[Normal] **Moving on, holding or stepping back:**\n"
        "[List Bullet] • Moving on: Amira stays through recess on 4 of 5 days with a mean "
        "distress rating of 5 or less.\n"
        "[List Bullet] • Holding: When the data is mixed, or fewer than 5 days have been logged "
        "in this phase, Amira stays in this phase with the same supports.\n"
        "[List Bullet] • Stepping back: When the target is met on 1 day or fewer in a full "
        "window, the team considers returning to phase 2 for a time, with the supports of that "
        "phase.\n"
    )


def test_504_library_phases_and_targets(dumps):
    text = body(dumps["504"])
    assert re.search(r"\| 1\. Parking-lot visits \| [^|]+ \| not measured in minutes \|", text)
    assert "[Heading 2] Phase 1: Parking-lot visits\n" in text
    assert "This phase is not measured in minutes in school." in text
    assert "Amira is in the building for about one hour a day, with a target of 60 minutes." in text
    # library targets follow this school's 400-minute day: half, three quarters, 90%
    assert re.search(r"\| 4\. Building tolerance \| [^|]+ \| 200 minutes a day \|", text)
    assert re.search(r"\| 5\. Expanding participation \| [^|]+ \| 300 minutes a day \|", text)
    assert re.search(r"\| 6\. Stabilization \| [^|]+ \| 360 minutes a day \|", text)
    assert "with a target of 360 minutes. A full school day is 400 minutes." in text


def test_pronouns_agree(dumps):
    eli = body(dumps["iep"])
    for phrase in (
        "how upset or worried he feels",
        "so that he gets to the next room",
        "more of his classes",
    ):
        assert phrase in eli, phrase
    assert not re.search(r"\b(they|They) (are|were|have|do|feel|helped)\b", eli)
    assert not re.search(r"\bthemsel(f|ves)\b", eli)

    amira = body(dumps["504"])
    for phrase in (
        "a short list she helped write",
        "how upset or worried she feels",
        "Amira gives the distress rating herself",
        "Amira follows her regular schedule",
        "what worries her",
    ):
        assert phrase in amira, phrase

    jordan = body(dumps["none"])
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
    text = body(dumps["none"])
    assert text.startswith("[Title] Proposed School Re-integration Plan\n")
    assert "**Status:** a proposal to attach to a request for evaluation⏎" in text
    assert (
        "**Student:** Jordan Rivera-Núñez, grade 8, born September 14, 2012⏎" in text
    )  # no "(Jordan)"
    assert "[Heading 1] How this proposal becomes part of a plan\n" in text
    assert (
        "The family attaches it to its written request for an initial evaluation of Jordan" in text
    )
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
            "iep",
            "Re-integration plan for Elias Okafor",
            "Attendance and re-integration plan, part of the IEP",
        ),
        (
            "504",
            "Re-integration plan for Amira Haddad",
            "Attendance and re-integration plan, part of the Section 504 plan",
        ),
        (
            "none",
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
        "section 1: 8.5 x 11 in, portrait\n"
        "footer 1: Page {PAGE} of {NUMPAGES}\n"
        "section 2: 11 x 8.5 in, landscape\n"  # the tracking sheet
    )
    core = docx.Document(str(built[key])).core_properties
    assert (core.title, core.language) == (title, "en-US")


@pytest.mark.parametrize("key", list(EXAMPLES))
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
    assert "the first hour of the day a day" not in dumps["none"]


def test_first_phase_step_back_fits_the_plans_first_phase(dumps):
    """Amira's first phase is the parking-lot visits: stepping back from it makes the visits
    smaller, never 'a smaller first step such as the parking-lot visits'; Elias's plan starts
    inside the building and has no parking-lot phase."""
    amira = body(dumps["504"])
    assert "in the first phase, stepping back means making the parking-lot visits smaller." in amira
    assert "smaller first step" not in amira
    elias = body(dumps["iep"])
    assert (
        "in the first phase, stepping back means a smaller first step, such as short visits to "
        "the school grounds."
    ) in elias
    assert "parking-lot visit" not in elias
