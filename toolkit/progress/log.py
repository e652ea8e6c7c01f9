"""Read and check the daily tracking log: one CSV row per school day.

Columns: ``date, phase, entered_building, minutes, classes, distress, work_completed, notes``,
optionally ``private`` (``yes`` keeps that day's note out of the progress report), and
optional ``support:<snippet id>`` columns (one per accommodation or intervention the plan
names; ``yes``, ``no`` or empty): the record of whether each support was in place that day.
Every problem is reported at its CSV line; rows may come in any order; a duplicate date is an
error naming both lines; a row dated before the plan's start gets a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from dataclasses import field
from pathlib import Path

from toolkit.case.load import read_text
from toolkit.errors import Problem, ToolkitError, did_you_mean, quoted, warning
from toolkit.frozen import Frozen

COLUMNS = (
    "date",
    "phase",
    "entered_building",
    "minutes",
    "classes",
    "distress",
    "work_completed",
    "notes",
    "private",
)
OPTIONAL = ("notes", "private")  # columns a log may leave out
SUPPORT_PREFIX = "support:"
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Day(Frozen):
    """One logged school day."""

    date: dt.date
    phase: int
    entered: bool
    minutes: float
    classes: int
    distress: float
    work_completed: float | None
    notes: str
    line: int
    private: bool = False  # the family keeps this note to itself (never in the progress report)
    supports: dict[str, bool] = field(default_factory=dict)  # support id -> in place that day


class Log(Frozen):
    """A checked log: its days in date order, and warnings about it."""

    path: Path
    days: list[Day]
    warnings: list[Problem]


def read_log(
    path: Path,
    *,
    phase_count: int,
    day_minutes: int,
    start_date: dt.date | None,
    text: str | None = None,
    supports: tuple[str, ...] = (),
    report_date: dt.date | None = None,
) -> Log:
    """Return the log at ``path``; raise ``ToolkitError`` listing every bad row.

    ``text``, when given, is checked as the content of ``path`` (a row not saved yet).
    ``supports`` are the ids of the accommodations and interventions the plan names: the only
    ids a ``support:<id>`` column may use. Days before the plan's ``start_date`` or after the
    ``report_date`` are kept, with a warning.
    """
    if text is None:
        text = read_text(path, "daily log")
    shown = str(path)
    problems = _header_problems(_header(text, shown), supports, shown)
    if problems:
        raise ToolkitError(problems)
    rows = _read_rows(shown, text, phase_count, day_minutes)
    if rows.problems:
        raise ToolkitError(list(rows.problems))
    warnings: list[Problem] = []
    for day in rows.in_file_order:
        framing = rows.framing.get(day.line)
        if framing is not None:
            warnings.append(framing)
        if start_date and day.date < start_date:
            warnings.append(
                warning(
                    shown,
                    day.line,
                    f"{day.date.isoformat()} is before the plan's "
                    f"start date ({start_date.isoformat()})",
                    "check the date, or the start_date in the case",
                )
            )
    return warn_days_after(Log(path, list(rows.by_date), warnings), report_date)


def warn_days_after(log: Log, report_date: dt.date | None) -> Log:
    """Return ``log`` with a warning about its days after ``report_date`` (kept) added, if it
    has any; ``log`` itself when it has none."""
    later = [d for d in log.days if report_date and d.date > report_date]
    if not (later and report_date):
        return log
    span = later[0].date.isoformat()
    if len(later) > 1:
        span = f"{len(later)} days, {span} to {later[-1].date.isoformat()}"
    found = warning(
        str(log.path),
        min(d.line for d in later),
        f"the log has days after the report date ({report_date.isoformat()}): {span}",
        "check the dates in the log; a report cannot show days that have not happened yet",
    )
    return Log(log.path, log.days, [*log.warnings, found])


def _header(text: str, shown: str) -> list[str]:
    """Return the log's column names (the first CSV record, stripped and lowercase)."""
    reader = csv.reader(io.StringIO(text), strict=True)  # reads no further than it needs
    try:
        header = next(reader)
    except StopIteration:
        raise ToolkitError.at(
            shown, 1, "the log is empty", "the first line names the columns: " + ",".join(COLUMNS)
        ) from None
    except csv.Error as exc:
        raise ToolkitError.at(shown, 1, f"not a CSV file: {exc}") from None
    return [h.strip().lower() for h in header]


def _header_problems(names: list[str], supports: tuple[str, ...], shown: str) -> list[Problem]:
    problems: list[Problem] = []
    for name in names:
        if name.startswith(SUPPORT_PREFIX):
            problems += _support_column(name, supports, shown)
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    shown,
                    1,
                    f"unknown column {quoted(name)}",
                    did_you_mean(name, COLUMNS) or "columns: " + ",".join(COLUMNS),
                )
            )
    for column in COLUMNS:
        if column not in names and column not in OPTIONAL:
            problems.append(
                Problem(
                    shown,
                    1,
                    f"missing column '{column}'",
                    "the first line names the columns: " + ",".join(COLUMNS),
                )
            )
    return problems


class _Rows(Frozen):
    """The rows of a log whose header is good: its days, and what is wrong with the rows."""

    in_file_order: tuple[Day, ...]
    by_date: tuple[Day, ...]
    problems: tuple[Problem, ...]  # by line
    framing: dict[int, Problem]  # line -> the warning about a note that blames the student


@functools.lru_cache(maxsize=4)
def _read_rows(shown: str, text: str, phase_count: int, day_minutes: int) -> _Rows:
    """Return the rows of the log ``text``, read once for every caller that asks the same (one
    build reads the log for the plan's baseline and for the progress report)."""
    reader = csv.reader(io.StringIO(text), strict=True)
    index = {h.strip().lower(): i for i, h in enumerate(next(reader))}
    days: list[Day] = []
    problems: list[Problem] = []
    framing: dict[int, Problem] = {}
    seen: dict[dt.date, int] = {}
    for line, row in _records(reader, shown):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        day, row_problems = _row(cells, index, line, shown, phase_count, day_minutes)
        problems += row_problems
        if day is None:
            continue
        if day.date in seen:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"duplicate date {day.date.isoformat()} (also on line {seen[day.date]})",
                    "one row per school day; merge the two rows",
                )
            )
            continue
        seen[day.date] = line
        if day.notes and not day.private:
            from toolkit.safeguards import behaviour_first

            found = behaviour_first(day.notes)
            if found:
                framing[line] = warning(
                    shown,
                    line,
                    f"the note says '{found}', which frames the student as choosing "
                    "not to attend; the progress report goes to the school",
                    "describe what made attending hard (e.g. 'could not leave the car'), or "
                    "mark the note private with `yes` in a `private` column",
                )
        days.append(day)
    return _Rows(
        tuple(days),
        tuple(sorted(days, key=lambda d: d.date)),
        tuple(sorted(problems, key=lambda p: p.line or 0)),
        framing,
    )


def _row(
    cells: list[str],
    index: dict[str, int],
    line: int,
    shown: str,
    phase_count: int,
    day_minutes: int,
) -> tuple[Day | None, list[Problem]]:
    """Return the day the stripped ``cells`` of one row record, or the row's problems."""
    width = len(cells)

    def cell(name: str) -> str:
        i = index.get(name)
        return cells[i] if i is not None and i < width else ""

    problems: list[Problem] = []

    def bad(message: str, hint: str | None = None) -> None:
        problems.append(Problem(shown, line, message, hint))

    if width > len(index):
        bad(
            f"{width} values but {len(index)} columns",
            "a note containing a comma needs double quotes around it",
        )
    raw_date = cell("date")
    date = None
    if _DATE.match(raw_date):
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            date = None
    if date is None:
        bad(f"date {quoted(raw_date)} is not a valid date", "write dates as YYYY-MM-DD")
    raw_phase = cell("phase")
    phase = int(raw_phase) if raw_phase.isdigit() else None
    if phase is None or not 1 <= phase <= phase_count:
        bad(
            f"phase {quoted(raw_phase)} is not a phase of the plan",
            f"phases are numbered 1 to {phase_count}",
        )
    raw_entered = cell("entered_building").lower()
    if raw_entered not in ("yes", "no"):
        bad(f"entered_building {quoted(cell('entered_building'))} must be yes or no")
    entered = raw_entered == "yes"
    minutes = _number(cell("minutes"))
    if minutes is None or not 0 <= minutes <= day_minutes:
        bad(
            f"minutes {quoted(cell('minutes'))} must be a number from 0 to {day_minutes}",
            "school_day_minutes in the case sets the length of the day",
        )
    elif raw_entered == "no" and minutes > 0:
        bad(
            f"entered_building is no but minutes is {cell('minutes')}",
            "a day the student did not enter the building has 0 minutes",
        )
    raw_classes = cell("classes")
    classes = int(raw_classes) if raw_classes.isdigit() else None
    if classes is None or not 0 <= classes <= 12:
        bad(f"classes {quoted(raw_classes)} must be a whole number from 0 to 12")
    distress = _number(cell("distress"))
    if distress is None or not 0 <= distress <= 10:
        bad(
            f"distress {quoted(cell('distress'))} must be a number from 0 to 10",
            "the student's own rating: 0 calm, 10 worst",
        )
    raw_work = cell("work_completed").rstrip("%").strip()
    work = None
    if raw_work:
        work = _number(raw_work)
        if work is None or not 0 <= work <= 100:
            bad(
                f"work_completed {quoted(cell('work_completed'))} must be 0 to 100 "
                "(a percentage) or empty"
            )
    raw_private = cell("private").lower()
    private = raw_private in ("yes", "y", "true", "private")
    if raw_private and not private and raw_private not in ("no", "n", "false"):
        bad(f"private '{cell('private')}' must be yes, no or empty")
    if problems:
        return None, problems
    supports, problems = _supports(cells, index, line, shown)
    if problems:
        return None, problems
    # every value was checked above: a missing one is among the problems
    assert date and phase and minutes is not None and classes is not None and distress is not None
    return (
        Day(
            date,
            phase,
            entered,
            float(minutes),
            classes,
            float(distress),
            work,
            cell("notes"),
            line,
            private,
            supports,
        ),
        [],
    )


def _support_column(name: str, supports: tuple[str, ...], shown: str) -> list[Problem]:
    """Return the problem with a ``support:<id>`` column header, if any."""
    wanted = name[len(SUPPORT_PREFIX) :].strip()
    if wanted in supports:
        return []
    columns = [SUPPORT_PREFIX + s for s in supports]
    if not supports:
        hint = "the plan names no accommodations or interventions to record"
    else:
        hint = did_you_mean(name, columns) or "support columns: " + ",".join(columns)
    return [Problem(shown, 1, f"unknown support column '{name}'", hint)]


def _supports(
    cells: list[str], index: dict[str, int], line: int, shown: str
) -> tuple[dict[str, bool], list[Problem]]:
    """Return the supports a row records (yes / no / empty) by id, and the row's problems."""
    recorded: dict[str, bool] = {}
    problems: list[Problem] = []
    for name, i in index.items():
        if not name.startswith(SUPPORT_PREFIX):
            continue
        value = cells[i].lower() if i < len(cells) else ""
        if value in ("yes", "no"):
            recorded[name[len(SUPPORT_PREFIX) :].strip()] = value == "yes"
        elif value:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"{name} '{cells[i]}' must be yes, no or empty",
                    "yes: the support was in place that day; no: it was not; empty: not recorded",
                )
            )
    return recorded, problems


_NEXT_ROW = re.compile(r"\n\s*\d{4}-\d{2}-\d{2}\s*,")


def _records(reader, shown: str):
    """Yield each record with the file line it starts on (a quoted note may span lines).

    A quote left open swallows the rows after it into one note: that is an error at the line
    where the quote opens, not a silently shorter log.
    """
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ToolkitError.at(
                shown,
                start,
                "a quote in this row is never closed",
                "close the quote, or remove it from the note",
            ) from None
        if reader.line_num > start and any(_NEXT_ROW.search(cell) for cell in row):
            raise ToolkitError.at(
                shown,
                start,
                "a quote in this row is not closed before the next row",
                "close the quote, or remove it from the note",
            )
        yield start, row
        start = reader.line_num + 1


def _number(text: str) -> float | None:
    return float(text) if _NUMBER.match(text) else None
