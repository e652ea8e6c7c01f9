"""The Word layer: a reference document, a Markdown → Word builder, and a readable dump
(:mod:`toolkit.word.dump`, imported where it is used: a build does not read its documents back).

Only this package imports python-docx. Typical use::

    document = open_template(None, warn)        # or the user's --template file
    set_properties(document, title="...", subject="...")
    builder = WordBuilder(document, warn)
    builder.add_markdown(text, source="snippets/x.md", first_line=5)
    document.save(tmp_path)
"""

from __future__ import annotations

import copy
import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import cast

import docx
from docx.document import Document
from docx.parts.styles import StylesPart
from docx.shared import Inches
from docx.styles.style import ParagraphStyle
from lxml import etree

from toolkit.markdown import clean_text
from toolkit.resources import resource_dir
from toolkit.word import ooxml
from toolkit.word.builder import WordBuilder
from toolkit.word.shared import share_styles, shared_copy, styles_to_read
from toolkit.word.styles import REQUIRED_STYLES, STYLES, SUPPORT_STYLES

__all__ = [
    "REFERENCE_DOCX",
    "REQUIRED_STYLES",
    "WordBuilder",
    "lay_out_signature",
    "missing_styles",
    "open_template",
    "set_properties",
]

REFERENCE_DOCX = resource_dir("templates") / "reference.docx"


def missing_styles(document: Document) -> list[str]:
    """Return the names in :data:`REQUIRED_STYLES` that ``document`` does not define, sorted."""
    have = {style.name for style in document.styles}
    return sorted(name for name in REQUIRED_STYLES if name not in have)


def fresh_copy(path: Path) -> Document:
    """Return a new document that is srkit's own Word file ``path`` as it is (reference.docx,
    letter.docx): a copy of the one read the first time (reading it again for every document
    took longer than copying it). Its styles stay the original's until used
    (:mod:`toolkit.word.shared`)."""
    original = _read_once(path, path.stat().st_mtime_ns)
    memo: dict[int, object] = {}
    styles = share_styles(original, memo)  # (see toolkit.word.shared)
    document = cast(Document, _copy(original, memo))
    if styles is not None:
        shared_copy(cast(StylesPart, memo[id(styles)]), styles)
    return document


_IMMUTABLE = (str, bytes, int, float, type(None))


def _copy(item: object, memo: dict[int, object]) -> object:
    """Return ``copy.deepcopy(item, memo)`` for the objects of a python-docx document.

    python-docx's own objects (the package, its parts and relationships) are copied attribute
    by attribute here, and their XML trees by lxml, instead of through ``deepcopy``'s generic
    protocol, which took most of the time of a copy. Anything else is left to ``deepcopy``.
    """
    found = memo.get(id(item))
    if found is not None:
        return found
    kind = type(item)
    if isinstance(item, _IMMUTABLE):  # and python-docx's PackURI, a str
        return item
    if kind is list:
        new: object = [_copy(value, memo) for value in cast(list, item)]
    elif kind is dict:
        new = {key: _copy(value, memo) for key, value in cast(dict, item).items()}
    elif hasattr(item, "__dict__") and _plain(kind):
        new = kind.__new__(kind)
        memo[id(item)] = new  # before its attributes, which may lead back to it
        if isinstance(item, dict):  # Relationships
            for key, value in item.items():
                dict.__setitem__(cast(dict, new), key, _copy(value, memo))
        new.__dict__.update({k: _copy(v, memo) for k, v in item.__dict__.items()})
        return new
    else:
        new = copy.deepcopy(item, memo)  # an XML tree (lxml copies it), or anything else
    memo[id(item)] = new
    return new


def _plain(kind: type) -> bool:
    """Return True for a python-docx class that ``deepcopy`` copies attribute by attribute:
    not an XML element, no copy or pickle methods of its own."""
    plain = _PLAIN.get(kind)
    if plain is None:
        plain = _PLAIN[kind] = (
            kind.__module__.startswith("docx.")
            and not issubclass(kind, etree._Element)
            and all(
                getattr(kind, name, None) is getattr(object, name, None)
                for name in ("__deepcopy__", "__reduce_ex__", "__reduce__", "__setstate__")
            )
        )
    return plain


_PLAIN: dict[type, bool] = {}


@functools.cache
def _read_once(path: Path, _mtime: int) -> Document:
    return docx.Document(str(path))


def open_template(path: Path | None, warn: Callable[[str], None]) -> Document:
    """Return a new document based on ``path`` (a user's Word file) or on our reference.docx.

    The template is read through :func:`toolkit.word.package.read_template` (bounded, and
    without external content, macros or embedded objects). Like pandoc's reference document:
    the template's styles, page setup, headers and footers are kept, its body text is
    removed. Styles it lacks are copied from reference.docx (with a warning); a template
    without page numbers gets our "Page N of M" footer. Raises ``ToolkitError`` for a file
    :func:`~toolkit.word.package.read_template` refuses, ``ValueError`` when python-docx
    cannot read it.
    """
    if path is None:
        return fresh_copy(REFERENCE_DOCX)
    from toolkit.word.package import read_template

    data = read_template(path).data  # raises ToolkitError for what it refuses
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml errors...
        raise ValueError(f"{path}: not a Word .docx file ({exc})") from exc
    ooxml.clear_body(document)
    missing = missing_styles(document)
    reference = docx.Document(str(REFERENCE_DOCX))
    # in a fixed order: the same template gives the same styles.xml in every process
    ooxml.copy_missing_styles(document, reference, sorted(REQUIRED_STYLES | SUPPORT_STYLES))
    if missing:
        warn(f"{path}: template lacks style(s) {', '.join(missing)}; added srkit's")
    for section in document.sections:
        if not ooxml.has_page_field(section):
            footer = cast(ParagraphStyle, document.styles[STYLES["footer"]])
            ooxml.add_page_number_footer(section, footer, keep_existing=True)
    return document


#: Room for a handwritten signature between the closing and the typed name.
SIGNATURE_ROOM = Inches(0.5)


def lay_out_signature(document: Document, closing: str) -> None:
    """Make the end of a letter ready to sign: room to sign under the last paragraph that
    reads ``closing``, and the closing kept on one page with at least the last two lines of
    the body before it and with the signature block, copies and enclosures after it."""
    paragraphs = document.paragraphs
    at = next(
        (i for i in range(len(paragraphs) - 1, -1, -1) if paragraphs[i].text.strip() == closing),
        None,
    )
    if at is None:
        return
    # paragraph_format's widow_control, space_after, keep_together and keep_with_next, set
    # through ooxml (the same XML, without python-docx's search for each child's place)
    for i, paragraph in enumerate(paragraphs[max(at - 1, 0) :], start=max(at - 1, 0)):
        p = paragraph._p
        ooxml.switch_on(p, "widowControl")  # a split body paragraph leaves two lines with the
        if i == at:  # closing
            ooxml.set_spacing(p, after=SIGNATURE_ROOM.twips)
        if i > at:
            ooxml.switch_on(p, "keepLines")
        if i < len(paragraphs) - 1:
            ooxml.switch_on(p, "keepNext")


def set_properties(
    document: Document, title: str, subject: str = "", language: str = "en-US"
) -> None:
    """Set the document's title, subject and language (core properties and text language)."""
    ooxml.restore_core_prefix()
    properties = document.core_properties
    properties.title = _property(title)
    properties.subject = _property(subject)
    properties.language = language
    if ooxml.get_language(styles_to_read(document)) != language:  # (else: as it is, and
        ooxml.set_language(document, language)  # shared with srkit's own file, unread)


def _property(text: str) -> str:
    """Return ``text`` fit for a core property: clean, and at most 255 characters."""
    text = clean_text(text)
    return text if len(text) <= 255 else text[:254].rstrip() + "…"
