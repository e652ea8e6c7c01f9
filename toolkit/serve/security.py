"""What keeps a local web page holding children's records private.

- The server listens on 127.0.0.1 only (``check_bind``); another address needs a flag.
- ``Guard`` (ASGI middleware) answers every request before the pages do:
  a Host header other than this server's own (DNS rebinding) gets 400; a request without the
  per-launch token (a cookie set from the opening URL) gets 403; a POST without the CSRF token
  of this launch, or from another origin, gets 403; a body over the size limit gets 413.
  Every answer carries a strict Content-Security-Policy and no CORS header.
- ``confine`` turns a name from a URL into a path inside the served folder, or ``None``
  (``..``, hidden files, symbolic links that lead outside).
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from dataclasses import field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from toolkit.errors import ToolkitError
from toolkit.frozen import Record
from toolkit.serve.i18n import _

MAX_BODY_BYTES = 512 * 1024  # a case's answers are a few kilobytes
LOOPBACK_NAMES = ("127.0.0.1", "localhost")

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


def check_bind(host: str, *, allow_other: bool) -> str | None:
    """Return a warning when ``host`` is not the loopback address and ``allow_other`` is set.

    Raises ``ToolkitError`` when ``host`` is another address and ``allow_other`` is not set.
    """
    if host in LOOPBACK_NAMES:
        return None
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        return None
    if not allow_other:
        raise ToolkitError.at(
            "srkit serve",
            None,
            f"refusing to listen on {host}: other computers could open the case files",
            "leave out --host to use 127.0.0.1, or add --allow-other-hosts if you must",
        )
    return (
        f"listening on {host}: anyone who can reach this address and has the link can read "
        "and change the case files in this folder"
    )


class Secrets(Record):
    """The per-launch secrets: the access token (in the opening URL and a cookie) and the
    CSRF token every form carries."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def cookie(self) -> str:
        return f"srkit-{self.port}"

    def hosts(self) -> set[str]:
        return {f"{name}:{self.port}" for name in LOOPBACK_NAMES}

    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.hosts()}

    def opening_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def read_cookies(header: str) -> dict[str, str]:
    result = {}
    for part in header.split(";"):
        name, eq, value = part.strip().partition("=")
        if eq:
            result[name] = value
    return result


class Guard:
    """ASGI middleware: the Host check, the launch token, CSRF and origin checks, the body
    size limit and the security headers, in front of every page."""

    def __init__(self, app, keys: Secrets, *, extra_hosts: set[str] | None = None) -> None:
        self.app = app
        self.keys = keys
        self.hosts = keys.hosts() | (extra_hosts or set())
        self.origins = {f"http://{host}" for host in self.hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}

        async def send_secured(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _v in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in HEADERS if k not in names),
                ]
            await send(message)

        if headers.get("host", "").lower() not in self.hosts:
            await _refuse(send_secured, 400, _("This address is not the srkit server's own."))
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        from_url = query.get("token", [None])[0]
        cookie = read_cookies(headers.get("cookie", "")).get(self.keys.cookie)
        if scope["method"] == "GET" and _same(from_url, self.keys.token):
            await _set_token(send_secured, self.keys, scope)
            return
        if not _same(cookie, self.keys.token):
            await _refuse(
                send_secured,
                403,
                _(
                    "Open srkit from the link printed in the terminal window where you started "
                    "it. (Each start of srkit makes a new link, so an old link or bookmark no "
                    "longer works.)"
                ),
            )
            return
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")
            referer = headers.get("referer")
            if origin is not None:
                same_origin = origin in self.origins
            elif referer:
                parts = urlsplit(referer)
                same_origin = f"{parts.scheme}://{parts.netloc}" in self.origins
            else:
                same_origin = headers.get("sec-fetch-site") in (None, "same-origin")
            if not same_origin:
                await _refuse(send_secured, 403, _("This request came from another web site."))
                return
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
                await _refuse(send_secured, 413, _("What was sent is too large."))
                return
            receive = _limited(receive)
        try:
            await self.app(scope, receive, send_secured)
        except BodyTooLarge:
            await _refuse(send_secured, 413, _("What was sent is too large."))


class BodyTooLarge(Exception):
    """A request body grew past ``MAX_BODY_BYTES``."""


def _limited(receive):
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise BodyTooLarge
        return message

    return wrapped


def check_csrf(form_token: str | None, keys: Secrets) -> bool:
    """Return True when a form carried this launch's CSRF token."""
    return _same(form_token, keys.csrf)


async def _set_token(send, keys: Secrets, scope) -> None:
    """Answer the opening URL: set the token cookie and go to the same page without it."""
    path = scope.get("path", "/") or "/"
    cookie = f"{keys.cookie}={keys.token}; Path=/; HttpOnly; SameSite=Strict"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", path.encode("latin-1")),
                (b"set-cookie", cookie.encode("latin-1")),
                (b"content-length", b"0"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send, status: int, message: str) -> None:
    from html import escape

    from toolkit.serve.i18n import current

    title = {400: _("Bad request"), 403: _("Not allowed"), 413: _("Too large")}[status]
    body = (
        f'<!doctype html><html lang="{current()}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} – srkit</title></head><body><main>"
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p></main></body></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


_CASE_NAME = re.compile(r"^[^/\\\x00]+\.ya?ml$")


def confine(folder: Path, name: str, *, pattern: re.Pattern[str] = _CASE_NAME) -> Path | None:
    """Return ``folder / name`` when it is a plain file name of ``folder`` matching
    ``pattern`` that stays inside ``folder`` once symbolic links are followed; else ``None``.
    """
    if not pattern.match(name) or name.startswith(".") or ".." in name:
        return None
    candidate = folder / name
    try:
        resolved = candidate.resolve()
        root = folder.resolve()
    except OSError:
        return None
    if resolved.parent != root and root not in resolved.parents:
        return None
    return candidate


def inside(folder: Path, path: Path) -> bool:
    """Return True when ``path`` (symbolic links followed) lies inside ``folder``."""
    try:
        return folder.resolve() in path.resolve().parents
    except OSError:
        return False
