"""A real srkit serve server (one per test session, in a thread) and a real browser.

The browser is Debian's Chromium headless shell (``/usr/lib/chromium/chromium-headless-shell``,
or the program named by ``SRKIT_CHROMIUM``), driven by Playwright through pytest-playwright.
Where it is missing the browser tests are skipped with a message, and fail where ``CI`` is set.
"""

from __future__ import annotations

import os
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="srkit serve needs the extra: pip install 'srkit[serve]'")

CHROMIUM = os.environ.get("SRKIT_CHROMIUM", "/usr/lib/chromium/chromium-headless-shell")


@dataclass
class Server:
    url: str
    folder: Path
    keys: object

    @property
    def opening_url(self) -> str:
        return f"{self.url}/?token={self.keys.token}"

    def case(self, name: str, text: str) -> Path:
        """Write a case file (inline YAML, dedented) into the served folder."""
        path = self.folder / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory):
    """Run srkit serve's application on 127.0.0.1 (a free port) for the whole session."""
    import uvicorn

    from toolkit.serve import listen
    from toolkit.serve.app import create_app
    from toolkit.serve.security import Secrets

    folder = tmp_path_factory.mktemp("served")
    home = tmp_path_factory.mktemp("serve-home")
    saved = {k: os.environ.get(k) for k in ("SRKIT_CONFIG", "XDG_CONFIG_HOME", "HOME")}
    os.environ.pop("SRKIT_CONFIG", None)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["HOME"] = str(home)
    try:
        sock = listen("127.0.0.1", 0)
        port = sock.getsockname()[1]
        keys = Secrets(port)
        app = create_app(folder, keys)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert uv.started, "the server did not start"
    yield Server(f"http://127.0.0.1:{port}", folder, keys)
    uv.should_exit = True
    thread.join(timeout=5)


def _chromium() -> str:
    if not Path(CHROMIUM).is_file():
        message = (
            f"no Chromium at {CHROMIUM} (install chromium-headless-shell or set SRKIT_CHROMIUM)"
        )
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this is a failure)")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright: launch Debian's Chromium (Playwright cannot download browsers here)."""
    return {**browser_type_launch_args, "executable_path": _chromium()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture
def web(page, server):
    """A browser page that opened srkit from its launch link (so it holds the token cookie);
    every request it makes is recorded, and one to any other host fails the test."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.opening_url)
    yield page
    foreign = [url for url in requests if not url.startswith(server.url + "/")]
    assert not foreign, f"the page asked another host: {foreign}"
