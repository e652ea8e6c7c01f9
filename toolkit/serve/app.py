"""The web application: routes for the start page, the interview steps, the review page, the
documents, the daily log and progress. ``create_app`` wires them behind ``security.Guard``.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from toolkit.errors import Problem, ToolkitError
from toolkit.frozen import Record
from toolkit.serve import i18n, security
from toolkit.serve.casefile import CaseFile
from toolkit.serve.checking import check_text, field_name
from toolkit.serve.fields import (
    FormData,
    dom_id,
    pattern_of,
    registry,
)
from toolkit.serve.i18n import _, ngettext
from toolkit.serve.memo import Memo, content_key
from toolkit.serve.steps import Step, all_steps, snippet_refs
from toolkit.serve.switch import Language, switch, switch_url
from toolkit.serve.view import ErrorLink, FormView, Page

HERE = Path(__file__).parent


class Context(Record):
    """What every request needs: the folder, the library, the configuration, the secrets."""

    folder: Path
    library: Any
    config: Any
    keys: security.Secrets
    env: Environment
    memo: Memo = field(default_factory=Memo)
    _words: dict[str, tuple[list[Step], dict]] = field(default_factory=dict)

    @property
    def steps(self) -> list[Step]:
        """Return the interview's steps, in the interface language of this request."""
        return self._in_language()[0]

    @property
    def fields(self) -> dict:
        """Return the interview's fields by pattern, in the interface language."""
        return self._in_language()[1]

    def _in_language(self) -> tuple[list[Step], dict]:
        language = i18n.current()
        if language not in self._words:
            self._words[language] = (all_steps(), registry())  # made in that language
        return self._words[language]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class NotFound(Exception):
    """A page or file that is not there (or not inside the folder)."""


def create_app(folder: Path, keys: security.Secrets, *, extra_hosts: set[str] | None = None):
    """Return the ASGI application serving the case files in ``folder``."""
    from toolkit.config import load_config
    from toolkit.library.snippets import load_library

    config = load_config()
    library = load_library(config.snippets)
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(("html",)),
        trim_blocks=False,
        auto_reload=False,  # the templates ship with srkit; never re-read them per page
    )
    from toolkit.serve.controls import field

    env.globals.update(
        _=_,
        ngettext=ngettext,
        dom_id=dom_id,
        field=field,
        languages=i18n.LANGUAGES,
        message_lang=i18n.message_lang,
        switch_url=switch_url,
    )
    ctx = Context(folder, library, config, keys, env)

    from toolkit.serve import pages

    routes: list[Route | Mount] = [*pages.routes(ctx), Route("/language", switch)]
    routes.append(Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"))
    app = Starlette(routes=routes, exception_handlers=pages.handlers(ctx))
    return Language(security.Guard(app, keys, extra_hosts=extra_hosts))


# --- helpers shared by the page handlers -------------------------------------------------------


def render(ctx: Context, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    values.setdefault("csrf", ctx.keys.csrf)
    values.setdefault("has_errors", False)
    values.setdefault("lang", i18n.current())
    html = ctx.env.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status)


def check_case(ctx: Context, path: Path, case: CaseFile | None = None):
    """Return the case file at ``path`` as it is on disk (or as ``case`` read it), checked as
    ``srkit check`` does. The result is kept while the text and today's date stay the same."""
    from toolkit.documents.context import today_date
    from toolkit.serve.casefile import fingerprint

    text = (case or CaseFile.read(path)).original
    key = ("check", str(path), fingerprint(text.encode("utf-8")), today_date())
    return ctx.memo.get(key, lambda: check_text(path, text, ctx.library, ctx.config))


def case_previews(ctx: Context, checked) -> list:
    """Return the plan and letter previews of a checked case (``packet.render_previews``),
    kept while the case text, its daily log and today's date stay the same. Raises
    ``ToolkitError`` when a document cannot be rendered."""
    from toolkit.documents.context import today_date
    from toolkit.serve.packet import render_previews

    validated = checked.validated
    progress = validated.case.progress
    log = validated.path.parent / progress.log if progress is not None else None
    key = (
        "previews",
        str(validated.path),
        checked.source,
        content_key(log),
        today_date(),
    )
    return ctx.memo.get(key, lambda: render_previews(validated, ctx.config))


def side_page(ctx: Context, name: str, step_id: str) -> dict[str, Any]:
    """Return what the step list needs on a page that is not an interview step."""
    return {"case": name, "step_id": step_id, "steps": ctx.steps, "number": None}


def case_path(ctx: Context, name: str) -> Path:
    path = security.confine(ctx.folder, name)
    if path is None or not path.is_file():
        raise NotFound(name)
    return path


async def read_form(ctx: Context, request: Request) -> FormData:
    form = await request.form(max_files=0, max_fields=3000, max_part_size=256 * 1024)
    items = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    data = FormData(items)
    if not security.check_csrf(data.get("csrf"), ctx.keys):
        raise Forbidden
    return data


class Forbidden(Exception):
    """A form without this launch's CSRF token."""


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def case_url(name: str, *parts: str) -> str:
    return "/case/" + quote(name) + "".join("/" + p for p in parts)


def error_links(
    ctx: Context,
    case: CaseFile,
    problems: list[tuple[Problem, tuple | None]],
    new_items: dict | None = None,
) -> tuple[list[ErrorLink], dict[str, list[Problem]]]:
    """Return the summary links and the errors by field name for ``problems``."""
    links: list[ErrorLink] = []
    by_field: dict[str, list[Problem]] = {}
    for problem, path in problems:
        name = None
        if path is not None:
            path = _missing_key(problem, path)
            name = _snippet_field(case, field_name(path, new_items))
            by_field.setdefault(name, []).append(problem)
        links.append(ErrorLink(problem, f"#{dom_id(name)}" if name else None))
    return links, by_field


def _missing_key(problem: Problem, path: tuple) -> tuple:
    match = re.match(r"missing required key '([^']+)'", problem.message)
    if match and (not path or path[-1] != match.group(1)):
        return (*path, match.group(1))
    return path


def _snippet_field(case: CaseFile, name: str) -> str:
    if name.startswith("item:"):
        _item, section, index = name.split(":")
        refs = snippet_refs(case, tuple(section.split(".")))
        if index.isdigit() and int(index) < len(refs):
            return f"choose:{section}:{refs[int(index)][0]}"
    return name


def kept_items(ctx: Context, view: FormView, names: list[str]) -> list[dict[str, str]]:
    """Return the answers that were emptied and kept, each with the label of its field."""

    def label(name: str) -> str:
        if name.startswith("param:"):
            _p, _section, snippet_id, param = name.split(":", 3)
            snippet = ctx.library.get(snippet_id)
            if snippet is not None and param in snippet.params:
                return f"{snippet.title}: {snippet.params[param].description}"
        return view.spec(name).label

    return [{"name": n, "label": label(n)} for n in names]


def valid_kept(ctx: Context, names: list[str]) -> list[str]:
    return [
        n
        for n in names
        if pattern_of(n) in ctx.fields or re.fullmatch(r"param:[\w.]+:[\w-]+:\w+", n)
    ]


def problems_text(exc: ToolkitError) -> list[Problem]:
    return exc.problems


def step_page(
    ctx: Context,
    name: str,
    step: Step,
    case: CaseFile,
    *,
    submitted: FormData | None = None,
    errors: list[tuple[Problem, tuple | None]] | None = None,
    new_items: dict | None = None,
    kept: list[str] | None = None,
    conflict: bool = False,
    saved: bool = False,
    return_to: str | None = None,
    preview: tuple[str | None, list[Problem]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    """Return the page of ``step`` for ``case``."""
    from toolkit.serve.steps_more import _people_choices

    links, by_field = error_links(ctx, case, errors or [], new_items)
    view = FormView(
        case,
        ctx.fields,
        submitted=submitted,
        errors=by_field,
        kept=kept,
        choices=_people_choices(case) if step.id == "letters" else None,
    )
    index = ctx.steps.index(step)
    page = Page(
        case=name,
        step_id=step.id,
        title=step.title,
        intro=step.intro,
        number=index + 1,
        steps=ctx.steps,
        version=case.version,
        return_to=return_to,
        back_url=case_url(name, "step", ctx.steps[index - 1].id) if index else "/",
        errors=links,
        kept=kept_items(ctx, view, kept or []),
        conflict=conflict,
        saved=saved,
        reload_url=case_url(name, "step", step.id),
        preview_heading=step.preview,
        extra=step.extra(case, ctx.library),
        case_file=case,
    )
    if preview is not None:
        page.preview_html, page.preview_problems = preview
    return render(
        ctx,
        step.template,
        status,
        page=page,
        view=view,
        title=f"{step.title} – {name}",
        has_errors=bool(links) or conflict,
        wide=step.preview is not None,
    )


def preview_for(ctx: Context, step: Step, checked) -> tuple[str | None, list[Problem]]:
    """Return the preview HTML of ``step`` for a checked case, or the problems in the way."""
    from toolkit.serve.packet import render_previews, section_html

    if checked.validated is None:
        return None, [p for p, _at in checked.errors]
    try:
        previews = render_previews(checked.validated, ctx.config)
    except ToolkitError as exc:
        return None, exc.problems
    kind, _colon, heading = (step.preview or "").partition(":")
    if kind == "plan":
        plan = next((p for p in previews if p.kind == "plan"), None)
        part = section_html(plan.html, heading) if plan else None
        return (f'<div lang="{plan.language}">{part}</div>' if plan and part else None), []
    letters = [p for p in previews if p.kind == "letter"]
    if not letters:
        return None, []
    return "".join(f'<article lang="{p.language}">{p.html}</article><hr>' for p in letters), []


def save_problem_page(
    ctx: Context, exc: ToolkitError, status: int = 400, title: str | None = None
) -> HTMLResponse:
    """Return a page naming the problems of ``exc`` in the command line's words."""
    return render(
        ctx,
        "problem.html",
        status,
        title=title or _("The case file cannot be opened"),
        problems=exc.problems,
        has_errors=True,
    )
