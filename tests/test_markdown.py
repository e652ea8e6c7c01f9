"""The Markdown shortcuts agree with the parser: text :func:`plain_line` answers for renders
exactly as parsed, and text :func:`cannot_warn` passes makes no warning when parsed.

The strings are built from the characters that mean something to Markdown (and a few that
do not), so the generator reaches lists, headings, code, HTML, quotes, tables and escapes.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit import plaintext
from toolkit.markdown import cannot_warn, escape, parse, plain_line, too_deep, unsupported
from toolkit.markers import placeholder

PIECES = [
    *"-+*_#>!|`~<&\\[]()=.:)1 \t\n\r\u00a0\x00\x0b\ufffe\ue000\ue001",
    "a",
    "Eli",
    "12.",
    "1)",
    "    ",
    "  ",
    "- ",
    "* ",
    "1. ",
    "#####",
    "```",
    "<b>",
    "![x](y)",
    "[a](b)",
    "&amp;",
    "**bold**",
    "| a | b |\n|---|---|\n",
    "===",
    "---",
    placeholder("school"),
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
#: Mostly words, to reach the lines that are plain as well as the ones a mark spoils.
WORDS = ["Eli", " ", "Okafor", ",", "(2010)", "Dr.", "é", "—", "-", ":", "'", "/", "9"]
LINES = st.lists(st.sampled_from(WORDS * 4 + PIECES), max_size=10).map("".join)
SETTINGS = settings(max_examples=1000, deadline=None, derandomize=True, database=None)


@SETTINGS
@given(LINES)
@example("1. Eli")
@example("12) Eli")
@example("- Eli")
@example("+ Eli")
@example("# Eli")
@example("    Eli")
@example("Eli\u00a0")
@example("Eli \ud800")
def test_a_plain_line_renders_as_parsed(text):
    shown = plain_line(text)
    if shown is not None:
        assert shown == parsed_plain(text)


@SETTINGS
@given(TEXTS)
@example("- a\n  - b\n    - c\n      - d")
@example("1. - + * x")
@example("> - > - > - > - x")
@example("###### six")
@example("    code")
@example("\tcode")
def test_text_that_cannot_warn_does_not_when_parsed(text):
    if cannot_warn(text):
        tokens = parse(text)
        assert unsupported(tokens) == [] and too_deep(tokens) == []


def parsed_plain(text: str) -> str:
    """Return ``text`` rendered as plain text by parsing it (the shortcut switched off)."""
    with mock.patch.object(plaintext, "plain_line", lambda _text: None):
        return plaintext.render_plain(text)


def test_the_shortcuts_answer_for_ordinary_text_only():
    """Both checks above can fail: each shortcut declines what it cannot answer for."""
    line = f"Request for an IEP meeting: Elias Okafor (born June 21, 2010), {placeholder('x')}"
    assert plain_line(line) == line.replace(placeholder("x"), "[x]") + "\n"
    assert plaintext.render_plain("12) Eli") == parsed_plain("12) Eli") == "12. Eli\n"
    for marked in ("- item", "12. item", "**bold** text", "a & b", "line\nline", " lead", ""):
        assert plain_line(marked) is None, marked
    assert cannot_warn("Eli has missed **41 school days**.\n\n- one\n- two\n")
    for warned in ("```\ncode\n```", "<b>x</b>", "- a\n  - b", "- - - - x", "##### five"):
        assert not cannot_warn(warned), warned
        tokens = parse(warned)
        assert unsupported(tokens) or too_deep(tokens) or warned.startswith("- a"), warned


@pytest.mark.parametrize(
    "value", ["+ a quote", "\x00+ a quote", "\x01\x18- a quote", "\x0b1. a quote"]
)
def test_an_escaped_value_renders_as_typed_even_after_invisible_characters(value):
    typed = value.lstrip("\x00\x01\x0b\x18")
    assert plaintext.render_plain(f"> {escape(value)}").strip() == typed
