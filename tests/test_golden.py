"""Each example document (and a case with several numbered lists), as the readable dump of
its .docx (``dump_docx``), compared to a reviewed golden file in tests/golden/.

After an intended change to the text or layout, rewrite the goldens and review their diff:

    SRKIT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
    git diff tests/golden/

Where the environment variable CI is set, the switch refuses to run: every test that would
rewrite a golden file fails instead, and nothing is written.
"""

from __future__ import annotations

import difflib
import os

import pytest
from conftest import DOCUMENTS, GOLDEN, ci


def update_requested() -> bool:
    """Return whether SRKIT_UPDATE_GOLDEN=1 asks to rewrite the goldens; fail where CI is set
    (golden files are reviewed by people, never rewritten by CI)."""
    value = os.environ.get("SRKIT_UPDATE_GOLDEN", "")
    if value and ci():
        pytest.fail(
            f"SRKIT_UPDATE_GOLDEN={value} while CI is set: golden files are never rewritten in "
            "CI; rewrite them locally and commit the reviewed diff",
            pytrace=False,
        )
    return value == "1"


def check_golden(name: str, actual: str) -> None:
    """Compare ``actual`` (a dump) with ``golden/NAME.txt``; rewrite it when asked to."""
    golden = GOLDEN / name.replace(".docx", ".txt")
    if update_requested():
        golden.parent.mkdir(exist_ok=True)
        changed = not golden.is_file() or golden.read_text(encoding="utf-8") != actual
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"SRKIT_UPDATE_GOLDEN=1: {'rewrote' if changed else 'unchanged'} {golden}")
    assert golden.is_file(), (
        f"no golden file {golden}; create it with SRKIT_UPDATE_GOLDEN=1 and review it"
    )
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{golden.name}",
                tofile="built now",
                n=2,
            )
        )
        pytest.fail(
            f"{name} differs from {golden.name} (if the change is intended, "
            f"rerun with SRKIT_UPDATE_GOLDEN=1 and review `git diff tests/golden`):\n{diff}",
            pytrace=False,
        )


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_document_matches_golden(dumps, key):
    check_golden(DOCUMENTS[key][1], dumps[key])


@pytest.fixture(scope="module")
def letters_and_progress(tmp_path_factory):
    """Build the example cases' letters and progress reports once; return name -> dump."""
    from conftest import EXAMPLES, clean_env, run_cli

    from toolkit.word.dump import dump_docx

    out = tmp_path_factory.mktemp("more")
    env = clean_env(tmp_path_factory.mktemp("home"))
    for case, _name in EXAMPLES.values():
        code, _, stderr = run_cli("build", case, "-o", out, env=env)
        assert code == 0, stderr
        only = ("--only", "family-guide")
        code, _, stderr = run_cli("build", case, "-o", out, *only, env=env)
        assert code == 0, stderr
    return {
        path.name: dump_docx(path)
        for path in sorted(out.glob("*.docx"))
        if not path.name.endswith("-plan.docx")
    }


MORE = [
    "jordan-rivera-nunez-2027-01-05-evaluation-request.docx",
    "elias-okafor-2027-01-04-meeting-request.docx",
    "elias-okafor-2027-01-04-records-request.docx",
    "elias-okafor-2027-01-04-policy-inquiry.docx",
    "elias-okafor-progress.docx",
    "amira-haddad-2027-01-25-plan-in-writing.docx",
    "amira-haddad-2027-01-25-pwn-request.docx",
    "amira-haddad-family-guide.docx",
    "elias-okafor-family-guide.docx",
    "jordan-rivera-nunez-family-guide.docx",
    "noah-bennett-2026-10-05-records-request.docx",
    "noah-bennett-2026-11-23-implementation-concern.docx",
    "noah-bennett-2026-11-24-follow-up.docx",
    "noah-bennett-family-guide.docx",
    "noah-bennett-progress.docx",
]


def test_the_example_cases_build_exactly_these_letters_and_reports(letters_and_progress):
    assert sorted(letters_and_progress) == sorted(MORE)


@pytest.mark.parametrize("name", MORE)
def test_letter_or_report_matches_golden(letters_and_progress, name):
    check_golden(name, letters_and_progress[name])


def test_the_update_switch_refuses_to_run_in_ci(tmp_path, monkeypatch):
    import test_golden

    monkeypatch.setattr(test_golden, "GOLDEN", tmp_path)
    (tmp_path / "kept.txt").write_text("reviewed\n", encoding="utf-8")
    monkeypatch.setenv("SRKIT_UPDATE_GOLDEN", "1")
    monkeypatch.setenv("CI", "true")
    for name in ("kept.docx", "new.docx"):
        with pytest.raises(pytest.fail.Exception, match="never rewritten in CI"):
            check_golden(name, "built now\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]
    assert (tmp_path / "kept.txt").read_text(encoding="utf-8") == "reviewed\n"


def test_the_update_switch_rewrites_outside_ci(tmp_path, monkeypatch):
    import test_golden

    monkeypatch.setattr(test_golden, "GOLDEN", tmp_path)
    monkeypatch.setenv("SRKIT_UPDATE_GOLDEN", "1")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="rewrote"):
        check_golden("new.docx", "built now\n")
    assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "built now\n"
