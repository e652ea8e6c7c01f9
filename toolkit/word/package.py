"""The Word file as a zip package: saving it reproducibly, and reading a user's template
safely.

A .docx is a zip archive whose members carry a modification time. python-docx stamps them
with the moment of saving; with ``SOURCE_DATE_EPOCH`` set (the reproducible-builds convention)
every member carries that moment instead, so the same input gives byte-identical files.

A user's template (``--template``) is read once through :func:`read_template`, which bounds
its size and removes what must never reach a draft: see there.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import posixpath
import re
import struct
import time
import zipfile
import zlib
from pathlib import Path

from docx.document import Document

from toolkit.errors import ToolkitError
from toolkit.frozen import Frozen

#: The earliest and the latest time a zip archive can hold.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_ZIP_LAST = (2107, 12, 31, 23, 59, 58)


def source_date() -> tuple[int, int, int, int, int, int] | None:
    """Return ``SOURCE_DATE_EPOCH`` as a zip time stamp (UTC), or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return min(max(stamp, _ZIP_EPOCH), _ZIP_LAST)


def docx_bytes(document: Document) -> bytes:
    """Return the saved bytes of ``document``, reproducible under ``SOURCE_DATE_EPOCH``.

    The bytes python-docx's ``save`` writes (members stamped with the moment of saving, or all
    with ``SOURCE_DATE_EPOCH``, as :func:`restamp` stamps them), each distinct part deflated
    once per process (see :class:`_Archive`). The content types and the relationships are
    written as XML text (:mod:`toolkit.word.xmltext`), and the parts found once, where
    python-docx's package writer builds each relationship element by parsing it.
    """
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI

    from toolkit.word.xmltext import content_types_xml, relationships_xml

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    with _Archive(buffer, source_date()) as writer:
        writer.write(CONTENT_TYPES_URI, content_types_xml(parts))
        writer.write(PACKAGE_URI.rels_uri, relationships_xml(package.rels, "/"))
        for part in parts:
            writer.write(part.partname, part.blob)
            if len(part.rels):
                partname = part.partname
                writer.write(partname.rels_uri, relationships_xml(part.rels, partname.baseURI))
    return buffer.getvalue()


class _Archive:
    """What python-docx's package writer writes through: the bytes ``zipfile.ZipFile(stream,
    "w", ZIP_DEFLATED)`` writes for it, each member stamped with ``stamp`` (None: the moment
    it is written, as ``writestr`` stamps it).

    Most parts of every document (styles, theme, settings, fonts, footer) are the same bytes
    each time, and ``zipfile`` cannot take a part deflated before: the records are written
    here as ``zipfile`` writes them to a seekable stream (sizes in the local header, no data
    descriptor, no ZIP64), each distinct part deflated once per process (:func:`_deflated`).
    """

    def __init__(self, stream: io.BytesIO, stamp: tuple[int, int, int, int, int, int] | None):
        self._stream = stream
        self._stamp = stamp
        self._members: list[zipfile.ZipInfo] = []

    def __enter__(self) -> _Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self._write_directory()

    def write(self, pack_uri, blob: bytes) -> None:
        if not isinstance(blob, bytes):  # as writestr takes them
            blob = blob.encode("utf-8") if isinstance(blob, str) else bytes(blob)
        stamp = self._stamp or time.localtime(time.time())[:6]
        member = _member(pack_uri.membername, stamp)
        member.CRC, data = _deflated(blob)
        member.file_size, member.compress_size = len(blob), len(data)
        member.header_offset = self._stream.tell()
        if max(member.file_size, member.header_offset + len(data)) >= zipfile.ZIP64_LIMIT:
            raise ValueError(f"{member.filename}: too large for a Word document")
        self._stream.write(member.FileHeader(zip64=False))
        self._stream.write(data)
        self._members.append(member)

    def _write_directory(self) -> None:
        """Write the central directory and the end record, as ``ZipFile.close`` does."""
        start = self._stream.tell()
        for m in self._members:
            year, month, day, hour, minute, second = m.date_time
            dos_date = (year - 1980) << 9 | month << 5 | day
            dos_time = hour << 11 | minute << 5 | second // 2
            name, flags = _encoded_name(m.filename)
            record = _CENTRAL_RECORD.pack(
                b"PK\x01\x02", m.create_version, m.create_system, m.extract_version,
                m.reserved, flags, m.compress_type, dos_time, dos_date, m.CRC,
                m.compress_size, m.file_size, len(name), len(m.extra), len(m.comment), 0,
                m.internal_attr, m.external_attr, m.header_offset,
            )  # fmt: skip
            self._stream.write(record + name + m.extra + m.comment)
        size, count = self._stream.tell() - start, len(self._members)
        self._stream.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))


#: The zip format's central directory record and end of central directory record.
_CENTRAL_RECORD = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")


def _encoded_name(name: str) -> tuple[bytes, int]:
    """Return a member's name as a zip archive stores it, and its flags (UTF-8 when not
    ASCII)."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800


def _deflated(blob: bytes) -> tuple[int, bytes]:
    """Return the CRC-32 of ``blob`` and ``blob`` deflated as ``zipfile`` deflates it; kept
    for the small parts only (those every document shares are under 40 KB; a document's own
    body is kept only when small: at most 64 of them, so a worker holds a few MB at most)."""
    return _deflate(blob) if len(blob) > 64 * 1024 else _deflate_small(blob)


@functools.lru_cache(maxsize=64)
def _deflate_small(blob: bytes) -> tuple[int, bytes]:
    """:func:`_deflate`, kept for the 64 parts seen last (a pure function of the bytes:
    nothing to go stale)."""
    return _deflate(blob)


def _deflate(blob: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(blob), compressor.compress(blob) + compressor.flush()


def _member(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(name, date_time=stamp)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o600 << 16
    return member


def restamp(data: bytes, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """Return the zip ``data`` with every member's time set to ``stamp``, in the same order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(_member(info.filename, stamp), source.read(info))
    return out.getvalue()


# -- a user's template: limits, and nothing that reaches outside or runs -----------------------

MAX_TEMPLATE_BYTES = 25_000_000  # the .docx file
MAX_PART_BYTES = 25_000_000  # one part, uncompressed
MAX_TOTAL_BYTES = 60_000_000  # every part, uncompressed
MAX_RATIO = 100  # uncompressed : compressed, for a part over 1 MB
MAX_PARTS = 2_000

_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAIN_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)

#: Relationship types (the last part of the type URI) a template may keep: the document's own
#: parts and embedded pictures. External targets are kept only for hyperlinks, which nothing
#: fetches unless a reader clicks them.
KEPT_TYPES = frozenset(
    {
        "officeDocument", "styles", "stylesWithEffects", "numbering", "settings",
        "webSettings", "fontTable", "font", "theme", "themeOverride", "header", "footer",
        "footnotes", "endnotes", "comments", "commentsExtended", "commentsIds",
        "commentsExtensible", "people", "image", "core-properties", "extended-properties",
        "custom-properties", "thumbnail", "customXml", "customXmlProps", "glossaryDocument",
    }
)  # fmt: skip
#: Elements removed with a relationship they name (the others just lose the reference).
_REMOVED_WITH = {
    f"{{{w}}}{name}"
    for w, names in (
        ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", ("attachedTemplate",
         "altChunk", "subDoc", "control")),
        ("urn:schemas-microsoft-com:office:office", ("OLEObject",)),
    )
    for name in names
}  # fmt: skip

_WHAT = {
    "attachedTemplate": "an attached template",
    "oleObject": "an embedded (OLE) object",
    "package": "an embedded object",
    "aFChunk": "an imported chunk (altChunk)",
    "vbaProject": "macros",
    "image": "a picture fetched from the network",
    "frame": "a frame loading another document",
    "subDocument": "a subdocument",
    "control": "an ActiveX control",
    "hyperlink": "a hyperlink",
}


class TemplatePackage(Frozen):
    """A user's template as srkit uses it: its bytes with every part that reaches outside the
    file or runs code removed, and what was removed."""

    data: bytes
    removed: tuple[str, ...]


def read_template(path: Path) -> TemplatePackage:
    """Return the template at ``path`` made safe to carry into drafts.

    Removed, each named in ``removed``: every relationship to something outside the file
    (``TargetMode="External"``) other than a hyperlink (a tracking picture, an attached
    template, a frame), and every part that is not text, styles or a picture (macros,
    embedded OLE objects, altChunk imports, ActiveX controls), with the elements that
    refer to them. A macro-enabled document or a Word template (.docm, .dotx) is read as a
    document. Raises ``ToolkitError`` for a file that is not a Word document, is over the
    size limits (a "zip bomb"), or holds a DTD.
    """
    stat = path.stat()
    return _read_template(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _read_template(path: Path, _mtime: int, size: int) -> TemplatePackage:
    shown = str(path)
    if size > MAX_TEMPLATE_BYTES:
        raise _refused(
            shown, f"the template is {size:,} bytes; the limit is {MAX_TEMPLATE_BYTES:,}"
        )
    raw = path.read_bytes()[: MAX_TEMPLATE_BYTES + 1]
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError):
        raise ToolkitError.at(
            shown,
            None,
            "the template is not a Word (.docx) file",
            "save it from Word as .docx (not .doc, .dotx or .odt)",
        ) from None
    with archive:
        parts = _read_parts(shown, archive)
    if "word/document.xml" not in parts or "[Content_Types].xml" not in parts:
        raise ToolkitError.at(
            shown,
            None,
            "the template is not a Word (.docx) file",
            "save it from Word as a .docx document",
        )
    from lxml import etree

    removed: list[str] = []
    try:
        _as_document(parts)
        _remove_fields(parts, removed)
        for name in sorted(n for n in parts if n.endswith(".rels")):
            if name in parts:
                _clean_relationships(parts, name, removed)
    except etree.XMLSyntaxError as exc:
        raise unreadable(shown, exc) from None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return TemplatePackage(out.getvalue(), tuple(removed))


def unreadable(shown: str, why: object) -> ToolkitError:
    """Return the error for a template python-docx or srkit cannot read as Word."""
    return ToolkitError.at(
        shown,
        None,
        f"the template cannot be read as Word: {why}",
        "open it in Word and save it again as .docx",
    )


def _refused(shown: str, message: str) -> ToolkitError:
    return ToolkitError.at(
        shown,
        None,
        message,
        "a letterhead template is a few hundred kilobytes; is this the right file?",
    )


def _read_parts(shown: str, archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Return every member of ``archive``, refusing one over the size limits before it is read,
    or an XML part with a DTD."""
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise _refused(
            shown, f"the template has {len(members):,} parts; the limit is {MAX_PARTS:,}"
        )
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise _refused(
                shown,
                f"the template's {info.filename} unpacks to over "
                f"{min(MAX_PART_BYTES, MAX_TOTAL_BYTES):,} bytes",
            )
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refused(
                shown,
                f"the template's {info.filename} is packed over {MAX_RATIO} times smaller than "
                "it unpacks (a zip bomb?)",
            )
    parts = {}
    for info in members:
        if info.is_dir():
            continue
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise unreadable(shown, f"{info.filename}: {exc}") from None
        if info.filename.endswith((".xml", ".rels")) and _DOCTYPE.search(data):
            raise ToolkitError.at(
                shown,
                None,
                f"the template's {info.filename} holds a DTD (<!DOCTYPE ...>), which Word "
                "files never do",
                "open it in Word and save it again as .docx",
            )
        parts[info.filename] = data
    return parts


_DOCTYPE = re.compile(rb"<!doctype", re.IGNORECASE)


def _xml(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False
    )
    return etree.fromstring(data, parser)


def _serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _as_document(parts: dict[str, bytes]) -> None:
    """Give the main part the content type of a plain document (a .docm or .dotx is read as
    one; its macros go with the relationships)."""
    types = _xml(parts["[Content_Types].xml"])
    changed = False
    for override in types.iter(f"{{{_CONTENT_TYPES}}}Override"):
        if override.get("ContentType") in _OTHER_MAIN_TYPES:
            override.set("ContentType", _DOCUMENT_TYPE)
            changed = True
    if changed:
        parts["[Content_Types].xml"] = _serialize(types)


def _remove_fields(parts: dict[str, bytes], removed: list[str]) -> None:
    """Remove the fields that reach outside the file (:mod:`toolkit.word.fields`)."""
    from toolkit.word.fields import MARKS, describe, remove_reaching_fields

    for name in sorted(parts):
        data = parts[name]
        if not name.endswith(".xml") or not any(mark in data for mark in MARKS):
            continue
        root = _xml(data)
        found = remove_reaching_fields(root)
        if found:
            parts[name] = _serialize(root)
            removed += [f"{describe(i)} ({_short(i)}, from {name})" for i in found]


def _short(instruction: str, limit: int = 80) -> str:
    return instruction if len(instruction) <= limit else instruction[: limit - 1] + "…"


def _source_of(rels_name: str) -> str:
    """Return the part a .rels file belongs to (``word/_rels/document.xml.rels`` →
    ``word/document.xml``)."""
    folder, _, file = rels_name.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def _target_of(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    base = source.rpartition("/")[0]
    return posixpath.normpath(posixpath.join(base, target)) if base else posixpath.normpath(target)


def _clean_relationships(parts: dict[str, bytes], rels_name: str, removed: list[str]) -> None:
    """Drop the relationships of ``rels_name`` a template may not carry, the elements of its
    part that refer to them, and the parts they led to."""
    root = _xml(parts[rels_name])
    source = _source_of(rels_name)
    dropped: set[str] = set()
    for rel in list(root):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        external = rel.get("TargetMode") == "External"
        if (kind in KEPT_TYPES and not external) or (kind == "hyperlink" and external):
            continue
        target = rel.get("Target", "")
        what = _WHAT.get(kind, f"a '{kind}' relationship")
        where = target if external else _target_of(source, target)
        removed.append(f"{what} ({where}, from {source or 'the package'})")
        dropped.add(rel.get("Id", ""))
        root.remove(rel)
        if not external:
            _drop_part(parts, _target_of(source, target))
    if not dropped:
        return
    parts[rels_name] = _serialize(root)
    if source in parts and source.endswith(".xml"):
        part = _xml(parts[source])
        _drop_references(part, dropped)
        parts[source] = _serialize(part)


def _drop_part(parts: dict[str, bytes], name: str) -> None:
    parts.pop(name, None)
    folder, _, file = name.rpartition("/")
    parts.pop(f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels", None)


def _drop_references(root, ids: set[str]) -> None:
    """Remove the elements of ``root`` that exist for one of the relationships ``ids``, and
    every other reference to them."""
    for element in list(root.iter()):
        named = [
            key
            for key, value in element.attrib.items()
            if key.startswith(f"{{{_R}}}") and value in ids
        ]
        if not named:
            continue
        parent = element.getparent()
        if element.tag in _REMOVED_WITH and parent is not None:
            parent.remove(element)
            continue
        for key in named:
            del element.attrib[key]
