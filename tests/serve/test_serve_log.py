"""The daily log form adds a row to the case's CSV log, checked as the command line checks it,
and the progress page shows it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from serve.helpers import axe_check

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_log_row_is_added_and_the_progress_page_shows_it(web, server):
    shutil.copy(EXAMPLES / "elias-okafor.yaml", server.folder / "elias.yaml")
    log = server.folder / "elias-okafor-log.csv"
    shutil.copy(EXAMPLES / "elias-okafor-log.csv", log)
    before = log.read_text(encoding="utf-8")
    web.goto(server.url + "/case/elias.yaml/log")
    axe_check(web)

    # a bad row: the command line's words, next to the field and in the summary
    web.get_by_label("Date").fill("2027-03-01")
    web.get_by_label("Yes").check()
    web.get_by_label("Minutes in school").fill("900")
    web.get_by_label("Classes attended").fill("3")
    web.get_by_label("How hard it felt (distress), 0 to 10").fill("4")
    web.get_by_role("button", name="Add this day").click()
    alert = web.get_by_role("alert")
    assert "minutes '900' must be a number from 0 to 360" in alert.inner_text()
    assert web.get_by_label("Minutes in school").get_attribute("aria-invalid") == "true"
    assert log.read_text(encoding="utf-8") == before
    axe_check(web)

    web.get_by_label("Minutes in school").fill("185")
    web.get_by_label("Notes").fill("Stayed for lunch, with a friend")
    web.get_by_label("Keep this note private").check()
    web.get_by_role("button", name="Add this day").click()
    assert "was added to the log" in web.get_by_role("status").inner_text()
    after = log.read_text(encoding="utf-8")
    header, _nl, rest = before.partition("\n")
    assert after.startswith(header + ",private\n" + rest)  # the optional column, added
    added = after[len(before) + len(",private") :].strip()
    assert added.startswith("2027-03-01,") and added.endswith(",yes")
    assert '"Stayed for lunch, with a friend"' in added

    web.get_by_role("link", name="See the progress").first.click()
    web.get_by_role("heading", name="Progress").wait_for()
    days = web.get_by_role("table", name="The days logged")
    first_row = days.locator("tbody tr").first
    assert "2027-03-01" in first_row.inner_text()
    assert "Stayed for lunch, with a friend" in first_row.inner_text()
    assert "private" in first_row.inner_text()
    assert "What the data suggests" in web.locator("main").inner_text()
    chart = web.get_by_role("img", name="Minutes in school on each logged day")
    assert chart.locator("rect").count() == len(after.strip().splitlines()) - 1
    assert "Phase 3" in chart.locator("desc").text_content()
    axe_check(web)


def test_a_case_without_a_log_can_start_one(web, server):
    path = server.case(
        "nolog.yaml",
        """
        srkit: 1
        student:
          name: Ari Stone
        """,
    )
    web.goto(server.url + "/case/nolog.yaml/log")
    web.get_by_role("button", name="Start a daily log").click()
    web.get_by_role("button", name="Add this day").wait_for()
    assert "log: nolog-log.csv" in path.read_text(encoding="utf-8")
    assert (server.folder / "nolog-log.csv").read_text(encoding="utf-8").startswith("date,phase,")


def test_the_supports_in_place_are_recorded_as_the_command_line_reads_them(web, server):
    from toolkit.documents.progress import load_progress, plan_supports
    from toolkit.pipeline import validate_case

    case = server.folder / "elias-supports.yaml"
    shutil.copy(EXAMPLES / "elias-okafor.yaml", case)
    log = server.folder / "elias-okafor-log.csv"
    shutil.copy(EXAMPLES / "elias-okafor-log.csv", log)
    before = log.read_text(encoding="utf-8")
    web.goto(server.url + "/case/elias-supports.yaml/log")
    supports = web.get_by_role("group", name="Supports in place that day")
    planned = list(plan_supports(validate_case(case)))
    assert len(planned) == 11
    assert supports.get_by_role("checkbox").count() == 12  # one per support, and "none"
    axe_check(web)

    web.get_by_label("Date").fill("2027-03-02")
    web.get_by_label("Minutes in school").fill("120")
    web.get_by_label("Classes attended").fill("2")
    web.get_by_label("How hard it felt (distress), 0 to 10").fill("5")
    supports.get_by_label("Trusted adult at arrival").check()
    supports.get_by_label("Safe space and break pass").check()
    supports.get_by_label("None of these were in place that day").check()
    web.get_by_role("button", name="Add this day").click()
    assert "“None of these” is ticked too" in web.get_by_role("alert").inner_text()
    assert supports.get_attribute("aria-invalid") == "true"
    assert log.read_text(encoding="utf-8") == before
    assert supports.get_by_label("Trusted adult at arrival").is_checked()  # answers kept
    axe_check(web)

    supports.get_by_label("None of these were in place that day").uncheck()
    web.get_by_role("button", name="Add this day").click()
    assert "was added to the log" in web.get_by_role("status").inner_text()
    header = log.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(before.splitlines()[0] + ",support:shortened-day,")
    days = load_progress(validate_case(case), dt.date(2027, 3, 31)).log.days  # as `srkit progress`
    assert days[0].supports == {}  # the days before: not recorded
    day = next(d for d in days if d.date.isoformat() == "2027-03-02")
    assert day.supports == {s: s in ("safe-space", "trusted-adult") for s in planned}

    # a day on which nothing was in place is recorded as such
    web.get_by_label("Date").fill("2027-03-03")
    web.get_by_label("Minutes in school").fill("60")
    web.get_by_label("Classes attended").fill("1")
    web.get_by_label("How hard it felt (distress), 0 to 10").fill("6")
    supports.get_by_label("None of these were in place that day").check()
    web.get_by_role("button", name="Add this day").click()
    assert "was added to the log" in web.get_by_role("status").inner_text()
    last = log.read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith("2027-03-03,") and last.endswith(",no" * 11)
