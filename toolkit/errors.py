"""Errors and warnings meant for users: a message with the file and line it is about.

Nothing here prints; the command line decides how problems are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One error or warning about a place in a file."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    column: int | None = None
    severity: str = "error"

    def format(self) -> str:
        """Return the problem as ``PATH:LINE[:COL]: error: MESSAGE`` plus a hint line."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


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
