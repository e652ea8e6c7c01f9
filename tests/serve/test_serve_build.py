"""Building from the page writes the output folder exactly as `srkit build` does: nothing is
lost, and an edited draft is kept with the new one beside it as -v2."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx
import pytest
from conftest import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=120) as c:
        c.get(f"/?token={server.keys.token}")
        yield c


def test_building_twice_keeps_an_edited_draft(server, client):
    shutil.copy(EXAMPLES / "amira-haddad.yaml", server.folder / "amira.yaml")
    csrf = {"csrf": server.keys.csrf}
    origin = {"Origin": server.url}
    first = client.post("/case/amira.yaml/build", data=csrf, headers=origin)
    assert first.status_code == 200, first.text
    names = re.findall(r"download>([^<]+)</a>", first.text)
    assert "amira-haddad-plan.docx" in names and "amira-haddad-plan.txt" in names
    out = server.folder / "out"
    plan = out / "amira-haddad-plan.docx"
    edited = plan.read_bytes() + b"\n"  # someone edited the draft after srkit wrote it
    plan.write_bytes(edited)
    second = client.post("/case/amira.yaml/build", data=csrf, headers=origin)
    assert second.status_code == 200
    assert plan.read_bytes() == edited
    assert (out / "amira-haddad-plan-v2.docx").is_file()
    assert "was edited since srkit wrote it" in second.text
    # the same names as the command line's, with and without the page
    code, stdout, stderr = run_cli(
        "build", server.folder / "amira.yaml", "--format", "docx,txt", "-o", out.parent / "cli"
    )
    assert code == 0, stderr
    cli_names = sorted(Path(p).name for p in stdout.splitlines())
    assert sorted(names) == cli_names


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "starlette" else real(name, *a),
    )
    code, _stdout, stderr = run_cli("serve", ".", "--no-browser")
    assert code == 1
    assert stderr.strip().splitlines() == [
        "Error: srkit serve needs the package 'starlette': pip install 'srkit[serve]'"
    ]
