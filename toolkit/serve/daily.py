"""The daily log (a form that appends a day's row to the case's CSV log, checked exactly as
the command line checks the log) and the progress page (summary, chart, recommendation)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from toolkit.errors import Problem, ToolkitError
from toolkit.serve import security
from toolkit.serve.app import (
    Context,
    case_path,
    case_url,
    check_case,
    read_form,
    redirect,
    render,
    save_problem_page,
    side_page,
)
from toolkit.serve.casefile import CaseFile, Conflict
from toolkit.serve.fields import dom_id
from toolkit.serve.i18n import _, current

FIELDS = ("date", "phase", "entered_building", "minutes", "classes", "distress", "work_completed")


def routes(bind) -> list[Route]:
    return [
        Route("/case/{name}/log", bind(log_get), methods=["GET"]),
        Route("/case/{name}/log", bind(log_post), methods=["POST"]),
        Route("/case/{name}/progress", bind(progress_get), methods=["GET"]),
    ]


def _validated(ctx: Context, path: Path):
    return check_case(ctx, path)


def _log_path(ctx: Context, case_file: Path, validated) -> Path | None:
    progress = validated.case.progress
    if progress is None:
        return None
    log = case_file.parent / progress.log
    if not security.inside(ctx.folder, log):
        raise ToolkitError.at(
            str(case_file),
            None,
            f"the daily log {progress.log} is outside the folder srkit serve was started in",
            "keep the log beside the case file",
        )
    return log


def _day_minutes(validated) -> int:
    reint = validated.case.reintegration
    return reint.school_day_minutes if reint else 390


def _current_phase(ctx: Context, validated, phase_count: int) -> int:
    """Return the phase of the latest logged day (1 when nothing is logged or readable)."""
    from toolkit.documents.progress import plan_supports
    from toolkit.progress.log import read_log

    reint = validated.case.reintegration
    try:
        path = _log_path(ctx, validated.path, validated)
        if path is None or not path.is_file():
            return 1
        log = read_log(
            path,
            phase_count=phase_count,
            day_minutes=_day_minutes(validated),
            start_date=reint.start_date if reint else None,
            supports=tuple(plan_supports(validated)),
        )
    except ToolkitError:
        return 1
    return log.days[-1].phase if log.days else 1


def _phases(validated) -> list[tuple[int, str]]:
    """Return each phase's number and title, the title in the interface language where the
    phase's translation gives one (as the family's documents say it)."""
    from toolkit.documents.context import today_date
    from toolkit.documents.plan import case_phases

    phases = [(p.number, str(p.title)) for p in case_phases(validated, today_date())]
    if current() == "en":
        return phases
    from toolkit.documents.summary import phase_words

    said = phase_words(validated, current())
    return [(n, said[n - 1][0] if n <= len(said) else title) for n, title in phases]


def _log_page(
    ctx: Context,
    name: str,
    validated,
    *,
    values: dict[str, Any] | None = None,
    errors: list[Problem] | None = None,
    about: str | None = None,
    added: str | None = None,
    status: int = 200,
) -> Response:
    """Return the daily-log page; each of ``errors`` goes next to the field its message names
    (the command line's words), or next to ``about`` when given (the page's own problems)."""
    from toolkit.documents.context import today_date
    from toolkit.documents.progress import plan_supports
    from toolkit.progress.log import COLUMNS

    by_field: dict[str, list[Problem]] = {}
    links = []
    for problem in errors or []:
        field = about or next(
            (f for f in (*FIELDS, "notes") if problem.message.startswith(f)), None
        )
        if problem.message.startswith("duplicate date"):
            field = "date"
        if field:
            by_field.setdefault(field, []).append(problem)
        links.append({"problem": problem, "href": f"#{dom_id('log.' + field)}" if field else None})
    phases = _phases(validated)
    defaults = {
        "date": today_date().isoformat(),
        "phase": str(_current_phase(ctx, validated, len(phases))),
        "entered_building": "yes",
        "supports": [],
    }
    return render(
        ctx,
        "log.html",
        status,
        title=_("Daily log – {name}").format(name=name),
        case=name,
        page=side_page(ctx, name, "log"),
        has_log=validated.case.progress is not None,
        values={**defaults, **(values or {})},
        errors=by_field,
        links=links,
        phases=phases,
        private="private" in COLUMNS,
        supports=list(plan_supports(validated).items()),
        added=added,
        has_errors=bool(links),
        day_minutes=_day_minutes(validated),
    )


async def log_get(ctx: Context, request: Request) -> Response:
    name = request.path_params["name"]
    path = case_path(ctx, name)
    checked = _validated(ctx, path)
    if checked.validated is None:
        return redirect(case_url(name, "review"))
    return _log_page(ctx, name, checked.validated, added=request.query_params.get("added"))


async def log_post(ctx: Context, request: Request) -> Response:
    from toolkit.documents.progress import plan_supports
    from toolkit.progress.log import COLUMNS, SUPPORT_PREFIX, read_log

    name = request.path_params["name"]
    path = case_path(ctx, name)
    form = await read_form(ctx, request)
    checked = _validated(ctx, path)
    if checked.validated is None:
        return redirect(case_url(name, "review"))
    validated = checked.validated
    if form.get("action") == "start":
        return _start_log(ctx, name, path, form)
    try:
        log = _log_path(ctx, path, validated)
    except ToolkitError as exc:
        return save_problem_page(ctx, exc)
    if log is None:
        return redirect(case_url(name, "log"))
    values: dict[str, Any] = {f: (form.get(f) or "").strip() for f in (*FIELDS, "notes")}
    values["private"] = "yes" if form.get("private") else ""
    supports = plan_supports(validated)
    values["supports"] = [s for s in form.getlist("supports") if s in supports]
    values["supports_none"] = bool(form.get("supports_none"))
    if values["supports"] and values["supports_none"]:
        problem = Problem(
            "",
            None,
            _("supports: some are ticked as in place, and “None of these” is ticked too"),
            _("untick “None of these”, or untick the supports"),
        )
        return _log_page(
            ctx, name, validated, values=values, errors=[problem], about="supports", status=422
        )
    if values["supports"] or values["supports_none"]:
        for support in supports:  # the day's record: yes for each ticked, no for the others
            values[SUPPORT_PREFIX + support] = "yes" if support in values["supports"] else "no"
    text = log.read_text(encoding="utf-8-sig") if log.exists() else ",".join(COLUMNS) + "\n"
    header = next(csv.reader(io.StringIO(text)), list(COLUMNS))
    columns = [h.strip().lower() for h in header]
    wanted = ["private"] if values["private"] and "private" in COLUMNS else []
    if values["supports"] or values["supports_none"]:
        wanted += [SUPPORT_PREFIX + s for s in supports]
    added = [c for c in wanted if c not in columns]
    if added:
        # the log gains the optional columns; the rows before leave them empty (not private,
        # supports not recorded), as the command line reads a row shorter than the header
        first, newline, rest = text.partition("\n")
        text = first.rstrip("\r") + "".join("," + c for c in added) + (newline or "\n") + rest
        columns += added
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow([values.get(c, "") for c in columns])
    candidate = text + ("" if text.endswith("\n") else "\n") + row.getvalue()
    reint = validated.case.reintegration
    try:
        read_log(
            log,
            phase_count=len(_phases(validated)),
            day_minutes=_day_minutes(validated),
            start_date=reint.start_date if reint else None,
            text=candidate,
            supports=tuple(plan_supports(validated)),
        )
    except ToolkitError as exc:
        return _log_page(ctx, name, validated, values=values, errors=exc.problems, status=422)
    from toolkit.output import write_atomic

    write_atomic(log, candidate.encode("utf-8"))
    return redirect(case_url(name, "log") + f"?added={values['date']}")


def _start_log(ctx: Context, name: str, path: Path, form) -> Response:
    from toolkit.output import write_new
    from toolkit.progress.log import COLUMNS

    case = CaseFile.edit(path)
    if form.get("version") and form.get("version") != case.version:
        return redirect(case_url(name, "log"))
    log_name = f"{path.stem}-log.csv"
    log = path.parent / log_name
    if not log.exists():
        write_new(log, (",".join(COLUMNS) + "\n").encode("utf-8"), force=False)
    case.set(("progress", "log"), log_name)
    try:
        case.save()
    except Conflict:
        return redirect(case_url(name, "log"))
    return redirect(case_url(name, "log"))


# --- progress -----------------------------------------------------------------------------------


def _progress(ctx: Context, name: str) -> tuple[Any, Any]:
    from toolkit.documents.context import today_date
    from toolkit.documents.progress import load_progress

    path = case_path(ctx, name)
    checked = _validated(ctx, path)
    if checked.validated is None or checked.validated.case.progress is None:
        return checked.validated, None
    _log_path(ctx, path, checked.validated)
    return checked.validated, load_progress(checked.validated, today_date())


async def progress_get(ctx: Context, request: Request) -> Response:
    from toolkit.documents.progress import report_words
    from toolkit.text import number

    name = request.path_params["name"]
    try:
        validated, data = _progress(ctx, name)
    except ToolkitError as exc:
        return save_problem_page(ctx, exc)
    if validated is None:
        return redirect(case_url(name, "review"))
    student = validated.case.student
    first = student.preferred_name or student.name.split()[0]
    # the summary on the page speaks the interface language (the report's own Spanish words)
    words = report_words(validated, data, current()) if data else None
    rec = words.recommendation(data.recommendation) if words and data.recommendation else None
    chart = ""
    days = data.log.days if data else []
    if words and days:
        from toolkit.serve.chart import minutes_svg

        alt = words.alt(days, data.targets, first)
        chart = minutes_svg(days, data.targets, _day_minutes(validated), alt)

    def fmt(value: float) -> str:
        return number(round(value, 1))

    return render(
        ctx,
        "progress.html",
        title=_("Progress – {name}").format(name=name),
        case=name,
        page=side_page(ctx, name, "progress"),
        data=data,
        days=days,
        first_day=words.date(days[0].date) if words and days else "",
        last_day=words.date(days[-1].date) if words and days else "",
        rec=rec,
        explanation=words.explain(rec, first) if words and rec else "",
        titles=words.titles if words else {},
        fmt=fmt,
        warnings=data.log.warnings if data else [],
        chart=chart,
    )
