"""What keeps the pages quick without ever showing an old answer: checks and previews are kept
by the content of the files they read, and replies leave without waiting for the browser's
acknowledgement (no Nagle delay on a kept-alive connection)."""

from __future__ import annotations

import asyncio
import os
import socket
import threading

import httpx
import pytest

from toolkit.serve import listen
from toolkit.serve.memo import Memo


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as c:
        c.get(f"/?token={server.keys.token}")
        yield c


def test_accepted_connections_send_at_once():
    """asyncio turns Nagle off only on sockets that say they are TCP: the listening socket
    must, or every page of a kept-alive connection waits ~40 ms for a delayed ACK."""
    seen: list[int] = []

    async def run() -> None:
        sock = listen("127.0.0.1", 0)
        port = sock.getsockname()[1]

        class Note(asyncio.Protocol):
            def connection_made(self, transport) -> None:
                opened = transport.get_extra_info("socket")
                seen.append(opened.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Note, sock=sock)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    # in a thread of its own: the browser tests' Playwright keeps an event loop in this one
    thread = threading.Thread(target=asyncio.run, args=(run(),))
    thread.start()
    thread.join(timeout=10)
    assert seen and seen[0] != 0


def test_a_file_changed_on_disk_is_seen_even_with_the_same_time_and_size(server, client):
    path = server.case(
        "kept-key.yaml",
        """
        srkit: 1
        student:
          name: Robin Vale
          school: North High
        """,
    )
    page = client.get("/case/kept-key.yaml/review")
    assert page.status_code == 200 and "North High" in page.text
    stat = path.stat()
    path.write_text(path.read_text().replace("North High", "South High"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as if within one clock tick
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    page = client.get("/case/kept-key.yaml/review")
    assert "South High" in page.text and "North High" not in page.text

    # a check's problem appears as soon as the file has it, and goes when it is fixed
    text = path.read_text()
    path.write_text(text.replace("  school: South High\n", "  grade: 99\n"))
    page = client.get("/case/kept-key.yaml/review")
    assert "Some answers need correcting" in page.text and "grade" in page.text
    path.write_text(text)
    page = client.get("/case/kept-key.yaml/review")
    assert "Some answers need correcting" not in page.text


def test_the_memo_keeps_the_most_recent_results():
    memo = Memo(limit=2)
    calls: list[str] = []

    def compute(key: str):
        return lambda: calls.append(key) or key.upper()

    assert memo.get("a", compute("a")) == "A"
    assert memo.get("a", compute("a")) == "A"
    assert memo.get("b", compute("b")) == "B"
    assert memo.get("c", compute("c")) == "C"  # "a" is the oldest: it goes
    assert len(memo) == 2
    assert memo.get("a", compute("a")) == "A"
    assert calls == ["a", "b", "c", "a"]
