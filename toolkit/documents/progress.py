"""The progress report: per-phase summaries of the daily log, the chart, the data-based
recommendation with the numbers behind it, the review history and the notes by date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from toolkit.case.load import read_text
from toolkit.case.validate import ValidatedCase
from toolkit.documents.context import base_context, phase_ids
from toolkit.errors import ToolkitError
from toolkit.frozen import Frozen
from toolkit.packet import Chart, Document
from toolkit.progress.log import Day, Log, read_log, warn_days_after
from toolkit.progress.rules import (
    Recommendation,
    Rules,
    current,
    first_step_back,
    history,
    meets,
)
from toolkit.progress.supports import SupportRecord, support_records
from toolkit.text import american_date, count, number, one_decimal

if TYPE_CHECKING:
    from toolkit.language.translations import Localized

CHART_SRC = "srkit-chart:minutes"
#: The most recent logged days the report shows one by one (the chart, its table, the review
#: history and the notes); the summaries cover every day. More than five school years: no real
#: log is cut, and a very long one (35,000 rows) still makes a report of a few hundred pages.
DAYS_SHOWN = 1_000
#: The plan's own words for the rules' outcomes ("Move on", as the decision rules say).
OUTCOME_WORDS = {"advance": "move on", "step back": "consider stepping back"}


class PhaseSummary(Frozen):
    """One phase's logged days, summarised."""

    number: int
    title: str
    target: int | None
    days: int
    entered: int
    mean_minutes: float
    median_minutes: float
    met: int | None
    distress_first: float
    distress_last: float
    work: float | None


class Progress(Frozen):
    """Everything the report and `srkit progress` show."""

    log: Log
    phases: list[PhaseSummary]
    titles: dict[int, str]
    targets: dict[int, int | None]
    rules: Rules
    recommendation: Recommendation | None
    history: list[Recommendation]
    supports: dict[str, str]  # the plan's support ids and titles, in the plan's order
    delivered: dict[int, list[SupportRecord]]  # per phase: how often each support was in place
    delivered_overall: list[SupportRecord]  # the same over every logged day


def load_progress(vc: ValidatedCase, today: dt.date) -> Progress:
    """Return the case's progress data; raise ``ToolkitError`` if it has no log or a bad one."""
    from toolkit.documents.plan import case_phases

    case = vc.case
    if case.progress is None:
        raise ToolkitError.at(
            str(vc.path),
            None,
            "the case has no progress log",
            "add `progress: { log: daily-log.csv }` to the case",
        )
    reint = vc.reintegration
    phases = case_phases(vc, today)
    targets = {p.number: p.target for p in phases}
    titles = {p.number: str(p.title) for p in phases}
    supports = plan_supports(vc)
    log = case_log(
        vc,
        phase_count=len(phases),
        day_minutes=reint.school_day_minutes,
        start_date=reint.start_date,
        supports=tuple(supports),
        report_date=today,
    )
    rules = Rules.of(reint.decisions)
    review_every = reint.review_every_days
    first_step = first_step_back(phase_ids(vc))
    by_phase = {
        n: [d for d in log.days if d.phase == n] for n in sorted({d.phase for d in log.days})
    }
    summaries = [
        _summary(n, titles[n], targets[n], days, rules.window) for n, days in by_phase.items()
    ]
    return Progress(
        log=log,
        phases=summaries,
        titles=titles,
        targets=targets,
        rules=rules,
        recommendation=current(log.days, targets, rules, len(phases), titles, supports, first_step),
        history=history(
            log.days, targets, rules, review_every, len(phases), titles, supports, first_step
        ),
        supports=supports,
        delivered={n: support_records(days, supports) for n, days in by_phase.items()},
        delivered_overall=support_records(log.days, supports),
    )


def case_log(
    vc: ValidatedCase,
    *,
    phase_count: int,
    day_minutes: int,
    start_date: dt.date | None,
    supports: tuple[str, ...],
    report_date: dt.date | None = None,
) -> Log:
    """Return the case's daily log (:func:`~toolkit.progress.log.read_log`), checked once
    per case for the same settings and the same text: the plan's baseline and the progress
    report both read it. The file is read every time (the local web app keeps a validated
    case while rows are added to its log)."""
    assert vc.case.progress is not None
    path = vc.path.parent / vc.case.progress.log
    text = read_text(path, "daily log")  # (what read_log reads, with the same errors)
    last: dict[str, Any] = vc.once(
        ("daily log", path, phase_count, day_minutes, start_date, supports), dict
    )
    if last.get("text") != text:
        log = read_log(
            path,
            phase_count=phase_count,
            day_minutes=day_minutes,
            start_date=start_date,
            supports=supports,
            text=text,
        )
        last.update(text=text, log=log)
    return warn_days_after(last["log"], report_date)


def plan_supports(vc: ValidatedCase) -> dict[str, str]:
    """Return the ids and titles of the accommodations and interventions the plan names: the
    supports the daily log may record (``support:<id>`` columns)."""
    return {
        use.id: vc.library[use.id].title
        for section in ("accommodations", "interventions")
        for use in vc.uses(section)
    }


def _summary(
    number_: int, title: str, target: int | None, days: list[Day], window: int
) -> PhaseSummary:
    works = [d.work_completed for d in days if d.work_completed is not None]
    return PhaseSummary(
        number=number_,
        title=title,
        target=target,
        days=len(days),
        entered=sum(d.entered for d in days),
        mean_minutes=statistics.fmean(d.minutes for d in days),
        median_minutes=statistics.median(d.minutes for d in days),
        met=None if target is None else sum(meets(d, target) for d in days),
        distress_first=statistics.fmean(d.distress for d in days[:window]),
        distress_last=statistics.fmean(d.distress for d in days[-window:]),
        work=statistics.fmean(works) if works else None,
    )


def explain(rec: Recommendation, titles: dict[int, str], name: str) -> str:
    """Return the numbers behind a recommendation, in one or two plain sentences."""
    phase = f"phase {rec.phase} ({titles.get(rec.phase, '')})"
    days = rec.days_in_window
    window = "the one logged day" if days == 1 else f"the last {days} logged days"
    distress = one_decimal(rec.mean_distress)
    if rec.target is None:
        return (
            f"On {window} of {phase}, {name}'s "
            f"{'distress rating' if days == 1 else 'mean distress rating'} was {distress}."
        )
    met = rec.days_met or 0
    if days == 1:
        reached = "met" if met else "did not meet"
        text = (
            f"On the one logged day of {phase}, {name} {reached} the target of "
            f"{rec.target} minutes, and the distress rating was {distress}."
        )
    else:
        text = (
            f"In {window} of {phase}, {name} met the target of {rec.target} minutes on "
            f"{count(met, 'day')}, and the mean distress rating was {distress}."
        )
    if rec.trend_minutes is not None and rec.trend_distress is not None:
        text += (
            f" Compared with the {days} days before, mean minutes "
            f"{_change(rec.trend_minutes, 'minutes')} and mean distress "
            f"{_change(rec.trend_distress, 'points')}."
        )
    return text


def _change(delta: float, unit: str) -> str:
    if abs(delta) < 0.05:
        return "stayed the same"
    word = "rose" if delta > 0 else "fell"
    return f"{word} by {one_decimal(abs(delta))} {unit}"


TITLES = {"en": "Progress report for {name}", "es": "Informe de progreso de {name}"}
SUBJECTS = {
    "en": "Attendance progress and data-based recommendation",
    "es": "El progreso en la asistencia y la recomendación basada en los datos",
}


class ReportWords(Frozen):
    """What the report prints in one language beyond its template: names, dates, sentences."""

    titles: dict[int, str]  # phase number -> title
    supports: dict[str, str]  # support id -> title
    outcomes: dict[str, str]
    date: Callable[[dt.date], str]
    date_list: Callable[[tuple[dt.date, ...]], str]
    alt: Callable[[list[Day], dict[int, int | None], str], str]
    recommendation: Callable[[Recommendation], Recommendation]
    explain: Callable[[Recommendation, str], str]
    sources: list[Localized]  # the snippet translations the words came from
    extra: dict[str, Any]  # what only this language's template uses


def report_words(vc: ValidatedCase, data: Progress, language: str) -> ReportWords:
    """Return the words of the progress report in ``language`` (``en`` or ``es``)."""
    from toolkit.progress.chart import alt_text
    from toolkit.progress.supports import date_list

    if language == "en":
        return ReportWords(
            titles=data.titles,
            supports=data.supports,
            outcomes=OUTCOME_WORDS,
            date=american_date,
            date_list=date_list,
            alt=alt_text,
            recommendation=lambda rec: rec,
            explain=lambda rec, name: explain(rec, data.titles, name),
            sources=[],
            extra={},
        )
    from toolkit.documents import progress_es as es
    from toolkit.documents.summary import PLAN_ES, phase_words, snippet_words
    from toolkit.language.locale import long_date

    said = phase_words(vc, language)
    titles = {n: said[n - 1][0] for n in data.titles}
    sources = [source for _, _, source in said if source is not None]
    supports = {}
    for support_id in data.supports:
        supports[support_id], _, source = snippet_words(vc, support_id, language)
        sources.append(source)

    def spanish(rec: Recommendation) -> Recommendation:
        first_step = es.first_step_back(phase_ids(vc))
        wording, rule = es.recommendation(
            rec, data.log.days, data.rules, titles, supports, first_step
        )
        return dataclasses.replace(rec, wording=wording, rule=rule)

    return ReportWords(
        titles=titles,
        supports=supports,
        outcomes=es.OUTCOMES,
        date=lambda value: long_date(value, language),
        date_list=es.date_list,
        alt=es.alt_text,
        recommendation=spanish,
        explain=lambda rec, name: es.explain(rec, titles, name),
        sources=sources,
        extra={"es_plan": PLAN_ES[vc.case.student.plan], "es_grade": es.grade},
    )


def progress_document(
    vc: ValidatedCase,
    today: dt.date,
    stem: str,
    language: str = "en",
    data: Progress | None = None,
) -> tuple[Document, Progress]:
    """Return the progress report of ``vc`` in ``language`` as the document ``stem``, and the
    data behind it (``data`` when given: the log is read once for every language).

    The chart is described, not drawn: it is drawn when a format that shows it is laid out.
    """
    from toolkit.documents.summary import family_document
    from toolkit.language.translations import localized
    from toolkit.resources import resource_dir

    data = data or load_progress(vc, today)
    english = resource_dir("templates") / "progress.md.j2"
    source = localized(english, language, "the progress report")
    words = report_words(vc, data, language)
    context = base_context(vc, today)
    days = data.log.days
    shown = days[-DAYS_SHOWN:]
    chart = None
    if days:
        chart = Chart(
            src=CHART_SRC if language == "en" else f"{CHART_SRC}-{language}",
            days=tuple(shown),
            targets=tuple(sorted(data.targets.items())),
            day_minutes=context["school_day_minutes"],
            alt=words.alt(shown, data.targets, context["name"]),
            language=language,
        )
    date = words.date
    rec = data.recommendation
    values = {
        **context,
        "student": vc.case.student,
        "data": data,
        "days": days,
        "shown_days": shown,
        "shown_from": date(shown[0].date) if len(shown) < len(days) else None,
        "today": date(today),
        "first_date": date(days[0].date) if days else None,
        "last_date": date(days[-1].date) if days else None,
        "rec": words.recommendation(rec) if rec else None,
        "rec_numbers": words.explain(rec, context["name"]) if rec else None,
        "titles": words.titles,
        "history": [
            {
                "date": date(h.date),
                "phase": h.phase,
                "outcome": words.outcomes.get(h.outcome, h.outcome),
                "met": h.days_met,
                "days": h.days_in_window,
                "distress": h.mean_distress,
                "rule": words.recommendation(h).rule,
            }
            for h in data.history
            if not shown or h.date >= shown[0].date
        ],
        "notes": [(date(d.date), d.notes) for d in shown if d.notes and not d.private],
        "delivered": [
            {
                "phase": n,
                "title": words.titles.get(n, ""),
                "records": [
                    {
                        "title": words.supports.get(r.id, r.title),
                        "delivered": r.delivered,
                        "recorded": r.recorded,
                        "missed": words.date_list(r.missed),
                    }
                    for r in records
                ],
            }
            for n, records in data.delivered.items()
            if records
        ],
        "chart_src": chart.src if chart else None,
        "chart_phases": len({d.phase for d in shown}),
        "chart_targets": sum(
            1 for phase in {d.phase for d in shown} if data.targets.get(phase) is not None
        ),
        "fmt": lambda value: number(round(value, 1)),
        "long_date": date,
        "rating": lambda value: Markup(one_decimal(value)),  # digits: nothing to escape
        **words.extra,
    }
    shell = Document(
        kind="progress",
        stem=stem,
        title=TITLES[language].format(name=vc.case.student.name),
        subject=SUBJECTS[language],
        text="",
        source=str(source.path),
        chart=chart,
        language=language,
    )
    return family_document(shell, source, values, words.sources), data
