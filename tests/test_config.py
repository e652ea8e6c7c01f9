"""The user configuration file: snippet folders and a template an advocate always wants."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import IEP
from docx import Document

from toolkit.cli.app import cli

HOUSE_SAFE_SPACE = """---
kind: accommodation
title: Quiet room
summary: The student may go to a quiet room at any time.
addresses: [anxiety, sensory, social]
params:
  location:
    default: a quiet room the team names
    description: Where the student goes.
  supervisor_role:
    default: staff member in the room
    description: Who is there.
rationale: Our house wording for a place to calm down and return to class.
---
Beginning {{ start_date }}, {{ name }} may go to {{ location }} whenever needed;
the {{ supervisor_role }} is there (house style).
"""


def run(config: Path | None, *args):
    env = {"SRKIT_CONFIG": str(config)} if config else {}
    return CliRunner(env=env).invoke(cli, [str(a) for a in args])


def test_config_snippets_and_template_apply_to_every_build(tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    (house / "safe-space.md").write_text(HOUSE_SAFE_SPACE, encoding="utf-8")
    letterhead = tmp_path / "letterhead.docx"
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Family Advocacy Partners"
    document.save(letterhead)
    config = tmp_path / "config.yaml"
    config.write_text("snippets: [house]\ntemplate: letterhead.docx\n", encoding="utf-8")

    result = run(config, "build", IEP, "--only", "plan", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert (
        f"{house / 'safe-space.md'}: warning: your snippet replaces the built-in "
        "'safe-space'" in result.stderr
    )
    plan = Document(tmp_path / "out" / "elias-okafor-plan.docx")
    text = "\n".join(p.text for p in plan.paragraphs)
    assert (
        "Eli may go to the library study room (Room 208) whenever needed; the library aide is "
        "there (house style)."
    ) in text
    assert plan.sections[0].header.paragraphs[0].text == "Family Advocacy Partners"


def test_a_typo_in_the_config_file_is_reported_at_its_line(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("snippets: []\ntemplates: letterhead.docx\n", encoding="utf-8")
    result = run(config, "check", IEP)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{config}:2:1: error: unknown key 'templates'",
        "  hint: did you mean 'template'?",
    ]


def test_a_config_path_that_does_not_exist_is_an_error(tmp_path):
    result = run(tmp_path / "nowhere.yaml", "check", IEP)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{tmp_path / 'nowhere.yaml'}: error: configuration file not found"
    )


def test_the_configured_sender_fills_in_the_advocate(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(
        "sender:\n  name: Dana Whitfield\n  organization: Family Advocacy Partners\n"
        "  phone: (555) 010-9999\n  address: |\n    12 Oak Street\n    Riverside, CA 92501\n",
        encoding="utf-8",
    )
    case = tmp_path / "case.yaml"
    case.write_text(
        "srkit: 1\nstudent: { name: Ana Ruiz, plan: iep }\n"
        "people:\n  parents: [{ name: Rosa Ruiz }]\n"
        "  school_contacts: [{ name: Jo Bell, title: Principal }]\n"
        "letters:\n  - { type: records-request, date: 2027-01-15, to: Jo Bell, "
        "from: Dana Whitfield }\n",
        encoding="utf-8",
    )
    result = run(config, "build", case, "--only", "letters", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    letter = Document(tmp_path / "out" / "ana-ruiz-2027-01-15-records-request.docx")
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Dana Whitfield\nFamily Advocacy Partners\n12 Oak Street\nRiverside, CA 92501" in text
    assert "Dana Whitfield\nAdvocate, Family Advocacy Partners" in text
    assert "cc: Rosa Ruiz" in text
