"""srkit batch tells what srkit build would: per case, grouped, and counted in the summary."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import no_traceback, run_cli, write_case

GOOD = """\
srkit: 1
student:
  name: {name}
  plan: none
people:
  parents:
    - name: Rosa Ruiz
      relationship: mother
letters:
  - type: records-request
    date: 2026-11-30
"""

BAD = """\
srkit: 1
student:
  name: Ben Bad
  pronouns: it
"""


def cases(tmp_path: Path, **texts: str) -> Path:
    folder = tmp_path / "cases"
    for stem, text in texts.items():
        write_case(folder, text, f"{stem}.yaml")
    return folder


def grouped(stderr: str, case: Path) -> list[str]:
    """Return the lines printed under ``case`` (without their indent), after its header."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{case}: "))
    block = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        block.append(line[2:])
    return block


def build_stderr(case: Path, out: Path, *args: object) -> list[str]:
    code, _, stderr = run_cli("build", case, "-o", out, *args)
    assert code == 0, stderr
    return stderr.splitlines()


def test_good_cases_report_what_build_reports(tmp_path):
    folder = cases(tmp_path, ana=GOOD.format(name="Ana Ruiz"), eli=GOOD.format(name="Eli Ruiz"))
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("batch", folder, "-o", out, "-j", "1")
    assert code == 0, stderr
    no_traceback(stderr)
    assert stdout.splitlines() == [str(out / "ana"), str(out / "eli")]
    for stem in ("ana", "eli"):
        case = folder / f"{stem}.yaml"
        assert f"{case}: ok" in stderr.splitlines()
        expected = [
            line.replace(str(tmp_path / "single"), str(out / stem))
            for line in build_stderr(case, tmp_path / "single", "--force")
        ]
        assert grouped(stderr, case) == expected
        assert any(line.startswith("blanks to fill in") for line in expected)
        assert any(": warning: " in line for line in expected)
    warnings = sum(": warning: " in line for line in stderr.splitlines())
    blanks = sum(line.startswith("    - [") for line in stderr.splitlines())
    assert stderr.splitlines()[-1] == (
        f"built 2 of 2 cases (8 files) into {out}: {warnings} warnings, "
        f"{blanks} blanks to fill, 0 notes"
    )


def test_a_bad_case_fails_with_the_error_check_gives(tmp_path):
    folder = cases(tmp_path, bad=BAD)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("batch", folder, "-o", out, "-j", "1")
    assert code == 1
    assert stdout == ""
    case = folder / "bad.yaml"
    _, _, check = run_cli("check", case)
    assert f"{case}: failed" in stderr.splitlines()
    assert grouped(stderr, case) == check.splitlines()
    assert stderr.splitlines()[-1] == (
        f"built 0 of 1 cases (0 files) into {out}: 0 warnings, 0 blanks to fill, 0 notes, "
        "1 case with errors"
    )


def test_mixed_cases_in_parallel_build_the_good_ones(tmp_path):
    folder = cases(tmp_path, ana=GOOD.format(name="Ana Ruiz"), bad=BAD)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("batch", folder, "-o", out, "-j", "2")
    assert code == 1
    assert stdout.splitlines() == [str(out / "ana")]
    assert (out / "ana" / "ana-ruiz-plan.docx").is_file()
    assert not (out / "bad").exists()
    assert f"{folder / 'bad.yaml'}: failed" in stderr.splitlines()
    assert "built 1 of 2 cases (4 files)" in stderr.splitlines()[-1]
    assert stderr.splitlines()[-1].endswith("1 case with errors")


def test_only_progress_without_a_log_is_reported_as_build_reports_it(tmp_path):
    folder = cases(tmp_path, ana=GOOD.format(name="Ana Ruiz"))
    case = folder / "ana.yaml"
    code, _, stderr = run_cli("batch", folder, "-o", tmp_path / "out", "--only", "progress")
    assert code == 1
    _, _, build = run_cli("build", case, "-o", tmp_path / "single", "--only", "progress")
    assert grouped(stderr, case) == build.splitlines()
    assert build.splitlines()[0] == (
        f"{case}: error: --only progress, but the case has no daily log"
    )


def test_an_edited_draft_is_kept_and_the_v2_note_is_under_its_case(tmp_path):
    folder = cases(tmp_path, ana=GOOD.format(name="Ana Ruiz"))
    out = tmp_path / "out"
    assert run_cli("batch", folder, "-o", out, "-j", "1", "--only", "plan")[0] == 0
    plan = out / "ana" / "ana-ruiz-plan.docx"
    plan.write_bytes(plan.read_bytes() + b"edited")
    code, _, stderr = run_cli("batch", folder, "-o", out, "-j", "1", "--only", "plan", "--force")
    assert code == 0, stderr
    note = (
        f"note: {plan} was edited since srkit wrote it; it is kept, and the new draft is "
        "ana-ruiz-plan-v2.docx"
    )
    assert note in grouped(stderr, folder / "ana.yaml")
    assert (out / "ana" / "ana-ruiz-plan-v2.docx").is_file()
    assert stderr.splitlines()[-1].endswith(", 1 note")


def test_quiet_hides_warnings_but_counts_them(tmp_path):
    folder = cases(tmp_path, ana=GOOD.format(name="Ana Ruiz"))
    code, _, stderr = run_cli("batch", folder, "-o", tmp_path / "out", "-j", "1", "--quiet")
    assert code == 0, stderr
    assert ": warning: " not in stderr
    assert "blanks to fill in" in stderr
    counted = re.search(r": (\d+) warnings? \(not shown: --quiet\), ", stderr.splitlines()[-1])
    assert counted is not None and int(counted.group(1)) > 0, stderr


def test_every_case_gets_its_own_folder_inside_the_output_folder(tmp_path):
    folder = tmp_path / "cases"
    names = {
        "a.yml": "Ana Ruiz",
        "a.yaml": "Ben Ito",
        "a-2.yaml": "Cleo Park",
        "...yaml": "Dev Rao",
    }
    for file_name, student in names.items():
        write_case(folder, GOOD.format(name=student), file_name)
    out = tmp_path / "parent" / "out"
    code, _stdout, stderr = run_cli("batch", folder, "-o", out, "-j", "1")
    no_traceback(stderr)
    assert code == 0, stderr
    assert sorted(p.name for p in (tmp_path / "parent").iterdir()) == ["out"]  # nothing beside
    plans = sorted(out.glob("*/*-plan.docx"))
    assert len(plans) == 4
    assert len({p.parent for p in plans}) == 4  # one folder per case
    assert all(len(list(p.parent.glob("*-plan.docx"))) == 1 for p in plans)
    assert sorted(p.parent.name for p in plans) == ["a", "a-2", "a-3", "case"]
