"""The citation registry: the federal provisions documents may cite, and what for."""

from __future__ import annotations

import re
from functools import cache

from toolkit.frozen import Frozen
from toolkit.resources import data_file, load_data


class Citation(Frozen):
    """One provision: how it is cited, what it may be cited for, how well it was checked."""

    cite: str
    summary: str
    status: str  # verified | standard
    kind: str  # regulation | statute | guidance
    source: str | None = None  # where the official text was checked
    text: str | None = None  # the official text, quoted exactly


@cache
def registry() -> dict[str, Citation]:
    """Return the registry, by cite."""
    raw = load_data(data_file("citations.yaml").read_text(encoding="utf-8"))
    return {item["cite"]: Citation(**item) for item in raw["citations"]}


_CITE_RE = re.compile(r"(?:34 CFR \d+\.\d+(?:\([a-z0-9]+\))*|20 U\.S\.C\. \d+|OSEP Memo \d+-\d+)")


def cites_in(text: str) -> list[str]:
    """Return every citation-looking string in ``text`` (to check it against the registry)."""
    return _CITE_RE.findall(text)
