"""Nothing is lost: a failure at any point leaves no partial file and every existing file as it
was; one failing document does not stop the others."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from click.testing import CliRunner
from conftest import IEP

from toolkit.cli.app import cli


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.stderr
    return result


def files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_one_failing_document_is_reported_and_the_others_are_written(tmp_path, monkeypatch):
    import toolkit.documents.formats as formats

    real = formats.to_letter_docx

    def flaky(document, **kwargs):
        if "records" in document.subject:
            raise RuntimeError("simulated crash while saving")
        return real(document, **kwargs)

    monkeypatch.setattr(formats, "to_letter_docx", flaky)
    out = tmp_path / "out"
    result = run("build", IEP, "-o", out)
    assert result.exit_code == 1
    assert (
        "elias-okafor-2027-01-04-records-request: error: could not be made: RuntimeError: "
        "simulated crash while saving"
    ) in result.stderr
    written = [n for n in files(out) if not n.startswith(".")]
    assert "elias-okafor-plan.docx" in written
    assert "elias-okafor-2027-01-04-policy-inquiry.docx" in written
    assert "elias-okafor-progress.docx" in written
    assert not any("records-request" in n for n in written)
    assert not any(n.endswith(".tmp") for n in files(out))


def test_a_full_disk_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", IEP, "-o", out, "--only", "plan").exit_code == 0
    plan = out / "elias-okafor-plan.docx"
    before = plan.read_bytes()

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result = run("build", IEP, "-o", out, "--only", "plan", "--force")
    assert result.exit_code == 1
    assert f"{plan}: error: could not write the file: No space left on device" in result.stderr
    assert plan.read_bytes() == before  # --force replaces only after the new file is complete
    assert files(out) == [".srkit-written.json", "elias-okafor-plan.docx"]


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out"
    result = run("build", IEP, "-o", out, "--only", "plan")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{out / 'elias-okafor-plan.docx'}: error: permission denied: cannot write here\n"
        "  hint: choose another folder with -o\n"
    )
    assert [n for n in files(out) if not n.startswith(".")] == []


def test_a_crash_during_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", IEP, "-o", out, "--only", "plan", "--format", "txt").exit_code == 0
    text = out / "elias-okafor-plan.txt"
    before = text.read_bytes()

    def crash(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    result = run("build", IEP, "-o", out, "--only", "plan", "--format", "txt", "--force")
    assert result.exit_code == 1
    assert text.read_bytes() == before
    assert not any(n.endswith(".tmp") for n in files(out))


def test_bad_input_writes_nothing_at_all(tmp_path):
    snippets = tmp_path / "mine"
    snippets.mkdir()
    (snippets / "quiet-lunch.md").write_text(
        "---\nkind: accommodation\ntitle: Quiet lunch\nsummary: Lunch in a quiet room.\n"
        "addresses: [sensory]\nrationale: Less noise at lunch helps.\n---\n"
        "{{ name.__class__ }} eats lunch in a quiet room.\n",
        encoding="utf-8",
    )
    case = tmp_path / "case.yaml"
    case.write_text(
        "srkit: 1\nstudent: { name: Ana Ruiz }\naccommodations: [quiet-lunch]\n"
        "letters: [{ type: records-request }]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("build", case, "-o", out, "--snippets", snippets)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{snippets / 'quiet-lunch.md'}:8: error: snippet 'quiet-lunch' cannot be rendered:"
    )
    assert files(out) == []
