"""The Word file as a zip package: saving it reproducibly.

A .docx is a zip archive whose members carry a modification time. python-docx stamps them
with the moment of saving; with ``SOURCE_DATE_EPOCH`` set (the reproducible-builds convention)
every member carries that moment instead, so the same input gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from docx.document import Document

#: The earliest time a zip archive can hold.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def source_date() -> tuple[int, int, int, int, int, int] | None:
    """Return ``SOURCE_DATE_EPOCH`` as a zip time stamp (UTC), or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _ZIP_EPOCH)


def docx_bytes(document: Document) -> bytes:
    """Return the saved bytes of ``document``, reproducible under ``SOURCE_DATE_EPOCH``."""
    buffer = io.BytesIO()
    document.save(buffer)
    stamp = source_date()
    if stamp is None:
        return buffer.getvalue()
    return restamp(buffer.getvalue(), stamp)


def restamp(data: bytes, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """Return the zip ``data`` with every member's time set to ``stamp``, in the same order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info))
    return out.getvalue()
