"""The layout harness: what a picky reader checks on every printed page, read from the PDF that
LibreOffice lays out, against what the .docx says.

- no word of a table cell broken across lines ("Attendanc|e", "(0–|10)"), and no line break
  inside a date or after a leading number ("March | 12, 2027", "4. | Stabilization");
- no page (but the last) whose last line of text is a heading or a lead-in label ("Data to
  track:") with what it introduces on the next page;
- no empty table row (the ghost of a row split across pages);
- a letter's closing and the typed name on the same page, with room to sign between them.

Lines and their positions come from poppler (``pdftotext -bbox-layout``: one block per
paragraph or table cell), table rulings from pdfplumber (only on pages that show a table); the
document's own words, headings and lead-ins from python-docx. :func:`problems` returns
readable findings, one per defect, ``[]`` for a clean document.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pdfplumber

from toolkit.word.measure import words

NBSP = "\u00a0"
SIGNATURE_ROOM_PT = 0.4 * 72  # at least this much paper between the closing and the name
_FOOTER_RE = re.compile(r"^Page \d+ of \d+$")
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Facts:
    """What the .docx says the pages must respect."""

    cell_words: set[str] = field(default_factory=set)  # tokens of table cells, as printed
    glued: set[tuple[str, ...]] = field(default_factory=set)  # unbreakable units, as tokens
    leads: set[str] = field(default_factory=set)  # headings and lead-in labels
    headers: list[set[str]] = field(default_factory=list)  # each table's header words
    closing: str | None = None  # a letter's closing ("Sincerely,")
    signer: str | None = None  # the first line under it (the typed name)


def docx_facts(path: Path) -> Facts:
    """Return the facts of the .docx at ``path``."""
    document = docx.Document(str(path))
    facts = Facts()
    for table in document.tables:
        if table.rows:
            facts.headers.append({w for cell in table.rows[0].cells for w in cell.text.split()})
        for row in table.rows:
            for cell in row.cells:
                for unit in words(cell.text):  # words, and what must not break (dates)
                    tokens = tuple(unit.split())
                    facts.cell_words.update(tokens)
                    if len(tokens) > 1:
                        facts.glued.add(tokens)
    in_cells = {" ".join(c.text.split()) for t in document.tables for r in t.rows for c in r.cells}
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    for i, paragraph in enumerate(paragraphs):
        text = " ".join(paragraph.text.split())
        style = paragraph.style.name if paragraph.style is not None else ""
        if (style.startswith(("Heading", "Title")) or text.endswith(":")) and text not in in_cells:
            facts.leads.add(text)  # (a heading's words also in a table cell are not told apart)
        if text in ("Sincerely,", "Yours sincerely,", "Respectfully,") and i + 1 < len(paragraphs):
            facts.closing = text
            facts.signer = paragraphs[i + 1].text.split("\n")[0].strip()
    return facts


@dataclass
class Line:
    """One line of text on a page: its words and where it stands (points from the top)."""

    text: str
    top: float
    bottom: float
    left: float


def read_pages(pdf_path: Path) -> list[list[list[Line]]]:
    """Return each page's blocks of lines, as poppler's ``pdftotext -bbox-layout`` groups
    them: a paragraph, or the text of one table cell. Page-number footers are left out."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{_XHTML}page"):
        blocks = []
        for block in page.iter(f"{_XHTML}block"):
            lines = []
            for line in block.iter(f"{_XHTML}line"):
                text = " ".join((word.text or "") for word in line.iter(f"{_XHTML}word"))
                text = " ".join(text.replace(NBSP, " ").split())
                if text and not _FOOTER_RE.match(text):
                    box = [float(line.get(k)) for k in ("yMin", "yMax", "xMin")]
                    lines.append(Line(text, *box))
            if lines:
                blocks.append(lines)
        pages.append(blocks)
    return pages


def problems(pdf_path: Path, facts: Facts) -> list[str]:
    """Return every layout defect of the PDF at ``pdf_path``, as "page N: what is wrong"."""
    found: list[str] = []
    pages = read_pages(pdf_path)
    in_order = []  # (page, line), top to bottom, page by page
    for number, blocks in enumerate(pages, start=1):
        lines = sorted((line for block in blocks for line in block), key=lambda x: (x.top, x.left))
        in_order += [(number, line) for line in lines]
        for block in blocks:
            found += [f"page {number}: {p}" for p in _broken_words([x.text for x in block], facts)]
        if lines and number < len(pages):
            last = max(lines, key=lambda x: x.bottom).text
            if any(
                lead == last or (lead.endswith(last) and len(last) > 12) for lead in facts.leads
            ):
                found.append(f"page {number}: ends with a heading or lead-in: {last!r}")
    found += _empty_rows(pdf_path, pages, facts)
    if facts.closing:
        found += _signature_problems(facts, in_order)
    return found


def _signature_problems(facts: Facts, in_order: list[tuple[int, Line]]) -> list[str]:
    at = next((i for i, (_, line) in enumerate(in_order) if line.text == facts.closing), None)
    if (
        at is None
        or at + 1 >= len(in_order)
        or not in_order[at + 1][1].text.startswith(facts.signer or "\0")
    ):
        return [f"the closing {facts.closing!r} is not followed by the name {facts.signer!r}"]
    (closing_page, closing), (signer_page, signer) = in_order[at], in_order[at + 1]
    if closing_page != signer_page:
        return [
            f"page {closing_page}: the closing {facts.closing!r} is on page {closing_page}, "
            f"the name {facts.signer!r} on page {signer_page}"
        ]
    room = signer.top - closing.bottom
    if room < SIGNATURE_ROOM_PT:
        return [
            f"page {closing_page}: {room / 72:.2f} in between the closing and the name, "
            f"less than {SIGNATURE_ROOM_PT / 72:.2f} in to sign in"
        ]
    return []


def _empty_rows(pdf_path: Path, pages: list[list[list[Line]]], facts: Facts) -> list[str]:
    """Return the empty table rows, looked for (with pdfplumber, which sees the rulings) on
    the pages that show a table's header row: every table repeats its header on each page."""
    wanted = []
    for number, blocks in enumerate(pages, start=1):
        words = {word for block in blocks for line in block for word in line.text.split()}
        if any(len(header & words) * 2 >= len(header) for header in facts.headers if header):
            wanted.append(number)
    found = []
    if not wanted:
        return found
    with pdfplumber.open(str(pdf_path), pages=wanted) as pdf:
        for number, page in zip(wanted, pdf.pages, strict=True):
            for table in page.find_tables():
                rows = table.extract()
                first = {w for cell in (rows[0] if rows else []) if cell for w in cell.split()}
                if not any(len(h & first) * 2 >= len(h) for h in facts.headers if h):
                    continue  # ruled lines that are not one of the document's tables (a chart)
                for row in rows:
                    cells = [cell for cell in row if cell is not None]
                    if cells and not any(cell.strip() for cell in cells):
                        found.append(f"page {number}: an empty table row")
    return found


def _broken_words(lines: list[str], facts: Facts) -> list[str]:
    """Return the words of one block (a table cell) that line breaks cut into pieces."""
    found = []
    tokens = [line.split() for line in lines]
    for i in range(len(tokens) - 1):
        if not tokens[i] or not tokens[i + 1]:
            continue
        pieces = [tokens[i][-1]]
        for line in tokens[i + 1 :]:  # "Atten|danc|e": a piece may fill a whole line
            pieces.append(line[0])
            joined = "".join(pieces)
            if joined in facts.cell_words:
                whole = all(piece in facts.cell_words for piece in pieces)
                at_hyphen = all(p.endswith("-") for p in pieces[:-1])  # "Re-|entry" is print
                if not whole and not at_hyphen:
                    found.append(f"word broken across lines in a table cell: {'|'.join(pieces)}")
                break
            if len(line) > 1:
                break
        before, after = tokens[i], tokens[i + 1]
        for unit in facts.glued:
            for cut in range(1, len(unit)):
                if (
                    tuple(before[-cut:]) == unit[:cut]
                    and tuple(after[: len(unit) - cut]) == (unit[cut:])
                ):
                    found.append(
                        "line break inside "
                        f"{' '.join(unit)!r} in a table cell: "
                        f"{' '.join(unit[:cut])}|{' '.join(unit[cut:])}"
                    )
    return found


def page_count(pdf_path: Path) -> int:
    """Return the number of pages of the PDF at ``pdf_path``."""
    return len(read_pages(pdf_path))


def convert(soffice: str, documents: list[Path], outdir: Path, profile: Path) -> dict[Path, Path]:
    """Convert ``documents`` to PDF in one LibreOffice run with its own ``profile`` (parallel
    runs must not share one); return .docx → .pdf. File names must be unique."""
    names = [path.name for path in documents]
    assert len(set(names)) == len(names), "documents converted together need unique names"
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, documents),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    pdfs = {}
    for path in documents:
        pdf = outdir / (path.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}:\n{result.stderr}"
        pdfs[path] = pdf
    return pdfs
