"""The fixes of the December 2026 content review ("safe to sign"), each pinned by what a family
or an advocate would read: the reduced-day protections, the baseline and annual goal, no
parent duties in the plan, adult students and guardians, letters that read like a person
wrote them, and nothing asserted that the case does not give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import NO_PLAN, ROOT, run_cli, write_case

from toolkit.library.citations import registry


def build_md(case: Path, out: Path, only: str | None = None) -> dict[str, str]:
    """Build ``case`` as Markdown into ``out``; return file name → text."""
    args = ["build", case, "-o", out, "--format", "md"]
    if only:
        args += ["--only", only]
    code, _, stderr = run_cli(*args)
    assert code == 0, stderr
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.md")}


def plan_of(files: dict[str, str]) -> str:
    return next(text for name, text in files.items() if name.endswith("-plan.md"))


def letter_of(files: dict[str, str], kind: str) -> str:
    return next(text for name, text in files.items() if name.endswith(f"-{kind}.md"))


BASE = """\
srkit: 1
student:
  name: Ana Ruiz
  pronouns: she/her
  grade: {grade}
  plan: {plan}
  {student_extra}
people:
  parents: [{{ name: Rosa Ruiz, relationship: {relationship} }}]
  advocate: {{ name: Lee Park, organization: Parent Center }}
  school_contacts:
    - {{ name: Jo Bell, honorific: Ms., title: Principal }}
    - {{ name: Sam Ortiz, title: Assistant Principal }}
barriers: [anxiety]
accommodations: [{accommodations}]
interventions: [counseling]
reintegration:
  start_date: 2027-02-01
  {reint_extra}
{rest}
"""


def case_text(**given: str) -> str:
    values = {
        "grade": "9",
        "plan": "iep",
        "student_extra": "",
        "relationship": "mother",
        "accommodations": "shortened-day",
        "reint_extra": "",
        "rest": "",
    }
    return BASE.format(**(values | given))


# -- W1: a reduced day never costs the family its rights ----------------------------------------


def test_phases_below_a_full_day_with_no_shortened_day_support_get_the_check_warning(tmp_path):
    case = write_case(tmp_path, case_text(accommodations="safe-space"))
    code, _stdout, stderr = run_cli("check", case)
    assert code == 0
    assert (
        f"{case}:15: warning: phases 1, 2, 3, 4 ask for less than a full school day, but no "
        "support says how the rest of the day's instruction is given"
    ) in stderr
    assert "add `shortened-day`, `hybrid-setting` or `interim-home-instruction`" in stderr


def test_with_a_shortened_day_the_warning_goes_and_the_protections_are_written(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            reint_extra="reduced_day: { reason: panic attacks after about an hour in the "
            "building, options_considered: 'a full day with breaks only, which her clinician "
            "advised against' }"
        ),
    )
    _, _, stderr = run_cli("check", case)
    assert "less than a full school day" not in stderr
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    section = plan.split("## While the school day is shorter")[1].split("\n## ")[0]
    assert "because of panic attacks after about an hour in the building" in section
    assert "It considered a full day with breaks only, which her clinician" in section
    assert "(390 minutes minus the current phase's minutes)" in section
    assert (
        "Every special education and related service in Ana's IEP continues at its full" in section
    )
    assert "Prior Written Notice of the shortened day and of each change in its hours" in section
    assert "are recorded as present" in section
    assert "No truancy referral" in section
    assert "does not agree that a shorter day provides Ana a free appropriate public" in section
    assert "compensatory services" in section
    # what the case leaves out is a visible blank, listed at build time
    assert "through [hybrid, small-group or home instruction]" in section


def test_a_full_day_plan_has_no_reduced_day_section(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            accommodations="safe-space",
            reint_extra="phases: [{ title: Full days, goal: Attend every day., "
            "target_minutes: 390 }, { use: stabilization, with: { target_minutes: 390 } }]",
        ),
    )
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    assert "While the school day is shorter" not in plan


# -- W2: the school's plan holds only the school's duties ---------------------------------------

PARENT_DUTY = re.compile(
    r"\b(?:the|a|each) (?:parent|parents|family|mother|father|guardian)\s+"
    r"(?:will|must|should|records?|brings?|drives?|sends?|calls?|makes?|ensures?|stays?|"
    r"writes?|keeps? (?!the right)|takes?|walks?|follows?|reports?|watch(?:es)?|compares?|"
    r"checks?|fills?|tracks?|monitors?)\b",
    re.IGNORECASE,
)
HOME_DUTY = re.compile(
    r"\b(?:days?|time|hours?) at home\b[^.]*\b(?:stays?|is kept|are kept|kept|without)\b|"
    r"\b(?:kept|stays?|is) (?:quiet|school-like|low-key)\b[^.]*\bat home\b",
    re.IGNORECASE,
)
EVERY_CASE = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("case", EVERY_CASE, ids=lambda p: p.stem)
def test_no_plan_makes_the_parent_the_subject_of_a_duty(tmp_path, case):
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    for sentence in re.split(r"(?<=[.;:])\s+", plan):
        assert not PARENT_DUTY.search(sentence), sentence
        assert not HOME_DUTY.search(sentence), sentence


def test_the_duty_scan_finds_what_it_looks_for():
    assert PARENT_DUTY.search("The parent records each visit on the tracking sheet.")
    assert PARENT_DUTY.search("the family will call the school")
    assert HOME_DUTY.search("On days at home during school hours, the day stays quiet.")
    assert HOME_DUTY.search("how time at home during school hours is kept quiet and school-like")
    assert not HOME_DUTY.search("in a quiet room at school, and at home if the family agrees")
    assert not PARENT_DUTY.search("The family keeps the right to ask for compensatory services.")
    assert PARENT_DUTY.search("Staff and the family watch for early signs of slipping.")


def test_every_plan_with_every_snippet_is_free_of_parent_duties(tmp_path):
    """All the library's supports and phases at once, for each plan type."""
    from toolkit.library.snippets import load_library

    library = load_library()
    supports = ", ".join(library.ids("accommodation"))
    services = ", ".join(library.ids("intervention"))
    options = ", ".join(library.ids("credit-recovery"))
    phases = ", ".join(f"{{ use: {p} }}" for p in library.ids("phase"))
    for plan in ("iep", '"504"', "none"):
        key = plan.strip('"')
        case = write_case(
            tmp_path,
            f"""\
            srkit: 1
            student: {{ name: Ana Ruiz, grade: 11, plan: {plan} }}
            barriers: [anxiety, sensory, social, separation, mornings]
            accommodations: [{supports}]
            interventions: [{services}]
            reintegration: {{ start_date: 2027-02-01, phases: [{phases}] }}
            credit_recovery: {{ options: [{options}] }}
            """,
            name=f"all-{key}.yaml",
        )
        text = plan_of(build_md(case, tmp_path / f"out-{key}", "plan"))
        for sentence in re.split(r"(?<=[.;:])\s+", text):
            assert not PARENT_DUTY.search(sentence), sentence
            assert not HOME_DUTY.search(sentence), sentence
        assert "parent counseling and training" in text or plan != "iep"
        if plan == "iep":
            assert "(34 CFR 300.34(c)(8))" in text


# -- S2: where the student is starting ------------------------------------------------------------


def test_without_data_the_baseline_is_a_set_of_visible_blanks(tmp_path):
    case = write_case(tmp_path, case_text())
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    assert "## Where Ana is starting" in plan
    assert "Over [period the baseline covers], Ana entered the building on [days in the " in plan
    assert "### Annual attendance goal" in plan
    assert "By [date of the next annual review], Ana will attend school for at least 351 " in plan
    assert "(34 CFR 300.320(a)(1))" in plan and "(34 CFR 300.320(a)(3))" in plan


def test_a_baseline_block_is_stated_and_a_first_phase_below_it_is_warned(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            rest="baseline: { from: 2027-01-04, to: 2027-01-29, school_days: 20, "
            "days_in_building: 12, mean_minutes: 150, mean_distress: 6.5 }"
        ),
    )
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    assert (
        "From January 4, 2027 to January 29, 2027, Ana entered the building on 12 of 20 school "
        "days, spent a mean of 150 minutes a day in school, and gave a mean distress rating of "
        "6.5"
    ) in plan
    _, _, stderr = run_cli("check", case)
    assert (
        "warning: phase 1 asks for 60 minutes a day, less than the 150 minutes the baseline "
        "already shows"
    ) in stderr


def test_a_504_goal_reports_progress_without_the_iep_rule(tmp_path):
    case = write_case(tmp_path, case_text(plan='"504"'))
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    goal = plan.split("### Annual attendance goal")[1].split("\n## ")[0]
    assert "the Section 504 coordinator reports it to the family in writing" in goal
    assert "IEP" not in goal and "300.320" not in goal


# -- W3: adult students and guardians -------------------------------------------------------------


def test_a_guardians_letter_never_says_my_daughter(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            relationship="legal guardian",
            rest="letters:\n  - { type: meeting-request, date: 2027-01-15, to: Jo Bell }",
        ),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "meeting-request")
    assert "my daughter" not in letter and "my child" not in letter
    assert "Ana Ruiz, for whom I am the legal guardian" in letter
    assert "Legal guardian of Ana Ruiz" in letter


def test_an_adult_student_co_signs_and_the_parent_encloses_her_consent(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            grade="12",
            student_extra="birth_date: 2008-06-01",
            rest="letters:\n  - { type: records-request, date: 2027-01-15, to: Jo Bell }",
        ),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "records-request")
    assert "Ana is an adult student and joins this request as a co-signer" in letter
    assert "Ana Ruiz  \nStudent" in letter
    assert "Enclosure: Ana Ruiz's signed and dated consent under the Family Educational" in letter
    assert "an eligible student may inspect and review" in letter
    _, _, stderr = run_cli("check", case)
    assert "warning: the student is 18 on the letter's date (2027-01-15)" in stderr


def test_a_grade_12_student_without_a_birth_date_is_warned(tmp_path):
    case = write_case(
        tmp_path,
        case_text(grade="12", rest="letters:\n  - { type: meeting-request, date: 2027-01-15 }"),
    )
    _, _, stderr = run_cli("check", case)
    assert "the student is in grade 12 and the case has no birth date" in stderr
    assert "add `birth_date` under student" in stderr


def test_the_plan_states_the_transfer_of_rights_near_the_age_of_majority(tmp_path):
    case = write_case(tmp_path, case_text(grade="11", student_extra="birth_date: 2009-03-01"))
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    section = plan.split("## Rights when Ana comes of age")[1]
    assert "(34 CFR 300.520)" in section and "(34 CFR 300.320(c))" in section
    assert "(34 CFR 99.3, 34 CFR 99.5)" in section
    assert "at the age of majority, [age of majority under state law]" in section


# -- letters (W4, S5, S8, S12, S13, S4, P5, P6) ---------------------------------------------------

INQUIRY = """letters:
  - type: policy-inquiry
    date: 2027-01-15
    to: Jo Bell
    from: {sender}
    claims:
      - {{ quote: "Four years is the limit.", said_by: Jo Bell, said_on: 2027-01-10,
          topic: four-year-graduation }}
"""


def test_a_policy_inquiry_to_the_person_quoted_says_you(tmp_path):
    case = write_case(tmp_path, case_text(rest=INQUIRY.format(sender="Rosa Ruiz")))
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "policy-inquiry")
    assert "On January 10, 2027, you told me:" in letter
    assert "Jo Bell told" not in letter
    assert "Could you point me to the written policy" in letter
    assert "Dear Ms. Bell," in letter
    assert "Statement 1" not in letter  # one statement: no numbering, singular wording
    assert "a statement made to me" in letter


def test_an_advocate_letter_says_the_family_authorized_it_and_encloses_the_release(tmp_path):
    case = write_case(tmp_path, case_text(rest=INQUIRY.format(sender="Lee Park")))
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "policy-inquiry")
    assert "Rosa Ruiz has authorized me to act for the family in this matter" in letter
    assert "Enclosure: Signed and dated authorization from Rosa Ruiz for Lee Park" in letter
    assert "you told Ana's family:" in letter


def test_an_unknown_honorific_is_a_blank_and_a_parent_writes_in_one_voice(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            rest="letters:\n  - { type: meeting-request, date: 2027-01-15, to: Sam Ortiz, "
            "topics: [reintegration-plan] }"
        ),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "meeting-request")
    assert "Dear [Ms./Mr./Mx./Dr.] Ortiz," in letter
    assert "I propose a gradual return" in letter
    assert "The family proposes" not in letter
    assert "procedural safeguards notice (34 CFR 300.504)" in letter
    assert "If the school decides not to hold a meeting" in letter


def test_the_credit_letter_names_a_13th_or_14th_year_for_an_older_student(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            grade="11",
            rest="letters:\n  - { type: credit-recovery-request, date: 2027-01-15, to: Jo Bell }",
        ),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "credit-recovery-request")
    assert "including, if needed, an additional (13th or 14th) year" in letter
    assert "No federal rule sets how missed credits must be made up." in letter
    assert "As far as I know" not in letter
    assert "(34 CFR 300.101)" in letter and "(34 CFR 300.102(a)(3))" in letter


def test_the_evaluation_request_asks_for_testing_a_struggling_student_can_manage(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            plan="none",
            rest="letters:\n  - { type: evaluation-request, date: 2027-01-15, to: Jo Bell }",
        ),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "evaluation-request")
    assert "testing be arranged at a time and place Ana can manage" in letter
    assert "a functional behavioral assessment (FBA)" in letter
    assert "copies of the evaluation reports" in letter


def test_the_meeting_follow_up_asks_for_notice_of_proposals_and_refusals(tmp_path):
    case = write_case(
        tmp_path,
        case_text(rest="letters:\n  - { type: meeting-follow-up, date: 2027-01-15, to: Jo Bell }"),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "meeting-follow-up")
    assert "each change the team proposed or refused" in letter
    assert "300.324(a)(4)" not in letter


def test_a_pwn_request_without_a_plan_stays_within_what_pwn_covers(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            plan="none",
            rest="letters:\n  - { type: pwn-request, date: 2027-01-15, to: Jo Bell, "
            "about: the refusal to shorten Ana's day }",
        ),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "pwn-request")
    assert "provision of a free appropriate public education" not in letter
    assert "a written explanation of the school's decision" in letter
    assert "(34 CFR 300.111)" in letter
    _, _, stderr = run_cli("check", case)
    assert "Prior Written Notice covers identification and evaluation only" in stderr


# -- W6 / P7 / S14: nothing the case does not give -----------------------------------------------


def test_a_draft_asserts_nothing_the_case_does_not_give(tmp_path):
    case = write_case(tmp_path, case_text(plan="none"))
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    assert "The team has identified" not in plan
    assert "wants to be in school" not in plan
    assert "the evaluation it has requested" not in plan
    assert "attaches it to its written request" not in plan
    assert "The family asks the school to evaluate Ana" in plan


def test_an_adopted_plan_says_it_is_part_of_the_iep(tmp_path):
    case = write_case(tmp_path, case_text(reint_extra="adopted_on: 2027-01-20"))
    plan = plan_of(build_md(case, tmp_path / "out", "plan"))
    assert "## This plan is part of the IEP" in plan
    assert "**Part of:** Ana's Individualized Education Program (IEP)" in plan


def test_behaviour_first_words_in_text_the_school_reads_are_warned(tmp_path):
    case = write_case(
        tmp_path,
        case_text(student_extra="summary: Since October he has refused to leave the car."),
    )
    code, _, stderr = run_cli("check", case)
    assert code == 0
    assert (
        f"{case}:7: warning: 'refused' frames the student as choosing not to attend; this "
        "text goes to the school"
    ) in stderr


def test_private_log_notes_stay_out_of_the_progress_report(tmp_path):
    (tmp_path / "log.csv").write_text(
        "date,phase,entered_building,minutes,classes,distress,work_completed,notes,private\n"
        "2027-02-01,1,yes,60,0,6,,Met the counselor at the side door,\n"
        "2027-02-02,1,no,0,0,9,,Big argument at home about the phone,yes\n"
        "2027-02-03,1,yes,45,0,7,,She refused to get out of the car at first,\n",
        encoding="utf-8",
    )
    case = write_case(tmp_path, case_text(rest="progress: { log: log.csv }"))
    files = build_md(case, tmp_path / "out", "progress")
    report = next(text for name, text in files.items() if name.endswith("-progress.md"))
    assert "Met the counselor at the side door" in report
    assert "Big argument at home" not in report
    _, _, stderr = run_cli("check", case)
    assert "log.csv:4: warning: the note says 'refused'" in stderr
    assert "log.csv:3" not in stderr


# -- citations -----------------------------------------------------------------------------------

NEW_CITATIONS = (
    "34 CFR 300.34(c)(8)",
    "34 CFR 300.320(a)(1)",
    "34 CFR 300.320(a)(2)",
    "34 CFR 300.320(a)(3)",
    "34 CFR 300.320(c)",
    "34 CFR 300.520",
    "34 CFR 99.3",
    "34 CFR 99.5",
    "34 CFR 300.614",
)


@pytest.mark.parametrize("cite", NEW_CITATIONS)
def test_every_new_citation_carries_the_official_text_it_was_checked_against(cite):
    entry = registry()[cite]
    assert entry.status == "verified"
    assert entry.text and len(entry.text) > 60
    assert entry.source and re.match(r"https://(www\.ecfr\.gov|sites\.ed\.gov)/", entry.source)


def test_the_example_builds_with_a_full_reduced_day_section(tmp_path):
    plan = plan_of(build_md(NO_PLAN, tmp_path / "out", "plan"))
    assert "## While the school day is shorter" in plan
    _code, _, stderr = run_cli("check", NO_PLAN)
    assert "less than a full school day" not in stderr


# -- the family guide ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", EVERY_CASE, ids=lambda p: p.stem)
def test_the_family_guide_builds_for_every_example_on_request_only(tmp_path, case):
    """On request only, unless the case asks for the family's languages (``output:``): then it
    is one of the family's own documents, a file of its own, never part of the plan."""
    code, stdout, stderr = run_cli("build", case, "-o", tmp_path / "all", "--format", "md")
    assert code == 0, stderr
    asks_for_family_documents = "\noutput:" in case.read_text(encoding="utf-8")
    assert ("family-guide" in stdout) == asks_for_family_documents
    plan = plan_of({p.name: p.read_text("utf-8") for p in (tmp_path / "all").glob("*.md")})
    assert "This guide is for you" not in plan  # never attached to the plan
    files = build_md(case, tmp_path / "guide", "family-guide")
    stem = f"{case.stem.replace('rivera', 'rivera-nunez').replace('vargas', 'vargas-ruiz')}"
    assert f"{stem}-family-guide.md" in files
    guide = files[f"{stem}-family-guide.md"]
    assert guide.startswith("# A guide for ")
    assert "This guide is for you, not for the school." in guide
    assert "## Mornings" in guide and "## Keeping your own records" in guide
    assert "correspondence.csv" in guide
    assert "34 CFR" not in guide  # plain language: no citations


def test_the_family_guide_takes_the_parking_lot_visits_from_the_familys_side(tmp_path):
    amira = ROOT / "examples" / "amira-haddad.yaml"
    guide = " ".join(next(iter(build_md(amira, tmp_path / "out", "family-guide").values())).split())
    assert "## The parking-lot visits, from your side" in guide
    assert "A school staff member joins each visit and keeps the record" in guide
    assert "## Days at home during school hours" in guide
    plan = plan_of(build_md(amira, tmp_path / "plan", "plan"))
    assert "Days at home" not in plan and "low-key" not in plan.split("## Interventions")[0]


def test_an_advocates_records_request_cites_the_right_to_a_representative(tmp_path):
    case = write_case(
        tmp_path,
        case_text(
            rest="letters:\n  - { type: records-request, date: 2027-01-15, to: Jo Bell, "
            "from: Lee Park }"
        ),
    )
    letter = letter_of(build_md(case, tmp_path / "out", "letters"), "records-request")
    assert "(34 CFR 300.613(b)(3))" in letter
    assert "Rosa Ruiz has authorized me to act for the family" in letter
    assert "Enclosure: Signed and dated authorization from Rosa Ruiz for Lee Park" in letter
