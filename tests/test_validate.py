"""Validation through `srkit check` and `srkit build`: every problem at once, each as
`PATH:LINE:COL: error: MESSAGE` with a `  hint:` line, exit 1, no traceback, no file written."""

from __future__ import annotations

import pytest
from conftest import IEP, NO_PLAN, SECTION_504, no_traceback, run_cli, write_case

#: Several typos and wrong values at once. Line numbers matter: keep the layout.
BAD_CASE = """\
srkit: 1
student:
  name: Maya Alvarez
  pronouns: she
  plan: ipe
  birth_date: 2010-02-30
acommodations:
  - shortened-day
accommodations:
  - flexible-arival
  - safe-space: { room: "114" }
people:
  school_contacts:
    - name: Karen Lee
letters:
  - type: meeting-request
    to: Karen Le
    reply_within_days: ten
reintegration:
  phases: standrd
"""

#: The problems in the shape and values of BAD_CASE: (error line, hint line or None).
BAD_SHAPE = [
    (
        "4:13: error: student.pronouns: 'she' is not an allowed value",
        "did you mean 'she/her'? allowed: she/her, he/him, they/them",
    ),
    (
        "5:9: error: student.plan: 'ipe' is not an allowed value",
        "did you mean 'iep'? allowed: iep, 504, none",
    ),
    (
        "6:15: error: student.birth_date: '2010-02-30' is not a date on the calendar",
        "check the month (01-12) and the day of the month",
    ),
    ("7:1: error: unknown key 'acommodations'", "did you mean 'accommodations'?"),
    (
        "18:24: error: letters[1].reply_within_days: expected a whole number, got 'ten'",
        "write digits, e.g. 10",
    ),
    (
        "20:11: error: reintegration.phases: 'standrd' is not a phase list",
        "did you mean 'standard'? write `phases: standard` or a list of phases",
    ),
]

#: The problems in what BAD_CASE refers to (the snippet library, its own people).
BAD_REFERENCES = [
    ("10:5: error: unknown accommodation 'flexible-arival'", "did you mean 'flexible-arrival'?"),
    (
        "11:19: error: 'room' is not a parameter of 'safe-space'",
        "'safe-space' takes: location, supervisor_role, visit_minutes",
    ),
    ("17:9: error: 'Karen Le' is not a school contact in people", "did you mean 'Karen Lee'?"),
]


def expected_block(path, where_message: str, hint: str | None) -> str:
    """Return the stderr text of one problem: its error line and its hint line."""
    text = f"{path}:{where_message}\n"
    return text + (f"  hint: {hint}\n" if hint else "")


def assert_reports(stderr: str, path, problems) -> None:
    """Assert that each problem appears in ``stderr`` exactly, with its hint line after it."""
    for where_message, hint in problems:
        block = expected_block(path, where_message, hint)
        assert block in stderr, f"missing:\n{block}\nin:\n{stderr}"


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def test_check_reports_every_shape_problem(tmp_path):
    case = write_case(tmp_path, BAD_CASE)
    code, stdout, stderr = run_cli("check", case)
    assert code == 1
    assert stdout == ""
    no_traceback(stderr)
    assert_reports(stderr, case, BAD_SHAPE)
    for line in stderr.splitlines():
        assert line.startswith((f"{case}:", "  hint: ")), line


def test_check_reports_reference_problems_together_with_shape_problems(tmp_path):
    case = write_case(tmp_path, BAD_CASE)
    code, _, stderr = run_cli("check", case)
    assert code == 1
    no_traceback(stderr)
    assert_reports(stderr, case, BAD_SHAPE + BAD_REFERENCES)
    assert len(error_lines(stderr)) == len(BAD_SHAPE) + len(BAD_REFERENCES)


REFERENCE_CASE = """\
srkit: 1
student:
  name: Maya Alvarez
accommodations:
  - flexible-arival
  - safe-space: { room: "114" }
interventions:
  - counseling: { provider: "school psychologist", minuts: 30 }
  - shortened-day
people:
  school_contacts:
    - name: Karen Lee
letters:
  - type: meeting-request
    to: Karen Le
reintegration:
  phases:
    - use: re-entry
      with: { hours: "one hour", target_minutes: 45 }
    - use: stabilisation
"""


def test_check_reports_every_reference_problem(tmp_path):
    case = write_case(tmp_path, REFERENCE_CASE)
    code, stdout, stderr = run_cli("check", case)
    assert code == 1
    assert stdout == ""
    no_traceback(stderr)
    problems = [
        ("5:5: error: unknown accommodation 'flexible-arival'", "did you mean 'flexible-arrival'?"),
        (
            "6:19: error: 'room' is not a parameter of 'safe-space'",
            "'safe-space' takes: location, supervisor_role, visit_minutes",
        ),
        (
            "8:52: error: 'minuts' is not a parameter of 'counseling'",
            "did you mean 'minutes'? 'counseling' takes: provider, minutes, frequency, location",
        ),
        ("15:9: error: 'Karen Le' is not a school contact in people", "did you mean 'Karen Lee'?"),
        ("20:12: error: unknown phase 'stabilisation'", "did you mean 'stabilization'?"),
    ]
    assert_reports(stderr, case, problems)
    # ... and one more: the accommodation listed under interventions (its wording is below)
    assert len(error_lines(stderr)) == len(problems) + 1
    assert f"{case}:9:5: error: 'shortened-day' is a" in stderr


def test_snippet_of_the_wrong_kind_reads_correctly(tmp_path):
    case = write_case(tmp_path, REFERENCE_CASE)
    _, _, stderr = run_cli("check", case)
    assert_reports(
        stderr,
        case,
        [
            (
                "9:5: error: 'shortened-day' is an accommodation, not an intervention",
                "list it under accommodations",
            )
        ],
    )


def test_unknown_keys_in_nested_sections_get_did_you_mean(tmp_path):
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Maya Alvarez
          prefered_name: Maya
        people:
          parents:
            - name: Elena Alvarez
              relatonship: mother
        reintegration:
          start_date: 2026-12-07
          schol_day_minutes: 390
          decisions:
            windw: 5
          phases:
            - use: re-entry
            - title: Mornings with a friend
              target_minutes: 200
        credit_recovery:
          courses:
            - { name: "English 10", status: behnd }
        """,
    )
    code, _, stderr = run_cli("check", case)
    assert code == 1
    no_traceback(stderr)
    problems = [
        ("4:3: error: unknown key 'prefered_name' in student", "did you mean 'preferred_name'?"),
        (
            "8:7: error: unknown key 'relatonship' in people.parents[1]",
            "did you mean 'relationship'?",
        ),
        (
            "11:3: error: unknown key 'schol_day_minutes' in reintegration",
            "did you mean 'school_day_minutes'?",
        ),
        ("13:5: error: unknown key 'windw' in reintegration.decisions", "did you mean 'window'?"),
        (
            "16:7: error: missing required key 'goal' in reintegration.phases[2]",
            "a custom phase needs `title:` and `goal:`",
        ),
        (
            "20:37: error: credit_recovery.courses[1].status: 'behnd' is not an allowed value",
            "did you mean 'behind'? allowed: behind, missed, in progress",
        ),
    ]
    assert_reports(stderr, case, problems)
    assert len(error_lines(stderr)) == len(problems)


def test_missing_required_keys(tmp_path):
    case = write_case(tmp_path, "student:\n  school: Lincoln High School\n")
    code, _, stderr = run_cli("check", case)
    assert code == 1
    no_traceback(stderr)
    assert stderr == (
        f"{case}:1:1: error: missing required key 'srkit'\n"
        "  hint: add `srkit: 1` as the first line\n"
        f"{case}:1:1: error: missing required key 'name' in student\n"
        "  hint: add `name:`\n"
    )


def test_build_of_a_bad_case_writes_nothing(tmp_path):
    case = write_case(tmp_path, BAD_CASE)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out, "--format", "docx,md,txt")
    assert code == 1
    assert stdout == ""
    no_traceback(stderr)
    assert_reports(stderr, case, BAD_SHAPE)
    assert not out.exists()


def test_build_of_a_case_with_reference_problems_writes_nothing(tmp_path):
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Maya Alvarez
        accommodations:
          - flexible-arival
        """,
    )
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out)
    assert code == 1
    assert stdout == ""
    assert stderr == (
        f"{case}:5:5: error: unknown accommodation 'flexible-arival'\n"
        "  hint: did you mean 'flexible-arrival'?\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("case", [IEP, SECTION_504, NO_PLAN], ids=["iep", "504", "none"])
def test_example_cases_check_clean(case):
    code, stdout, stderr = run_cli("check", case)
    assert code == 0, stderr
    assert stdout == ""
    assert ": error: " not in stderr
    assert stderr.splitlines()[-1].startswith(f"{case}: ok")
