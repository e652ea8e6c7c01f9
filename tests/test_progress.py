"""Progress from data: the log rules, the decision rules at their boundaries, the report."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import IEP, SECTION_504

from toolkit.cli.app import cli
from toolkit.progress.log import Day
from toolkit.progress.rules import (
    Rules,
    current,
    first_step_back,
    history,
    recommend,
    stints,
)
from toolkit.word.dump import dump_docx

HEADER = "date,phase,entered_building,minutes,classes,distress,work_completed,notes\n"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def days(*rows: tuple[int, float, float], phase: int = 2, entered: bool = True) -> list[Day]:
    start = dt.date(2027, 1, 4)
    return [
        Day(start + dt.timedelta(days=i), phase, entered, minutes, 2, distress, None, "", i + 2)
        for i, (minutes, distress, *_rest) in enumerate(rows)
    ]


DEFAULT_RULES = Rules()


def outcome(rows, target=195, rules=DEFAULT_RULES, phase_count=4, first_step=None):
    return recommend(rows, target, rules, phase_count=phase_count, first_step=first_step)


# --- the decision rules, boundary by boundary ----------------------------------------------


def test_advance_at_exactly_advance_met_and_max_distress():
    rec = outcome(days((195, 5), (195, 5), (195, 5), (195, 5), (100, 5)))
    assert rec.outcome == "advance"
    assert rec.days_met == 4 and rec.mean_distress == 5
    assert rec.wording == "Consider moving to phase 3."


def test_distress_just_above_the_limit_holds():
    rec = outcome(days((195, 5), (195, 5), (195, 5), (195, 5), (100, 5.5)))
    assert rec.outcome == "hold"
    assert rec.rule == "target met on 4 of 5 days, but mean distress 5.1 is above 5"


def test_one_minute_short_of_target_does_not_count():
    rec = outcome(days((194, 2), (195, 2), (195, 2), (195, 2), (100, 2)))
    assert rec.outcome == "hold"
    assert rec.days_met == 3


def test_step_back_at_step_back_met_in_a_full_window():
    rec = outcome(days((195, 3), (100, 3), (100, 3), (100, 3), (100, 3)))
    assert rec.outcome == "step back"
    assert rec.days_met == 1
    assert rec.wording.startswith("Consider stepping back to phase 1 for a time")


def test_two_days_met_holds():
    assert outcome(days((195, 3), (195, 3), (100, 3), (100, 3), (100, 3))).outcome == "hold"


def test_a_day_not_in_the_building_never_meets_the_target():
    rows = [
        *days((195, 3), (195, 3), (195, 3), (195, 3)),
        Day(dt.date(2027, 1, 20), 2, False, 0, 0, 3, None, "", 9),
    ]
    assert outcome(rows).days_met == 4


def test_fewer_days_than_the_window_holds_with_not_enough_data():
    rec = outcome(days((300, 1), (300, 1), (300, 1), (300, 1)))
    assert rec.outcome == "hold"
    assert rec.wording == "Hold: not enough data yet (4 of 5 days logged in this phase)."


def test_last_phase_advance_reads_maintain_and_fade():
    rec = outcome(days(*[(351, 2)] * 5, phase=4), target=351)
    assert rec.outcome == "advance"
    assert rec.wording.startswith("Maintain the current phase; consider fading one support")


def test_first_phase_step_back_suggests_a_smaller_first_step():
    rec = outcome(days(*[(10, 8)] * 5, phase=1), target=60)
    assert rec.outcome == "step back"
    assert "smaller first step (such as short visits to the school grounds" in rec.wording


def test_phase_without_a_target_gets_no_recommendation():
    rec = outcome(days(*[(0, 4)] * 6, phase=1), target=None)
    assert rec.outcome == "none"
    assert rec.wording.startswith("No recommendation")


def test_overridden_rules_change_the_outcome():
    rows = days((195, 3), (195, 3), (195, 3), (100, 3), (100, 3))
    assert outcome(rows).outcome == "hold"
    assert outcome(rows, rules=Rules(window=5, advance_met=3)).outcome == "advance"
    assert outcome(rows, rules=Rules(step_back_met=2)).outcome == "hold"
    assert (
        outcome(
            days((195, 3), (195, 3), (100, 3), (100, 3), (100, 3)), rules=Rules(step_back_met=2)
        ).outcome
        == "step back"
    )


def test_window_is_the_current_stint_only():
    before = days(*[(300, 1)] * 5, phase=1)
    after = [
        Day(dt.date(2027, 2, 1) + dt.timedelta(days=i), 2, True, 300, 2, 1, None, "", 20)
        for i in range(3)
    ]
    assert [len(s) for s in stints(before + after)] == [5, 3]
    rec = current(before + after, {1: 60, 2: 195}, Rules(), 4)
    assert rec.phase == 2 and rec.outcome == "hold" and "not enough data" in rec.wording


def test_trend_compares_with_the_previous_window_of_the_same_stint():
    rows = days(*[(100, 6)] * 5 + [(200, 4)] * 5)
    rec = outcome(rows)
    assert rec.trend_minutes == pytest.approx(100)
    assert rec.trend_distress == pytest.approx(-2)


def test_history_at_every_review_point_and_each_stint_end():
    rows = days(*[(195, 3)] * 12)
    points = history(rows, {2: 195}, Rules(), 5, 4)
    assert [len([1 for _ in range(p.days_in_window)]) for p in points] == [5, 5, 5]
    assert [p.date for p in points] == [rows[4].date, rows[9].date, rows[11].date]


# --- the example IEP case's log -----------------------------------------------------------


def test_the_example_log_holds_at_phase_3_with_the_numbers():
    result = run("progress", IEP)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "What the data suggests: Hold at the current phase with the same supports." in out
    assert (
        "In the last 5 logged days of phase 3 (Expanding participation), Eli met the target of "
        "270 minutes on 3 days, and the mean distress rating was 5.2."
    ) in out
    assert "1. Re-entry (60 min)" in out and "2. Building tolerance (180 min)" in out
    assert "3. Expanding participation (270 min)" in out


def test_the_example_report_has_every_phase_the_chart_and_the_recommendation(tmp_path):
    result = run("build", IEP, "--only", "progress", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / "elias-okafor-progress.docx")]
    dump = dump_docx(tmp_path / "elias-okafor-progress.docx")
    assert "[Normal] **Hold at the current phase with the same supports.**" in dump
    assert "| 1. Re-entry (target 60 min) | 8 | 7 | 57.5 | 65 | 5 of 8 | 7.0 → 4.4 |" in dump
    assert "| 2. Building tolerance (target 180 min) | 10 | 10 | 170.5 | 182.5 | 6 of 10 |" in dump
    assert "| 3. Expanding participation (target 270 min) | 7 | 7 | 257.9 | 260 | 3 of 7 |" in dump
    assert "| February 4, 2027 | 2 | 4 of 5 | 4.4 | move on: target met on 4 of 5 days" in dump
    assert "[Heading 1] Minutes in school per day\n[Normal] {drawing}" in dump
    from docx import Document

    document = Document(tmp_path / "elias-okafor-progress.docx")
    pictures = document.inline_shapes
    assert len(pictures) == 1
    alt = pictures[0]._inline.docPr.get("descr")
    assert alt.startswith("Bar chart of the minutes Eli spent in school on each of 25 logged")
    assert "**January 22, 2027:** First day with two classes; went home after math" in dump


def _case_with_log(tmp_path: Path, log: str, decisions: str = "") -> Path:
    (tmp_path / "log.csv").write_text(HEADER + textwrap.dedent(log), encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(
        textwrap.dedent("""\
        srkit: 1
        student: { name: Ana Ruiz, plan: iep }
        reintegration:
          start_date: 2027-01-04
          phases: standard
        """)
        + textwrap.indent(decisions, "  ")
        + "progress: { log: log.csv }\n",
        encoding="utf-8",
    )
    return case


def test_a_student_who_stops_reaching_the_target_gets_a_step_back(tmp_path):
    case = _case_with_log(
        tmp_path,
        """\
        2027-01-04,2,yes,200,2,4,,
        2027-01-05,2,yes,120,1,6,,
        2027-01-06,2,no,0,0,8,,
        2027-01-07,2,yes,90,1,7,,
        2027-01-08,2,yes,100,1,7,,
        """,
    )
    out = run("progress", case).stdout
    assert "What the data suggests: Consider stepping back to phase 1 (Re-entry)" in out


def test_minutes_met_with_high_distress_holds_and_overrides_apply(tmp_path):
    log = """\
        2027-01-04,2,yes,200,2,7,,
        2027-01-05,2,yes,200,2,7,,
        2027-01-06,2,yes,200,2,6,,
        2027-01-07,2,yes,200,2,6,,
        2027-01-08,2,yes,200,2,6,,
        """
    out = run("progress", _case_with_log(tmp_path, log)).stdout
    assert "What the data suggests: Hold at the current phase with the same supports." in out
    assert "mean distress 6.4 is above 5" in out
    other = tmp_path / "b"
    other.mkdir()
    out = run("progress", _case_with_log(other, log, "decisions: { advance_max_distress: 7 }\n"))
    assert "Consider moving to phase 3" in out.stdout


def test_a_bad_row_is_rejected_with_its_csv_line(tmp_path):
    case = _case_with_log(
        tmp_path,
        """\
        2027-01-04,2,yes,200,2,4,,
        2027-01-05,9,yes,200,2,4,,
        2027-01-06,2,maybe,200,2,4,,
        2027-01-07,2,no,30,0,4,,
        2027-01-04,2,yes,100,2,11,120%,
        """,
    )
    result = run("build", case, "-o", tmp_path / "out")
    assert result.exit_code == 1
    log = tmp_path / "log.csv"
    assert result.stderr.splitlines() == [
        f"{log}:3: error: phase '9' is not a phase of the plan",
        "  hint: phases are numbered 1 to 4",
        f"{log}:4: error: entered_building 'maybe' must be yes or no",
        f"{log}:5: error: entered_building is no but minutes is 30",
        "  hint: a day the student did not enter the building has 0 minutes",
        f"{log}:6: error: distress '11' must be a number from 0 to 10",
        "  hint: the student's own rating: 0 calm, 10 worst",
        f"{log}:6: error: work_completed '120%' must be 0 to 100 (a percentage) or empty",
    ]
    assert not (tmp_path / "out").exists()


def test_duplicate_date_names_both_lines(tmp_path):
    case = _case_with_log(tmp_path, "2027-01-04,2,yes,200,2,4,,\n2027-01-04,2,yes,100,2,4,,\n")
    result = run("progress", case)
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'log.csv'}:3: error: duplicate date 2027-01-04 (also on line 2)"
        in result.stderr
    )


def test_row_before_start_date_is_a_warning(tmp_path):
    case = _case_with_log(tmp_path, "2027-01-01,1,yes,60,0,4,,\n")
    result = run("progress", case)
    assert result.exit_code == 0
    assert (
        f"{tmp_path / 'log.csv'}:2: warning: 2027-01-01 is before the plan's start date "
        "(2027-01-04)"
    ) in result.stderr


def test_only_progress_without_a_log_is_an_input_error(tmp_path):
    result = run("build", SECTION_504, "--only", "progress", "-o", tmp_path)
    assert result.exit_code == 1
    assert "error: --only progress, but the case has no daily log" in result.stderr


def test_commands_that_draw_no_chart_do_not_import_the_workbook_writer(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from toolkit.cli import main; sys.argv=['srkit','build',"
        f"{str(IEP)!r},'--only','plan,letters','-o',"
        f"{str(tmp_path)!r}]\n"
        "try: main()\n"
        "except SystemExit as done: assert done.code in (0, None), f'build failed: {done.code}'\n"
        "assert 'xlsxwriter' not in sys.modules, 'xlsxwriter imported'\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # the build this test watches did happen: the plan and the three letters are there
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [
        "elias-okafor-2027-01-04-meeting-request.docx",
        "elias-okafor-2027-01-04-policy-inquiry.docx",
        "elias-okafor-2027-01-04-records-request.docx",
        "elias-okafor-plan.docx",
    ]


# --- the report's wording follows the numbers ------------------------------------------------


def test_one_logged_day_is_written_as_one_day_and_a_miss_as_not_met(tmp_path):
    case = _case_with_log(tmp_path, "2027-01-04,2,yes,100,1,3,,\n")
    out = run("progress", case).stdout
    assert (
        "On the one logged day of phase 2 (Building tolerance), Ana did not meet the target "
        "of 195 minutes, and the distress rating was 3.0."
    ) in out
    assert "last 1" not in out and "1 days" not in out


def test_no_day_at_target_is_written_as_no_days(tmp_path):
    case = _case_with_log(
        tmp_path, "2027-01-04,2,yes,100,1,3,,\n2027-01-05,2,yes,90,1,2,,\n2027-01-06,2,no,0,0,4,,\n"
    )
    out = run("progress", case).stdout
    assert "In the last 3 logged days of phase 2 (Building tolerance), Ana met the target" in out
    assert "minutes on no days, and the mean distress rating was 3.0." in out


def test_a_phase_with_one_window_shows_one_distress_value_and_the_caption_one_target(tmp_path):
    case = _case_with_log(
        tmp_path, "".join(f"2027-01-{d:02d},2,yes,200,2,{d % 3},,\n" for d in (4, 5, 6, 7, 8))
    )
    result = run("build", case, "--only", "progress", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    dump = dump_docx(tmp_path / "out" / "ana-ruiz-progress.docx")
    assert "| 5 of 5 | 1.2 (all 5 days) |" in dump  # not "1.2 → 1.2", the same days twice
    summary = dump.split("[Heading 1] Summary by phase")[1].split("[Heading 1]")[0]
    assert " → " not in summary.split("(header, repeats)")[1]
    caption = dump.split("[Heading 1] Minutes in school per day\n")[1].split("\n")[1]
    assert "the short black dashes show the minute target of that day's phase;" in caption
    assert "All these days are in phase 2." in caption
    assert "written under its date" not in caption and "without a minute target" not in caption


def test_log_days_after_the_report_date_are_warned_about_by_check_and_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1799193600")  # 2027-01-06
    case = _case_with_log(
        tmp_path,
        "2027-01-05,2,yes,100,1,3,,\n2027-01-07,2,yes,90,1,2,,\n2027-01-08,2,yes,9,1,2,,\n",
    )
    expected = (
        f"{tmp_path / 'log.csv'}:3: warning: the log has days after the report date "
        "(2027-01-06): 2 days, 2027-01-07 to 2027-01-08\n"
        "  hint: check the dates in the log; a report cannot show days that have not happened "
        "yet\n"
    )
    for args in (("check", case), ("build", case, "--only", "progress", "-o", tmp_path / "o")):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert expected in result.stderr, args


@pytest.mark.parametrize(
    ("phase_ids", "expected"),
    [
        (["re-entry", "build-tolerance"], "such as short visits to the school grounds"),
        ([None, "re-entry"], "such as short visits to the school grounds"),
        ([None, "parking-lot", "re-entry"], "(such as the parking-lot visits)"),
        (["parking-lot", "re-entry"], "Consider making the parking-lot visits smaller"),
    ],
    ids=["library phase", "case-written phase", "parking lot later", "parking lot first"],
)
def test_first_phase_step_back_fits_the_kind_of_phase(phase_ids, expected):
    rec = outcome(days(*[(10, 8)] * 5, phase=1), target=60, first_step=first_step_back(phase_ids))
    assert rec.outcome == "step back"
    assert expected in rec.wording
    if phase_ids[0] == "parking-lot":
        assert "smaller first step" not in rec.wording


# --- a very long log: linear work, a report of bounded length (issue 17, item 16) -----------


def test_each_review_point_looks_at_two_windows_and_says_what_the_whole_stint_says(monkeypatch):
    """The history once copied the stint up to every review point (quadratic in a long log):
    each point now looks at the last two windows only, with the same result."""
    import toolkit.progress.rules as rules_module

    rows = days(*[(180 + (i * 37) % 60, (i * 7) % 11) for i in range(300)])
    expected = [
        recommend(rows[:count], 195, DEFAULT_RULES, phase_count=4)
        for count in range(1, 301)
        if count % 5 == 0 or count == 300
    ]
    seen: list[int] = []
    real = rules_module._recommend

    def counting(recent, *args, **kwargs):
        seen.append(len(recent))
        return real(recent, *args, **kwargs)

    monkeypatch.setattr(rules_module, "_recommend", counting)
    assert history(rows, {2: 195}, DEFAULT_RULES, 5, 4) == expected
    assert len(seen) == 60 and max(seen) == 2 * DEFAULT_RULES.window


def test_a_build_reads_the_log_rows_once(tmp_path, monkeypatch):
    """The plan's baseline and the progress report share one reading of the log."""
    import toolkit.progress.log as log_module

    case = _case_with_log(
        tmp_path, "".join(f"2027-01-{d:02d},1,yes,40,0,5,,\n" for d in range(4, 9))
    )
    calls = []
    real = log_module._row
    monkeypatch.setattr(log_module, "_row", lambda *a, **k: calls.append(1) or real(*a, **k))
    log_module._read_rows.cache_clear()
    result = run("build", case, "-o", tmp_path / "out", "--format", "docx,md")
    assert result.exit_code == 0, result.stderr
    assert len(calls) == 5  # once per row, not once per reader (the plan, the report)


def test_a_very_long_log_shows_its_last_days_one_by_one_and_sums_up_every_day(
    tmp_path, monkeypatch
):
    import toolkit.documents.progress as progress

    monkeypatch.setattr(progress, "DAYS_SHOWN", 10)
    start = dt.date(2027, 1, 4)
    log = "".join(
        f"{start + dt.timedelta(days=i)},{1 if i < 20 else 2},yes,{60 + i},0,{i % 10},,"
        f"{'note ' + str(i) if i % 4 == 0 else ''}\n"
        for i in range(30)
    )
    case = _case_with_log(tmp_path, log)
    result = run("build", case, "--only", "progress", "--format", "md", "-o", tmp_path / "o")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "o" / "ana-ruiz-progress.md").read_text(encoding="utf-8")
    assert "**Data:** 30 logged school days, January 4, 2027 to February 2, 2027\\" in text
    assert (
        "**Shown day by day:** the last 10 logged days, January 24, 2027 to February 2, 2027 "
        "(the chart, its table, the review history and the notes); the summaries cover every "
        "day\\"
    ) in text
    summary = text.split("## Summary by phase")[1].split("##")[0]
    assert "| 20 |" in summary and "| 10 |" in summary  # both phases, every day
    table = text.split("## Minutes in school per day")[1].split("##")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "2027" in line]
    assert len(rows) == 10 and rows[0].startswith("| January 24, 2027 | 2 | 80 |")
    history = text.split("## Review history")[1].split("##")[0]
    points = [line.split(" | ")[0] for line in history.splitlines() if "2027 |" in line]
    assert points == ["| January 28, 2027", "| February 2, 2027"]  # phase 2's, in those days
    assert "each of 10 logged school days from 2027-01-24 to 2027-02-02" in table  # the chart
    notes = text.split("## Notes from the daily log")[1]
    assert [n for n in notes.splitlines() if n.startswith("- ")] == [
        "- **January 24, 2027:** note 20",
        "- **January 28, 2027:** note 24",
        "- **February 1, 2027:** note 28",
    ]
    monkeypatch.setattr(progress, "DAYS_SHOWN", 30)
    run("build", case, "--only", "progress", "--format", "md", "-o", tmp_path / "o", "--force")
    assert "Shown day by day" not in (tmp_path / "o" / "ana-ruiz-progress.md").read_text()
