"""A case file edited in place: ruamel.yaml round-trip, so comments, key order and quoting stay.

``CaseFile.read`` loads the file and its fingerprint for showing it (with the toolkit's own fast
loader); ``CaseFile.edit`` loads it for changing it (ruamel.yaml round-trip), and then ``set``,
``delete``, ``append`` change the data; ``text()`` returns the new file text, in which only the
lines that changed differ from the original (ruamel.yaml reformats some lines it re-emits, such
as the spaces inside ``{ }``; lines whose meaning did not change are taken from the original as
they were); ``save`` writes it atomically, refusing when the file changed on disk since it was
read.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import hashlib
import io
import itertools
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from toolkit.errors import ToolkitError
from toolkit.frozen import Record
from toolkit.output import write_atomic

Path_ = tuple[str | int, ...]
_LOCK = threading.Lock()
_SHOWN: dict[tuple[str, str], Any] = {}  # files read for showing, by path and content


class Conflict(Exception):
    """The file changed on disk since the page was loaded."""


def fingerprint(data: bytes) -> str:
    """Return the fingerprint a page carries of the file version it was made from."""
    return hashlib.sha256(data).hexdigest()[:32]


def _indents(text: str) -> tuple[int, int, int]:
    """Return the (mapping, sequence, offset) indentation the file already uses."""
    mapping, offset = 2, 2
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    found_map = found_seq = False
    for line, following in itertools.pairwise(lines):
        match = re.match(r"^( *)(?:- )?[^\s#-][^:#]*:\s*(?:#.*)?$", line)
        if not match:
            continue
        base = (
            len(line) - len(line.lstrip(" -"))
            if line.lstrip().startswith("- ")
            else len(match.group(1))
        )
        inner = len(following) - len(following.lstrip(" "))
        if inner <= base:
            continue
        if following.lstrip().startswith("- "):
            if not found_seq:
                offset, found_seq = inner - base, True
        elif not found_map:
            mapping, found_map = inner - base, True
        if found_map and found_seq:
            break
    return mapping, offset + 2, offset


def _yaml(text: str) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=max(sequence, offset + 2), offset=offset)
    return yaml


class CaseFile(Record):
    """One case file's round-trip data, the text it was read from and its fingerprint."""

    path: Path
    original: str
    data: Any
    version: str
    _yaml: YAML | None = None
    _before: str | None = None

    @classmethod
    def read(cls, path: Path) -> CaseFile:
        """Return the case file at ``path`` for showing (not changing) it; raise
        ``ToolkitError`` (the command line's message) if it cannot be read."""
        from toolkit.case.load import load_yaml, read_text

        text = read_text(path)
        version = fingerprint(text.encode("utf-8"))
        key = (str(path), version)
        if key not in _SHOWN:
            data = load_yaml(path, text=text).data
            if not isinstance(data, dict):
                raise ToolkitError.at(
                    str(path), 1, "a case file is a mapping of keys (srkit, student, ...)"
                )
            if len(_SHOWN) > 32:
                _SHOWN.pop(next(iter(_SHOWN)))
            _SHOWN[key] = data
        return cls(path, text, _SHOWN[key], fingerprint(path.read_bytes()))

    @classmethod
    def edit(cls, path: Path) -> CaseFile:
        """Return the case file at ``path`` for changing it; raise ``ToolkitError`` if it
        cannot be read."""
        from toolkit.case.load import read_text

        raw_text = read_text(path)
        return cls.parse(path, raw_text, fingerprint(path.read_bytes()))

    @classmethod
    def parse(cls, path: Path, text: str, version: str) -> CaseFile:
        yaml = _yaml(text)
        try:
            data = yaml.load(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ToolkitError.at(
                str(path),
                mark.line + 1 if mark else None,
                f"YAML syntax: {getattr(exc, 'problem', None) or exc}",
                "fix the file in a text editor, or run `srkit check` on it",
            ) from None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap):
            raise ToolkitError.at(
                str(path), 1, "a case file is a mapping of keys (srkit, student, ...)"
            )
        return cls(path, text, data, version, yaml)

    # --- reading -----------------------------------------------------------------------

    def get(self, path: Path_, default: Any = None) -> Any:
        """Return the value at ``path``, or ``default`` when any part is missing."""
        node = self.data
        for key in path:
            if isinstance(node, list):
                if not isinstance(key, int) or not 0 <= key < len(node):
                    return default
                node = node[key]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                return default
        return node

    # --- changing ----------------------------------------------------------------------

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at ``path``, making the mappings on the way; an equal value is left
        as it is (so its quoting stays)."""
        self._snapshot()
        value = _plain(value)
        node = self.data
        depth = 0
        while depth < len(path) - 1:
            child = self.get(path[: depth + 1])
            if not isinstance(child, dict | list):
                break
            node = child
            depth += 1
        key, rest = path[depth], path[depth + 1 :]
        for inner in reversed(rest):
            nested = CommentedMap()
            nested[inner] = value
            value = nested
        if isinstance(node, dict) and key not in node:
            _append_keeping_comments(node, key, value)
        elif not _same(node[key], value):
            node[key] = _same_style(node[key], value)

    def delete(self, path: Path_) -> None:
        """Remove the key or list item at ``path`` (nothing happens when it is not there)."""
        self._snapshot()
        parent = self.get(path[:-1])
        key = path[-1]
        if (isinstance(parent, dict) and key in parent) or (
            isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent)
        ):
            _pop_keeping_comments(parent, key)

    def append(self, path: Path_, value: Any) -> int:
        """Append ``value`` to the list at ``path`` (made if missing); return its index."""
        self._snapshot()
        target = self.get(path)
        if not isinstance(target, list):
            self.set(path, CommentedSeq([_plain(value)]))
            return 0
        _append_keeping_comments(target, len(target), _plain(value))
        return len(target) - 1

    # --- writing -----------------------------------------------------------------------

    def _snapshot(self) -> None:
        """Before the first change: remember how ruamel.yaml writes the unchanged file."""
        if self._yaml is None:
            raise TypeError("a case file read for showing cannot be changed: use CaseFile.edit")
        if self._before is None:
            self._before = self._dump(self.data)

    def text(self) -> str:
        """Return the file text with the changes; unchanged lines as they were typed."""
        if self._before is None:
            return self.original
        return merge_lines(self.original, self._before, self._dump(self.data))

    def _dump(self, data: Any) -> str:
        assert self._yaml is not None  # only a file opened with ``edit`` is written
        stream = io.StringIO()
        self._yaml.dump(data, stream)
        return stream.getvalue()

    def save(self) -> str:
        """Write the changed file atomically; return its new fingerprint.

        Raises ``Conflict`` when the file on disk is no longer the version that was read.
        """
        data = self.text().encode("utf-8")
        with _LOCK:
            try:
                current = fingerprint(self.path.read_bytes())
            except FileNotFoundError:
                current = None
            if current != self.version:
                raise Conflict(str(self.path))
            write_atomic(self.path, data)
        self.version = fingerprint(data)
        return self.version


def merge_lines(original: str, before: str, after: str) -> str:
    """Return ``after`` with every line that ``before`` → ``after`` did not change taken from
    ``original`` (``before`` is ruamel's rendering of the unchanged ``original``)."""
    old = original.splitlines(keepends=True)
    base = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    if len(old) != len(base):
        return after
    result: list[str] = []
    matcher = difflib.SequenceMatcher(None, base, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        result += old[i1:i2] if tag == "equal" else new[j1:j2]
    if result and not result[-1].endswith("\n"):
        result[-1] += "\n"
    return "".join(result)


def write_new_case(path: Path, name: str) -> None:
    """Write a new case file for the student ``name``; never over an existing file."""
    from toolkit.output import write_new

    stream = io.StringIO()
    yaml = _yaml("")
    data = CommentedMap()
    data["srkit"] = 1
    data["student"] = CommentedMap(name=name)
    yaml.dump(data, stream)
    header = (
        "# srkit case file, written by `srkit serve`. You can edit it in the web page or in a\n"
        "# text editor; `srkit check` on this file lists anything srkit does not understand.\n"
    )
    write_new(
        path,
        (header + stream.getvalue()).encode("utf-8"),
        force=False,
        hint="open it from the list of cases instead",
    )


# --- values -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Return ``value`` as ruamel should write it: multi-line text as a ``|`` block."""
    if isinstance(value, str) and "\n" in value.strip("\n"):
        return LiteralScalarString(value.rstrip("\n") + "\n")
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _plain(item)
        return mapping
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        return CommentedSeq(_plain(item) for item in value)
    return value


def _same_style(current: Any, value: Any) -> Any:
    """Return ``value`` quoted the way ``current`` was (a person's quotes stay)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, str) and "\n" not in value:
        for style in (DoubleQuotedScalarString, SingleQuotedScalarString):
            if isinstance(current, style):
                return style(value)
    return value


def _same(current: Any, value: Any) -> bool:
    if isinstance(current, dict | list) or isinstance(value, dict | list):
        return current == value
    if isinstance(current, dt.date) or isinstance(value, dt.date):
        return str(current) == str(value)
    if isinstance(current, bool) or isinstance(value, bool):
        return current is value
    if isinstance(current, int | float) and isinstance(value, int | float):
        return current == value
    return str(current).rstrip("\n") == str(value).rstrip("\n")


# --- comments that follow the last item of a mapping or list ------------------------------
#
# ruamel.yaml keeps the blank lines and comments after the last item of a block (often the
# comment that introduces the next section) with that item. A new last item would be written
# after them, inside the next section's comment; so they move to the new last item.


def _slot(container: Any) -> int:
    return 2 if isinstance(container, dict) else 0


def _last_key(container: Any) -> Any:
    if isinstance(container, dict):
        return next(reversed(container), None) if container else None
    return len(container) - 1 if container else None


def _take_trailing(container: Any) -> Any:
    """Remove and return the comment after the last item of ``container`` (deep), or None."""
    key = _last_key(container)
    if key is None:
        return None
    entry = container.ca.items.get(key)
    slot = _slot(container)
    if entry and len(entry) > slot and entry[slot] is not None:
        token = entry[slot]
        head, newline, tail = token.value.partition("\n")
        if not tail:
            return None
        moved = copy.copy(token)
        moved.value = "\n" + tail
        if head.strip():
            token.value = head + newline
        else:
            entry[slot] = None
        return moved
    value = container[key]
    if isinstance(value, CommentedMap | CommentedSeq):
        return _take_trailing(value)
    return None


def _give_trailing(container: Any, token: Any) -> None:
    key = _last_key(container)
    value = container[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value):
        _give_trailing(value, token)
        return
    if isinstance(value, LiteralScalarString) and token.value.startswith("\n"):
        token.value = token.value[1:]  # a block scalar ends its own line
    slot = _slot(container)
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    if entry[slot] is not None:
        entry[slot].value = entry[slot].value.rstrip("\n") + token.value
    else:
        entry[slot] = token


def _append_keeping_comments(container: Any, key: Any, value: Any) -> None:
    token = (
        _take_trailing(container) if isinstance(container, CommentedMap | CommentedSeq) else None
    )
    if isinstance(container, dict):
        container[key] = value
    else:
        container.append(value)
    if token is not None:
        _give_trailing(container, token)


def _pop_keeping_comments(container: Any, key: Any) -> None:
    last = _last_key(container)
    token = _take_trailing(container) if key == last else None
    if isinstance(container, dict):
        del container[key]
    else:
        del container[key]
    if token is not None and len(container):
        _give_trailing(container, token)


def blank(value: Any) -> bool:
    """Return True for a missing or empty answer."""
    return value is None or (isinstance(value, str | Sequence | dict) and not value)
