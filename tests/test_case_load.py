"""Reading a case file: YAML read as a person means it, and every unreadable file reported at
its line, in one or two lines of text, never with a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_one, no_traceback, run_cli, write_case

from toolkit.case.load import MAX_FILE_BYTES, MAX_NODES, load_yaml
from toolkit.case.validate import load_case
from toolkit.library.snippets import load_library
from toolkit.word.dump import dump_docx

MINIMAL = """\
srkit: 1
student:
  name: Maya Alvarez
"""


def check_lines(case: Path) -> tuple[int, list[str]]:
    """Return the exit status and the stderr lines of ``srkit check CASE``."""
    code, stdout, stderr = run_cli("check", case)
    no_traceback(stderr)
    assert stdout == ""
    return code, stderr.splitlines()


# -- what a person types stays what they meant ----------------------------------------------


def test_clock_time_stays_text():
    doc = load_yaml("case.yaml", text="latest_arrival: 10:00\nother: 9:05\n")
    assert doc.data == {"latest_arrival": "10:00", "other": "9:05"}


def test_clock_time_parameter_reaches_the_document_as_typed(tmp_path):
    case = write_case(
        tmp_path,
        MINIMAL + "accommodations:\n  - flexible-arrival: { latest_arrival: 10:00 }\n",
    )
    text = dump_docx(build_one(case, tmp_path / "out"))
    assert "may arrive at any time up to 10:00, with no detention" in text


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES", "Off", "y", "n"])
def test_yes_no_on_off_stay_words(word):
    doc = load_yaml("case.yaml", text=f"school: {word}\nstrengths: [{word}]\n")
    assert doc.data == {"school": word, "strengths": [word]}


def test_yes_no_on_off_in_text_fields_reach_the_document(tmp_path):
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Maya Alvarez
          preferred_name: On
          strengths:
            - yes
            - no
            - off
        """,
    )
    text = dump_docx(build_one(case, tmp_path / "out"))
    assert "[List Bullet] • yes\n[List Bullet] • no\n[List Bullet] • off\n" in text
    assert "On's strengths, which this plan builds on:" in text


@pytest.mark.parametrize("plan", ["504", '"504"', "'504'"])
def test_plan_504_accepted_as_number_or_text(tmp_path, plan):
    case = write_case(tmp_path, MINIMAL + f"  plan: {plan}\n")
    code, lines = check_lines(case)
    assert code == 0, lines
    assert load_case(case, load_library()).case.student.plan == "504"
    text = dump_docx(build_one(case, tmp_path / "out"))
    assert "**Status:** a draft the family proposes for Maya's Section 504 plan⏎" in text


def test_number_typed_in_a_text_field_keeps_its_digits(tmp_path):
    case = write_case(
        tmp_path,
        MINIMAL + "people:\n  parents:\n    - name: Elena Alvarez\n      phone: 0612345678\n",
    )
    parent = load_case(case, load_library()).case.people.parents[0]
    assert parent.phone == "0612345678"


def test_time_with_a_dot_reaches_the_document_as_typed(tmp_path):
    case = write_case(
        tmp_path,
        MINIMAL + "accommodations:\n  - flexible-arrival: { latest_arrival: 9.30 }\n",
    )
    text = dump_docx(build_one(case, tmp_path / "out"))
    assert "may arrive at any time up to 9.30, with no detention" in text


# -- files that cannot be read ----------------------------------------------------------------


def test_duplicate_key_names_both_lines(tmp_path):
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Maya Alvarez
          grade: 10
          grade: 11
        """,
    )
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:5:3: error: duplicate key 'grade' (first given on line 4)",
        "  hint: YAML keeps only one of them; merge the two into one entry",
    ]


def test_tab_indentation_reported_with_the_tab_hint(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("srkit: 1\nstudent:\n\tname: Maya Alvarez\n", encoding="utf-8")
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:3:1: error: YAML syntax: found character that cannot start any token",
        "  hint: YAML does not allow tab characters for indentation; use spaces",
    ]


def test_tab_after_spaces_reported_with_the_tab_hint(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        "srkit: 1\nstudent:\n  name: Maya Alvarez\n  school: Lincoln\n\tdistrict: Riverside\n",
        encoding="utf-8",
    )
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:5:1: error: YAML syntax: found a tab character that violates indentation",
        "  hint: YAML does not allow tab characters for indentation; use spaces",
    ]


def test_unquoted_colon_in_a_value_gets_the_quoting_hint(tmp_path):
    case = write_case(tmp_path, MINIMAL + "  summary: Note: mornings are hard\n")
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:4:16: error: YAML syntax: mapping values are not allowed in this context",
        "  hint: a value containing ': ' needs quotes, or a key is indented wrongly",
    ]


@pytest.mark.parametrize("content", ["", "\n\n", "   \n"])
def test_empty_file(tmp_path, content):
    case = tmp_path / "case.yaml"
    case.write_text(content, encoding="utf-8")
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:1: error: the file is empty",
        "  hint: start from `srkit init case.yaml`",
    ]


def test_file_with_only_comments_is_an_input_error(tmp_path):
    case = write_case(tmp_path, "# srkit: 1\n# student:\n")
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:1: error: the file has no content, only comments",
        "  hint: start from `srkit init case.yaml`",
    ]


@pytest.mark.parametrize("text", ["- srkit: 1\n- student: x\n", "just some words\n", "42\n"])
def test_top_level_not_a_mapping(tmp_path, text):
    case = write_case(tmp_path, text)
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:1: error: a case file is a mapping of keys (srkit, student, ...)",
        "  hint: start from `srkit init case.yaml`",
    ]


def test_not_utf8_reported_at_its_line(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_bytes("srkit: 1\nstudent:\n  name: Maïa Alvarez\n".encode("latin-1"))
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:3: error: the file is not UTF-8 text (byte 0xef)",
        "  hint: save the file as UTF-8 in your editor",
    ]


def test_utf8_with_byte_order_mark_is_read(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_bytes(("\ufeff" + MINIMAL).encode("utf-8"))
    code, lines = check_lines(case)
    assert code == 0, lines


def test_file_over_the_size_limit(tmp_path):
    case = tmp_path / "case.yaml"
    head = MINIMAL + "  summary: "
    case.write_text(head + "x" * (MAX_FILE_BYTES + 1 - len(head)), encoding="utf-8")
    size = case.stat().st_size
    assert size == MAX_FILE_BYTES + 1
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}: error: the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        "  hint: a case file is a few kilobytes; is this the right file?",
    ]


def test_missing_file(tmp_path):
    case = tmp_path / "nowhere.yaml"
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [f"{case}: error: no such file"]


def test_unknown_yaml_tag_is_refused(tmp_path):
    case = write_case(tmp_path, MINIMAL + "  school: !python/object:os.system ls\n")
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:4:11: error: unknown YAML tag !python/object:os.system",
        "  hint: remove the `!tag`: a case file holds plain values",
    ]


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Return a "billion laughs" case: each level repeats the previous one ``width`` times."""
    lines = ["srkit: 1", "student:", "  name: Maya Alvarez", "  strengths: &l0 [lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"x{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_without_expanding_it(tmp_path):
    """9 levels of 9 aliases expand to 2·9⁹ (about 775 million) values; srkit must refuse the
    file after a bounded amount of work. Run in a child process whose address space is
    limited to 2 GiB, so an expanding loader fails instead of taking the machine down."""
    case = write_case(tmp_path, alias_bomb())
    limit = 2 * 1024**3
    code = (
        "import resource, sys;"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}));"
        "from toolkit.cli import main; sys.argv = ['srkit', 'check', sys.argv[1]]; main()"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, str(case)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,  # a hang guard only: the run takes well under a second
        )
    except subprocess.TimeoutExpired:
        pytest.fail("srkit check did not finish on an alias bomb: it expands aliases unbounded")
    no_traceback(result.stderr)
    assert result.returncode == 1, result.stderr
    first, hint = result.stderr.splitlines()
    assert first.startswith(f"{case}:")
    assert first.endswith(
        f": error: the document expands to more than {MAX_NODES:,} values (aliases?)"
    )
    assert hint == "  hint: remove the `&anchor`/`*alias` repetition"


def test_recursive_alias_is_an_input_error(tmp_path):
    case = write_case(tmp_path, MINIMAL + "  strengths: &s [brave, *s]\n")
    code, lines = check_lines(case)
    assert code == 1
    assert lines == [
        f"{case}:4: error: an alias refers to the value that contains it",
        "  hint: remove the `*alias` that points back to its own `&anchor`",
    ]
