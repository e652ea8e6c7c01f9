"""The plain forms of `srkit check` and `srkit build` run without click (toolkit.cli.plain):
whatever happens, a user sees exactly what click's command line shows (every line on standard
output and error, the exit status, the files written), and every other form goes to click."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, IEP, ROOT, clean_env, run_cli, write_case

from toolkit.cli import plain

CORPUS = Path(__file__).resolve().parent / "corpus"
#: Corpus cases that `srkit check` takes as they are (no options, no padding, no time bound).
PLAIN_CORPUS = sorted(
    path
    for path in CORPUS.glob("*.yaml")
    if not any(
        line.startswith(("# args:", "# pad-to:", "# subprocess:"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    )
)


def run_plain(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str] | None:
    """Run ``srkit ARGS`` through the plain path with click unloaded, as `python -m toolkit`
    does; return (exit code, stdout, stderr), or None when the plain path declined."""
    capsys.readouterr()
    with monkeypatch.context() as hidden:
        hidden.delitem(sys.modules, "click")  # toolkit.cli.echo then writes as it does alone
        try:
            ran = plain.run(args)
            code = 0
        except SystemExit as exc:
            ran, code = True, int(exc.code or 0)
    out, err = capsys.readouterr()
    return (code, out, err) if ran else None


def both(args: list[str], tmp_path: Path, capsys, monkeypatch) -> None:
    """Assert that the plain path and click show the same for ``args``, each run in a fresh
    folder of its own (paths in ``args`` relative to it, `out` alike)."""
    results = []
    for name in ("click", "plain"):
        folder = tmp_path / name
        folder.mkdir(parents=True)
        monkeypatch.chdir(folder)
        if name == "click":
            results.append(run_cli(*args))
        else:
            results.append(run_plain(args, capsys, monkeypatch))
        assert results[-1] is not None, f"the plain path declined srkit {' '.join(args)}"
        results.append(sorted(str(p.relative_to(folder)) for p in folder.rglob("*")))
    assert results[2:] == results[:2]


@pytest.mark.parametrize("item", PLAIN_CORPUS, ids=lambda p: p.stem)
def test_check_reports_each_corpus_case_as_click_does(item, tmp_path, capsys, monkeypatch):
    both(["check", str(item)], tmp_path, capsys, monkeypatch)


@pytest.mark.parametrize("key", list(EXAMPLES))
def test_check_accepts_each_example_as_click_does(key, tmp_path, capsys, monkeypatch):
    both(["check", str(EXAMPLES[key][0])], tmp_path, capsys, monkeypatch)


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--only", "plan,letters"],
        ["-o", "drafts", "--only", " letters , plan,letters"],
        ["--format", "md,txt", "--output", "drafts", "--force"],
        ["--force", "--only", "progress", "--format", "txt"],
    ],
)
def test_build_writes_and_prints_as_click_does(options, tmp_path, capsys, monkeypatch):
    both(["build", str(IEP), *options], tmp_path, capsys, monkeypatch)


def test_missing_and_bad_cases_fail_as_with_click(tmp_path, capsys, monkeypatch):
    bad = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Maya Alvarez\n  plan: ipe\n")
    for args in (
        ["check", str(tmp_path / "missing.yaml")],
        ["check", str(tmp_path)],
        ["check", str(bad)],
        ["build", str(bad), "--only", "plan"],
    ):
        both(args, tmp_path / "runs" / args[0] / Path(args[1]).name, capsys, monkeypatch)


def test_a_second_build_refuses_as_with_click(tmp_path, capsys, monkeypatch):
    args = ["build", str(IEP), "--only", "plan", "--format", "txt"]
    for name, run in (("click", lambda: run_cli(*args)), ("plain", None)):
        folder = tmp_path / name
        folder.mkdir()
        monkeypatch.chdir(folder)
        first = run() if run else run_plain(args, capsys, monkeypatch)
        second = run() if run else run_plain(args, capsys, monkeypatch)
        if name == "click":
            expected = (first, second)
        else:
            assert (first, second) == expected
    assert expected[1][0] == 1


def test_an_internal_error_is_one_line_as_with_click(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("toolkit.pipeline.build_packet", broken)
    both(["check", str(IEP)], tmp_path, capsys, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "a.yaml", "b.yaml"],
        ["check", "--snippets", "mine", "a.yaml"],
        ["check", "-h"],
        ["check", "--", "a.yaml"],
        ["check", "-"],
        ["check", ""],
        ["build"],
        ["build", "a.yaml", "b.yaml"],
        ["build", "a.yaml", "--only=plan"],
        ["build", "a.yaml", "--only", "plan", "--only", "plan"],
        ["build", "a.yaml", "--only", "plan,nothing"],
        ["build", "a.yaml", "--only", " , "],
        ["build", "a.yaml", "--format", "doc"],
        ["build", "a.yaml", "-o"],
        ["build", "a.yaml", "-o", "--force"],
        ["build", "a.yaml", "--force", "--force"],
        ["build", "a.yaml", "--comments"],
        ["build", "a.yaml", "--template", "t.docx"],
        ["build", "a.yaml", "--help"],
        ["build", "-o", "out"],
        ["init", "a.yaml"],
        ["--version"],
        [],
    ],
)
def test_every_other_form_goes_to_click(args, capsys, monkeypatch):
    assert run_plain(args, capsys, monkeypatch) is None


def test_paths_click_would_refuse_go_to_click(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out").write_text("a file where the folder would go", encoding="utf-8")
    assert run_plain(["build", str(IEP)], capsys, monkeypatch) is None
    assert run_plain(["build", str(IEP), "-o", "out"], capsys, monkeypatch) is None
    if os.geteuid() != 0:  # root reads everything
        locked = write_case(tmp_path, "srkit: 1\n")
        locked.chmod(0)
        assert run_plain(["check", str(locked)], capsys, monkeypatch) is None


def test_shell_completion_and_odd_streams_go_to_click(capsys, monkeypatch):
    monkeypatch.setenv("_SRKIT_COMPLETE", "bash_complete")
    assert run_plain(["check", str(IEP)], capsys, monkeypatch) is None
    monkeypatch.delenv("_SRKIT_COMPLETE")
    monkeypatch.setattr(sys, "stdout", None)
    assert run_plain(["check", str(IEP)], capsys, monkeypatch) is None


def test_a_plain_check_in_its_own_process_prints_as_click_does(tmp_path):
    """The whole process: the plain path (python -m toolkit) and click's (toolkit.cli.main)
    write the same bytes and exit alike, ANSI styles in a path stripped as click strips them."""
    case = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Maya Alvarez\n  plan: ipe\n")
    styled = tmp_path / "\x1b[1mbold\x1b[0m.yaml"
    styled.write_bytes(IEP.read_bytes())  # accepted: "…bold….yaml: ok" is printed as typed
    shutil.copy(IEP.with_name("elias-okafor-log.csv"), tmp_path)
    env = dict(os.environ)
    for name, value in clean_env(tmp_path).items():
        env.pop(name, None) if value is None else env.__setitem__(name, value)
    click_main = "import sys; from toolkit.cli import main; sys.argv[0] = 'srkit'; main()"
    for target in (case, styled, IEP):
        runs = [
            subprocess.run(
                [sys.executable, *how, "check", str(target)],
                capture_output=True,
                cwd=ROOT,
                env=env,
                timeout=120,
            )
            for how in (["-m", "toolkit"], ["-c", click_main])
        ]
        plain_run, click_run = runs
        assert (plain_run.returncode, plain_run.stdout, plain_run.stderr) == (
            click_run.returncode,
            click_run.stdout,
            click_run.stderr,
        )
        assert b"Traceback" not in plain_run.stderr


def test_a_form_handed_to_click_runs_with_the_garbage_collector_on(monkeypatch, capsys):
    """The plain path runs without collecting cycles (one short process); click's does not."""
    import gc

    from toolkit.__main__ import main

    monkeypatch.setattr(sys, "argv", ["srkit", "check"])
    try:
        with pytest.raises(SystemExit) as exited:
            main()
        assert exited.value.code == 2  # click: a usage error
        assert gc.isenabled()
    finally:
        gc.enable()
    assert "Missing argument 'CASE'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("pass", "atexit ran\n"),  # done: the atexit functions run, nothing after the exit
        (
            "import threading, time; threading.Thread(target=time.sleep, args=(0.5,)).start()",
            "returned\natexit ran\n",  # a thread still running: the usual exit waits for it
        ),
        ("sys.setprofile(lambda *args: None)", "returned\natexit ran\n"),  # cProfile's -o
    ],
)
def test_a_done_command_exits_as_any_exit_does(setup, expected, tmp_path):
    code = (
        "import atexit, sys; from toolkit.__main__ import _exit_done; "
        "atexit.register(lambda: print('atexit ran')); "
        f"{setup}; print('unflushed', end='|'); "
        "_exit_done(); print('returned')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "unflushed|" + expected
