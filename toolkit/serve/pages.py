"""The page handlers: start, interview steps (GET shows, POST saves), live preview, review."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from toolkit.errors import ToolkitError
from toolkit.serve import security
from toolkit.serve.app import (
    Context,
    Forbidden,
    NotFound,
    case_path,
    case_url,
    preview_for,
    read_form,
    redirect,
    render,
    save_problem_page,
    step_page,
    valid_kept,
)
from toolkit.serve.casefile import CaseFile, Conflict, write_new_case
from toolkit.serve.checking import check_text, step_of
from toolkit.serve.fields import apply_fields, apply_removals
from toolkit.serve.i18n import _


def routes(ctx: Context) -> list[Route]:
    from toolkit.serve import documents

    def bind(handler):
        async def endpoint(request: Request) -> Response:
            return await handler(ctx, request)

        return endpoint

    return [
        Route("/", bind(start), methods=["GET"]),
        Route("/new", bind(new_case), methods=["POST"]),
        Route("/case/{name}", bind(case_home), methods=["GET"]),
        Route("/case/{name}/step/{step}", bind(step_get), methods=["GET"]),
        Route("/case/{name}/step/{step}", bind(step_post), methods=["POST"]),
        Route("/case/{name}/preview/{step}", bind(preview_post), methods=["POST"]),
        *documents.routes(bind),
    ]


def handlers(ctx: Context) -> dict:
    """Return the pages shown for a missing page (404), a refused form (403) and a bug (500)."""
    from starlette.exceptions import HTTPException

    def not_found() -> tuple[str, str]:
        return (
            _("Page not found"),
            _(
                "There is no such page or file here. srkit shows only the case files in the "
                "folder it was started in."
            ),
        )

    def refused() -> tuple[str, str]:
        return (
            _("Not allowed"),
            _(
                "This form is out of date or did not come from this srkit window. Go back, "
                "reload the page and try again."
            ),
        )

    def broken() -> tuple[str, str]:
        return (
            _("Something went wrong"),
            _(
                "srkit could not show this page. This is a bug in srkit: nothing was changed by "
                "it. Go back to your cases and try again."
            ),
        )

    def page(status: int, words):
        async def handler(request: Request, exc: Exception) -> Response:
            code = getattr(exc, "status_code", status)
            title, message = not_found() if code == 404 else words()  # in the request's language
            return render(ctx, "problem.html", code, title=title, message=message, problems=[])

        return handler

    return {
        NotFound: page(404, not_found),
        Forbidden: page(403, refused),
        HTTPException: page(500, broken),
        Exception: page(500, broken),
    }


# --- start ------------------------------------------------------------------------------------


def _case_list(ctx: Context) -> list[dict[str, str]]:
    from toolkit.case.load import load_yaml

    cases = []
    for path in sorted(ctx.folder.iterdir()):
        if path.suffix not in (".yaml", ".yml") or security.confine(ctx.folder, path.name) is None:
            continue
        if not path.is_file():
            continue
        try:
            data = load_yaml(path).data
        except ToolkitError:
            data = None
        student = data.get("student") if isinstance(data, dict) else None
        if not isinstance(data, dict) or "srkit" not in data:
            continue
        name = student.get("name") if isinstance(student, dict) else None
        cases.append({"file": path.name, "student": str(name or _("(no name yet)"))})
    return cases


async def start(ctx: Context, request: Request, *, problems=None, typed: str = "") -> Response:
    return render(
        ctx,
        "start.html",
        400 if problems else 200,
        title=_("Your cases"),
        cases=_case_list(ctx),
        folder=str(ctx.folder),
        problems=problems or [],
        typed=typed,
        has_errors=bool(problems),
    )


async def new_case(ctx: Context, request: Request) -> Response:
    from toolkit.errors import Problem
    from toolkit.slug import slugify

    form = await read_form(ctx, request)
    name = " ".join((form.get("name") or "").split())
    if not name:
        problem = Problem("", None, _("Enter the student's full name."))
        return await start(ctx, request, problems=[problem], typed=name)
    file_name = f"{slugify(name) or 'case'}.yaml"
    path = security.confine(ctx.folder, file_name)
    if path is None:
        raise NotFound(file_name)
    try:
        write_new_case(path, name)
    except ToolkitError:
        problem = Problem(
            "",
            None,
            _("A case file named {file} already exists in this folder.").format(file=file_name),
            _("Open it from the list above, or enter the name differently."),
        )
        return await start(ctx, request, problems=[problem], typed=name)
    return redirect(case_url(file_name, "step", ctx.steps[0].id))


async def case_home(ctx: Context, request: Request) -> Response:
    name = request.path_params["name"]
    case_path(ctx, name)
    return redirect(case_url(name, "step", ctx.steps[0].id))


# --- the steps ----------------------------------------------------------------------------------


def _step(ctx: Context, request: Request):
    name = request.path_params["name"]
    step = ctx.step(request.path_params["step"])
    if step is None:
        raise NotFound(request.path_params["step"])
    return name, case_path(ctx, name), step


def _read(path) -> CaseFile:
    return CaseFile.read(path)


async def step_get(ctx: Context, request: Request) -> Response:
    name, path, step = _step(ctx, request)
    try:
        case = _read(path)
    except ToolkitError as exc:
        return save_problem_page(ctx, exc)
    kept = valid_kept(ctx, [k for k in request.query_params.get("kept", "").split(",") if k])
    return step_page(
        ctx,
        name,
        step,
        case,
        kept=kept,
        saved=request.query_params.get("saved") == "1",
        return_to="review" if request.query_params.get("return") == "review" else None,
    )


async def step_post(ctx: Context, request: Request) -> Response:
    name, path, step = _step(ctx, request)
    form = await read_form(ctx, request)
    return_to = "review" if form.get("return") == "review" else None
    try:
        case = CaseFile.edit(path)
    except ToolkitError as exc:
        return save_problem_page(ctx, exc)
    if form.get("version") != case.version:
        return step_page(
            ctx, name, step, case, submitted=form, conflict=True, return_to=return_to, status=409
        )
    applied = apply_fields(case, form, ctx.fields)
    step.apply(case, form, ctx.library, applied)
    apply_removals(case, form, applied)
    text = case.text()
    checked = check_text(path, text, ctx.library, ctx.config)
    here = [(p, at) for p, at in checked.errors if step_of(at) == step.id or at is None]
    if form.get("action") == "preview":
        return step_page(
            ctx,
            name,
            step,
            case,
            submitted=form,
            errors=here,
            new_items=applied.new_items,
            return_to=return_to,
            preview=preview_for(ctx, step, checked),
        )
    if here:
        return step_page(
            ctx,
            name,
            step,
            CaseFile.read(path),
            submitted=form,
            errors=here,
            new_items=applied.new_items,
            return_to=return_to,
            status=422,
        )
    if applied.changed:
        try:
            case.save()
        except OSError as exc:
            return save_problem_page(
                ctx,
                ToolkitError.at(
                    str(path),
                    None,
                    f"could not save the file: {exc.strerror or exc}",
                    "check that the folder can be written to, then save again",
                ),
                500,
                _("Your answers could not be saved"),
            )
        except Conflict:
            return step_page(
                ctx,
                name,
                step,
                CaseFile.read(path),
                submitted=form,
                conflict=True,
                return_to=return_to,
                status=409,
            )
    if applied.kept or applied.stay:
        query = "?saved=1"
        if applied.kept:
            query += "&kept=" + ",".join(applied.kept)
        if return_to:
            query += "&return=review"
        return redirect(case_url(name, "step", step.id) + query)
    if return_to:
        return redirect(case_url(name, "review") + f"#{step.id}")
    index = ctx.steps.index(step)
    if index + 1 < len(ctx.steps):
        return redirect(case_url(name, "step", ctx.steps[index + 1].id))
    return redirect(case_url(name, "review"))


async def preview_post(ctx: Context, request: Request) -> Response:
    """Return the preview of a step for the answers on the page (not saved): for htmx."""
    _name, path, step = _step(ctx, request)
    form = await read_form(ctx, request)
    case = CaseFile.edit(path)
    applied = apply_fields(case, form, ctx.fields)
    step.apply(case, form, ctx.library, applied)
    apply_removals(case, form, applied)
    checked = check_text(path, case.text(), ctx.library, ctx.config)
    html, problems = preview_for(ctx, step, checked)
    template = ctx.env.get_template("preview_part.html")

    class _Page:
        preview_html = html
        preview_problems = problems

    return HTMLResponse(template.render(page=_Page, _=_))
