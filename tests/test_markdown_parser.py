"""The configured parser (:mod:`toolkit.markdown_parser`) makes exactly the tokens of a stock
markdown-it parser: on every document of every example case, and on generated Markdown built
from the marks its short-cuts look at (block marks at the start of a line, a delimiter row on
the next line, inline marks, lazy continuation lines, indentation)."""

from __future__ import annotations

import logging

import pytest
from conftest import BUILD_DATE, ROOT
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit.markdown import parse
from toolkit.markdown_parser import _fast, _stock
from toolkit.packet import Options
from toolkit.pipeline import build_packet

PIECES = [
    *"\n\n\n    \t>#*-_+=|:`~<&!\\[]()",
    "a", "Eli", "b c", "1.", "12)", "1. ", "- ", "* ", "+ ", "> ", "# ", "###### ", "####### ",
    "---", "***", "___", "===", "- -", "-:", "|-", "| a | b |", "|---|:-:|", "| --- |", "--- | ---",
    "```", "~~~", "<div>", "<!-- x -->", "[a]: /u", "[a]", "![i](s)", "&amp;", "&#35;",
    "**b**", "_e_", "`c`", "\\*", "  \n", "\u00a0", "\x00", "[a *b*: c-d](e)", "[x]: /u\n",
    "[x]", "]", "a:b-c=d", "<a:b>", "<b>", "x@y.z",
]  # fmt: skip
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def same_tokens(text: str) -> None:
    assert _fast().parse(text) == _stock().parse(text)


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(MARKDOWN)
@example("- a\n- b\n\n1. c\n2) d\n")
@example("a | b\n- | -\nc | d\n")
@example("a\n-- x\n")
@example("a\n|-\n")
@example("| a | b |\n| --- | :-- |\n| c | d |\n")
@example("> a\nb\n- c\n  d\n\n      code\n")
@example("Setext\n===\nb\n---\n")
@example("x: y - z = w, 100% {ok} ~ @home #1 + more > less ^ $5")
@example("see [the plan: part 2 - rev](#p) and [x][y]\n\n[y]: /u 'a: b'\n")
@example("![a: [b] - c](s) [d]: e ]")
def test_generated_markdown_parses_as_the_stock_parser_does(text):
    same_tokens(text)


@pytest.mark.parametrize("case", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_document_parses_as_the_stock_parser_does(case):
    packet = build_packet(case, Options(formats=(), today=BUILD_DATE))
    assert packet.documents
    for document in packet.documents:
        same_tokens(document.text)


def test_markdown_its_debug_log_stays_complete(caplog):
    """With markdown-it's block rules logging, every rule is still tried on every line."""
    with caplog.at_level(logging.DEBUG, logger="markdown_it"):
        parse("plain words\n")
    assert "entering hr" in caplog.text and "entering blockquote" in caplog.text
