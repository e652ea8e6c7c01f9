"""Inputs a user can write that once gave an internal error (exit 3) or ran without bound: each
is now a one-line input error at its location, or simply works. (Issue 17; the inputs that are
refused outright live in the corpus, tests/corpus/.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import no_traceback, run_cli, write_case

from toolkit.slug import MAX_SLUG


def test_a_very_long_student_name_gives_short_safe_file_names(tmp_path: Path):
    name = "Anabelle" * 28 + " Ruiz"  # 229 characters: the letter's file name was over 255
    case = write_case(
        tmp_path,
        f"""
        srkit: 1
        student:
          name: {name}
          plan: "504"
        people:
          parents: [{{name: Eva Ruiz}}]
          school_contacts: [{{name: Kim Lee}}]
        letters:
          - type: credit-recovery-request
            to: Kim Lee
            date: 2026-11-30
        """,
    )
    code, _stdout, stderr = run_cli("check", case)
    assert code == 0, stderr
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out, "--format", "docx,md,txt")
    no_traceback(stderr)
    assert code == 0, stderr
    written = [Path(line) for line in stdout.splitlines()]
    assert len(written) >= 7  # plan and letter in three formats, the CSV (and what follows)
    stem = "anabelle" * 7 + "anab"
    assert len(stem) == MAX_SLUG
    assert {p.name for p in written} >= {
        f"{stem}-plan.docx",
        f"{stem}-2026-11-30-credit-recovery-request.docx",
        f"{stem}-correspondence.csv",
    }
    assert all(len(os.fsencode(p.name)) < 120 and p.is_file() for p in written)
    assert name in (out / f"{stem}-plan.md").read_text(encoding="utf-8")


# -- 11. reading is bounded: devices, named pipes and huge files are refused ----------------


LOG_CASE = """
srkit: 1
student:
  name: Ana Ruiz
progress:
  log: {log}
"""
LOG_HEADER = "date,phase,entered_building,minutes,classes,distress,work_completed,notes\n"


def test_a_device_as_the_case_file_is_refused_without_reading_it():
    code, stdout, stderr = run_cli("check", "/dev/zero")  # unbounded if read: this would hang
    assert code == 1 and stdout == ""
    assert stderr == (
        "/dev/zero: error: is not a regular file (a device, a named pipe or a socket); "
        "nothing was read\n  hint: give the path of the case file\n"
    )


def test_a_named_pipe_as_the_case_file_is_refused_without_waiting(tmp_path: Path):
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    code, _stdout, stderr = run_cli("check", fifo)
    assert code == 1
    assert stderr.startswith(f"{fifo}: error: is not a regular file")


@pytest.mark.parametrize("log", ["/dev/zero", "pipe.csv"])
def test_a_device_or_pipe_as_the_log_is_a_clear_error(tmp_path: Path, log: str):
    if log == "pipe.csv":
        os.mkfifo(tmp_path / log)
    case = write_case(tmp_path, LOG_CASE.format(log=log))
    for command in ("check", "build"):
        code, stdout, stderr = run_cli(
            command, case, *(["-o", tmp_path / "out"] * (command == "build"))
        )
        assert code == 1 and stdout == ""
        where = tmp_path / log if log == "pipe.csv" else Path(log)
        assert stderr.startswith(
            f"{case}:5:8: error: log is not a regular file (a device, a named pipe or a "
            f"socket): {where}\n"
        ), stderr


def test_a_log_that_is_not_text_is_refused_and_not_echoed(tmp_path: Path, monkeypatch):
    # /proc/self/environ is the environment, NUL-separated: none of it may be printed
    monkeypatch.setenv("SRKIT_SECRET_PROBE", "do-not-print-me")
    case = write_case(tmp_path, LOG_CASE.format(log="/proc/self/environ"))
    if not Path("/proc/self/environ").exists():
        pytest.skip("no /proc on this system")
    code, stdout, stderr = run_cli("check", case)
    assert code == 1 and stdout == ""
    assert "do-not-print-me" not in stderr and "SRKIT" not in stderr
    assert ": error: the file holds the invisible character U+0000 (NUL)" in stderr


def test_a_log_over_the_limit_gets_a_hint_about_logs(tmp_path: Path, monkeypatch):
    import toolkit.case.load as load

    limit, hint = load.TEXT_FILES["daily log"]
    monkeypatch.setitem(load.TEXT_FILES, "daily log", (1000, hint))
    log = tmp_path / "log.csv"
    log.write_text(LOG_HEADER + "2026-12-07,1,yes,30,1,5,,\n" * 50, encoding="utf-8")
    case = write_case(tmp_path, LOG_CASE.format(log="log.csv"))
    code, _stdout, stderr = run_cli("check", case)
    assert code == 1
    assert stderr == (
        f"{log}: error: the file is {log.stat().st_size:,} bytes; the limit is 1,000\n"
        "  hint: a daily log has one short line per school day; is this the right file?\n"
    )
    assert limit >= 10_000_000  # a 35,000-day log is about 1.5 MB: well inside


# -- 6. what srkit echoes from a file never acts on the terminal --------------------------------


def test_terminal_escapes_in_a_log_header_are_shown_escaped_and_short(tmp_path: Path):
    log = tmp_path / "log.csv"
    title = "\x1b]0;pwned\x07\x1b[2J\x9b1m\u202e" + "x" * 5000
    log.write_text(LOG_HEADER.replace("notes", title), encoding="utf-8")
    case = write_case(tmp_path, LOG_CASE.format(log="log.csv"))
    code, _stdout, stderr = run_cli("check", case)
    assert code == 1
    assert not any(c in stderr for c in "\x1b\x07\x9b\u202e")
    first = stderr.splitlines()[0]
    assert first == (
        f"{log}:1: error: unknown column '\\x1b]0;pwned\\x07\\x1b[2j\\x9b1m\\u202exxxx…'"
    )


def test_terminal_escapes_in_a_key_are_shown_escaped(tmp_path: Path):
    case = write_case(tmp_path, 'srkit: 1\nstudent:\n  name: Ana Ruiz\n"\\e[2J\\e]0;t\\a": 1\n')
    code, _stdout, stderr = run_cli("check", case)
    assert code == 1
    assert "\x1b" not in stderr and "\x07" not in stderr
    assert stderr.startswith(f"{case}:4:1: error: unknown key '\\x1b[2J\\x1b]0;t\\x07'"), stderr


# -- 14. smaller: the same characters in every export; hints without a double space --------------


def test_the_markdown_export_drops_the_control_characters_the_others_drop(tmp_path: Path):
    case = write_case(
        tmp_path,
        'srkit: 1\nstudent:\n  name: Ana Ruiz\n  plan: "504"\n'
        '  strengths: ["draws\\e[2J well\\a and\\0 sings"]\n',
    )
    out = tmp_path / "out"
    code, _stdout, stderr = run_cli("build", case, "-o", out, "--format", "md,txt")
    assert code == 0, stderr
    for name in ("ana-ruiz-plan.md", "ana-ruiz-plan.txt"):
        text = (out / name).read_text(encoding="utf-8")
        assert "draws[2J well and sings" in text.replace("\\", ""), name
        assert not any(c in text for c in "\x1b\x07\x00"), name


def test_an_unknown_barrier_without_a_suggestion_has_a_clean_hint(tmp_path: Path):
    case = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Ana Ruiz\nbarriers: [zzzqqq]\n")
    code, _stdout, stderr = run_cli("check", case)
    assert code == 1
    assert stderr.startswith(
        f"{case}:4:12: error: barriers[1]: 'zzzqqq' is not a barrier id\n"
        "  hint: allowed: anxiety, depression, "
    ), stderr


# -- 10. filters that take a width work when used normally -------------------------------------


def test_truncate_and_wordwrap_work_in_a_user_snippet(tmp_path: Path):
    snippets = tmp_path / "mine"
    snippets.mkdir()
    (snippets / "short-note.md").write_text(
        "---\nkind: accommodation\ntitle: Short note\nsummary: A short note.\n"
        "addresses: [anxiety]\nrationale: Short notes are read.\n---\n"
        "{{ name }} keeps {{ 'the hours the team sets'|truncate(12) }} and "
        "{{ 'a plain timetable'|wordwrap(9) }}; {{ 'calm'|center(10)|trim }}.\n",
        encoding="utf-8",
    )
    case = write_case(
        tmp_path,
        'srkit: 1\nstudent:\n  name: Ana Ruiz\n  plan: "504"\naccommodations: [short-note]\n',
    )
    out = tmp_path / "out"
    code, _stdout, stderr = run_cli(
        "build", case, "-o", out, "--snippets", snippets, "--format", "txt"
    )
    no_traceback(stderr)
    assert code == 0, stderr
    text = " ".join((out / "ana-ruiz-plan.txt").read_text(encoding="utf-8").split())
    assert "Ana keeps the... and a plain timetable; calm." in text
