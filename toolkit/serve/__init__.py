"""``srkit serve``: a guided, local web interview that edits a case file in place.

Needs the optional extra ``srkit[serve]`` (Starlette, Jinja2, uvicorn, python-multipart,
ruamel.yaml). Modules: ``security`` (what keeps the page private), ``casefile`` (round-trip
editing and atomic saving), ``fields``/``steps``/``steps_more`` (the interview),
``checking`` (the command line's checks, placed next to the fields), ``memo`` (checks and
previews kept by file content), ``packet`` (building and HTML previews), ``controls`` (a form
field's HTML), ``i18n``/``switch`` (the interface in English or Spanish: a Babel catalogue,
and the language of each request), ``app``/``pages``/``documents``/``daily`` (the web pages).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from toolkit.errors import ToolkitError

NEEDED = ("starlette", "jinja2", "uvicorn", "multipart", "ruamel.yaml")


def missing_dependency() -> str | None:
    """Return the name of the first package ``srkit serve`` needs that is not installed."""
    import importlib.util

    for module in NEEDED:
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            return module
    return None


def listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on ``host:port`` (port 0: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose proto
    # says TCP; without it a kept-alive connection waits ~40 ms for a delayed ACK per page
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ToolkitError.at(
            "srkit serve",
            None,
            f"cannot listen on {host}:{port}: {exc.strerror}",
            "choose another port with --port, or leave it out to use a free one",
        ) from None
    sock.listen(64)
    return sock


def serve(
    folder: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the case files in ``folder`` until interrupted; ``on_ready`` gets the opening URL."""
    import uvicorn

    from toolkit.serve.app import create_app
    from toolkit.serve.security import Secrets

    sock = listen(host, port)
    actual = sock.getsockname()[1]
    keys = Secrets(actual)
    extra = None if host in ("127.0.0.1", "localhost") else {f"{host}:{actual}"}
    app = create_app(folder, keys, extra_hosts=extra)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, date_header=False
    )
    server = uvicorn.Server(config)
    if on_ready:
        on_ready(
            keys.opening_url()
            if host == "127.0.0.1"
            else keys.opening_url().replace("127.0.0.1", host)
        )
    server.run(sockets=[sock])
