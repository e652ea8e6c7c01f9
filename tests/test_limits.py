"""Inputs a user can write that once gave an internal error (exit 3) or ran without bound: each
is now a one-line input error at its location, or simply works. (Issue 17; the inputs that are
refused outright live in the corpus, tests/corpus/.)
"""

from __future__ import annotations

import os
from pathlib import Path

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
    assert len(written) == 7  # plan and letter in three formats, and the CSV
    stem = "anabelle" * 7 + "anab"
    assert len(stem) == MAX_SLUG
    assert {p.name for p in written} >= {
        f"{stem}-plan.docx",
        f"{stem}-2026-11-30-credit-recovery-request.docx",
        f"{stem}-correspondence.csv",
    }
    assert all(len(os.fsencode(p.name)) < 120 and p.is_file() for p in written)
    assert name in (out / f"{stem}-plan.md").read_text(encoding="utf-8")
