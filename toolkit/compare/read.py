"""Stage 1 of ``srkit compare``: read the school's draft into numbered passages.

Readers:

- **.docx** through python-docx (``toolkit.word.extract``): paragraphs and table rows in
  reading order; a passage's place is its paragraph number (``¶ 12``) or its table row.
- **PDF** with a text layer through **pypdfium2** (Python bindings to PDFium, the PDF engine of
  Chromium; wheels for every platform, no network, Apache-2.0/BSD-3). It reads a 40-page
  LibreOffice PDF in about 0.1 s; pypdf, the pure-Python choice, took 60 ms a page here
  (2.4 s for 40 pages, over the 2-second budget), and pdfplumber (pdfminer.six) is slower
  still. A passage's place is its page (``p. 3``). The lines of a page are joined back into
  paragraphs from their layout (line spacing, font size and weight, left edge).
- **.txt**: paragraphs are separated by blank lines; a passage's place is its first line.

Every failure is a ``ToolkitError`` with one line for the user: a file that is not there, not
what its name says, encrypted, too large, or a PDF without text (a scan).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.frozen import Frozen, Record

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
MAX_UNZIPPED = 200 * 1024 * 1024
READERS = (".docx", ".pdf", ".txt")
WORD_HINT = "ask the school for the Word (.docx) version of the draft, or save it as .txt"


class Passage(Frozen):
    """One paragraph (or table row) of the draft, with where it is."""

    number: int  # 0-based position in the draft
    text: str
    where: str  # "¶ 12", "table 2, row 3", "p. 4", "line 17"
    heading: bool = False


class SchoolDraft(Frozen):
    """The school's draft, read: its passages in reading order."""

    path: Path
    kind: str  # "docx", "pdf" or "txt"
    passages: tuple[Passage, ...]
    pages: int | None = None


def read_draft(path: Path) -> SchoolDraft:
    """Return the passages of the school's draft at ``path`` (.docx, .pdf or .txt).

    Raises ``ToolkitError`` (one problem, at ``path``) for anything that cannot be read.
    """
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ToolkitError.at(
            shown,
            None,
            f"cannot read '{path.suffix or path.name}' files",
            "give the draft as .docx, .pdf (with a text layer) or .txt",
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ToolkitError.at(shown, None, "file not found", "check the path") from None
    except OSError as exc:
        raise ToolkitError.at(shown, None, f"cannot be read: {exc.strerror}") from None
    if not path.is_file():
        raise ToolkitError.at(shown, None, "is not a file", "give the draft's file, not a folder")
    if size > MAX_BYTES:
        raise ToolkitError.at(
            shown,
            None,
            f"the file is too large ({size // (1024 * 1024)} MB; at most "
            f"{MAX_BYTES // (1024 * 1024)} MB)",
            "a draft plan is rarely over a few MB; save it without images, or as .txt",
        )
    if size == 0:
        raise ToolkitError.at(shown, None, "the file is empty", WORD_HINT)
    if suffix == ".docx":
        draft = _read_docx(path)
    elif suffix == ".pdf":
        draft = _read_pdf(path)
    else:
        draft = _read_txt(path)
    if not draft.passages:
        raise ToolkitError.at(shown, None, "the draft has no text", WORD_HINT)
    return draft


# -- Word ---------------------------------------------------------------------------------------


def _read_docx(path: Path) -> SchoolDraft:
    shown = str(path)
    if not zipfile.is_zipfile(path):
        if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ToolkitError.at(
                shown,
                None,
                "this is an encrypted Word file or an old .doc file, which srkit cannot read",
                "remove the password in Word (File > Info > Protect Document) and save as .docx",
            )
        raise ToolkitError.at(shown, None, "not a Word (.docx) file", WORD_HINT)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ToolkitError.at(shown, None, f"not a readable Word file ({exc})", WORD_HINT) from None
    if "word/document.xml" not in names:
        raise ToolkitError.at(shown, None, "not a Word (.docx) file", WORD_HINT)
    if unzipped > MAX_UNZIPPED:
        raise ToolkitError.at(
            shown, None, "the Word file unpacks to more than 200 MB; not read", WORD_HINT
        )
    from toolkit.word.extract import word_text

    try:
        blocks = word_text(str(path))
    except Exception as exc:  # python-docx raises KeyError, lxml and zip errors on broken files
        raise ToolkitError.at(
            shown,
            None,
            f"the Word file is damaged and cannot be read ({type(exc).__name__})",
            "open it in Word and save it again as .docx",
        ) from None
    passages: list[Passage] = []
    paragraph = 0
    for block in blocks:
        if block.table is not None:
            where = f"table {block.table}, row {block.row}"
        else:
            paragraph += 1
            where = f"¶ {paragraph}"
        passages.append(Passage(len(passages), block.text, where, block.heading))
    return SchoolDraft(path, "docx", tuple(passages))


# -- PDF ----------------------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[•●▪◦‣∙·*–-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")


def _read_pdf(path: Path) -> SchoolDraft:
    import pypdfium2 as pdfium

    shown = str(path)
    if path.read_bytes()[:1024].find(b"%PDF-") < 0:
        raise ToolkitError.at(shown, None, "not a PDF file", WORD_HINT)
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ToolkitError.at(
                shown,
                None,
                "the PDF is encrypted with a password; srkit cannot read it",
                "ask the school for a copy without a password, or for the Word version",
            ) from None
        raise ToolkitError.at(
            shown, None, f"the PDF is damaged and cannot be read ({exc})", WORD_HINT
        ) from None
    try:
        pages = len(document)
        if pages > MAX_PAGES:
            raise ToolkitError.at(
                shown,
                None,
                f"the PDF has {pages} pages (at most {MAX_PAGES}); not read",
                "give only the draft plan, not a whole file of records",
            )
        layout = []
        for index in range(pages):
            page = document[index]
            textpage = page.get_textpage()
            layout.append(_page_lines(textpage))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise ToolkitError.at(
            shown, None, f"the PDF is damaged and cannot be read ({exc})", WORD_HINT
        ) from None
    finally:
        document.close()
    passages: list[Passage] = []
    for page_number, lines in enumerate(layout, start=1):
        for paragraph, heading in _pdf_paragraphs(lines):
            passages.append(Passage(len(passages), paragraph, f"p. {page_number}", heading))
    if not passages:
        raise ToolkitError.at(
            shown,
            None,
            "the PDF has no text layer (it looks like a scan), so srkit cannot read it",
            WORD_HINT,
        )
    return SchoolDraft(path, "pdf", tuple(passages), pages)


class _Line(Record):
    """One line of a PDF page: its text, box (points, y upwards), font size and weight."""

    text: str
    left: float
    right: float
    bottom: float
    size: float
    bold: bool


def _page_lines(textpage) -> list[_Line]:
    """Return the text lines of a page in reading order (PDFium's text rectangles, merged
    when they stand on the same line)."""
    import pypdfium2.raw as raw

    lines: list[_Line] = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if not text:
            continue
        char = textpage.get_index(left + 1, (bottom + top) / 2, 2, 2)
        found = char is not None and char >= 0  # None or -1: no character there
        size = raw.FPDFText_GetFontSize(textpage, char) if found else 0.0
        bold = found and raw.FPDFText_GetFontWeight(textpage, char) >= 600
        last = lines[-1] if lines else None
        if last and abs(last.bottom - bottom) < 2 and 0 <= left - last.right < 0.6 * max(size, 1):
            last.text, last.right = f"{last.text} {text}", right  # the same line, not a cell
            continue
        lines.append(_Line(text, left, right, bottom, round(size, 1), bold))
    return lines


def _pdf_paragraphs(lines: list[_Line]) -> list[tuple[str, bool]]:
    """Return a page's lines joined back into paragraphs, each with whether it is a heading.

    A paragraph ends at a gap wider than the line spacing, a change of font size, weight or
    left edge (another table cell), a short line, or before a bullet or a number. A heading is
    a one-line paragraph larger than the body text, or all in bold.
    """
    if not lines:
        return []
    sizes = sorted(line.size for line in lines)
    body = sizes[len(sizes) // 2]
    full = sorted(len(line.text) for line in lines)[int(len(lines) * 0.8)]
    paragraphs: list[tuple[str, bool]] = []
    current: list[_Line] = []
    for index, line in enumerate(lines):
        current.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        ends = following is None or (
            line.bottom - following.bottom > 1.45 * max(line.size, 1.0)
            or following.bottom > line.bottom
            or abs(following.left - line.left) > 12
            or following.size != line.size
            or following.bold != line.bold
            or len(line.text) < 0.75 * full
            or bool(_BULLET.match(following.text))
        )
        if ends:
            joined = _join_lines([x.text for x in current])
            heading = (
                len(current) == 1
                and (line.size > body + 0.5 or line.bold)
                and _looks_like_heading(joined)
            )
            paragraphs.append((joined, heading))
            current = []
    return paragraphs


def _join_lines(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text = (
            text[:-1] + line if text.endswith("-") and text[-2:-1].isalpha() else f"{text} {line}"
        )
    return text


def _heading_case(text: str) -> bool:
    """Return whether a line of plain text is written as headings are: in capitals, in title
    case, numbered ("Phase 2: ...", "3. ..."), or ending with a colon."""
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    capitals = sum(1 for w in words if w[0].isupper())
    return (
        text.isupper()
        or text.endswith(":")
        or bool(re.match(r"^(?:\w+ )?\d+[.:)]", text))
        or (len(words) >= 2 and capitals >= 0.6 * len(words))
    )


def _looks_like_heading(text: str) -> bool:
    return len(text) <= 80 and text[-1] not in ".;," and not _BULLET.match(text)


# -- plain text ---------------------------------------------------------------------------------


def _read_txt(path: Path) -> SchoolDraft:
    shown = str(path)
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise ToolkitError.at(shown, None, "not a text file (it holds binary data)", WORD_HINT)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    groups: list[tuple[int, list[str]]] = []  # (first line number, lines)
    lines = text.splitlines()
    blank_separated = any(not line.strip() for line in lines)
    for number, line in enumerate(lines, start=1):
        line = " ".join(line.split())
        if not line:
            continue
        previous_blank = number == 1 or not lines[number - 2].strip()
        if groups and blank_separated and not previous_blank and not _BULLET.match(line):
            groups[-1][1].append(line)
        else:
            groups.append((number, [line]))
    passages: list[Passage] = []
    for start, group in groups:
        joined = " ".join(group)
        heading = len(group) == 1 and _looks_like_heading(joined) and _heading_case(joined)
        passages.append(Passage(len(passages), joined, f"line {start}", heading))
    return SchoolDraft(path, "txt", tuple(passages))
