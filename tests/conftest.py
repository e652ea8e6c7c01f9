"""Shared paths, a clean environment for every test, and helpers to run the command line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli.app import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"

#: The bundled example cases (examples/): an IEP with a daily log, credit recovery and three
#: letters; a Section 504 plan with parking-lot and custom phases; a case with no plan yet;
#: an IEP whose return stalled because supports were not in place (follow-through letters).
IEP = ROOT / "examples" / "elias-okafor.yaml"
SECTION_504 = ROOT / "examples" / "amira-haddad.yaml"
NO_PLAN = ROOT / "examples" / "jordan-rivera.yaml"
FOLLOW_THROUGH = ROOT / "examples" / "noah-bennett.yaml"

#: The example cases: key → (case file, the plan's file name).
EXAMPLES = {
    "iep": (IEP, "elias-okafor-plan.docx"),
    "504": (SECTION_504, "amira-haddad-plan.docx"),
    "none": (NO_PLAN, "jordan-rivera-nunez-plan.docx"),
    "follow": (FOLLOW_THROUGH, "noah-bennett-plan.docx"),
}

#: Built once per session for content, golden and rendering tests: the example plans and
#: a case whose own Markdown has several numbered lists (each must restart at 1).
DOCUMENTS = {
    **EXAMPLES,
    "lists": (DATA / "numbered-lists.yaml", "sam-lists-plan.docx"),
}

#: Every build in the tests is dated 2026-11-28 ("Draft prepared: November 28, 2026").
BUILD_DATE = dt.date(2026, 11, 28)
EPOCH = str(int(dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC).timestamp()))


def clean_env(home: Path) -> dict[str, str | None]:
    """Return the environment changes that make a run independent of this machine's user.

    ``None`` removes a variable (``SRKIT_CONFIG`` naming a missing file is an error, and
    ``SRKIT_DEBUG`` would turn the one-line internal error into a traceback).
    """
    return {
        "SOURCE_DATE_EPOCH": EPOCH,
        "SRKIT_CONFIG": None,
        "SRKIT_DEBUG": None,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Fix the build date, hide any real user configuration, and work in a scratch folder."""
    home = tmp_path_factory.mktemp("home")
    for name, value in clean_env(home).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))  # a default ./out lands here


def run_cli(*args: object, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    """Run ``srkit ARGS`` in-process; return (exit code, stdout, stderr).

    An exception that escaped the command (instead of becoming an exit status) is re-raised:
    the CLI promises an exit status for every outcome.
    """
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write_case(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    """Write inline YAML (dedented) to ``tmp_path/name`` and return its path."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def build_one(case: Path, out: Path, *options: object) -> Path:
    """Build the plan of ``case`` into ``out``; return the path of the one .docx written."""
    code, stdout, stderr = run_cli("build", case, "-o", out, "--only", "plan", *options)
    assert code == 0, stderr
    written = stdout.splitlines()
    assert len(written) == 1 and written[0].endswith(".docx"), stdout
    return Path(written[0])


def no_traceback(stderr: str) -> None:
    """Assert that nothing in ``stderr`` looks like a Python traceback or an internal error."""
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr


def ci() -> bool:
    """Return whether the tests run in CI (where missing tools are failures, not skips)."""
    return bool(os.environ.get("CI"))


def require_tools(*names: str, what: str) -> None:
    """Skip (or, in CI, fail) unless every program in ``names`` is on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        message = f"{what}: {', '.join(missing)} not on PATH"
        if ci():
            pytest.fail(message + " (CI is set, so this is a failure)")
        pytest.skip(message)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build every document of DOCUMENTS once per session; return key → .docx path."""
    out = tmp_path_factory.mktemp("built")
    env = clean_env(tmp_path_factory.mktemp("home"))
    paths = {}
    for key, (case, name) in DOCUMENTS.items():
        code, stdout, stderr = run_cli("build", case, "-o", out, "--only", "plan", env=env)
        assert code == 0, stderr
        assert stdout == f"{out / name}\n"
        paths[key] = out / name
    return paths


@pytest.fixture(scope="session")
def dumps(built: dict[str, Path]) -> dict[str, str]:
    """Return the readable dump (``dump_docx``) of each document of DOCUMENTS."""
    from toolkit.word.dump import dump_docx

    return {key: dump_docx(path) for key, path in built.items()}
