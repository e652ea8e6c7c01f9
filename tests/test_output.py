"""Writing drafts when things go wrong around srkit: a parent editing a draft while a build
runs, srkit killed mid-build, builds running in parallel into one folder, a damaged or missing
record of what srkit wrote, links and odd paths in the output folder; and reproducible files.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, write_case

import toolkit.output as output
from toolkit.output import MANIFEST, OutputFolder

CASE = """
srkit: 1
student:
  name: Ana Ruiz
  plan: "504"
"""
PLAN = "ana-ruiz-plan"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return write_case(tmp_path, CASE)


def build(case: Path, out: Path, *options: str) -> tuple[int, str, str]:
    return run_cli("build", case, "-o", out, "--format", "docx,txt", *options)


def drafts(out: Path) -> list[str]:
    """Return the names in ``out`` other than srkit's own record."""
    return sorted(name for name in os.listdir(out) if name != MANIFEST)


# -- 1. an edit saved while the build runs is kept ----------------------------------------------


@pytest.mark.parametrize("swap", [True, False], ids=["exchange", "check-then-rename"])
def test_an_edit_saved_while_the_build_runs_is_kept(case, tmp_path, monkeypatch, swap):
    out = tmp_path / "out"
    assert build(case, out)[0] == 0
    txt = out / f"{PLAN}.txt"
    if not swap:  # the platforms without an atomic exchange
        monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    real = output._temporary

    def parent_saves_meanwhile(path, data, **kwargs):
        # the parent's editor saves the draft after srkit decided to replace it and just
        # before the new file is renamed into place: the last possible moment
        if path == txt:
            txt.write_text("Edited by the parent.\n", encoding="utf-8")
        return real(path, data, **kwargs)

    monkeypatch.setattr(output, "_temporary", parent_saves_meanwhile)
    code, stdout, stderr = build(case, out, "--force")
    assert code == 0, stderr
    assert txt.read_text(encoding="utf-8") == "Edited by the parent.\n"
    new = out / f"{PLAN}-v2.txt"
    assert new.is_file() and "Ana Ruiz" in new.read_text(encoding="utf-8")
    assert (
        f"note: {txt} was edited while srkit was building; it is kept, and the new draft is "
        f"{PLAN}-v2.txt"
    ) in stderr
    assert str(new) in stdout.splitlines()
    assert drafts(out) == [f"{PLAN}-v2.txt", f"{PLAN}.docx", f"{PLAN}.txt"]
    # the next --force build replaces the unedited -v2 and keeps the edited draft
    monkeypatch.setattr(output, "_temporary", real)
    assert build(case, out, "--force")[0] == 0
    assert txt.read_text(encoding="utf-8") == "Edited by the parent.\n"
    assert drafts(out) == [f"{PLAN}-v2.txt", f"{PLAN}.docx", f"{PLAN}.txt"]


# -- 2. the record of what srkit wrote: per file, under a lock, damage reported ----------------

KILL_AT = {
    # after a draft is renamed into place, before its fingerprint is final
    "after-rename": (
        "real = o.OutputFolder._save_manifest\n"
        "def save(self, *, sync):\n"
        "    if sync and len([n for n in os.listdir(self.path) if n.endswith('.docx')]) >= 1:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(self, sync=sync)\n"
        "o.OutputFolder._save_manifest = save\n"
    ),
    # after the new fingerprint is recorded, before the rename (a temporary file remains)
    "before-rename": (
        "def kill(*args, **kwargs):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        "o._replace_unless_edited = kill\no._link_new = kill\n"
    ),
}


@pytest.mark.parametrize("moment", sorted(KILL_AT))
def test_a_build_killed_midway_leaves_no_draft_called_edited_and_no_temporary_file(
    case, tmp_path, moment
):
    out = tmp_path / "out"
    assert build(case, out)[0] == 0
    code = (
        "import os, signal, sys\nimport toolkit.output as o\n"
        + KILL_AT[moment]
        + "from toolkit.cli import main\nsys.argv = ['srkit', *sys.argv[1:]]\nmain()\n"
    )
    killed = subprocess.run(
        [sys.executable, "-c", code, "build", str(case), "-o", str(out), "--force"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    if moment == "before-rename":
        assert any(name.endswith(".tmp") for name in os.listdir(out)), os.listdir(out)
    code, _stdout, stderr = build(case, out, "--force")
    assert code == 0, stderr
    assert "was edited" not in stderr
    assert drafts(out) == [f"{PLAN}.docx", f"{PLAN}.txt"]  # no -v2, no temporary file


def test_parallel_writers_into_one_folder_lose_no_fingerprint(tmp_path):
    out = tmp_path / "out"
    folders = [OutputFolder(out) for _ in range(20)]  # each opened before any writes
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            folders[i].write(out / f"case-{i}.txt", f"draft {i}\n".encode(), force=False)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    record = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(record) == sorted(f"case-{i}.txt" for i in range(20))
    later = OutputFolder(out)
    assert not any(later.edited(out / f"case-{i}.txt") for i in range(20))


def test_parallel_builds_into_one_folder_leave_a_complete_record(case, tmp_path):
    out = tmp_path / "out"
    other = write_case(tmp_path, CASE.replace("Ana Ruiz", "Ben Ito"), "other.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "toolkit", "build", str(c), "-o", str(out), "--format", "txt"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for c in (case, other, case, other)
    ]
    for run in runs:
        run.wait(timeout=120)
    # two of the four find their draft already there (no --force): that is the refusal
    assert sorted(run.returncode for run in runs) == [0, 0, 1, 1]
    record = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(record) == [f"{PLAN}.txt", "ben-ito-plan.txt"]
    code, _stdout, stderr = build(case, out, "--force", "--format", "txt")
    assert code == 0 and "edited" not in stderr, stderr
    assert drafts(out) == [f"{PLAN}.txt", "ben-ito-plan.txt"]


def test_a_damaged_record_is_an_error_with_a_hint_and_nothing_is_written(case, tmp_path):
    out = tmp_path / "out"
    assert build(case, out)[0] == 0
    (out / MANIFEST).write_text('{"ana-ruiz-plan.txt": "ab",\n', encoding="utf-8")
    before = {name: (out / name).read_bytes() for name in os.listdir(out)}
    code, stdout, stderr = build(case, out, "--force")
    assert code == 1
    assert stdout == ""
    assert stderr.startswith(
        f"{out / MANIFEST}:2: error: srkit's record of the drafts it wrote here is damaged "
        "(not valid JSON)\n"
        f"  hint: delete {MANIFEST}: srkit then keeps every draft in this folder as if edited "
        "and writes new ones beside them (-v2)\n"
    ), stderr
    assert {name: (out / name).read_bytes() for name in os.listdir(out)} == before


def test_after_the_damaged_record_is_deleted_every_draft_is_kept(case, tmp_path):
    out = tmp_path / "out"
    assert build(case, out)[0] == 0
    (out / MANIFEST).unlink()
    code, _stdout, stderr = build(case, out, "--force")
    assert code == 0, stderr
    assert drafts(out) == [f"{PLAN}-v2.docx", f"{PLAN}-v2.txt", f"{PLAN}.docx", f"{PLAN}.txt"]


# -- 5. temporary files a killed srkit left are removed -----------------------------------------


def test_stale_temporary_files_are_removed_and_live_ones_kept(case, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = out / f".{PLAN}.docx.4194999.abcd_123.tmp"  # above any pid_max: no such process
    old = out / f".{PLAN}.txt.x1y2z3w4.tmp"  # srkit before process ids in the name
    live = out / f".{PLAN}.txt.{os.getppid()}.qwertyui.tmp"  # a build running in parallel
    young = out / f".{PLAN}.md.k1k2k3k4.tmp"
    mine = out / "notes.tmp"  # not srkit's naming
    for path in (dead, old, live, young, mine):
        path.write_bytes(b"Dear Ms. Lee, ... (a complete letter)")
    long_ago = os.stat(old).st_mtime - 3600
    os.utime(old, (long_ago, long_ago))
    code, _stdout, stderr = build(case, out)
    assert code == 0, stderr
    left = set(os.listdir(out))
    assert not {dead.name, old.name} & left
    assert {live.name, young.name, mine.name} <= left


# -- 14. odd output paths: a file as -o, links in the folder ----------------------------------


def test_an_output_path_that_is_a_file_is_a_clear_error(case):
    code, stdout, stderr = build(case, Path(os.devnull))
    assert code == 1
    assert stdout == ""
    assert stderr == (
        f"{os.devnull}: error: is not a folder; -o names the folder to write the documents "
        "into\n  hint: choose a folder with -o (srkit creates it if it does not exist)\n"
    )


@pytest.mark.parametrize("force", [False, True])
def test_a_dangling_link_in_the_folder_is_refused_before_writing(case, tmp_path, force):
    out = tmp_path / "out"
    out.mkdir()
    link = out / f"{PLAN}.txt"
    link.symlink_to(tmp_path / "elsewhere" / "nothing.txt")
    code, stdout, stderr = build(case, out, *(["--force"] if force else []))
    assert code == 1
    assert stdout == ""
    assert stderr == (
        f"{link}: error: is a symbolic link; not written\n"
        "  hint: srkit never writes through a link: remove the link, or choose another folder "
        "with -o\n"
    )
    assert sorted(os.listdir(out)) == [f"{PLAN}.txt"]
    assert not (tmp_path / "elsewhere").exists()


# -- 15. reproducible files, private to the user ----------------------------------------------


def test_the_same_case_and_epoch_give_byte_identical_files(tmp_path, monkeypatch):
    example = ROOT / "examples" / "elias-okafor.yaml"  # plan, letters, progress with a chart
    files = {}
    for n, moment in enumerate((1_000_000_000, 1_500_000_000)):
        out = tmp_path / f"out{n}"
        # the clock differs between the two builds; SOURCE_DATE_EPOCH (set by conftest) not
        monkeypatch.setattr("time.time", lambda moment=moment: float(moment))
        code, _stdout, stderr = run_cli("build", example, "-o", out, "--format", "docx,md,txt")
        assert code == 0, stderr
        files[n] = {name: (out / name).read_bytes() for name in drafts(out)}
    assert files[0].keys() == files[1].keys() and len(files[0]) > 3
    different = [name for name in files[0] if files[0][name] != files[1][name]]
    assert different == []
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    import datetime as dt

    moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    for name in files[0]:
        if name.endswith(".docx"):
            with zipfile.ZipFile(tmp_path / "out0" / name) as archive:
                stamps = {info.date_time for info in archive.infolist()}
            assert stamps == {moment.timetuple()[:6]}


@pytest.mark.parametrize(
    ("epoch", "stamp"),
    [("0", (1980, 1, 1, 0, 0, 0)), ("6058972800", (2107, 12, 31, 23, 59, 58))],
    ids=["1970", "2162"],
)
def test_an_epoch_a_zip_file_cannot_hold_gives_its_nearest_time(
    case, tmp_path, monkeypatch, epoch, stamp
):
    """A zip member's time runs from 1980 to 2107: an epoch outside (2162 here) once stopped
    every .docx with an internal error."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, stdout, stderr = run_cli("build", case, "-o", tmp_path / "out", "--only", "plan")
    assert code == 0, stderr
    with zipfile.ZipFile(stdout.strip()) as archive:
        assert {info.date_time for info in archive.infolist()} == {stamp}


def test_drafts_are_readable_by_their_owner_only(case, tmp_path):
    out = tmp_path / "out"
    assert build(case, out)[0] == 0
    for name in os.listdir(out):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name


def test_comments_are_dated_as_the_document_not_by_the_clock(tmp_path):
    # a comment stamped with the moment of building would make two builds of the same case
    # differ; it carries the draft's own date, as the core properties do
    import re

    example = ROOT / "examples" / "elias-okafor.yaml"
    out = tmp_path / "out"
    code, _stdout, stderr = run_cli("build", example, "-o", out, "--only", "plan", "--comments")
    assert code == 0, stderr
    with zipfile.ZipFile(out / "elias-okafor-plan.docx") as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    (created,) = re.findall(r"<dcterms:created[^>]*>([^<]+)<", core)
    dates = set(re.findall(r'w:date="([^"]+)"', comments))
    assert dates == {created}, (dates, created)
