"""Markdown stage: text → markdown-it token stream, plus the text helpers around it.

markdown-it is imported only when something is parsed (the parser is configured in
:mod:`toolkit.markdown_parser`): the text helpers (:func:`escape`, :func:`contain`,
:func:`plain_line`, :func:`cannot_warn`) work without it, so a command that only renders
text (``srkit check``) does not load the parser for text that has no Markdown in it.
Everything downstream (the Word builder, the plain-text renderer) walks the flat token list
returned by :func:`parse`, dispatching on ``token.type`` the way markdown-it's own renderer
does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from toolkit.markers import CLOSE, OPEN

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "LANDSCAPE_DIRECTIVE",
    "SUPPORTED_BLOCK_TYPES",
    "SUPPORTED_INLINE_TYPES",
    "Token",
    "clean_text",
    "escape",
    "parse",
    "too_deep",
    "unsupported",
]

# Token types the Word builder and the plain-text renderer render faithfully. Anything else
# (images, raw HTML, code blocks, or types a future plugin adds) is "unsupported": written as
# plain text with a warning.
SUPPORTED_BLOCK_TYPES = frozenset(
    {
        "heading_open", "heading_close",
        "paragraph_open", "paragraph_close",
        "inline",
        "bullet_list_open", "bullet_list_close",
        "ordered_list_open", "ordered_list_close",
        "list_item_open", "list_item_close",
        "blockquote_open", "blockquote_close",
        "hr",
        "table_open", "table_close",
        "thead_open", "thead_close",
        "tbody_open", "tbody_close",
        "tr_open", "tr_close",
        "th_open", "th_close",
        "td_open", "td_close",
    }
)  # fmt: skip
SUPPORTED_INLINE_TYPES = frozenset(
    {
        "text", "softbreak", "hardbreak",
        "strong_open", "strong_close",
        "em_open", "em_close",
        "link_open", "link_close",
        "code_inline",  # written as plain text, on purpose, without a warning
    }
)  # fmt: skip

#: The deepest heading and list the documents show as such; deeper ones are shown at this level.
MAX_HEADING_LEVEL = 4
MAX_LIST_DEPTH = 3

#: A line of its own in a document template: what follows goes on landscape pages in Word (a
#: tracking sheet); the plain-text renderer skips it. Case text cannot produce it (``contain``).
LANDSCAPE_DIRECTIVE = "<!-- landscape -->"

_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_RE = re.compile(r"([\\`*_\[\]<>|~&#])")
_LEADING_BLOCK_MARK_RE = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
_NEWLINES_RE = re.compile(r"\r\n|\r|\n")


def __getattr__(name: str) -> Any:
    """Return markdown-it's ``Token`` class, imported when first asked for."""
    if name == "Token":
        from markdown_it.token import Token

        return Token
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse(text: str) -> list[Token]:
    """Return the markdown-it token stream for ``text`` (CommonMark plus tables).

    Block tokens carry ``map`` (0-based source line range); inline content is in the
    ``children`` of ``inline`` tokens.
    """
    from toolkit.markdown_parser import parser

    return parser().parse(text)


#: A line with none of Markdown's marks, nor anything that could start a block: the parser
#: would make it one paragraph of one text token, as written.
_NOT_PLAIN = r"\\`*_\[\]<>|~&#!\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff"
_PLAIN_LINE_RE = re.compile(rf"[^{_NOT_PLAIN}=+\-\s](?:[^{_NOT_PLAIN}]*[^{_NOT_PLAIN}\s])?")
_NUMBERED_RE = re.compile(r"\d{1,9}[.)]")

#: What lets Markdown text make a token the documents cannot show, or nest too deep: code,
#: HTML, images, a tab; and, at the start of a line, indentation (nested lists, code blocks),
#: a quote, a level-5 heading, or two list marks (``- - x`` nests a list in one line).
_MAY_WARN_RE = re.compile(r"[`<~\t\r]|!\[")
_MAY_WARN_LINE_RE = re.compile(
    r"^(?:[ >]|#####|(?:[-+*]|\d{1,9}[.)]) +(?:[-+*>]|\d{1,9}[.)]))", re.MULTILINE
)


def plain_line(s: str) -> str | None:
    """Return ``s`` as :func:`toolkit.plaintext.render_plain` shows it, without parsing, when
    it is one line with no Markdown in it (nothing to escape, no block mark); else None."""
    if _PLAIN_LINE_RE.fullmatch(s) is None or _NUMBERED_RE.match(s):
        return None
    from toolkit.markers import visible

    return visible(s) + "\n"


def cannot_warn(s: str) -> bool:
    """Return True when the Markdown ``s`` certainly holds nothing :func:`unsupported` or
    :func:`too_deep` report (False: parse it to know)."""
    return _MAY_WARN_RE.search(s) is None and _MAY_WARN_LINE_RE.search(s) is None


def clean_text(s: str) -> str:
    """Return ``s`` without the characters XML 1.0 cannot hold.

    Removed: C0 controls other than tab, newline and carriage return, lone surrogates, and
    U+FFFE/U+FFFF. python-docx raises ``ValueError`` on them, and Word refuses the file.
    """
    # (searched first: almost every text has none, and a search is half the cost of a sub)
    return s if _ILLEGAL_XML_RE.search(s) is None else _ILLEGAL_XML_RE.sub("", s)


def escape(s: str) -> str:
    """Return ``s`` escaped so that, inserted mid-line into Markdown, it renders as typed.

    Markdown punctuation gets a backslash; a leading ``-``, ``+``, ``=`` or ``12.``/``12)``
    (which would start a list item or a heading underline at the start of a line) is escaped
    too; newlines become spaces, since a value is one line of a sentence.
    """
    # characters Word refuses go first: "\x00+ a" must not become a list item once they are gone
    one_line = _NEWLINES_RE.sub(" ", clean_text(strip_markers(s))).strip()
    escaped = _ESCAPE_RE.sub(r"\\\1", one_line)
    match = _LEADING_BLOCK_MARK_RE.match(escaped)
    if match is None:
        return escaped
    indent, mark = match.groups()
    if mark.isdigit():
        # "12." -> "12\." : escape the delimiter, which follows the digits.
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return f"{indent}\\{escaped[len(indent) :]}"


def strip_markers(s: str) -> str:
    """Return ``s`` without srkit's private placeholder marks (a person never means them)."""
    return s.replace(OPEN, "").replace(CLOSE, "")


_LEAKING_LINE_RE = re.compile(r"^( {0,3})([`~]{3,}|<)", re.MULTILINE)


def contain(s: str) -> str:
    """Return a case's Markdown field made safe to place inside a larger document.

    A code fence or an HTML block left open in one field would swallow the rest of the
    document; their opening marks are escaped so they show as typed (these constructs are
    reported as unsupported when the case is checked). Placeholder marks are removed.
    """
    return _LEAKING_LINE_RE.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", strip_markers(s))


def unsupported(tokens: list[Token], first_line: int = 1) -> list[tuple[str, int]]:
    """Return ``(token_type, line)`` for every token the Word builder cannot render faithfully.

    Lines are 1-based (``first_line`` is the number of the text's first line, for text that
    comes after front matter). An inline token gets the line of its paragraph plus the line
    breaks before it. An empty list means everything renders as written.
    """
    found: list[tuple[str, int]] = []
    block_line = first_line
    for token in tokens:
        if token.map is not None:
            block_line = token.map[0] + first_line
        if token.type not in SUPPORTED_BLOCK_TYPES:
            found.append((token.type, block_line))
            continue
        line = block_line
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type not in SUPPORTED_INLINE_TYPES:
                found.append((child.type, line))
    return found


def too_deep(tokens: list[Token], first_line: int = 1) -> list[tuple[str, int]]:
    """Return ``(what, line)`` for every heading or list nested deeper than the documents show
    (they are shown at the deepest level there is); lines as in :func:`unsupported`."""
    found: list[tuple[str, int]] = []
    depth = 0
    for token in tokens:
        line = token.map[0] + first_line if token.map is not None else first_line
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth > MAX_LIST_DEPTH:
                found.append((f"a list nested {depth} levels deep", line))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "heading_open" and int(token.tag[1:]) > MAX_HEADING_LEVEL:
            found.append((f"a level-{token.tag[1:]} heading", line))
    return found
