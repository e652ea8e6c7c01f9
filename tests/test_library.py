"""The snippet library: built-in snippets load and render with their defaults; a user's own
snippet folder is checked at its file's lines, can replace a built-in snippet (and `build`
says so), and cannot reach outside the template sandbox."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest
from conftest import IEP, ROOT, build_one, no_traceback, run_cli, write_case
from test_golden import update_requested

from toolkit import markers
from toolkit.case.validate import load_case
from toolkit.documents.context import base_context
from toolkit.documents.plan import render_snippet
from toolkit.library import index
from toolkit.library.snippets import (
    _builtin_paths,
    _load_builtin_snippet,
    load_library,
    load_snippet,
)
from toolkit.word.dump import dump_docx

SNIPPET_FILES = sorted(
    p
    for p in (ROOT / "snippets").rglob("*.md")
    if p.name.upper() != "README.MD" and not p.name.endswith(".es.md")
)


def write_snippet(folder: Path, name: str, text: str) -> Path:
    """Write a snippet file (dedented) into ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# -- built-in snippets ------------------------------------------------------------------------


@pytest.mark.parametrize("path", SNIPPET_FILES, ids=[p.stem for p in SNIPPET_FILES])
def test_every_builtin_snippet_passes_the_full_check(path):
    """The check a user's snippet gets (front matter, citations, every variable declared)."""
    snippet = load_snippet(path, builtin=True)
    assert snippet.id == path.stem
    assert snippet.title and snippet.summary and snippet.rationale


def test_the_snippet_index_is_current():
    """The committed index is what the built-in snippet files make now. After changing a
    snippet, write it again:

        SRKIT_UPDATE_GOLDEN=1 python -m pytest tests/test_library.py -k index
    """
    made = index.index_text(index.make_index(_builtin_paths()))
    if update_requested():  # never in CI
        index.INDEX.write_text(made, encoding="utf-8")
        index._records.cache_clear()
    assert index.INDEX.is_file(), "toolkit/data/snippet-index.json is missing"
    assert index.INDEX.read_text(encoding="utf-8") == made, (
        "toolkit/data/snippet-index.json is out of date: rerun with SRKIT_UPDATE_GOLDEN=1"
    )
    for path in SNIPPET_FILES:  # what the index gives is what reading the file gives
        from_file = load_snippet(path, builtin=True, check_variables=False)
        indexed = index.indexed_snippet(path)
        assert indexed == from_file
        assert list(indexed.params) == list(from_file.params)  # the order messages list them


def test_a_snippet_file_changed_since_the_index_is_read_from_the_file(tmp_path):
    source = ROOT / "snippets" / "accommodations" / "alternative-formats.md"
    edited = tmp_path / "alternative-formats.md"
    edited.write_text(
        source.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1),
        encoding="utf-8",
    )
    assert index.indexed_snippet(source) is not None
    assert index.indexed_snippet(edited) is None  # same id, other bytes
    assert _load_builtin_snippet(edited).title.startswith("Edited ")


def test_library_ids_are_the_file_names():
    library = load_library()
    assert SNIPPET_FILES
    assert library.ids() == sorted(path.stem for path in SNIPPET_FILES)
    for path in SNIPPET_FILES:
        assert Path(library[path.stem].path).resolve() == path.resolve()


def test_builtin_snippet_ids_are_unique_across_folders():
    counts = Counter(path.stem for path in SNIPPET_FILES)
    assert [name for name, count in counts.items() if count > 1] == []


@pytest.mark.parametrize("plan", ["iep", "504", "none"])
def test_every_builtin_snippet_reads_correctly_with_its_defaults(tmp_path, plan):
    """No case parameters at all: every snippet's text still renders, with no template
    syntax, no 'None', and no blank but those of its decision parameters."""
    case = write_case(
        tmp_path,
        f"""\
        srkit: 1
        student:
          name: Alex Rivera
          plan: {plan!r}
          school: Lincoln High School
        reintegration:
          start_date: 2027-01-11
        """,
    )
    library = load_library()
    vc = load_case(case, library)
    context = base_context(vc, vc.case.reintegration.start_date)
    for snippet in library.all():
        if snippet.kind == "phase" or plan not in snippet.plans:
            continue
        text = str(render_snippet(snippet, {}, context).body)
        assert text.strip(), snippet.id
        for bad in ("{{", "{%", "None"):
            assert bad not in text, (snippet.id, bad)
        decisions = {str(s.value(plan)) for s in snippet.params.values() if s.kind == "decision"}
        assert set(markers.find_placeholders(text)) <= decisions, snippet.id


# -- a user's snippet folder -------------------------------------------------------------------

UNDECLARED = """\
---
kind: accommodation
title: Quiet lunch
summary: The student eats lunch in a quiet room.
addresses: [social]
params:
  room:
    default: a quiet room the team names
    description: Where lunch is eaten.
rationale: The cafeteria is loud and crowded.
citations: []
---
Beginning {{ start_date }}, {{ name }} eats lunch in {{ room }}.

{{ name }} sits with {{ buddy }} every day.
"""


@pytest.mark.parametrize("command", ["check", "build"])
def test_undeclared_variable_in_a_user_snippet_is_reported_at_its_line(tmp_path, command):
    snippet = write_snippet(tmp_path / "mine", "quiet-lunch.md", UNDECLARED)
    out = tmp_path / "out"
    args = ("-o", out) if command == "build" else ()
    code, stdout, stderr = run_cli(command, IEP, "--snippets", tmp_path / "mine", *args)
    assert code == 1
    assert stdout == ""
    no_traceback(stderr)
    assert stderr == (
        f"{snippet}:15: error: 'buddy' is neither a declared parameter nor a context variable\n"
        "  hint: declare it under `params:`\n"
    )
    assert not out.exists()


def test_unknown_citation_in_a_user_snippet_is_reported_at_its_line(tmp_path):
    snippet = write_snippet(
        tmp_path / "mine",
        "quiet-lunch.md",
        """\
        ---
        kind: accommodation
        title: Quiet lunch
        summary: The student eats lunch in a quiet room.
        addresses: [social]
        rationale: The cafeteria is loud and crowded.
        citations:
          - 34 CFR 300.320(a)(7)
          - 34 CFR 300.32(a)(7)
        ---
        {{ name }} eats lunch in a quiet room.
        """,
    )
    code, _, stderr = run_cli("check", IEP, "--snippets", tmp_path / "mine")
    assert code == 1
    no_traceback(stderr)
    assert stderr == (
        f"{snippet}:9:5: error: '34 CFR 300.32(a)(7)' is not in the citation registry\n"
        "  hint: did you mean '34 CFR 300.320(a)(7)'?\n"
    )


def test_template_syntax_error_in_a_user_snippet_is_reported_at_its_line(tmp_path):
    snippet = write_snippet(
        tmp_path / "mine",
        "quiet-lunch.md",
        """\
        ---
        kind: accommodation
        title: Quiet lunch
        summary: The student eats lunch in a quiet room.
        addresses: [social]
        rationale: The cafeteria is loud and crowded.
        citations: []
        ---
        {{ name }} eats lunch in a quiet room.

        {% if plan.is_iep %}
        The IEP team names the room with {{ name }.
        {% endif %}
        """,
    )
    code, _, stderr = run_cli("check", IEP, "--snippets", tmp_path / "mine")
    assert code == 1
    no_traceback(stderr)
    assert stderr == f"{snippet}:12: error: template syntax: unexpected '}}'\n"


def test_missing_snippet_folder_is_an_error(tmp_path):
    folder = tmp_path / "nowhere"
    code, _, stderr = run_cli("check", IEP, "--snippets", folder)
    assert code == 1
    assert (
        stderr == f"{folder}: error: snippet folder not found\n  hint: check the --snippets path\n"
    )


def test_user_snippet_is_used_by_a_case(tmp_path):
    write_snippet(
        tmp_path / "mine",
        "quiet-lunch.md",
        UNDECLARED.replace("{{ name }} sits with {{ buddy }} every day.", ""),
    )
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Maya Alvarez
        accommodations:
          - quiet-lunch: { room: "the art room" }
        reintegration:
          start_date: 2026-12-07
        """,
    )
    text = dump_docx(build_one(case, tmp_path / "out", "--snippets", tmp_path / "mine"))
    assert (
        "[Heading 2] Quiet lunch\n"
        "[Normal] Beginning December 7, 2026, Maya eats lunch in the art room.\n"
    ) in text


SAFE_SPACE = """\
---
kind: accommodation
title: Calm corner
summary: The student may go to a calm corner in the classroom.
addresses: [anxiety, sensory]
params:
  location:
    default: the calm corner of the classroom
    description: Where the calm corner is.
  supervisor_role:
    default: classroom teacher
    description: Who keeps an eye on the calm corner.
  visit_minutes:
    default: 10
    description: How long a visit lasts.
rationale: A calm corner close by lets the student settle without leaving the class.
citations: []
---
OUR OWN WORDING: {{ name }} may go to {{ location }} for up to {{ visit_minutes }} minutes; \
the {{ supervisor_role }} checks in after each visit.
"""


def test_user_snippet_replaces_the_builtin_and_build_says_so(tmp_path):
    snippet = write_snippet(tmp_path / "mine", "safe-space.md", SAFE_SPACE)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "build", IEP, "-o", out, "--only", "plan", "--snippets", tmp_path / "mine"
    )
    assert code == 0, stderr
    assert stdout == f"{out / 'elias-okafor-plan.docx'}\n"
    assert f"{snippet}: warning: your snippet replaces the built-in 'safe-space'" in (
        stderr.splitlines()
    )
    text = dump_docx(out / "elias-okafor-plan.docx")
    assert (
        "[Heading 2] Calm corner\n"
        "[Normal] OUR OWN WORDING: Eli may go to the library study room (Room 208) for up to 10 "
        "minutes; the library aide checks in after each visit.\n"
    ) in text
    assert "Safe space and break pass" not in text


# -- the sandbox -------------------------------------------------------------------------------

ESCAPE = """\
---
kind: accommodation
title: Escape attempt
summary: Tries to reach Python objects from a template.
addresses: [anxiety]
rationale: This snippet tests the sandbox.
citations: []
---
{{ name }} is here.

BODY
"""


ESCAPE_CASE = "srkit: 1\nstudent:\n  name: Maya Alvarez\naccommodations:\n  - escape-attempt\n"


@pytest.mark.parametrize(
    "expression",
    ["{{ name.__class__.__mro__ }}", "{{ ''.__class__.__subclasses__() }}"],
    ids=["mro", "subclasses"],
)
def test_sandbox_escape_in_a_user_snippet_is_an_input_error(tmp_path, expression):
    snippet = write_snippet(
        tmp_path / "mine", "escape-attempt.md", ESCAPE.replace("BODY", expression)
    )
    case = write_case(tmp_path, ESCAPE_CASE)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out, "--snippets", tmp_path / "mine")
    no_traceback(stderr)
    assert code == 1
    assert stdout == ""
    lines = stderr.splitlines()  # one error line, and a hint line at most
    assert lines[0].startswith(f"{snippet}:") and ": error: " in lines[0]
    assert lines[1:] == [] or (len(lines) == 2 and lines[1].startswith("  hint: "))
    assert "<class" not in stderr
    assert not out.exists()


def test_sandbox_escape_never_reaches_the_document(tmp_path):
    """Whatever the exit status, no Python object ever lands in a written file."""
    write_snippet(
        tmp_path / "mine",
        "escape-attempt.md",
        ESCAPE.replace("BODY", "{{ ''.__class__.__subclasses__() }}"),
    )
    case = write_case(tmp_path, ESCAPE_CASE)
    out = tmp_path / "out"
    code, stdout, _ = run_cli("build", case, "-o", out, "--snippets", tmp_path / "mine")
    assert code != 0
    assert stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(
    "expression",
    ["{{ name | shout }}", "{{ name.nickname }}"],
    ids=["unknown-filter", "missing-attribute"],
)
def test_render_errors_in_a_user_snippet_are_input_errors(tmp_path, expression):
    snippet = write_snippet(
        tmp_path / "mine", "escape-attempt.md", ESCAPE.replace("BODY", expression)
    )
    case = write_case(tmp_path, ESCAPE_CASE)
    code, _, stderr = run_cli(
        "build", case, "-o", tmp_path / "out", "--snippets", tmp_path / "mine"
    )
    no_traceback(stderr)
    assert code == 1
    assert stderr.startswith(f"{snippet}:11: error: ")
