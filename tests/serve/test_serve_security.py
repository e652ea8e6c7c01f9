"""What keeps the local page private, checked with real HTTP requests to the running server."""

from __future__ import annotations

import http.client
import os
from urllib.parse import urlsplit

import httpx
import pytest

CASE = """
    srkit: 1
    student:
      name: Robin Vale
    """


@pytest.fixture
def client(server):
    """An HTTP client holding the launch token's cookie, as the opened browser does."""
    with httpx.Client(base_url=server.url, follow_redirects=False) as c:
        opened = c.get(f"/?token={server.keys.token}")
        assert opened.status_code == 303
        assert "HttpOnly" in opened.headers["set-cookie"]
        assert "SameSite=Strict" in opened.headers["set-cookie"]
        yield c


def test_foreign_host_header_is_refused(server, client):
    answer = client.get("/", headers={"Host": "evil.example:80"})
    assert answer.status_code == 400
    answer = client.get("/", headers={"Host": f"attacker.test:{urlsplit(server.url).port}"})
    assert answer.status_code == 400
    assert client.get("/").status_code == 200


def test_without_the_launch_token_nothing_is_shown(server):
    answer = httpx.get(server.url + "/")
    assert answer.status_code == 403
    assert "link printed in the terminal" in answer.text
    wrong = httpx.get(server.url + "/?token=not-the-token")
    assert wrong.status_code == 403


def test_post_without_csrf_token_is_refused(server, client):
    server.case("robin-vale.yaml", CASE)
    before = (server.folder / "robin-vale.yaml").read_bytes()
    origin = {"Origin": server.url}
    answer = client.post(
        "/case/robin-vale.yaml/step/student", data={"student.name": "Mallory"}, headers=origin
    )
    assert answer.status_code == 403
    wrong = client.post(
        "/case/robin-vale.yaml/step/student",
        data={"student.name": "Mallory", "csrf": "guess"},
        headers=origin,
    )
    assert wrong.status_code == 403
    assert (server.folder / "robin-vale.yaml").read_bytes() == before


def test_post_from_another_origin_is_refused(server, client):
    server.case("robin-vale.yaml", CASE)
    answer = client.post(
        "/new",
        data={"name": "Eve", "csrf": server.keys.csrf},
        headers={"Origin": "http://evil.example"},
    )
    assert answer.status_code == 403
    assert not (server.folder / "eve.yaml").exists()
    same = client.post(
        "/new",
        data={"name": "Nobody Here", "csrf": server.keys.csrf},
        headers={"Origin": server.url},
    )
    assert same.status_code == 303
    (server.folder / "nobody-here.yaml").unlink()


def _raw_get(server, path: str, cookie: str) -> int:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", parts.netloc)
    connection.putheader("Cookie", cookie)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_paths_stay_inside_the_folder(server, client, tmp_path):
    cookie = f"{server.keys.cookie}={server.keys.token}"
    secret = tmp_path / "secret.yaml"
    secret.write_text(CASE, encoding="utf-8")
    os.symlink(secret, server.folder / "link.yaml")
    try:
        for path in (
            "/case/../secret.yaml/step/student",
            "/case/%2e%2e%2fsecret.yaml/step/student",
            "/case/..%2F..%2Fetc%2Fpasswd/review",
            "/case/link.yaml/step/student",
            "/case/robin-vale.yaml/files/..%2Frobin-vale.yaml",
            "/static/../app.py",
        ):
            assert _raw_get(server, path, cookie) == 404, path
    finally:
        (server.folder / "link.yaml").unlink()


def test_headers_strict_csp_and_no_cors(server, client):
    answer = client.get("/", headers={"Origin": "http://evil.example"})
    csp = answer.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert not any(h.lower().startswith("access-control-") for h in answer.headers)
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    preflight = client.options("/new", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in preflight.headers


def test_a_large_upload_is_refused(server, client):
    answer = client.post(
        "/new",
        content=b"name=" + b"x" * (600 * 1024) + f"&csrf={server.keys.csrf}".encode(),
        headers={"Origin": server.url, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413


def test_other_addresses_need_a_flag():
    from toolkit.errors import ToolkitError
    from toolkit.serve.security import check_bind

    assert check_bind("127.0.0.1", allow_other=False) is None
    with pytest.raises(ToolkitError, match=r"refusing to listen on 0\.0\.0\.0"):
        check_bind("0.0.0.0", allow_other=False)
    assert "anyone who can reach" in check_bind("0.0.0.0", allow_other=True)
