"""Errors and warnings meant for users: a message with the file and line it is about.

Nothing here prints; the command line decides how problems are shown.
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.frozen import Frozen


class Problem(Frozen):
    """One error or warning about a place in a file."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    column: int | None = None
    severity: str = "error"

    def format(self) -> str:
        """Return the problem as ``PATH:LINE[:COL]: error: MESSAGE`` plus a hint line.

        Control characters (a terminal escape, a line break) are shown as escapes, and an
        over-long message is cut, so that what a file holds never acts on the terminal.
        """
        where = printable(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {_cut(printable(self.message), MAX_MESSAGE)}"
        if self.hint:
            text += f"\n  hint: {_cut(printable(self.hint), MAX_MESSAGE)}"
        return text


MAX_MESSAGE = 500  # characters of a message or hint line
MAX_EXCERPT = 40  # characters of a value from a file echoed in a message

#: Characters that act on a terminal or reorder what it shows: C0 and C1 controls, and the
#: bidirectional overrides and isolates (compiled by `re` when a problem is first shown).
_UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def printable(text: str) -> str:
    """Return ``text`` with every control character written as an escape (``\\x1b``)."""
    return re.sub(_UNPRINTABLE, _escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = MAX_EXCERPT) -> str:
    """Return a value from a file as it is echoed in a message: in quotes, control characters
    escaped, and at most ``limit`` characters of it."""
    return f"'{_cut(printable(str(value)), limit)}'"


class ToolkitError(Exception):
    """A problem with the user's input: carries one or more ``Problem`` records."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(p.format() for p in self.problems))

    @classmethod
    def at(
        cls,
        path: str | Path,
        line: int | None,
        message: str,
        hint: str | None = None,
        column: int | None = None,
    ) -> ToolkitError:
        """Return an error with a single problem at ``path:line``."""
        return cls([Problem(str(path), line, message, hint, column)])


def warning(path: str | Path, line: int | None, message: str, hint: str | None = None) -> Problem:
    """Return a warning ``Problem``."""
    return Problem(str(path), line, message, hint, severity="warning")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """Return a "did you mean ...?" hint naming the nearest of ``choices``, or ``None``."""
    import difflib

    word = str(word)
    if len(word) < 3:
        return None
    scored = []
    for choice in choices:
        ratio = difflib.SequenceMatcher(None, word.lower(), choice.lower()).ratio()
        if ratio >= 0.6:
            scored.append((ratio, choice))
    if not scored:
        return None
    scored.sort(key=lambda item: -item[0])
    best = scored[0][0]
    close = [choice for ratio, choice in scored[:3] if ratio >= best - 0.04]
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
