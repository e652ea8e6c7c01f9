"""The review page, building the documents, downloads, the daily log and progress."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from toolkit.errors import Problem, ToolkitError
from toolkit.serve import security
from toolkit.serve.app import (
    Context,
    NotFound,
    case_path,
    case_previews,
    case_url,
    check_case,
    error_links,
    read_form,
    redirect,
    render,
    save_problem_page,
    side_page,
)
from toolkit.serve.casefile import CaseFile
from toolkit.serve.checking import step_of
from toolkit.serve.fields import display, parse_name
from toolkit.serve.i18n import _
from toolkit.serve.view import ErrorLink

OUT = "out"


def routes(bind) -> list[Route]:
    from toolkit.serve import daily

    return [
        Route("/case/{name}/review", bind(review), methods=["GET"]),
        Route("/case/{name}/build", bind(build), methods=["POST"]),
        Route("/case/{name}/documents", bind(documents), methods=["GET"]),
        Route("/case/{name}/files/{file}", bind(download), methods=["GET"]),
        *daily.routes(bind),
    ]


def out_dir(ctx: Context):
    return ctx.folder / OUT


def _slug(validated) -> str:
    from toolkit.slug import case_slug

    return case_slug(validated)


# --- review ------------------------------------------------------------------------------------


def _answers(ctx: Context, case: CaseFile, name: str) -> list[dict[str, Any]]:
    """Return every section of answers, each with an Edit link to its step."""
    from toolkit.serve.steps import snippet_refs

    sections = []
    for step in ctx.steps:
        rows: list[tuple[str, str]] = []
        if step.id == "barriers":
            extra = step.extra(case, ctx.library)
            labels = {b["id"]: b["label"] for b in extra["barriers"]}
            chosen = [labels.get(str(b), str(b)) for b in case.get(("barriers",)) or []]
            rows.append((_("Difficulties"), "\n".join(chosen) or _("None chosen")))
        elif step.id in ("accommodations", "interventions"):
            refs = snippet_refs(case, (step.id,))
            rows.append(
                (
                    step.short,
                    "\n".join(_snippet_line(ctx, sid, params) for sid, params in refs)
                    or _("None chosen"),
                )
            )
        elif step.id == "return-plan":
            extra = step.extra(case, ctx.library)
            for key in ("start_date", "school_day_minutes", "review_every_days"):
                rows += _rows(ctx, case, f"reintegration.{key}")
            rows.append(
                (
                    _("Phases"),
                    "\n".join(
                        _("{n}. {title} (daily target: {target})").format(
                            n=i + 1, title=r["title"], target=r["target"]
                        )
                        for i, r in enumerate(extra["phase_rows"])
                    ),
                )
            )
        elif step.id == "credit":
            rows += _rows(ctx, case, "credit_recovery.credits_needed")
            courses = [
                f"{c.get('name')} ({c.get('status')})"
                for c in case.get(("credit_recovery", "courses")) or []
                if isinstance(c, dict)
            ]
            if courses:
                rows.append((_("Courses"), "\n".join(courses)))
            refs = snippet_refs(case, ("credit_recovery", "options"))
            if refs:
                rows.append(
                    (
                        _("Ways to make up credits"),
                        "\n".join(_snippet_line(ctx, sid, p) for sid, p in refs),
                    )
                )
            rows += _rows(ctx, case, "credit_recovery.notes")
        elif step.id == "people":
            for group, label in (
                ("parents", _("Parent or guardian")),
                ("school_contacts", _("School contact")),
            ):
                for person in case.get(("people", group)) or []:
                    if isinstance(person, dict):
                        rows.append((label, _person_line(person)))
            advocate = case.get(("people", "advocate"))
            if isinstance(advocate, dict):
                rows.append((_("Advocate"), _person_line(advocate)))
        elif step.id == "letters":
            from toolkit.serve.fields import letter_type_label

            for i, letter in enumerate(case.get(("letters",)) or []):
                if isinstance(letter, dict):
                    parts = [letter_type_label(str(letter.get("type")))]
                    if letter.get("to"):
                        parts.append(_("to {name}").format(name=letter.get("to")))
                    if letter.get("date"):
                        parts.append(_("dated {date}").format(date=display(letter.get("date"))))
                    rows.append((_("Letter {n}").format(n=i + 1), ", ".join(parts)))
        else:
            for pattern in ctx.fields:
                if pattern.startswith(step.id + "."):
                    rows += _rows(ctx, case, pattern)
        sections.append(
            {
                "id": step.id,
                "title": step.short,
                "rows": rows,
                "edit": case_url(name, "step", step.id) + "?return=review",
            }
        )
    return sections


def _rows(ctx: Context, case: CaseFile, pattern: str) -> list[tuple[str, str]]:
    value = case.get(parse_name(pattern))
    if value is None or value == "" or value == []:
        return []
    spec = ctx.fields[pattern]
    shown = display(value)
    for choice, label in spec.choices:
        if choice == shown:
            shown = label
    return [(spec.label, shown)]


def _snippet_line(ctx: Context, snippet_id: str, params: dict) -> str:
    from toolkit.serve.steps import snippet_words

    snippet = ctx.library.get(snippet_id)
    title = snippet_words(snippet)["title"] if snippet else snippet_id
    if params:
        settings = "; ".join(f"{display(v)}" for v in params.values())
        return f"{title} ({settings})"
    return title


def _person_line(person: dict) -> str:
    parts = [str(person.get("name") or _("(no name)"))]
    for key in ("relationship", "title", "organization", "email", "phone"):
        if person.get(key):
            parts.append(str(person[key]))
    return ", ".join(parts)


def _blank_words(label: str) -> str:
    return label[:1].upper() + label[1:]


async def review(ctx: Context, request: Request) -> Response:
    name = request.path_params["name"]
    path = case_path(ctx, name)
    try:
        case = CaseFile.read(path)
    except ToolkitError as exc:
        return save_problem_page(ctx, exc)
    checked = check_case(ctx, path, case)
    links, _by_field = error_links(ctx, case, checked.errors)
    for link, (_problem, at) in zip(links, checked.errors, strict=True):
        step = step_of(at)
        link.href = case_url(name, "step", step) + "?return=review" if step else None
    blanks: list[dict[str, Any]] = []
    render_problems: list[Problem] = []
    if checked.validated is not None:
        try:
            from toolkit.serve.checking import place_line

            doc = checked.validated.doc
            for preview in case_previews(ctx, checked):
                if preview.blanks:
                    items = []
                    for label, line in preview.blanks:
                        step = step_of(place_line(doc, line))
                        href = case_url(name, "step", step) + "?return=review" if step else None
                        items.append({"label": _blank_words(label), "href": href})
                    blanks.append({"document": preview.title, "entries": items})
        except ToolkitError as exc:
            render_problems = exc.problems
    warnings = []
    for problem, at in checked.warnings:
        step = step_of(at)
        href = case_url(name, "step", step) + "?return=review" if step else None
        warnings.append({"problem": problem, "href": href})
    return render(
        ctx,
        "review.html",
        title=_("Check your answers – {name}").format(name=name),
        case=name,
        page=side_page(ctx, name, "review"),
        sections=_answers(ctx, case, name),
        errors=links + [ErrorLink(p, None) for p in render_problems],
        render_problems=render_problems,
        warnings=warnings,
        blanks=blanks,
        can_build=checked.validated is not None and not render_problems,
        cli_lines=[p.format() for p, _at in checked.problems],
        has_errors=bool(links),
    )


# --- building and the documents ----------------------------------------------------------------


async def build(ctx: Context, request: Request) -> Response:
    from toolkit.serve.packet import build_into

    name = request.path_params["name"]
    path = case_path(ctx, name)
    await read_form(ctx, request)
    checked = check_case(ctx, path)
    if checked.validated is None:
        return redirect(case_url(name, "review"))
    try:
        built = build_into(checked.validated, out_dir(ctx), ctx.config)
    except ToolkitError as exc:
        return save_problem_page(ctx, exc)
    written = [p.name for p in built.written]
    return render(
        ctx,
        "built.html",
        title=_("Documents built – {name}").format(name=name),
        case=name,
        page=side_page(ctx, name, "review"),
        written=written,
        notes=built.notes,
        failures=built.failures,
        has_errors=bool(built.failures),
    )


def _files_of(ctx: Context, slug: str) -> list[str]:
    folder = out_dir(ctx)
    if not folder.is_dir():
        return []
    pattern = re.compile(re.escape(slug) + r"-.*\.(docx|txt|csv|md)$")
    return sorted(p.name for p in folder.iterdir() if p.is_file() and pattern.match(p.name))


async def documents(ctx: Context, request: Request) -> Response:
    name = request.path_params["name"]
    path = case_path(ctx, name)
    checked = check_case(ctx, path)
    if checked.validated is None:
        return redirect(case_url(name, "review"))
    try:
        previews = case_previews(ctx, checked)
    except ToolkitError as exc:
        return save_problem_page(ctx, exc)
    files = _files_of(ctx, _slug(checked.validated))
    return render(
        ctx,
        "documents.html",
        title=_("Your documents – {name}").format(name=name),
        case=name,
        page=side_page(ctx, name, "review"),
        previews=previews,
        files=files,
        out=str(out_dir(ctx)),
        wide=True,
    )


_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(docx|txt|csv|md)$")
_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


async def download(ctx: Context, request: Request) -> Response:
    name = request.path_params["name"]
    case_path(ctx, name)
    file = request.path_params["file"]
    target = security.confine(out_dir(ctx), file, pattern=_FILE_NAME)
    if target is None or not target.is_file() or not security.inside(ctx.folder, target):
        raise NotFound(file)
    return FileResponse(
        target,
        media_type=_TYPES[target.suffix.lstrip(".")],
        filename=target.name,
        content_disposition_type="attachment",
    )
