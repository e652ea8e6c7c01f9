"""The bad-input corpus: every item under tests/corpus is input srkit must refuse.

An item is a case file (``NAME.yaml``) or a folder (``NAME/case.yaml`` with what it needs: a
daily log, a ``snippets/`` folder, a Word template). Leading comment lines of the case file (or,
where the case file cannot hold a comment, ``expect.txt`` in the folder) say what is expected:

    # expect: [FILE:]LINE[:COL]: MESSAGE   the first error line; FILE defaults to the case file
    # expect: FILE: MESSAGE                an error about a whole file, which has no line
    # args: OPTION...                      more options for `srkit build` (paths are relative
                                           to the item)
    # pad-to: BYTES                        the test makes the case file exactly this long
    # subprocess: SECONDS                  run in a child process bounded in time and memory

``FILE.docx.txt`` beside the case is made into the Word file ``FILE.docx`` at test time: a line
``header: TEXT`` is the page header, every other line a paragraph of the body.

For every item ``srkit build`` must exit 1 with nothing written, no traceback, every line of
standard error an error or warning at ``PATH:LINE[:COL]`` (or a ``  hint:`` line), and the
expected line first; ``srkit check`` must report the same errors (for items that need only
options check has: not ``--template`` or ``--only``). An error about a whole file
(``PATH: error: MESSAGE``, no line) is the contract only where there is no line to point to: a
file that is missing, too big or a folder, a template that is not a Word file or whose Jinja
fails, a snippet folder or file name, ``--only progress`` without a log (see WHOLE_FILE).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

CORPUS = Path(__file__).resolve().parent / "corpus"
CASE_NAME = "case.yaml"  # the case file of a folder item

#: An error or warning at a line: `PATH:LINE[:COL]: error: MESSAGE`.
LOCATED = re.compile(r"^\S.*?:\d+(:\d+)?: (error|warning): \S")
#: An error or warning about a whole file: `PATH: error: MESSAGE`.
UNLOCATED = re.compile(r"^(?P<path>\S+): (?P<severity>error|warning): (?P<message>.+)$")
#: The only messages that may come without a line: about a file as a whole, or the command.
WHOLE_FILE = (
    "no such file",
    "is a folder, not a file",
    "the file is ",  # "the file is 1,000,001 bytes; the limit is 1,000,000"
    "template not found",
    "the template is not a Word (.docx) file",
    "the template cannot be read as Word",
    "the template's Jinja is broken",  # Word XML has no lines a person could go to
    "the template's Jinja cannot be rendered",
    "the template lacks the styles",  # a warning, never an error on its own
    "snippet folder not found",
    "snippet file name ",
    "--only progress, but the case has no daily log",
)
DIRECTIVE = re.compile(r"^# (expect|args|pad-to|subprocess): (.*)$")
EXPECT_AT = re.compile(
    r"^(?:(?P<file>[^\s:]*[A-Za-z][^\s:]*):)?(?P<line>\d+)(?::(?P<col>\d+))?: (?P<message>.+)$"
)
EXPECT_FILE = re.compile(r"^(?P<file>[^\s:]+): (?P<message>.+)$")
MEMORY_LIMIT = 2 * 1024**3  # address space of a child process: an unbounded expansion fails

# -- bugs srkit has today: each item keeps the correct expectation and is marked here --------

BUILD_BUGS: dict[str, str] = {}


@dataclass(frozen=True)
class Item:
    """One corpus item and what it expects."""

    name: str
    source: Path
    case: str  # the case file, relative to the item's folder
    expects: tuple[str, ...]
    args: tuple[str, ...] = ()
    pad_to: int | None = None
    timeout: float | None = None

    @property
    def checkable(self) -> bool:
        """Whether `srkit check` takes every option the build of this item is given."""
        return all(not a.startswith("-") or a == "--snippets" for a in self.args)


def _directives(lines: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in lines:
        if not line.startswith("#"):
            break
        match = DIRECTIVE.match(line)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2).strip())
    return found


def _text(path: Path) -> str:
    """Return the text of a case file, whose leading comments are readable even when the rest
    of it is not UTF-8 (that is what some items test)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def load_item(source: Path) -> Item:
    """Return the corpus item at ``source`` (a case file or a folder)."""
    if source.is_dir():
        case = CASE_NAME
        spec = source / "expect.txt"
        if spec.exists():
            lines = ["# expect: " + line for line in spec.read_text("utf-8").splitlines()]
        else:
            lines = _text(source / case).splitlines()
    else:
        case = source.name
        lines = _text(source).splitlines()
    found = _directives(lines)
    assert found.get("expect"), f"{source}: no `# expect:` line"
    pad = found.get("pad-to", [None])[0]
    timeout = found.get("subprocess", [None])[0]
    return Item(
        name=source.name,
        source=source,
        case=case,
        expects=tuple(found["expect"]),
        args=tuple(" ".join(found.get("args", [])).split()),
        pad_to=int(pad.split()[0]) if pad else None,
        timeout=float(timeout) if timeout else None,
    )


ITEMS = [load_item(path) for path in sorted(CORPUS.iterdir()) if not path.name.startswith(".")]


def _params(items: list[Item], bugs: dict[str, str]) -> list:
    return [
        pytest.param(
            item,
            id=item.name,
            marks=[pytest.mark.xfail(reason=bugs[item.name], strict=True)]
            if item.name in bugs
            else [],
        )
        for item in items
    ]


# -- running an item --------------------------------------------------------------------------


def make_docx(spec: Path) -> None:
    """Write the Word file ``spec`` describes (``letterhead.docx.txt`` → ``letterhead.docx``)."""
    import docx

    document = docx.Document()
    for line in spec.read_text("utf-8").splitlines():
        if line.startswith("header: "):
            document.sections[0].header.paragraphs[0].text = line.removeprefix("header: ")
        elif line.strip():
            document.add_paragraph(line)
    document.save(str(spec.with_suffix("")))
    spec.unlink()


def stage(item: Item, tmp_path: Path) -> Path:
    """Copy the item into ``tmp_path/item``, make its generated files; return that folder."""
    folder = tmp_path / "item"
    if item.source.is_dir():
        shutil.copytree(item.source, folder)
    else:
        folder.mkdir()
        shutil.copy2(item.source, folder / item.case)
    for spec in folder.rglob("*.docx.txt"):
        make_docx(spec)
    if item.pad_to is not None:
        case = folder / item.case
        size = case.stat().st_size
        filler = item.pad_to - size - 2  # "#" + filler + "\n"
        assert filler >= 0, f"{item.name}: the case is already longer than pad-to"
        with case.open("ab") as handle:
            handle.write(b"#" + b"x" * filler + b"\n")
        assert case.stat().st_size == item.pad_to
    return folder


def run(item: Item, folder: Path, *args: str) -> tuple[int, str, str]:
    """Run ``srkit ARGS`` in ``folder``: in-process, or bounded in a child process."""
    if item.timeout is None:
        cwd = Path.cwd()
        os.chdir(folder)
        try:
            return run_cli(*args)
        finally:
            os.chdir(cwd)
    code = (
        "import resource, sys;"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}));"
        "from toolkit.cli import main; sys.argv = ['srkit', *sys.argv[1:]]; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            cwd=folder,
            env=env,
            timeout=item.timeout,
        )
    except subprocess.TimeoutExpired:
        done = None
    if done is None:
        pytest.fail(f"srkit {args[0]} did not finish in {item.timeout:g} s: it is not bounded")
    return done.returncode, done.stdout, done.stderr


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- what every refusal looks like ---------------------------------------------------------------


def expected_first(item: Item, expect: str) -> tuple[re.Pattern[str], str]:
    """Return a pattern for the start of the expected error line, and its message part."""
    at = EXPECT_AT.match(expect)
    if at:
        path = at["file"] or item.case
        col = f":{at['col']}" if at["col"] else r"(:\d+)?"
        return re.compile(re.escape(f"{path}:{at['line']}") + col + ": error: "), at["message"]
    whole = EXPECT_FILE.match(expect)
    assert whole, f"{item.name}: cannot read `# expect: {expect}`"
    return re.compile(re.escape(whole["file"]) + ": error: "), whole["message"]


def assert_well_formed(stderr: str) -> list[str]:
    """Assert the shape of every line of ``stderr``; return its error lines."""
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    errors = []
    for line in stderr.splitlines():
        if line.startswith("  hint: "):
            hint = line.removeprefix("  hint: ").strip()
            assert hint and not hint.endswith(":"), f"an empty hint: {line!r}\n{stderr}"
            continue
        unlocated = UNLOCATED.match(line)
        if not LOCATED.match(line):
            assert unlocated, f"not `PATH:LINE[:COL]: error: ...`: {line!r}\n{stderr}"
            assert unlocated["message"].startswith(WHOLE_FILE), (
                f"an error without a line, about something that has one: {line!r}\n{stderr}"
            )
        if ": error: " in line:
            errors.append(line)
    assert errors, f"no error line:\n{stderr}"
    return errors


def assert_refused(item: Item, code: int, stdout: str, stderr: str) -> list[str]:
    """Assert that srkit refused the item as the item expects; return the error lines."""
    assert code == 1, f"exit {code}, expected 1\nstdout:\n{stdout}\nstderr:\n{stderr}"
    assert stdout == "", f"something was reported written:\n{stdout}"
    errors = assert_well_formed(stderr)
    for n, expect in enumerate(item.expects):
        start, message = expected_first(item, expect)
        lines = errors[:1] if n == 0 else errors
        assert any(start.match(line) and message in line for line in lines), (
            f"expected {'first ' if n == 0 else ''}error `{expect}`, got:\n{stderr}"
        )
    return errors


# -- the tests ------------------------------------------------------------------------------------


def test_the_corpus_covers_enough_inputs():
    assert len(ITEMS) >= 40
    names = {item.name for item in ITEMS}
    assert set(BUILD_BUGS) <= names, set(BUILD_BUGS) - names


@pytest.mark.parametrize("item", _params(ITEMS, BUILD_BUGS))
def test_build_refuses(item: Item, tmp_path: Path):
    folder = stage(item, tmp_path)
    before = files_in(folder)
    out = tmp_path / "out"
    code, stdout, stderr = run(item, folder, "build", item.case, "-o", str(out), *item.args)
    assert_refused(item, code, stdout, stderr)
    assert not out.exists() or not os.listdir(out), f"written: {os.listdir(out)}"
    assert files_in(folder) == before, "a file appeared beside the input"


CHECKABLE = [item for item in ITEMS if item.checkable]
CHECK_BUGS = BUILD_BUGS  # check reads the same files build does


@pytest.mark.parametrize("item", _params(CHECKABLE, CHECK_BUGS))
def test_check_refuses_with_the_same_errors(item: Item, tmp_path: Path):
    folder = stage(item, tmp_path)
    code, stdout, stderr = run(item, folder, "check", item.case, *item.args)
    errors = assert_refused(item, code, stdout, stderr)
    out = tmp_path / "out"
    _, _, build_stderr = run(item, folder, "build", item.case, "-o", str(out), *item.args)
    assert errors == [line for line in build_stderr.splitlines() if ": error: " in line]


def test_a_plain_template_is_no_error(tmp_path: Path):
    """The control for the template items: python-docx's blank document builds (exit 0); only
    what the items break makes them errors. It lacks only Hyperlink, which Word itself defines
    only once a document has a link, so srkit adds it without a warning."""
    item = load_item(CORPUS / "template-unknown-tag")
    folder = stage(item, tmp_path)
    spec = folder / "plain.docx.txt"
    spec.write_text("header: Family Advocacy Partners\n", encoding="utf-8")
    make_docx(spec)
    out = tmp_path / "out"
    code, stdout, stderr = run(
        item, folder, "build", item.case, "-o", str(out), "--template", "plain.docx"
    )
    assert code == 0, stderr
    assert "the template lacks the styles" not in stderr
    assert ": error: " not in stderr
    written = stdout.splitlines()
    assert written and all(Path(path).is_file() for path in written), stdout
