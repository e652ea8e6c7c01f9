"""The record of supports delivered: which of the plan's supports were in place on each logged
day (the log's optional ``support:<id>`` columns), and the rule that keeps a recommendation
from blaming the student when the plan itself was not carried out.

The rule: when, on most days of the window the decision rules look at (more than half), at
least one support was recorded as not in place, the recommendation is "the plan was not carried
out", naming the supports and dates, instead of "hold" or "step back". Advancing stays possible:
data that meet the target without a support do not hold the student back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from toolkit.frozen import Frozen

if TYPE_CHECKING:
    from toolkit.progress.log import Day


class SupportRecord(Frozen):
    """One support over a span of logged days: how often it was recorded, delivered, missed."""

    id: str
    title: str
    recorded: int  # days with yes or no
    delivered: int  # days with yes
    missed: tuple[dt.date, ...]  # the dates with no, in order


def support_records(days: list[Day], titles: dict[str, str]) -> list[SupportRecord]:
    """Return one record per support that ``days`` record at all, in the plan's order."""
    records = []
    for support_id, title in titles.items():
        values = [(d.date, d.supports[support_id]) for d in days if support_id in d.supports]
        if not values:
            continue
        records.append(
            SupportRecord(
                id=support_id,
                title=title,
                recorded=len(values),
                delivered=sum(1 for _, given in values if given),
                missed=tuple(date for date, given in values if not given),
            )
        )
    return records


def days_missing_support(days: list[Day]) -> list[Day]:
    """Return the days on which at least one support was recorded as not in place."""
    return [d for d in days if any(not given for given in d.supports.values())]


def not_carried_out(window: list[Day], titles: dict[str, str]) -> list[SupportRecord]:
    """Return the supports missed in ``window`` when most of its days lacked one, else []."""
    if not window or 2 * len(days_missing_support(window)) <= len(window):
        return []
    return [r for r in support_records(window, titles) if r.missed]


def date_list(dates: tuple[dt.date, ...] | list[dt.date]) -> str:
    """Return dates in running text: "January 12, 13 and 15, 2027"; months and years are
    written once for each run of dates that share them."""
    from toolkit.text import american_date

    if not dates:
        return ""
    parts = []
    for group, last_of_year in month_runs(dates):
        month = group[0].strftime("%B")
        days = [str(d.day) for d in group]
        text = month + " " + _join(days)
        if last_of_year:
            text = american_date(group[-1]) if len(group) == 1 else f"{text}, {group[0].year}"
        parts.append(text)
    return "; ".join(parts)


def month_runs(dates: tuple[dt.date, ...] | list[dt.date]) -> list[tuple[list[dt.date], bool]]:
    """Return ``dates`` in order, cut into runs that share a month, each with whether it is the
    last run of its year (where a date list writes the year)."""
    groups: list[list[dt.date]] = []
    for date in sorted(dates):
        if groups and (groups[-1][0].year, groups[-1][0].month) == (date.year, date.month):
            groups[-1].append(date)
        else:
            groups.append([date])
    return [
        (group, i == len(groups) - 1 or groups[i + 1][0].year != group[0].year)
        for i, group in enumerate(groups)
    ]


def support_sentence(records: list[SupportRecord]) -> str:
    """Return "the safe space was not in place on January 12 and 13, 2027; ..." for records."""
    return "; ".join(f"{r.title} was not in place on {date_list(r.missed)}" for r in records)


def _join(items: list[str], sep: str = ", ") -> str:
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + " and " + items[-1]
