"""The record of supports delivered: `support:<id>` log columns, what the report says about
them, and the rule that a plan not carried out is never read as the student's failure."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from conftest import run_cli, write_case

from toolkit.progress.log import Day
from toolkit.progress.rules import Rules, recommend
from toolkit.progress.supports import date_list

SUPPORTS = {"safe-space": "Safe space and break pass", "trusted-adult": "Trusted adult"}
START = dt.date(2027, 1, 4)


def window(*rows: tuple[float, dict[str, bool]]) -> list[Day]:
    """Five-ish logged days of phase 2 (target 195), each with its supports record."""
    return [
        Day(
            START + dt.timedelta(days=i), 2, True, minutes, 2, 4, None, "", i + 2, supports=supports
        )
        for i, (minutes, supports) in enumerate(rows)
    ]


MISSED = {"safe-space": False, "trusted-adult": True}
GIVEN = {"safe-space": True, "trusted-adult": True}


def test_step_back_becomes_plan_not_carried_out_when_most_days_lacked_a_support():
    rows = window((60, MISSED), (60, MISSED), (60, MISSED), (60, GIVEN), (60, GIVEN))
    without = recommend(rows, 195, Rules(), phase_count=4)
    assert without.outcome == "step back"  # what the rules alone say
    rec = recommend(rows, 195, Rules(), phase_count=4, supports=SUPPORTS)
    assert rec.outcome == "plan not carried out"
    assert "step" not in rec.wording.split(":")[0].lower()
    assert rec.wording.startswith(
        "The plan was not carried out: Safe space and break pass was not in place on "
        "January 4, 5 and 6, 2027."
    )
    assert rec.rule.startswith("a support was not in place on 3 of 5 days in the window")


def test_hold_becomes_plan_not_carried_out_too():
    rows = window((200, MISSED), (200, MISSED), (200, MISSED), (60, GIVEN), (60, GIVEN))
    assert recommend(rows, 195, Rules(), phase_count=4).outcome == "hold"
    rec = recommend(rows, 195, Rules(), phase_count=4, supports=SUPPORTS)
    assert rec.outcome == "plan not carried out"


def test_supports_missing_on_half_the_days_or_fewer_leave_the_rules_alone():
    rows = window((60, MISSED), (60, MISSED), (60, GIVEN), (60, GIVEN), (60, {}))
    rec = recommend(rows, 195, Rules(), phase_count=4, supports=SUPPORTS)
    assert rec.outcome == "step back"


def test_an_advance_is_never_taken_away():
    rows = window(*[(200, MISSED)] * 5)
    rec = recommend(rows, 195, Rules(), phase_count=4, supports=SUPPORTS)
    assert rec.outcome == "advance"


def test_days_without_a_record_are_not_counted_as_missed():
    rows = [replace(d, supports={}) for d in window(*[(60, MISSED)] * 5)]
    assert recommend(rows, 195, Rules(), phase_count=4, supports=SUPPORTS).outcome == "step back"


def test_date_lists_read_as_running_text():
    d = dt.date
    assert date_list([d(2027, 1, 15), d(2027, 1, 12), d(2027, 1, 13)]) == (
        "January 12, 13 and 15, 2027"
    )
    assert date_list([d(2027, 1, 30), d(2027, 2, 2)]) == "January 30; February 2, 2027"
    assert date_list([d(2026, 12, 30), d(2027, 1, 4)]) == "December 30, 2026; January 4, 2027"


CASE = """
srkit: 1
student:
  name: Lena Ortiz
  plan: iep
  school: Alder Middle School
accommodations: [safe-space, trusted-adult]
interventions: [counseling]
reintegration:
  start_date: 2027-01-04
  phases: standard
progress:
  log: log.csv
"""
HEADER = "date,phase,entered_building,minutes,classes,distress,work_completed,notes"


def log(tmp_path, header: str, *rows: str):
    (tmp_path / "log.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_an_unknown_support_column_is_an_error_with_a_hint(tmp_path):
    case = write_case(tmp_path, CASE)
    log(tmp_path, HEADER + ",support:safe-spcae", "2027-01-04,1,yes,60,1,4,,,yes")
    code, _, stderr = run_cli("check", case)
    assert code == 1
    assert f"{tmp_path / 'log.csv'}:1: error: unknown support column 'support:safe-spcae'" in (
        stderr
    )
    assert "hint: did you mean 'support:safe-space'?" in stderr


def test_a_support_value_must_be_yes_no_or_empty(tmp_path):
    case = write_case(tmp_path, CASE)
    log(tmp_path, HEADER + ",support:counseling", "2027-01-04,1,yes,60,1,4,,,maybe")
    code, _, stderr = run_cli("check", case)
    assert code == 1
    assert (
        f"{tmp_path / 'log.csv'}:2: error: support:counseling 'maybe' must be yes, no or empty"
        in stderr
    )


def test_the_report_shows_supports_delivered_and_the_plan_not_carried_out(tmp_path):
    from toolkit.word.dump import dump_docx

    case = write_case(tmp_path, CASE)
    rows = [
        f"2027-01-{4 + i:02d},1,yes,{m},1,4,,,{s},yes"
        for i, (m, s) in enumerate([(10, "no"), (10, "no"), (10, "no"), (70, "yes"), (10, "")])
    ]
    log(tmp_path, HEADER + ",support:safe-space,support:trusted-adult", *rows)
    code, stdout, stderr = run_cli("build", case, "-o", tmp_path / "out", "--only", "progress")
    assert code == 0, stderr
    text = dump_docx(stdout.split()[0])
    assert "The plan was not carried out: Safe space and break pass was not in place on " in text
    assert "January 4, 5 and 6, 2027" in text
    assert "step back" not in text.lower().split("## review history")[0]
    assert "Supports in place" in text
    assert "| Safe space and break pass | 1 of 4 recorded days | January 4, 5 and 6, 2027 |" in text
    assert "| Trusted adult at arrival | 5 of 5 recorded days | no recorded day |" in text


def test_the_spanish_report_says_the_plan_was_not_carried_out_in_spanish(tmp_path):
    case = write_case(tmp_path, CASE + "\noutput:\n  languages: [es]\n")
    rows = [
        f"2027-01-{4 + i:02d},1,yes,{m},1,4,,,{s},yes"
        for i, (m, s) in enumerate([(10, "no"), (10, "no"), (10, "no"), (70, "yes"), (10, "")])
    ]
    log(tmp_path, HEADER + ",support:safe-space,support:trusted-adult", *rows)
    code, _stdout, stderr = run_cli(
        "build", case, "-o", tmp_path / "out", "--only", "progress", "--format", "md"
    )
    assert code == 0, stderr
    (report,) = (tmp_path / "out").glob("*-progress-es.md")
    text = report.read_text(encoding="utf-8")
    assert (
        "**El plan no se cumplió: el apoyo “Lugar seguro y pase para descansar” no estuvo en "
        "marcha los días 4, 5 y 6 de enero de 2027. Poner en marcha todos los apoyos" in text
    )
    assert "## Los apoyos en marcha" in text
    assert (
        "| Lugar seguro y pase para descansar | 1 de 4 días anotados | 4, 5 y 6 de enero de "
        in (text)
    )
    assert "| Una persona adulta de confianza a la llegada | 5 de 5 días anotados | ninguno |" in (
        text
    )
