"""The plan checker (`srkit check`): alignment warnings with the case line and what to add."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import cli

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

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
    assert err.rstrip().endswith("ok (7 warnings)")


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


def test_contract_cases_check_clean_or_with_warnings_only():
    code, err = check(SHARED / "cases" / "maya-alvarez.yaml")
    assert code == 0 and "warning" not in err
    code, err = check(SHARED / "cases" / "theo-brooks.yaml")
    assert code == 0
    assert (
        "theo-brooks.yaml:58: warning: phase 3 more than doubles the minute target (60 → 200)"
        in err
    )
