"""A copy of srkit's own Word file that shares its styles with the original until they are
used.

The styles part is most of a reference document (~1,000 elements) and the same in nearly
every draft: copying it for each document, then writing it out again, took more than any
other part of opening and saving one. A fresh copy's styles part is a :class:`SharedStylesPart`:
its XML is the original's, untouched, until something asks for the element (any access, to
read or to change it), which then gets a copy of its own; until then the part is saved as the
original's bytes, serialised once per process. :func:`styles_to_read` gives code that only
reads the styles the original's element without making that copy.
"""

from __future__ import annotations

import copy
import functools
from typing import cast

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.styles import StylesPart


class _Shared:
    """The value of a shared styles part's ``_element`` until it gets its own copy; copied or
    pickled, it stays itself (so a copy of such a part is one too)."""

    def __copy__(self) -> _Shared:
        return self

    def __deepcopy__(self, memo: dict) -> _Shared:
        return self

    def __reduce__(self) -> str:
        return "_SHARED"


_SHARED = _Shared()


class SharedStylesPart(StylesPart):
    """A styles part whose XML is ``_original``'s (never changed) until it is accessed."""

    @property
    def _element(self):
        element = self.__dict__["_element"]
        if element is _SHARED:
            element = self.__dict__["_element"] = copy.copy(self.__dict__["_original"])
        return element

    @_element.setter
    def _element(self, value) -> None:
        self.__dict__["_element"] = value

    @property
    def blob(self) -> bytes:
        if self.__dict__["_element"] is _SHARED:
            return _serialized(self.__dict__["_original"])
        return super().blob


@functools.cache
def _serialized(element) -> bytes:
    """Return the saved XML of an original's styles (which nothing changes)."""
    from docx.opc.oxml import serialize_part_xml

    return serialize_part_xml(element)


def share_styles(original: Document, memo: dict[int, object]) -> StylesPart | None:
    """Prepare ``memo`` (of a copy of ``original`` about to be made) so that the copy's styles
    part shares the original's XML; return the original's styles part (None if it has none).
    Call :func:`shared_copy` on the copy's part once it is made."""
    part = next((p for p in original.part.package.parts if type(p) is StylesPart), None)
    if part is not None:
        memo[id(part.element)] = _SHARED
    return part


def shared_copy(part: StylesPart, original: StylesPart) -> None:
    """Make ``part``, the copy of ``original`` made with :func:`share_styles`, a
    :class:`SharedStylesPart`."""
    part.__class__ = SharedStylesPart
    part.__dict__["_original"] = original.element


def styles_to_read(document: Document):
    """Return ``document``'s ``w:styles`` element to read, never to change: the original's
    while the document shares it (so reading does not copy it)."""
    styles_part = cast(StylesPart, document.part.part_related_by(RT.STYLES))
    if isinstance(styles_part, SharedStylesPart) and styles_part.__dict__["_element"] is _SHARED:
        return styles_part.__dict__["_original"]
    return styles_part.element
