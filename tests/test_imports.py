"""Each command imports only what it uses: a command that writes no Word file loads no Word
library, and nothing loads a chart or terminal-styling library it does not need.

Every command runs as a user runs it, in its own ``python -X importtime -m toolkit`` process;
the modules it imported are read from the import log (modules, not times: speed is measured by
``bench/``, never by a test).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, IEP, ROOT, clean_env
from test_golden import update_requested

#: Heavy libraries, and the commands that must not import them.
WORD = ("docx", "lxml", "docxtpl", "docxcompose", "xlsxwriter")
NEVER = ("matplotlib", "rich", "numpy", "PIL")
NOTHING_TO_VALIDATE = ("pydantic", "yaml", "jinja2", "markdown_it")
#: The plain forms of check and build run without the click command line (toolkit.cli.plain).
PLAIN = ("click",)
#: What a build does not do: read its documents back.
NOT_READ_BACK = ("toolkit.word.dump", "toolkit.word.reading")
#: What check does not do: lay documents out in any format (without a template to check).
NOT_LAID_OUT = ("toolkit.layout", "toolkit.documents.formats", "zipfile")

COMMANDS = {
    "help": (["--help"], (*WORD, *NEVER, *NOTHING_TO_VALIDATE, "click", "pathlib")),  # help.txt
    "build-help": (["build", "--help"], WORD + NEVER + NOTHING_TO_VALIDATE),
    # a plainly valid case is validated without the pydantic models (toolkit.case.fast); the
    # example's notes and letter subjects hold nothing the Markdown parser is needed for
    "check": (
        ["check", str(IEP)],
        (*WORD, *NEVER, *PLAIN, *NOT_LAID_OUT, "pydantic", "markdown_it"),
    ),
    "snippets-list": (["snippets", "list"], (*WORD, *NEVER, "markdown_it")),
    "build-txt": (["build", str(IEP), "--format", "txt", "-o", "{out}"], WORD + NEVER + PLAIN),
    "build-md-progress": (
        ["build", str(IEP), "--only", "progress", "--format", "md", "-o", "{out}"],
        WORD + NEVER + PLAIN,
    ),
    "build-plan": (
        ["build", str(IEP), "--only", "plan", "-o", "{out}"],
        ("docxtpl", "docxcompose", "xlsxwriter", *NEVER, *PLAIN),
    ),
    "build-plan-letters": (  # docxtpl only for a user's letter template with Jinja tags
        ["build", str(IEP), "--only", "plan,letters", "-o", "{out}"],
        ("docxtpl", "docxcompose", "xlsxwriter", *NEVER, *PLAIN, *NOT_READ_BACK),
    ),
    "build-progress": (  # the English chart's dates are written without Babel
        ["build", str(IEP), "--only", "progress", "-o", "{out}"],
        (*NEVER, *PLAIN, "babel", "xml.sax", "urllib.request", "http"),
    ),
    "build-comments": (  # not a plain form: click's command line
        ["build", str(IEP), "--only", "plan", "--comments", "-o", "{out}"],
        ("docxtpl", "docxcompose", "xlsxwriter", *NEVER),
    ),
    "compare-txt": (  # a text draft compared into a text report: no Word, no numpy
        ["compare", str(DATA / "school-draft.txt"), str(IEP), "--format", "txt", "-o", "{out}"],
        (*WORD, *NEVER, "pypdfium2"),
    ),
}


def imported(
    args: list[str], home: Path, output: list[str] | None = None, *, status: int = 0
) -> set[str]:
    """Return the names of every module ``srkit ARGS`` imported, each also by its top-level
    package (and append what it printed to ``output``); it must exit with ``status``."""
    env = dict(os.environ)
    for name, value in clean_env(home).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "toolkit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert done.returncode == status, done.stderr[-2000:]
    if output is not None:
        output.append(done.stdout)
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            module = line.rsplit("|", 1)[1].strip()
            names.update((module, module.split(".")[0]))
    assert "toolkit" in names, "the import log was not read"
    return names


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_imports_only_what_it_uses(command, tmp_path):
    args, forbidden = COMMANDS[command]
    args = [a.replace("{out}", str(tmp_path / "out")) for a in args]
    found = imported(args, tmp_path)
    assert not found & set(forbidden), f"srkit {' '.join(args)} imported {found & set(forbidden)}"


def test_the_log_shows_what_a_command_does_import(tmp_path):
    """The check above can fail: a Word build is seen importing the Word libraries."""
    found = imported(["build", str(IEP), "--only", "plan", "-o", str(tmp_path)], tmp_path)
    assert {"docx", "lxml", "markdown_it", "toolkit.word.builder"} <= found


def test_a_case_that_is_not_plainly_valid_is_validated_by_the_models(tmp_path):
    """The models (pydantic) say what is wrong with a case, so checking a wrong one loads
    them; a plainly valid case does not need them (see "check" above)."""
    case = tmp_path / "case.yaml"
    case.write_text(
        IEP.read_text(encoding="utf-8").replace("srkit: 1", "srkit: 1\nsrkt: 1", 1),
        encoding="utf-8",
    )
    found = imported(["check", str(case)], tmp_path, status=1)
    assert "pydantic" in found


def test_help_is_answered_from_the_text_the_command_line_writes(tmp_path, monkeypatch):
    """``srkit --help`` prints cli/help.txt without loading the command line; the file must be
    what click itself writes at the usual 80 columns. After changing a command's help:

        SRKIT_UPDATE_GOLDEN=1 python -m pytest tests/test_imports.py -k help_is_answered
    """
    import click

    from toolkit.__main__ import HELP, HELP_WIDTH
    from toolkit.cli.app import cli

    monkeypatch.setenv("COLUMNS", str(HELP_WIDTH))
    with click.Context(cli, info_name="srkit", **cli.context_settings) as context:
        written = context.get_help() + "\n"
    if update_requested():  # never in CI
        Path(HELP).write_text(written, encoding="utf-8")
    assert Path(HELP).read_text(encoding="utf-8") == written, (
        "toolkit/cli/help.txt is not what `srkit --help` writes: rerun with SRKIT_UPDATE_GOLDEN=1"
    )
    printed: list[str] = []
    imported(["--help"], tmp_path, printed)
    assert printed == [written]
