"""`srkit serve` answers every page with every socket to anything but 127.0.0.1 blocked.

The server runs as the real command (`srkit serve --no-browser`) in a process whose socket
functions refuse any address but the loopback one, and record each attempt; the test then
uses every page, saves answers and builds the documents, and checks that nothing was attempted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

BLOCKER = """
import os, socket

_LOG = os.environ["SRKIT_TEST_BLOCKED_LOG"]
_LOCAL = {"127.0.0.1", "localhost", "::1", None, ""}


def _record(what):
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(repr(what) + "\\n")
    raise OSError("network blocked by the test: " + repr(what))


def _host(address):
    return address[0] if isinstance(address, tuple) else address


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in _LOCAL:
        _record(address)
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in _LOCAL:
        _record(address)
    return _connect_ex(self, address)


def sendto(self, data, *args):
    address = args[-1]
    if self.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in _LOCAL:
        _record(address)
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL:
        _record(host)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo = getaddrinfo
"""

CASE = """
    srkit: 1
    student:
      name: Noor Haddad
      grade: 7
    barriers: [anxiety]
    people:
      parents:
        - name: Lina Haddad
      school_contacts:
        - name: Omar Diaz
          title: Principal
    letters:
      - { type: evaluation-request, to: Omar Diaz, date: 2027-01-05 }
    """


@pytest.fixture
def blocked_env(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    log = tmp_path / "blocked.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["SRKIT_TEST_BLOCKED_LOG"] = str(log)
    env.pop("SRKIT_CONFIG", None)
    return env, log


def test_the_blocker_blocks(blocked_env):
    env, log = blocked_env
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('example.invalid', 80))"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0 and "network blocked by the test" in probe.stderr
    assert "example.invalid" in log.read_text(encoding="utf-8")


def test_every_page_answers_without_the_network(blocked_env, tmp_path):
    env, log = blocked_env
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "noor.yaml").write_text(textwrap.dedent(CASE).lstrip(), encoding="utf-8")
    srkit = Path(sys.executable).with_name("srkit")
    command = [str(srkit), "serve", str(folder), "--no-browser"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=\S+", line)
        assert match, line + process.stderr.read()
        base = match.group(1)
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    assert (
                        client.get(match.group(0)[len(base) :], follow_redirects=True).status_code
                        == 200
                    )
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
            page = client.get("/case/noor.yaml/step/student")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            version = re.search(r'name="version" value="([^"]+)"', page.text).group(1)
            saved = client.post(
                "/case/noor.yaml/step/student",
                data={
                    "csrf": csrf,
                    "version": version,
                    "student.name": "Noor Haddad",
                    "student.school": "Hillside Middle School",
                },
                headers={"Origin": base},
            )
            assert saved.status_code == 303
            steps = [
                "student",
                "barriers",
                "accommodations",
                "interventions",
                "return-plan",
                "credit",
                "people",
                "letters",
            ]
            for path in [f"/case/noor.yaml/step/{s}" for s in steps] + [
                "/",
                "/case/noor.yaml/review",
                "/case/noor.yaml/log",
                "/case/noor.yaml/progress",
                "/static/htmx.min.js",
            ]:
                assert client.get(path).status_code == 200, path
            preview = client.post(
                "/case/noor.yaml/preview/barriers",
                data={"csrf": csrf, "group:barriers": "1", "barriers": "anxiety"},
                headers={"Origin": base},
            )
            assert preview.status_code == 200 and "Anxiety" in preview.text
            built = client.post(
                "/case/noor.yaml/build", data={"csrf": csrf}, headers={"Origin": base}
            )
            assert built.status_code == 200 and "noor-haddad-plan.docx" in built.text
            docs = client.get("/case/noor.yaml/documents")
            assert "Hillside Middle School" in docs.text
            download = client.get("/case/noor.yaml/files/noor-haddad-plan.docx")
            assert download.status_code == 200 and download.content[:2] == b"PK"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert not log.exists(), log.read_text(encoding="utf-8")
