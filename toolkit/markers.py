"""Inline markers that travel through rendered Markdown.

A placeholder is a fact the document needs and the case file does not give. It travels through
Jinja and Markdown as ``OPEN + label + CLOSE`` (two private-use characters no one types), and
each output format turns it into something visible: a highlighted ``[label]`` run in Word,
``[label]`` in Markdown and plain text.
"""

from __future__ import annotations

import re

OPEN = "\ue000"
CLOSE = "\ue001"

_MARKER_RE = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")


def placeholder(label: str) -> str:
    """Return the marker text for a placeholder named ``label``."""
    return f"{OPEN}{label}{CLOSE}"


def split_placeholders(text: str) -> list[tuple[str, bool]]:
    """Return ``text`` cut into ``(piece, is_placeholder)`` pairs, in order.

    A placeholder piece is returned as its visible form ``[label]``; empty pieces are dropped.
    """
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for match in _MARKER_RE.finditer(text):
        if match.start() > pos:
            pieces.append((text[pos : match.start()], False))
        pieces.append((f"[{match.group(1)}]", True))
        pos = match.end()
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def visible(text: str) -> str:
    """Return ``text`` with every placeholder marker shown as ``[label]``."""
    return _MARKER_RE.sub(lambda m: f"[{m.group(1)}]", text)


def find_placeholders(text: str) -> list[str]:
    """Return the labels of the placeholders in ``text``, in order of appearance."""
    return _MARKER_RE.findall(text)
