"""The one configured markdown-it parser (CommonMark plus tables), made cheaper to run.

A document is parsed once, but markdown-it tries every block rule on every line, and runs the
whole inline machinery on every paragraph, table cell and heading. Three changes make that
cheaper without changing a single token (``tests/test_markdown_parser.py`` compares the tokens
with a stock parser's):

- every block rule that can only start at one of a few marks (``>`` for a quote, ``#`` for a
  heading, ...) is guarded by a check of the line's first character, made before the rule
  itself is called: the rule would return False at that same check, having changed nothing
  (the table rule: the next line's first two; the setext heading: whether there is a next
  line). The rules stay enabled, in the same order, each with the rules it may interrupt;
- an inline text (a paragraph, a cell, a heading) with no character an inline rule can start
  at (``*``, ``_``, a backtick, ``[``, ``!``, ``<``, ``&``, a backslash, a newline) becomes
  the one text token the inline parser would make of it, without running the parser;
- in other inline text, the ``text`` rule takes each run up to the next of those characters
  (or ``]``), not up to the next of markdown-it's wider set of "terminators".

markdown-it's block rules log each attempt at DEBUG level; while any of their loggers is
enabled for DEBUG, :func:`parser` returns the stock parser, so such a log stays complete.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block.state_block import StateBlock
    from markdown_it.rules_core.state_core import StateCore
    from markdown_it.rules_inline.state_inline import StateInline

__all__ = ["parser"]

#: Block rule -> the characters its block can start with (after the line's indentation). The
#: rule returns False, with nothing changed, on a line whose first character is another one.
_FIRST_MARKS = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}

#: The block rules that log every attempt (markdown_it.rules_block.<module>).
_LOGGED = (
    "blockquote", "code", "fence", "heading", "hr", "html_block", "lheading", "list",
    "paragraph", "reference",
)  # fmt: skip


def parser() -> MarkdownIt:
    """Return the shared parser: the fast one, or the stock one while markdown-it's block
    rules log at DEBUG level (both give the same tokens)."""
    if any(logger.isEnabledFor(logging.DEBUG) for logger in _rule_loggers()):
        return _stock()
    return _fast()


@cache
def _rule_loggers() -> tuple[logging.Logger, ...]:
    return tuple(logging.getLogger(f"markdown_it.rules_block.{name}") for name in _LOGGED)


@cache
def _stock() -> MarkdownIt:
    """Return markdown-it's CommonMark parser with GFM tables enabled, as it comes."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@cache
def _fast() -> MarkdownIt:
    """Return the same parser with the block rules guarded and plain inline text short-cut."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    ruler = md.block.ruler
    for rule in list(ruler.__rules__):
        if rule.name in _FIRST_MARKS:
            guarded = _guarded(rule.fn, frozenset(_FIRST_MARKS[rule.name]))
        elif rule.name == "code":
            guarded = _guarded_code(rule.fn)
        elif rule.name == "table":
            guarded = _guarded_table(rule.fn)
        elif rule.name == "lheading":
            guarded = _guarded_lheading(rule.fn)
        else:
            continue
        ruler.at(rule.name, guarded, {"alt": list(rule.alt)})
    inline = _inline_rule(md)
    if inline is not None:
        md.core.ruler.at("inline", inline)
    text = _text_rule(md)
    if text is not None:
        md.inline.ruler.at("text", text)
    return md


Rule = Callable[["StateBlock", int, int, bool], bool]
InlineRule = Callable[["StateInline", bool], bool]


def _guarded(rule: Rule, marks: frozenset[str]) -> Rule:
    """Return ``rule``, not called on a line that starts with none of ``marks``."""

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        first = state.src[pos : pos + 1]
        if first and first not in marks:  # (past the end: the rule decides, as before)
            return False
        return rule(state, line, end, silent)

    return guarded


def _guarded_code(rule: Rule) -> Rule:
    """Return the indented-code rule, not called on a line indented less than four columns
    past the block's indentation (``StateBlock.is_code_block``, the rule's first test)."""

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if state.sCount[line] - state.blkIndent < 4:
            return False
        return rule(state, line, end, silent)

    return guarded


_TABLE_MARKS = frozenset("|-:")


def _guarded_table(rule: Rule) -> Rule:
    """Return the table rule, not called where the next line cannot be a delimiter row: the
    rule's own first tests (the line must exist and start with two of ``|``, ``-``, ``:``
    and a space, not ``- ``, which starts a list item)."""

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if line + 2 > end:
            return False
        pos = state.bMarks[line + 1] + state.tShift[line + 1]
        if pos + 1 >= state.eMarks[line + 1]:
            return False
        first, second = state.src[pos], state.src[pos + 1]
        if first not in _TABLE_MARKS:
            return False
        if second in " \t":
            if first == "-":
                return False
        elif second not in _TABLE_MARKS:
            return False
        return rule(state, line, end, silent)

    return guarded


def _guarded_lheading(rule: Rule) -> Rule:
    """Return the setext-heading rule, not called for a paragraph of one line (the next line
    is empty, or there is none): the rule would find no underline. What the rule does before
    it looks (it leaves ``parentType`` set to "paragraph") is done here too."""

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        following = line + 1
        if following < end and not state.isEmpty(following):
            return rule(state, line, end, silent)
        if not state.is_code_block(line):
            state.parentType = "paragraph"
        return False

    return guarded


#: Inline rule -> the characters it can start at (each returns False, having changed nothing,
#: at any other one). The ``text`` rule takes every run of other characters.
_INLINE_MARKS = {
    "autolink": "<",
    "backticks": "`",
    "emphasis": "*_",
    "entity": "&",
    "escape": "\\",
    "html_inline": "<",
    "image": "!",
    "link": "[",
    "newline": "\n",
    "text": "",
}


def _inline_marks(md: MarkdownIt) -> str | None:
    """Return every character some enabled inline rule can start at (None if a rule is
    enabled that :data:`_INLINE_MARKS` lacks)."""
    active = md.inline.ruler.get_active_rules()
    if not set(active) <= _INLINE_MARKS.keys():
        return None
    return "".join(sorted({c for name in active for c in _INLINE_MARKS[name]}))


def _text_rule(md: MarkdownIt) -> InlineRule | None:
    """Return markdown-it's ``text`` rule taking longer runs: up to the next character an
    enabled inline rule can start at, or ``]`` (where ``parseLinkLabel`` looks for a link's
    end), instead of up to the next of markdown-it's own "terminator" characters, which also
    holds characters only rules this parser lacks start at (``:``, ``-``, ``=``, ...). At such a
    character every rule declines, and the parser adds it to the same pending text the run
    goes to: the tokens are the same, made with fewer attempts. None (the stock rule stays):
    a rule is enabled that :data:`_INLINE_MARKS` lacks, or markdown-it is older than 4.0
    (no ``StateInline.append_pending``, which keeps adding to the pending text linear).

    A link's text is tokenized as a range that ends before the end of the source; there the
    stock rule runs, to stop exactly where it does."""
    from markdown_it.rules_inline.state_inline import StateInline

    marks = _inline_marks(md)
    if marks is None or not hasattr(StateInline, "append_pending"):
        return None
    stop = re.compile(f"[{re.escape(marks + ']')}]").search
    (stock,) = (rule.fn for rule in md.inline.ruler.__rules__ if rule.name == "text")

    def text(state: StateInline, silent: bool) -> bool:
        if state.posMax != len(state.src):
            return stock(state, silent)
        pos = state.pos
        found = stop(state.src, pos)
        end = found.start() if found else state.posMax
        if end == pos:
            return False
        if not silent:
            state.append_pending(state.src[pos:end])
        state.pos = end
        return True

    return text


def _inline_rule(md: MarkdownIt) -> Callable[[StateCore], None] | None:
    """Return markdown-it's core ``inline`` rule, with a text where no inline rule can start
    made into its one text token directly. ``ParserInline.parse`` makes the same: the ``text``
    rule takes the runs between other characters, every other rule declines those, and the
    pieces end up in one token (level 0) that the post-processing rules leave as it is; of an
    empty text it makes nothing. None: a rule is enabled that :data:`_INLINE_MARKS` lacks (the
    stock rule stays)."""
    from markdown_it.token import Token

    marks = _inline_marks(md)
    if marks is None:
        return None
    marked = re.compile(f"[{re.escape(marks)}]").search

    def inline(state: StateCore) -> None:
        parse = state.md.inline.parse
        for token in state.tokens:
            if token.type != "inline":
                continue
            if token.children is None:
                token.children = []
            content = token.content
            if token.children:
                parse(content, state.md, state.env, token.children)
            elif content and marked(content) is None:
                token.children.append(Token("text", "", 0, content=content))
            elif content:
                parse(content, state.md, state.env, token.children)
            # (an empty text, such as an empty table cell, has no tokens)

    return inline
