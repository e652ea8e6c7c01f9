"""The precomputed index of the built-in snippets (``toolkit/data/snippet-index.json``): each
snippet's checked front matter and body, by id, with the sha256 of the file it was made from.

A built-in snippet is taken from the index only while its file still has that hash; any other
file is read and validated as before (YAML, pydantic), so an edited snippet is never shown
out of date. The index only saves parsing: a run reads no fewer files. The test suite fails
when it is out of date; write it again with

    SRKIT_UPDATE_GOLDEN=1 python -m pytest tests/test_library.py -k index
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.library.snippets import ParamSpec, PhaseSpec, Snippet
from toolkit.resources import data_file

INDEX = data_file("snippet-index.json")
FORMAT = 1  # raise when a record's fields change


def make_index(paths: dict[str, Path]) -> dict[str, Any]:
    """Return the index of the snippet files ``paths`` (by id), each loaded as a built-in."""
    from toolkit.library.snippets import load_snippet

    records = {}
    for snippet_id, path in sorted(paths.items()):
        snippet = load_snippet(path, builtin=True, check_variables=False)
        records[snippet_id] = {"sha256": _digest(path.read_bytes()), **_record(snippet)}
    return {"format": FORMAT, "snippets": records}


def index_text(index: dict[str, Any]) -> str:
    """Return ``index`` as the index file holds it: JSON in the index's own order (a
    snippet's parameters are listed in the order it declares them)."""
    return json.dumps(index, indent=1, ensure_ascii=False) + "\n"


def indexed_snippet(path: Path) -> Snippet | None:
    """Return the built-in snippet in ``path`` from the index, or None when the index has no
    record of it or the file changed since (the caller then reads the file)."""
    record = _records().get(path.stem)
    if record is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if _digest(data) != record["sha256"]:
        return None
    phase = record["phase"]
    return Snippet(
        id=path.stem,
        kind=record["kind"],
        title=record["title"],
        summary=record["summary"],
        addresses=tuple(record["addresses"]),
        plans=tuple(record["plans"]),
        params={name: ParamSpec(**spec) for name, spec in record["params"].items()},
        rationale=record["rationale"],
        citations=tuple(record["citations"]),
        body=record["body"],
        path=str(path),
        body_line=record["body_line"],
        phase=PhaseSpec(**phase) if phase is not None else None,
        builtin=True,
    )


def _record(snippet: Snippet) -> dict[str, Any]:
    """Return what the index keeps of ``snippet`` (everything but where it was read from)."""
    return {
        "kind": snippet.kind,
        "title": snippet.title,
        "summary": snippet.summary,
        "addresses": list(snippet.addresses),
        "plans": list(snippet.plans),
        "params": {name: vars(spec) for name, spec in snippet.params.items()},
        "rationale": snippet.rationale,
        "citations": list(snippet.citations),
        "body": snippet.body,
        "body_line": snippet.body_line,
        "phase": vars(snippet.phase) if snippet.phase is not None else None,
    }


@cache
def _records() -> dict[str, dict[str, Any]]:
    """Return the index's records by id (none when the file is missing or of another format)."""
    try:
        index = json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index["snippets"] if index.get("format") == FORMAT else {}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
