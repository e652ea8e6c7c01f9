"""Read a YAML file into plain data, keeping the line and column of every key and value.

YAML is read the way a person means it: the resolvers follow YAML 1.2's core schema, so
``10:00`` stays the text "10:00" (YAML 1.1 reads it as 600), ``no``/``yes``/``on``/``off`` stay
text, and dates stay text until the model parses them. A duplicate key is an error that names
both lines, and aliases are expanded with a bound so an "alias bomb" cannot exhaust memory.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import field
from pathlib import Path
from typing import Any, ClassVar, cast

import yaml

from toolkit.errors import Problem, ToolkitError
from toolkit.frozen import Record

MAX_FILE_BYTES = 1_000_000
MAX_LOG_BYTES = 20_000_000  # a 35,000-day log is about 1.5 MB
MAX_NODES = 50_000
#: Characters of text once aliases are expanded: no more than a file without aliases holds.
MAX_CHARS = MAX_FILE_BYTES
MAX_DEPTH = 40  # lists and mappings inside each other
MAX_DIGITS = 30  # a number in a case file is a count, a grade, a number of minutes

Path_ = tuple[str | int, ...]

_BaseLoader: Any  # CSafeLoader and SafeLoader share no base class in the stubs
try:  # the C parser is several times faster; the resolvers below stay ours either way
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Core12Loader(_BaseLoader):
    """A loader whose implicit tags follow the YAML 1.2 core schema."""

    yaml_implicit_resolvers: ClassVar[dict] = {}


def _add(tag: str, pattern: str, first: str | list[str]) -> None:
    _Core12Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_add("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_add("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_add("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
_add(
    "tag:yaml.org,2002:float",
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    "-+0123456789.",
)


class ScalarInt(int):
    """An integer read from YAML that remembers how it was typed (``0612``, ``+5``)."""

    source: str

    def __new__(cls, value: int, source: str) -> ScalarInt:
        number = super().__new__(cls, value)
        number.source = source
        return number


class ScalarFloat(float):
    """A number with a point read from YAML that remembers how it was typed (``9.30``)."""

    source: str

    def __new__(cls, value: float, source: str) -> ScalarFloat:
        number = super().__new__(cls, value)
        number.source = source
        return number


def dotted(path: tuple) -> str:
    """Return a key path as a person reads it: ``letters[2].notes``."""
    parts: list[str] = []
    for item in path:
        if isinstance(item, int):
            if parts:
                parts[-1] += f"[{item + 1}]"
        else:
            parts.append(str(item))
    return ".".join(parts)


def typed_text(value: Any) -> Any:
    """Return the text a person typed for a YAML number, else ``value`` unchanged."""
    return getattr(value, "source", value)


class Document(Record):
    """Plain data read from a YAML file, with the position of every key and value."""

    path: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Return the 1-based (line, column) of the value (or key) at ``path``.

        Walks up to the nearest parent that has a mark; returns ``(None, None)`` when even the
        document has none.
        """
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while True:
            if probe in marks:
                return marks[probe]
            if key and probe in self.value_marks:
                return self.value_marks[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]


def load_yaml(path: str | Path, *, text: str | None = None, kind: str = "case file") -> Document:
    """Return the YAML file at ``path`` as a ``Document``; raise ``ToolkitError`` on any problem."""
    shown = str(path)
    if text is None:
        text = read_text(path, kind)
    if not text.strip():
        raise ToolkitError.at(shown, 1, "the file is empty", "start from `srkit init case.yaml`")
    try:
        node = yaml.compose(text, Loader=_Core12Loader)
    except yaml.MarkedYAMLError as exc:
        raise ToolkitError([_syntax_problem(shown, text, exc)]) from None
    except yaml.reader.ReaderError as exc:
        raise ToolkitError([_character_problem(shown, text, exc)]) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ToolkitError.at(shown, None, f"YAML syntax: {first}") from None
    if node is None:
        raise ToolkitError.at(
            shown, 1, "the file has no content, only comments", "start from `srkit init case.yaml`"
        )
    doc = Document(shown, None)
    doc.data = _convert(node, (), doc, _Budget(), frozenset())
    return doc


#: What each kind of text file may be: its size limit, and the hint when it is over it.
TEXT_FILES = {
    "case file": (MAX_FILE_BYTES, "a case file is a few kilobytes; is this the right file?"),
    "configuration file": (MAX_FILE_BYTES, "a configuration file is a few lines"),
    "snippet": (MAX_FILE_BYTES, "a snippet is a few kilobytes; is this the right file?"),
    "daily log": (
        MAX_LOG_BYTES,
        "a daily log has one short line per school day; is this the right file?",
    ),
}


def read_text(path: str | Path, kind: str = "case file") -> str:
    """Return the UTF-8 text of the ``kind`` of file at ``path`` (see ``TEXT_FILES``).

    Raises ``ToolkitError`` if it is missing, not a regular file (a folder, a device, a named
    pipe: nothing is read from those), over the size limit (at most one byte past the limit is
    read), or not text (see :func:`decode_text`).
    """
    shown = str(path)
    limit, _hint = TEXT_FILES[kind]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ToolkitError.at(shown, None, "no such file") from None
    except PermissionError:
        raise ToolkitError.at(shown, None, "permission denied: cannot read the file") from None
    except IsADirectoryError:
        raise ToolkitError.at(shown, None, "is a folder, not a file") from None
    except OSError as exc:
        raise ToolkitError.at(shown, None, f"cannot read the file: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ToolkitError.at(shown, None, "is a folder, not a file")
        raise ToolkitError.at(
            shown,
            None,
            "is not a regular file (a device, a named pipe or a socket); nothing was read",
            f"give the path of the {kind}",
        )
    with os.fdopen(fd, "rb") as handle:
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise ToolkitError.at(shown, None, f"cannot read the file: {exc.strerror}") from None
    return decode_text(shown, raw, kind, size=info.st_size)


def decode_text(shown: str, raw: bytes, kind: str = "case file", *, size: int = 0) -> str:
    """Return ``raw`` (the bytes of the ``kind`` of file ``shown``, ``size`` bytes on disk) as
    text; raise ``ToolkitError`` if it is too large, not UTF-8, or holds a NUL character
    (binary data, such as /proc/self/environ; in a daily log, only its header line is
    checked)."""
    limit, hint = TEXT_FILES[kind]
    if len(raw) > limit:
        total = size if size > limit else len(raw) if len(raw) > limit + 1 else None
        shown_size = f"{total:,}" if total else f"more than {limit:,}"  # (a read stops there)
        message = f"the file is {shown_size} bytes; the limit is {limit:,}"
        raise ToolkitError.at(shown, None, message, hint)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ToolkitError.at(
            shown,
            line,
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8 in your editor",
        ) from None
    first_line = text.split("\n", 1)[0]
    if "\x00" in (text if kind != "daily log" else first_line):  # (a note may hold anything)
        raise ToolkitError([invisible_character(shown, text, text.index("\x00"))])
    return text


_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
    0x7F: "DEL",
}


def _character_problem(shown: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """Return "a character YAML does not allow" as a problem at its line and column."""
    return invisible_character(shown, text, int(exc.position))


def invisible_character(shown: str, text: str, position: int) -> Problem:
    """Return the problem of a control character at ``position`` of ``text``."""
    position = max(0, min(position, len(text) - 1))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = ord(text[position]) if text else 0
    name = _CONTROL_NAMES.get(code, "a control character")
    return Problem(
        shown,
        line,
        f"the file holds the invisible character U+{code:04X} ({name}), which is not allowed",
        "delete it; if your editor does not show it, retype the line",
        column,
    )


def _syntax_problem(shown: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Return a YAML syntax error as a problem at the line a person should look at."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    if "another document" in problem:
        mark = exc.problem_mark
        return Problem(
            shown,
            mark.line + 1 if mark else None,
            "the file holds a second YAML document (a `---` line)",
            "one case per file: remove the `---` line and what follows, or split the file",
            mark.column + 1 if mark else None,
        )
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in problem and exc.context_mark is not None:
        mark = exc.context_mark  # an unclosed quote or bracket: point where it opens
        what = "a quoted value" if "quoted" in context else "a bracket or brace"
        message = f"YAML syntax: {what} is opened here and never closed"
        hint = "close the quote or bracket on this line"
        return Problem(shown, mark.line + 1, message, hint, mark.column + 1)
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    message = f"YAML syntax: {problem or context}"
    return Problem(shown, line, message, _syntax_hint(text, line, exc), col)


def _syntax_hint(text: str, line: int | None, exc: yaml.MarkedYAMLError) -> str | None:
    if line is not None:
        lines = text.splitlines()
        for candidate in (line, line - 1):
            if 0 < candidate <= len(lines) and "\t" in lines[candidate - 1]:
                return "YAML does not allow tab characters for indentation; use spaces"
    problem = str(exc.problem or "")
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' needs quotes, or a key is indented wrongly"
    if "could not find expected ':'" in problem:
        return "each line needs `key: value`; check the indentation of the line above"
    if "found character '\\t'" in problem or "tab" in problem:
        return "YAML does not allow tab characters for indentation; use spaces"
    return "check the indentation and quotes on this line and the one above"


_TEXT_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "timestamp"))
_CONTAINER_TAGS = frozenset(("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Budget:
    """What the document has expanded to so far: values, characters of text, nesting."""

    def __init__(self) -> None:
        self.nodes = 0
        self.chars = 0


def _key_line(doc: Document, path: Path_) -> tuple[int | None, int | None]:
    """Return the line and column of the nearest key at or above ``path``."""
    for end in range(len(path), 0, -1):
        if path[:end] in doc.key_marks:
            return doc.key_marks[path[:end]]
    return doc.line_of(path)


def _convert(
    node: yaml.Node, path: Path_, doc: Document, budget: _Budget, ancestors: frozenset[int]
) -> Any:
    budget.nodes += 1
    if id(node) in ancestors:
        raise ToolkitError.at(
            doc.path,
            node.start_mark.line + 1,
            "an alias refers to the value that contains it",
            "remove the `*alias` that points back to its own `&anchor`",
        )
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        ancestors = ancestors | {id(node)}
        if len(ancestors) > MAX_DEPTH:
            raise _error_at(
                doc,
                node,
                f"lists and mappings are nested more than {MAX_DEPTH} deep",
                "a case file nests a few levels; check the brackets and indentation here",
            )
    else:
        budget.chars += len(node.value)
    if budget.nodes > MAX_NODES or budget.chars > MAX_CHARS:
        what = f"{MAX_NODES:,} values" if budget.nodes > MAX_NODES else f"{MAX_CHARS:,} characters"
        key_line, key_col = _key_line(doc, path)
        raise ToolkitError.at(
            doc.path,
            key_line,
            f"the document expands to more than {what} (aliases?)",
            "remove the `&anchor`/`*alias` repetition",
            key_col,
        )
    doc.value_marks.setdefault(path, _mark(node))
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _CONTAINER_TAGS:
        raise _unknown_tag(doc, node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in _merged_pairs(node):
            if not isinstance(key_node, yaml.ScalarNode):
                raise ToolkitError.at(
                    doc.path,
                    _mark(key_node)[0],
                    "a key must be plain text",
                    None,
                    _mark(key_node)[1],
                )
            key = key_node.value
            line = _mark(key_node)[0]
            if key in seen:
                raise ToolkitError.at(
                    doc.path,
                    line,
                    f"duplicate key '{key}' (first given on line {seen[key]})",
                    "YAML keeps only one of them; merge the two into one entry",
                    _mark(key_node)[1],
                )
            seen[key] = line
            child = (*path, key)
            doc.key_marks[child] = _mark(key_node)
            result[key] = _convert(value_node, child, doc, budget, ancestors)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, i), doc, budget, ancestors) for i, item in enumerate(node.value)
        ]
    return _scalar(cast(yaml.ScalarNode, node), doc)


def _merged_pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Return the mapping's pairs; ``<<`` merge keys are not part of format 1 and stay keys."""
    return list(node.value)


def _scalar(node: yaml.ScalarNode, doc: Document) -> Any:
    value = node.value
    tag = node.tag
    if node.style not in (None, ""):  # quoted or block scalars are always text...
        if tag in _TEXT_TAGS or tag == "!":
            return value
        raise _unknown_tag(doc, node)  # ...and a tag on one is refused as on any value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and len(value) > MAX_DIGITS:
        raise _error_at(
            doc,
            node,
            f"a number of {len(value):,} characters; numbers here have at most {MAX_DIGITS}",
            "put it in quotes if it is meant as text",
        )
    if tag == "tag:yaml.org,2002:int":
        if value.startswith("0o"):
            return ScalarInt(int(value[2:], 8), value)
        if value.startswith("0x"):
            return ScalarInt(int(value[2:], 16), value)
        return ScalarInt(int(value), value)
    if tag == "tag:yaml.org,2002:float":
        lowered = value.lower()
        if lowered.endswith("inf"):
            return float("-inf") if value.startswith("-") else float("inf")
        if lowered.endswith("nan"):
            return float("nan")
        return ScalarFloat(float(value), value)
    if tag in _TEXT_TAGS or tag is None or tag == "?":
        return value
    raise _unknown_tag(doc, node)


def _unknown_tag(doc: Document, node: yaml.Node) -> ToolkitError:
    return _error_at(
        doc,
        node,
        f"unknown YAML tag {_short(node.tag)}",
        "remove the `!tag`: a case file holds plain values",
    )


def _error_at(doc: Document, node: yaml.Node, message: str, hint: str) -> ToolkitError:
    """Return the error ``message`` (with ``hint``) at the line and column where ``node`` starts."""
    line, col = _mark(node)
    return ToolkitError.at(doc.path, line, message, hint, col)


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
