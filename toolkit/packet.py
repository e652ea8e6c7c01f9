"""What one build makes: typed documents, and the warnings, blanks and notes about them.

A :class:`Document` is a value: its kind, file stem, title, rendered Markdown text, blanks,
comments, the chart of a progress report and the parties of a letter. Nothing is found again
by matching text. A :class:`Packet` holds every document of one case, what the build wants the
user to know, and the files laid out in memory; writing them is a separate, last step
(:func:`toolkit.write.write_packet`), so a packet can as well be streamed or compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from toolkit.errors import Problem
from toolkit.frozen import Frozen, Record

if TYPE_CHECKING:
    from toolkit.case.validate import ValidatedCase
    from toolkit.documents.formats import TemplateFile
    from toolkit.progress.log import Day

DOCUMENTS = ("plan", "letters", "progress")  # what a build makes unless --only says otherwise
#: What a case with ``output:`` (languages) makes too: the family's own documents.
FAMILY_DOCUMENTS = ("plan-summary", "family-guide")
#: Every document a build can make: the family guide and the plan summary only on request,
#: or with ``output:`` (they are the family's own, kept apart from what goes to the school).
ALL_DOCUMENTS = (*DOCUMENTS, "family-guide", "plan-summary")
FORMATS = ("docx", "md", "txt", "pdf")

Kind = Literal["plan", "letter", "progress", "family-guide", "compare", "plan-summary"]


class Blank(Frozen):
    """A fact a document needs that the case does not give: shown as a highlighted ``[label]``.

    ``path``/``line`` say where it can be given: the case file (and the line of the nearest
    key), or the template that asks for it.
    """

    label: str
    path: str
    line: int | None = None

    def where(self) -> str:
        """Return ``PATH:LINE`` (or ``PATH`` when there is no line)."""
        return self.path if self.line is None else f"{self.path}:{self.line}"


class Chart(Frozen):
    """The progress chart: drawn from these numbers as a native Word chart in a .docx
    (:mod:`toolkit.word.chart`); the other formats show its alternative text."""

    src: str  # the Markdown image source the report's text points at
    days: tuple[Day, ...]
    targets: tuple[tuple[int, int | None], ...]
    day_minutes: int
    alt: str  # what a reader who cannot see it needs to know; the .md and .txt show this
    language: str = "en"  # en | es: the language of its title, labels and legend

    def target(self, phase: int) -> int | None:
        """Return ``phase``'s minute target, or None when it has none."""
        return dict(self.targets).get(phase)

    @property
    def caption(self) -> str:
        """Return the word the text formats put before the alternative text ("Chart: ...")."""
        return {"en": "Chart", "es": "Gráfica"}[self.language]


class LetterParts(Frozen):
    """What a letter template's tags are filled with, and the closing kept with the signature."""

    date: dt.date
    subject: str
    sender_name: str
    recipient_name: str
    closing: str


class Attachment(Frozen):
    """A file that goes with a document as it is (the correspondence log CSV)."""

    name: str
    data: bytes


class Document(Frozen):
    """One document of a case, rendered: every format of it is laid out from this value."""

    kind: Kind
    stem: str  # the file name without extension: "maya-alvarez-plan"
    title: str
    subject: str
    text: str  # Markdown; blanks travel in it as ``toolkit.markers`` placeholders
    source: str  # the skeleton that shaped it, for messages about the assembled text
    blanks: tuple[Blank, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()  # (heading text, why it is there)
    chart: Chart | None = None
    letter: LetterParts | None = None
    attachments: tuple[Attachment, ...] = ()
    language: str = "en"  # en | es; a paired document: its first part's
    #: The two single-language versions a paired document shows (English | Español), in order.
    parts: tuple[Document, ...] = ()
    paired_layout: str = "table"  # table | blocks: how a paired .docx shows its parts
    #: The formats this document is laid out in (None: all the build asks for). A paired
    #: document is a .docx only; its parts are each language's .md and .txt.
    formats: tuple[str, ...] | None = None
    warnings: tuple[Problem, ...] = ()  # what rendering it wants the user to know
    draft: bool = False  # built from a draft translation: carries the BORRADOR line

    def names(self, formats: tuple[str, ...]) -> list[str]:
        """Return the file names this document is written as, attachments included."""
        return [f"{self.stem}.{fmt}" for fmt in self.formats_of(formats)] + [
            a.name for a in self.attachments
        ]

    def formats_of(self, formats: tuple[str, ...]) -> tuple[str, ...]:
        """Return which of ``formats`` this document is laid out in."""
        return tuple(f for f in formats if self.formats is None or f in self.formats)


class File(Frozen):
    """One file laid out in memory: its name, its bytes, and the document it belongs to."""

    name: str
    data: bytes
    document: Document


class Options(Frozen):
    """How a packet is built. Every field has the default ``srkit build`` uses.

    ``only`` ``None`` means every document the case asks for; naming ``progress`` for a case
    without a log is then an error, as with ``--only progress``. ``formats`` ``()`` renders
    the documents without laying them out (``srkit check``).

    ``template`` is the base of the plan and the progress report, and of the letters too
    unless ``letter_template`` is given; a template with letter tags (``{{ subject }}``...) is
    a letter template, used for letters only (the plan and report then use srkit's own). Each
    is a path (checked by the build, its warnings added to the packet's) or a
    :class:`TemplateFile` already checked by the caller (its warnings are the caller's).
    """

    only: tuple[str, ...] | None = None
    formats: tuple[str, ...] = ("docx",)
    template: Path | TemplateFile | None = None
    letter_template: Path | TemplateFile | None = None
    comments: bool = False
    today: dt.date | None = None
    snippet_dirs: tuple[Path, ...] = ()
    sender: Mapping[str, str] | None = None


class Packet(Record):
    """Every document of one case, and what the build wants the user to know.

    ``warnings`` come before anything is laid out (library, case, plan alignment, template,
    log); ``layout_warnings`` from laying out; ``failures`` are documents that could not be
    laid out (the others were). ``files`` holds every format of every document that was laid
    out, in memory.
    """

    case: ValidatedCase
    options: Options
    today: dt.date
    documents: tuple[Document, ...]
    warnings: list[Problem] = field(default_factory=list)
    layout_warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    files: list[File] = field(default_factory=list)

    @property
    def blanks(self) -> list[tuple[Document, tuple[Blank, ...]]]:
        """Return each document that has blanks, with them, in the order of the documents."""
        return [(d, d.blanks) for d in self.documents if d.blanks]

    def layout(self, document: Document, fmt: str) -> bytes:
        """Return ``document`` laid out as ``fmt`` (docx, md, txt), in memory.

        Warnings of the layout are added to ``layout_warnings``; raises ``ToolkitError`` (or,
        for a bug, any exception) when the document cannot be laid out.
        """
        from toolkit.layout import lay_out

        return lay_out(
            document,
            fmt,
            template=self.options.template,
            letter_template=self.options.letter_template,
            comments=self.options.comments,
            today=self.today,
            warnings=self.layout_warnings,
        )
