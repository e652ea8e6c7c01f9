"""Turn a document's Markdown into the files people get: .docx, .md and .txt."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from toolkit import markers
from toolkit.errors import Problem, ToolkitError, warning
from toolkit.resources import resource_dir

AUTHOR = "srkit"


def reference_path() -> Path:
    """Return our reference document: the styles, page setup and footer of every document."""
    return resource_dir("templates") / "reference.docx"


@cache
def _template_bytes(path: Path, mtime: float) -> bytes:
    return path.read_bytes()


def _open(path: Path):
    from docx import Document

    return Document(io.BytesIO(_template_bytes(path, path.stat().st_mtime)))


def check_template(path: Path) -> list[Problem]:
    """Return warnings about a user's template (styles it lacks); raise if it is not Word."""
    shown = str(path)
    if not path.is_file():
        raise ToolkitError.at(shown, None, "template not found", "give the path of a .docx file")
    if not zipfile.is_zipfile(path):
        raise ToolkitError.at(
            shown,
            None,
            "the template is not a Word (.docx) file",
            "save it from Word as .docx (not .doc, .dotx or .odt)",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ToolkitError.at(
                    shown,
                    None,
                    "the template is not a Word (.docx) file",
                    "save it from Word as a .docx document",
                )
        document = _open(path)
    except ToolkitError:
        raise
    except Exception as exc:
        raise ToolkitError.at(
            shown,
            None,
            f"the template cannot be read as Word: {exc}",
            "open it in Word and save it again as .docx",
        ) from None
    from toolkit.word import missing_styles

    missing = missing_styles(document)
    if missing:
        return [
            warning(
                shown,
                None,
                "the template lacks the styles "
                + ", ".join(missing)
                + "; srkit adds them from its own",
                "define them in the template to control how they look",
            )
        ]
    return []


def to_docx(
    text: str,
    meta: dict[str, Any],
    *,
    template: Path | None = None,
    comments: bool = False,
    warn: Callable[[str], None],
    today: dt.date | None = None,
) -> bytes:
    """Return the .docx bytes of the Markdown ``text`` on our reference (or ``template``)."""
    from toolkit.word import WordBuilder, open_template, set_properties

    # check_template() has already warned about styles a user's template lacks
    document = open_template(template, warn=lambda _message: None)
    set_properties(document, title=meta["title"], subject=meta.get("subject", ""))
    props = document.core_properties
    props.author = meta.get("author", AUTHOR)
    props.last_modified_by = AUTHOR
    props.keywords = "srkit draft"
    props.comments = "Draft written by srkit from a case file. Review before sending."
    moment = dt.datetime.combine(today or dt.date.today(), dt.time(12, 0))
    props.created = moment
    props.modified = moment
    props.revision = 1
    builder = WordBuilder(document, warn)
    builder.add_markdown(text, source=meta.get("source", ""))
    if comments:
        _attach_comments(document, meta.get("comments", {}))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _attach_comments(document, notes: dict[str, str]) -> None:
    for paragraph in document.paragraphs:
        if not paragraph.style.name.startswith("Heading"):
            continue
        note = notes.get(paragraph.text.strip())
        if note and paragraph.runs:
            document.add_comment(
                paragraph.runs, text=f"Why this is here: {note}", author=AUTHOR, initials="SR"
            )


def to_markdown(text: str) -> str:
    """Return the Markdown export: placeholders shown as ``[label]``."""
    return markers.visible(text).rstrip("\n") + "\n"


def to_text(text: str) -> str:
    """Return plain text that pastes cleanly into web forms (no Markdown symbols)."""
    from toolkit.plaintext import render_plain

    return render_plain(text).rstrip("\n") + "\n"
