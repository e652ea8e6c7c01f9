"""The plan checker (`srkit check`): alignment warnings with the case line and what to add."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IEP, NO_PLAN, SECTION_504

from toolkit.cli.app import cli

FAILING = """\
srkit: 1
student:
  name: Sam Lee
  grade: 11
  plan: none
barriers:
  - anxiety
  - safety
accommodations:
  - flexible-arrival
reintegration:
  phases:
    - use: re-entry
    - title: Full days
      goal: Attend full days.
      target_minutes: 390
      move_on: after two weeks
credit_recovery:
  options: [online-coursework]
"""


def check(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(path)])
    return result.exit_code, result.stderr


def test_each_detectable_failure_is_warned_at_its_line(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(FAILING, encoding="utf-8")
    code, err = check(case)
    assert code == 0, err  # warnings never change the exit status
    lines = [line for line in err.splitlines() if ": warning: " in line]
    assert lines == [
        f"{case}:5: warning: plan: none and no evaluation request: the plan would stay an "
        "informal arrangement",
        f"{case}:8: warning: no accommodation or intervention addresses the barrier 'safety'",
        f"{case}:9: warning: phase 1 asks for less than a full school day, but no support says "
        "how the rest of the day's instruction is given",
        f"{case}:13: warning: the plan has 2 phases; a gradual return needs at least 3",
        f"{case}:14: warning: phase 2 raises the target from 60 to 390 minutes but lists no "
        "supports",
        f"{case}:14: warning: phase 2 goes to a full day (390 minutes) straight after less than "
        "half a day (60 minutes)",
        f"{case}:17: warning: phase 2 moves on by the calendar only: 'after two weeks'",
        f"{case}:19: warning: credit recovery has no pacing: all missed work on top of current "
        "work is rarely realistic",
    ]
    assert "  hint: add one of: safety-response" in err or "  hint: add one of: " in err
    assert "  hint: add `essential-work-only` or `extended-timeline`" in err
    assert err.rstrip().endswith("ok (8 warnings)")


def test_doubling_target_is_warned_but_the_standard_sequence_is_not(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        textwrap.dedent("""\
        srkit: 1
        student: { name: Ana Ruiz, plan: iep }
        letters: []
        reintegration:
          phases:
            - use: re-entry
            - use: build-tolerance
            - title: Most of the day
              goal: Stay until the last period.
              target_minutes: 300
              supports: [Break pass]
            - use: stabilization
        """),
        encoding="utf-8",
    )
    code, err = check(case)
    assert code == 0
    assert f"{case}:8: warning: phase 3 " not in err  # 195 -> 300 is less than double
    assert "phase 2" not in err  # re-entry -> build-tolerance is the library's own path


@pytest.mark.parametrize("case", [SECTION_504, NO_PLAN], ids=["504", "none"])
def test_the_example_cases_check_without_warnings(case):
    code, err = check(case)
    assert (code, err) == (0, f"{case}: ok\n")


def test_the_example_log_after_the_report_date_is_the_one_warning():
    """The tests build on 2026-11-28; the IEP example's log runs from January 2027."""
    code, err = check(IEP)
    log = IEP.parent / "elias-okafor-log.csv"
    assert (code, err) == (
        0,
        f"{log}:2: warning: the log has days after the report date (2026-11-28): 25 days, "
        "2027-01-11 to 2027-02-16\n"
        "  hint: check the dates in the log; a report cannot show days that have not happened "
        "yet\n"
        f"{IEP}: ok (1 warning)\n",
    )


def test_a_step_up_of_more_than_double_is_warned_at_the_phase(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        textwrap.dedent("""\
        srkit: 1
        student: { name: Ana Ruiz, plan: "504" }
        reintegration:
          phases:
            - use: parking-lot
            - use: re-entry
            - title: Mornings with a friend
              goal: Stay through lunch.
              target_minutes: 200
              supports: [Break pass]
            - use: stabilization
        """),
        encoding="utf-8",
    )
    code, err = check(case)
    assert code == 0
    lines = err.splitlines()
    at = lines.index(f"{case}:7: warning: phase 3 more than doubles the minute target (60 → 200)")
    assert lines[at + 1] == "  hint: add an intermediate phase so the step up is smaller"
