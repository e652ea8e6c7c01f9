"""File names from people's names, in every alphabet."""

from __future__ import annotations

import hashlib
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


def _fold(ch: str) -> str:
    """Return ``ch`` folded to ASCII by dropping its accents ("" when that leaves nothing)."""
    return unicodedata.normalize("NFKD", ch.translate(_SPECIAL)).encode("ascii", "ignore").decode()


def _transliterate(run: str) -> str:
    """Return letters of another alphabet written in ASCII ("王小明" → " wang-xiao-ming ")."""
    from slugify import slugify as transliterated

    return f" {transliterated(run)} "


#: Characters of a slug: file names built on it (a date, a letter type, ``-v12``, and the
#: temporary name written first) stay far below the 255 bytes file systems allow.
MAX_SLUG = 60


def slugify(name: str) -> str:
    """Return ``name`` folded to ASCII, lower-cased, other runs of characters turned into ``-``,
    and cut to at most ``MAX_SLUG`` characters (at a ``-`` where there is one).

    Latin letters lose their accents ("Nguyễn Thị Mai Anh" → "nguyen-thi-mai-anh"); letters of
    other alphabets are transliterated ("Дмитрий Иванов" → "dmitrii-ivanov", "王小明" →
    "wang-xiao-ming"). Returns "" when nothing of the name can be written in ASCII.
    """
    out: list[str] = []
    run: list[str] = []
    for ch in name:
        folded = _fold(ch)
        if not folded and unicodedata.category(ch)[0] in "LN":
            run.append(ch)  # a letter or digit of another alphabet
            continue
        if run:
            out.append(_transliterate("".join(run)))
            run = []
        out.append(folded)
    if run:
        out.append(_transliterate("".join(run)))
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(out).lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[: MAX_SLUG + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut[MAX_SLUG // 2 :] else cut[:MAX_SLUG]
        slug = slug.strip("-")
    return slug


def case_slug(vc: ValidatedCase) -> str:
    """Return the slug every file name of the case starts with: its student's name.

    A name with nothing to write in ASCII gets the case file's name and a short fingerprint of
    the student's name, so that two such students never share a file name.
    """
    name = vc.case.student.name
    slug = slugify(name)
    if slug:
        return slug
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{slugify(vc.path.stem) or 'student'}-{digest}"
