"""Which language the interface speaks to each request, and the switch on every page.

``Language`` (ASGI middleware, outside the security guard so that even its refusals are in the
person's language) reads the switch's cookie, else ``Accept-Language``. The switch is a link to
``/language?to=es&next=PAGE``, a page behind the guard like any other: it remembers the choice
in a cookie (for a year: the same on every launch, as it holds no secret) and returns to PAGE.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from toolkit.serve import i18n
from toolkit.serve.security import read_cookies

YEAR = 365 * 24 * 3600


class Language:
    """ASGI middleware: answer each request in its interface language."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        language = i18n.choose(
            read_cookies(headers.get("cookie", "")).get(i18n.COOKIE), headers.get("accept-language")
        )
        query = scope.get("query_string", b"").decode("latin-1")
        path = scope.get("path", "/") + (f"?{query}" if query else "")
        tokens = i18n.activate(language, path)
        try:
            await self.app(scope, receive, send)
        finally:
            i18n.deactivate(tokens)


def switch_url(language: str) -> str:
    """Return the link that switches the interface to ``language`` and comes back here."""
    return f"/language?to={language}&next={quote(i18n.here(), safe='')}"


async def switch(request: Request) -> Response:
    """Remember the chosen interface language and go back to the page it was chosen on."""
    language = request.query_params.get("to", "")
    target = request.query_params.get("next", "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"  # only a page of this server: never a way out to another site
    response = RedirectResponse(target, status_code=303)
    if language in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE, language, max_age=YEAR, path="/", httponly=True, samesite="strict"
        )
    return response
