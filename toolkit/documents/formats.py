"""Turn a document's Markdown into the files people get: .docx, .md and .txt."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import markers
from toolkit.errors import Problem, ToolkitError, warning
from toolkit.frozen import Frozen
from toolkit.resources import resource_dir
from toolkit.text import american_date

if TYPE_CHECKING:
    from toolkit.packet import Document, LetterParts
    from toolkit.word.builder import BuildWarning, StyleIds

AUTHOR = "srkit"


def reference_path() -> Path:
    """Return our reference document: the styles, page setup and footer of every document."""
    return resource_dir("templates") / "reference.docx"


def _open(path: Path):
    from docx import Document

    from toolkit.word.package import read_template

    return Document(io.BytesIO(read_template(path).data))


class TemplateFile(Frozen):
    """A user's Word template, checked: where it is and what the check warns about."""

    path: Path
    warnings: tuple[Problem, ...] = ()
    has_tags: bool = False  # Jinja tags: a letter template, for letters only


def load_template(path: Path) -> TemplateFile:
    """Return the user's template at ``path``, checked; raise ``ToolkitError`` if unusable."""
    warnings = tuple(check_template(path))
    return TemplateFile(path, warnings, has_tags(path))


def check_template(path: Path) -> list[Problem]:
    """Return warnings about a user's template (what was removed from it, styles it lacks);
    raise ``ToolkitError`` if it is not Word, too large, or its Jinja is broken."""
    from toolkit.word.package import read_template, unreadable

    shown = str(path)
    if not path.is_file():
        raise ToolkitError.at(shown, None, "template not found", "give the path of a .docx file")
    package = read_template(path)
    try:
        document = _open(path)
    except Exception as exc:
        raise unreadable(shown, exc) from None
    if _tags_in(package.data):
        _check_jinja(path)
    from toolkit.word import missing_styles

    notes = [
        warning(
            shown,
            None,
            f"removed from the template: {what}",
            "a draft never carries macros, embedded objects or content from the network",
        )
        for what in package.removed
    ]
    missing = missing_styles(document)
    if missing:
        notes.append(
            warning(
                shown,
                None,
                "the template lacks the styles "
                + ", ".join(missing)
                + "; srkit adds them from its own",
                "define them in the template to control how they look",
            )
        )
    return notes


def to_docx(
    document: Document,
    *,
    template: Path | None = None,
    comments: bool = False,
    warn: Callable[[BuildWarning], None],
    today: dt.date | None = None,
) -> bytes:
    """Return the .docx bytes of ``document`` on our reference (or ``template``)."""
    from toolkit.word import WordBuilder, open_template
    from toolkit.word.package import docx_bytes

    # check_template() has already warned about styles a user's template lacks
    word = open_template(template, warn=lambda _message: None)
    _stamp(word, document, today)
    style_ids = _style_ids(reference_path()) if template is None else None
    if document.parts:
        from toolkit.word.paired import build_paired

        build_paired(word, document, warn, style_ids=style_ids)
    else:
        charts = {document.chart.src: document.chart} if document.chart else {}
        builder = WordBuilder(word, warn, charts=charts, style_ids=style_ids)
        builder.add_markdown(document.text, source=document.source)
    if comments:
        _attach_comments(word, dict(document.comments), _moment(today))
    return docx_bytes(word)


@cache
def _style_ids(template: Path) -> StyleIds:
    """Return the style ids of srkit's own ``template`` (reference.docx, letter.docx) as the
    Word builders look them up: once per process, not once per document."""
    return {}


def _stamp(word, document: Document, today: dt.date | None) -> None:
    """Set the document properties every srkit draft carries."""
    from toolkit.language import WORD_TAGS
    from toolkit.word import set_properties

    language = WORD_TAGS.get(document.language, "en-US")
    set_properties(word, title=document.title, subject=document.subject, language=language)
    props = word.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.keywords = "srkit draft"
    props.comments = "Draft written by srkit from a case file. Review before sending."
    moment = _moment(today)
    props.created = moment
    props.modified = moment
    props.revision = 1


def _moment(today: dt.date | None) -> dt.datetime:
    """Return the moment a draft of ``today`` is dated: noon of that day."""
    return dt.datetime.combine(today or dt.date.today(), dt.time(12, 0))


def _attach_comments(document, notes: dict[str, str], moment: dt.datetime) -> None:
    """Attach each note as a comment on the heading it explains, dated ``moment`` (as the
    document is; not the clock's time, so the same case builds the same file)."""
    for paragraph in document.paragraphs:
        if not paragraph.style.name.startswith("Heading"):
            continue
        note = notes.get(paragraph.text.strip())
        if note and paragraph.runs:
            comment = document.add_comment(
                paragraph.runs, text=f"Why this is here: {note}", author=AUTHOR, initials="SR"
            )
            comment._comment_elm.date = moment.replace(tzinfo=dt.UTC)


def letter_template_path() -> Path:
    """Return our letter template (docxtpl): the reference's styles and ``{{p letter }}``."""
    return resource_dir("templates") / "letter.docx"


_JINJA_MARKS = ("{{", "{%")


def has_tags(path: Path) -> bool:
    """Return True when the Word file's body, headers or footers contain Jinja tags."""
    from toolkit.word.package import read_template

    return _tags_in(read_template(path).data)


def _tags_in(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                text = archive.read(name).decode("utf-8", "replace")
                if any(mark in text for mark in _JINJA_MARKS):
                    return True
    return False


def _letter_source(template: Path | None) -> io.BytesIO | str:
    """Return what docxtpl opens: our letter.docx, a user's letter template as it is, or a
    user's plain letterhead with its body replaced by ``{{p letter }}``.
    """
    if template is None:
        return str(letter_template_path())
    from toolkit.word.package import read_template

    data = read_template(template).data
    if _tags_in(data):
        return io.BytesIO(data)
    from toolkit.word import open_template

    document = open_template(template, warn=lambda _message: None)
    document.add_paragraph("{{p letter }}")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


@cache
def letter_environment():
    """Return the sandboxed, autoescaping Jinja environment docxtpl renders Word XML in."""
    from jinja2 import StrictUndefined

    from toolkit.sandbox import BoundedSandbox

    return BoundedSandbox(undefined=StrictUndefined, autoescape=True)


def to_letter_docx(
    document: Document,
    *,
    template: Path | None = None,
    warn: Callable[[BuildWarning], None],
    today: dt.date | None = None,
) -> bytes:
    """Return the .docx bytes of a letter.

    docxtpl renders the letter template (autoescaped, sandboxed) with a marker paragraph where
    ``{{p letter }}`` stands; the letter itself is then built in place of that marker, so that
    nothing of the letter's text passes through docxtpl's own rewriting of the XML.
    """
    from toolkit.word import WordBuilder, ooxml
    from toolkit.word.package import docx_bytes

    parts = document.letter
    assert parts is not None, "to_letter_docx() needs a letter"
    style_ids = None
    if template is None and _only_letter_tag(letter_template_path()):
        from toolkit.word import fresh_copy

        word = fresh_copy(letter_template_path())  # nothing for Jinja to fill: no docxtpl
        marker = LETTER_TAG
        style_ids = _style_ids(letter_template_path())
    else:
        word = _rendered_letter_template(template, parts)
        marker = LETTER_MARKER
    with ooxml.built_in_place_of(word, marker):
        builder = WordBuilder(word, warn, style_ids=style_ids)
        builder.add_markdown(document.text, source=document.source)
    _keep_closing_together(word, parts.closing)
    _stamp(word, document, today)
    return docx_bytes(word)


LETTER_TAG = "{{p letter }}"


@cache
def _only_letter_tag(path: Path) -> bool:
    """Return True when the only Jinja in the Word file ``path`` is the letter's own paragraph
    (our letter.docx): the letter is then built in its place without rendering any Jinja."""
    with zipfile.ZipFile(path) as archive:
        tags = [
            tag
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
            for tag in re.findall(r"\{[{%].*?[}%]\}", archive.read(name).decode("utf-8"))
        ]
    return tags == [LETTER_TAG]


def _rendered_letter_template(template: Path | None, parts: LetterParts):
    """Return the python-docx document of the letter template rendered by docxtpl, with a
    marker paragraph where ``{{p letter }}`` stands."""
    from jinja2 import TemplateError
    from markupsafe import Markup

    from toolkit.word import ooxml

    source = _letter_source(template)
    shown = str(template or letter_template_path())
    tpl = ooxml.docx_template(source)
    context = {
        "letter": Markup(ooxml.marker_paragraph_xml(LETTER_MARKER)),
        "date": american_date(parts.date),
        "subject": parts.subject,
        "sender_name": parts.sender_name,
        "recipient_name": parts.recipient_name,
    }
    try:
        tpl.render(context, jinja_env=letter_environment(), autoescape=True)
    except TemplateError as exc:
        raise ToolkitError.at(
            shown,
            getattr(exc, "lineno", None),
            f"the template's Jinja cannot be rendered: {exc}",
            "the tags srkit fills: {{p letter }}, {{ date }}, {{ subject }}, "
            "{{ sender_name }}, {{ recipient_name }}",
        ) from None
    return tpl.docx


LETTER_MARKER = "srkit-letter-body-7f3a9c"


def _keep_closing_together(document, closing: str | None) -> None:
    """Make the letter's end ready to sign (see :func:`toolkit.word.lay_out_signature`)."""
    from toolkit.word import lay_out_signature

    if closing:
        lay_out_signature(document, closing)


def to_markdown(text: str) -> str:
    """Return the Markdown export: placeholders shown as ``[label]``, and without the control
    characters the other formats cannot hold either (a terminal escape, NUL)."""
    from toolkit.markdown import clean_text

    return markers.visible(clean_text(text)).rstrip("\n") + "\n"


def to_text(text: str) -> str:
    """Return plain text that pastes cleanly into web forms (no Markdown symbols)."""
    from toolkit.plaintext import render_plain

    return render_plain(text).rstrip("\n") + "\n"


TEMPLATE_TAGS = ("letter", "date", "subject", "sender_name", "recipient_name")


def _check_jinja(path: Path) -> None:
    """Raise ``ToolkitError`` when the Jinja in a user's Word template does not parse, or does
    not render with the values srkit provides (an unknown name, a sandbox violation), so that
    the problem stops the build before any file is written."""
    from jinja2 import TemplateError, TemplateSyntaxError

    from toolkit.word.ooxml import docx_template

    hint = "the tags srkit fills: {{p letter }}, " + ", ".join(
        f"{{{{ {name} }}}}" for name in TEMPLATE_TAGS[1:]
    )
    from toolkit.word.package import read_template

    try:
        tpl = docx_template(io.BytesIO(read_template(path).data))
        tpl.get_undeclared_template_variables(letter_environment())
        tpl.render(
            dict.fromkeys(TEMPLATE_TAGS, ""), jinja_env=letter_environment(), autoescape=True
        )
    except TemplateSyntaxError as exc:
        raise ToolkitError.at(
            str(path),
            None,
            f"the template's Jinja is broken: {exc.message}",
            "fix the {{ }} / {% %} tags in Word; Word can split a tag when it is edited, so "
            "retype the whole tag",
        ) from None
    except TemplateError as exc:
        raise ToolkitError.at(
            str(path), None, f"the template's Jinja cannot be rendered: {exc}", hint
        ) from None
