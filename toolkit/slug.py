"""File names from people's names."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.case.validate import ValidatedCase

_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
    }
)


def slugify(name: str) -> str:
    """Return ``name`` folded to ASCII, lower-cased, other runs of characters turned into ``-``.

    "Nguyễn Thị Mai Anh" → "nguyen-thi-mai-anh"; "Theodore Brooks" → "theodore-brooks".
    """
    folded = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    return slug or "student"


def case_slug(vc: ValidatedCase) -> str:
    """Return the slug every file name of the case starts with: its student's name."""
    return slugify(vc.case.student.name)
