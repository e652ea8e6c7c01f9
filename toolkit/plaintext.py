"""Markdown → plain text that pastes cleanly into web forms (the district's IEP software).

No Markdown symbols survive: headings are their text, list items carry the numbers Word shows
(``1.``, nested ``a.``, ``i.``) or ``•``, nested items are indented three spaces per level,
tables become one ``Header: cell; Header: cell`` line per row, links ``text (url)``,
placeholders ``[label]``. Blocks are separated by one blank line; lines are never wrapped.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from toolkit.frozen import Record
from toolkit.markdown import LANDSCAPE_DIRECTIVE, clean_text, parse, plain_line
from toolkit.markers import visible
from toolkit.text import roman

if TYPE_CHECKING:
    from toolkit.markdown import Token

INDENT = "   "
BULLET = "\u2022"
MAX_DEPTH = 3  # as in Word: deeper lists are shown at level 3
EMPTY_CELL = "____"


def render_plain(text: str) -> str:
    """Return the plain-text rendering of Markdown ``text``, ending in one newline."""
    plain = plain_line(text)  # a subject line, a name: nothing to parse
    if plain is not None:
        return plain
    renderer = _PlainRenderer()
    tokens = parse(clean_text(text))
    for idx in range(len(tokens)):
        renderer.render(tokens, idx)
    blocks = ["\n".join(lines) for lines in renderer.blocks if lines]
    return "\n\n".join(blocks).rstrip() + "\n" if blocks else ""


def list_marker(ordered: bool, depth: int, number: int) -> str:
    """Return the marker of item ``number`` in a list at ``depth`` (1-based), as Word shows it.

    Levels 1 to 3 of an ordered list count ``1.``, ``a.``, ``i.``; bullets are ``•``.
    """
    if not ordered:
        return BULLET
    depth = min(depth, MAX_DEPTH)
    if depth == 1 or number <= 0:
        return f"{number}."
    if depth == 2:
        return f"{chr(ord('a') + (number - 1) % 26) * ((number - 1) // 26 + 1)}."
    return f"{roman(number)}."


class _List(Record):
    """An open list: its kind, depth and the number of the next item."""

    ordered: bool
    depth: int
    number: int
    item_lines: int = 0  # lines written for the current item so far


class _Table(Record):
    """Rows of cell texts collected until the table closes."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    in_head: bool = False


class _PlainRenderer:
    """One method per markdown-it token type, appending lines to blocks."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self.containers: list[_List | str] = []
        self.table: _Table | None = None
        self.link: tuple[str, int] | None = None  # (url, start index in parts)

    def render(self, tokens: list[Token], idx: int) -> None:
        """Render ``tokens[idx]`` with the method named after its type (or as text)."""
        handler = getattr(self, f"_{tokens[idx].type}", None)
        if handler is None:
            self._other(tokens[idx])
        else:
            handler(tokens, idx)

    # -- output -----------------------------------------------------------------------------------

    def _in_list(self) -> _List | None:
        """Return the innermost open list, or None."""
        for container in reversed(self.containers):
            if isinstance(container, _List):
                return container
        return None

    def _write(self, text: str) -> None:
        """Write one block's text (possibly several lines) where we are in the containers."""
        lst = self._in_list()
        quote_indent = INDENT if "quote" in self.containers else ""
        lines = text.split("\n")
        if lst is None:
            self.blocks.append([quote_indent + line for line in lines])
            return
        indent = INDENT * (lst.depth - 1)
        if lst.item_lines == 0:
            marker = list_marker(lst.ordered, lst.depth, lst.number)
            first = f"{indent}{marker} {lines[0]}"
        else:
            first = f"{indent}{INDENT}{lines[0]}"
        out = [quote_indent + first]
        out += [f"{quote_indent}{indent}{INDENT}{line}" for line in lines[1:]]
        lst.item_lines += len(out)
        self.blocks[-1].extend(out)

    def _inline_text(self, token: Token) -> str:
        """Return the plain text of an ``inline`` token's children."""
        parts: list[str] = []
        link: tuple[str, int] | None = None
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline", "html_inline"):
                parts.append(child.content)
            elif kind == "softbreak":
                parts.append(" ")
            elif kind == "hardbreak":
                parts.append("\n")
            elif kind == "image":
                parts.append(child.content or str(child.attrGet("src") or ""))
            elif kind == "link_open":
                link = (str(child.attrGet("href") or ""), len(parts))
            elif kind == "link_close" and link is not None:
                url, start = link
                label = "".join(parts[start:])
                parts[start:] = [url if label in ("", url) else f"{label} ({url})"]
                link = None
        return visible(clean_text("".join(parts)))

    # -- blocks -----------------------------------------------------------------------------------

    def _inline(self, tokens: list[Token], idx: int) -> None:
        pass  # read by the block that opens it

    def _heading_open(self, tokens: list[Token], idx: int) -> None:
        self._write(self._inline_text(tokens[idx + 1]))

    def _paragraph_open(self, tokens: list[Token], idx: int) -> None:
        self._write(self._inline_text(tokens[idx + 1]))

    def _blockquote_open(self, tokens: list[Token], idx: int) -> None:
        self.containers.append("quote")

    def _blockquote_close(self, tokens: list[Token], idx: int) -> None:
        self.containers.pop()

    def _list_open(self, tokens: list[Token], idx: int, ordered: bool) -> None:
        parent = self._in_list()
        if parent is None:
            self.blocks.append([])
        elif parent.item_lines == 0:
            self._write("")  # "- - x": the outer item keeps its marker
        depth = min(parent.depth + 1 if parent else 1, MAX_DEPTH)
        start = int(tokens[idx].attrGet("start") or 1) if ordered else 1
        self.containers.append(_List(ordered, depth, start))

    def _bullet_list_open(self, tokens: list[Token], idx: int) -> None:
        self._list_open(tokens, idx, ordered=False)

    def _ordered_list_open(self, tokens: list[Token], idx: int) -> None:
        self._list_open(tokens, idx, ordered=True)

    def _bullet_list_close(self, tokens: list[Token], idx: int) -> None:
        self.containers.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, tokens: list[Token], idx: int) -> None:
        lst = self._in_list()
        assert lst is not None
        lst.item_lines = 0

    def _list_item_close(self, tokens: list[Token], idx: int) -> None:
        lst = self._in_list()
        assert lst is not None
        if lst.item_lines == 0:
            self._write("")
        lst.number += 1

    # -- tables -----------------------------------------------------------------------------------

    def _table_open(self, tokens: list[Token], idx: int) -> None:
        self.table = _Table()

    def _thead_open(self, tokens: list[Token], idx: int) -> None:
        assert self.table is not None
        self.table.in_head = True

    def _thead_close(self, tokens: list[Token], idx: int) -> None:
        assert self.table is not None
        self.table.in_head = False

    def _tr_open(self, tokens: list[Token], idx: int) -> None:
        assert self.table is not None
        if not self.table.in_head:
            self.table.rows.append([])

    def _th_open(self, tokens: list[Token], idx: int) -> None:
        assert self.table is not None
        self.table.header.append(self._inline_text(tokens[idx + 1]).replace("\n", " "))

    def _td_open(self, tokens: list[Token], idx: int) -> None:
        assert self.table is not None
        self.table.rows[-1].append(self._inline_text(tokens[idx + 1]).replace("\n", " "))

    def _table_close(self, tokens: list[Token], idx: int) -> None:
        table, self.table = self.table, None
        assert table is not None
        names = [name or f"Column {n}" for n, name in enumerate(table.header, start=1)]
        all_empty = not any(cell.strip() for row in table.rows for cell in row)
        lines = ["; ".join(names)] if all_empty else []
        for row in table.rows:
            pairs = [
                f"{name}: {cell.strip() or EMPTY_CELL}"
                for name, cell in zip(names, row, strict=False)
            ]
            lines.append("; ".join(pairs))
        self._write("\n".join(lines))

    # -- everything else: written as its text -------------------------------------------------

    def _other(self, token: Token) -> None:
        """Write a token we have no rule for (code, raw HTML) as its text content."""
        if token.type == "html_block" and token.content.strip() == LANDSCAPE_DIRECTIVE:
            return  # a page-layout instruction for Word
        if token.nesting == 0 and token.block and token.content.strip():
            self._write(visible(clean_text(token.content.rstrip("\n"))))
