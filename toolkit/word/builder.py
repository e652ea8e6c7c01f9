"""Markdown → Word: one method per markdown-it token type, appending to a python-docx document.

The builder walks the flat token stream the way markdown-it's own renderer does
(``rules[token.type](tokens, idx)``). Style names come from :mod:`toolkit.word.styles`; raw XML
(numbering, header rows) from :mod:`toolkit.word.ooxml`; paragraphs and runs are written as
XML text through :mod:`toolkit.word.xmltext`. Content it cannot render is written as plain text
with a warning, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu, Inches, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from toolkit.frozen import Frozen, Record
from toolkit.markdown import (
    LANDSCAPE_DIRECTIVE,
    SUPPORTED_BLOCK_TYPES,
    SUPPORTED_INLINE_TYPES,
    Token,
    clean_text,
    parse,
)
from toolkit.markers import OPEN, split_placeholders
from toolkit.word import measure, ooxml
from toolkit.word.shared import styles_to_read
from toolkit.word.styles import (
    HEADING_KINDS,
    MAX_LIST_DEPTH,
    STYLES,
    continue_kind,
    list_kind,
)
from toolkit.word.xmltext import (
    BREAK_RUN,
    Pending,
    PendingParagraph,
    PendingTable,
    cell_paragraph,
    hyperlink_xml,
    run_xml,
    table_rows,
)

if TYPE_CHECKING:
    from docx.comments import Comment
    from docx.document import Document

    from toolkit.packet import Chart

_ALIGNMENTS = {  # a table column's alignment -> w:jc
    "text-align:left": "left",
    "text-align:center": "center",
    "text-align:right": "right",
}


class _ListState(Record):
    """One open Markdown list: its Word list instance and where its current item stands."""

    ordered: bool
    num_id: int
    depth: int  # 1-based, clamped to MAX_LIST_DEPTH
    item_has_paragraph: bool = False
    # the last paragraph of each item so far
    item_ends: list[PendingParagraph | None] = field(default_factory=list)


class BuildWarning(Frozen):
    """Something the builder could not show as written, at a line of the Markdown it was fed.

    ``about_text`` is True when the Markdown itself is the cause (the checks report the same
    at its line in the case or snippet file), False when the template is (a missing style).
    """

    source: str
    line: int
    message: str
    about_text: bool = True

    def format(self) -> str:
        """Return ``SOURCE:LINE: message``."""
        return f"{self.source}:{self.line}: {self.message}"


#: Block kind -> (style id, None for the default style; whether the document defines it).
StyleIds = dict[str, tuple[str | None, bool]]

_QUOTE = "quote"
SPACE_AFTER_TABLE = Pt(8)  # between a table and the paragraph after it
_STYLE_TYPES = {"table": WD_STYLE_TYPE.TABLE, "hyperlink": WD_STYLE_TYPE.CHARACTER}


class WordBuilder:
    """Append Markdown to a python-docx ``Document``.

    ``warn`` receives one :class:`BuildWarning` per problem. One builder may be
    fed many snippets in turn; a ``---`` page break at the end of one applies to the next.
    ``style_ids`` keeps the style ids looked up (and whether each style exists) for the next
    builders on documents with the same styles: those opened from the same template.
    """

    def __init__(
        self,
        document: Document,
        warn: Callable[[BuildWarning], None],
        charts: dict[str, Chart] | None = None,
        *,
        style_ids: StyleIds | None = None,
    ) -> None:
        self.document = document
        self.warn = warn
        self.charts = charts or {}  # image src -> our own chart drawn there
        self._style_ids: dict[str, str | None] = {}
        self._known_style_ids = style_ids if style_ids is not None else {}
        self._source = ""
        self._first_line = 1
        self._line = 1
        self._containers: list[_ListState | str] = []
        # paragraphs are written as XML text and made when needed (see toolkit.word.xmltext)
        self._pending = Pending()
        self._paragraph: PendingParagraph | None = None
        self._last_heading: PendingParagraph | None = None
        self._page_break_pending = False
        self._after_table = False
        self._bold = 0
        self._italic = 0
        self._cell_bold = False
        self._link_url: str | None = None
        self._link_runs: list[str] = []  # the runs of the open link, wrapped at its end
        self._link_has_text = False
        self._table: PendingTable | None = None
        self._in_thead = False
        # the rows of the open table, each (a header row?, its cells' paragraphs): written
        # as XML text when the table closes, with the widths then known
        self._rows: list[tuple[bool, list[PendingParagraph]]] = []
        self._columns = 0
        self._numbers: ooxml.ListNumbers | None = None  # made at the first list
        self._body_end = None  # the body's w:sectPr, found at the first paragraph
        self._body = None  # the body element, found with it
        # the paragraph the last visible text went into, and whether that text ends with ":"
        # (so no paragraph's text is read back from the XML)
        self._text_end: tuple[PendingParagraph | None, bool] = (None, False)
        self._cell_text: list[str] | None = None  # the text of the table cell being written
        self._table_texts: list[list[str]] = []  # the text of each cell of the table, by row
        self._page: tuple[float, float] | None = None  # (text width, body size) in points
        self._text_width: int | None = None  # of the current section, in EMU
        # token type -> its method, looked up once (a getattr by name per token was ~5% of
        # a build)
        self._rules = {
            kind: getattr(self, f"_{kind}")
            for kind in SUPPORTED_BLOCK_TYPES | SUPPORTED_INLINE_TYPES
        }

    # -- public ---------------------------------------------------------------------------------

    def add_markdown(self, text: str, source: str = "", first_line: int = 1) -> None:
        """Parse ``text`` and append it to the document body.

        ``source`` names the text in warnings (a snippet path); ``first_line`` is the line
        number of the text's first line in that file (after front matter).
        """
        self._source = source or "<markdown>"
        self._first_line = first_line
        tokens = parse(clean_text(text))
        rules, unsupported = self._rules, self._unsupported
        for idx, token in enumerate(tokens):
            if token.map is not None:
                self._line = token.map[0] + first_line
            rules.get(token.type, unsupported)(tokens, idx)  # what _render does, inlined
        self._flush()
        self._containers.clear()
        self._paragraph = None

    def add_comment_to_last_heading(
        self, text: str, author: str, initials: str | None = None
    ) -> Comment:
        """Return a Word comment holding ``text``, anchored on the last heading written.

        ``initials`` defaults to the first letters of ``author``'s words. Raises ``ValueError``
        when no heading has been written yet.
        """
        if self._last_heading is None:
            raise ValueError("no heading to attach the comment to")
        self._flush()
        heading = Paragraph(self._last_heading.element, self.document._body)
        runs = heading.runs or [heading.add_run()]
        if initials is None:
            initials = "".join(word[0] for word in author.split()).upper()
        return self.document.add_comment(
            runs, text=clean_text(text), author=clean_text(author), initials=initials
        )

    # -- dispatch ---------------------------------------------------------------------------------

    def _render(self, tokens: list[Token], idx: int) -> None:
        """Render ``tokens[idx]`` with the method named after its type, or as unsupported."""
        self._rules.get(tokens[idx].type, self._unsupported)(tokens, idx)

    def _warn(self, message: str, *, about_text: bool = True) -> None:
        """Report ``message`` at the line of the token being rendered."""
        self.warn(BuildWarning(self._source, self._line, message, about_text))

    # -- helpers ----------------------------------------------------------------------------------

    def _style_id(self, kind: str) -> str | None:
        """Return the style id for block ``kind`` (looked up once; None = default style)."""
        if kind not in self._style_ids:
            name = STYLES[kind]
            if kind not in self._known_style_ids:
                style_type = _STYLE_TYPES.get(kind, WD_STYLE_TYPE.PARAGRAPH)
                try:
                    style = self.document.styles[name]
                    found = (self.document.part.get_style_id(style, style_type), True)
                except (KeyError, ValueError):
                    found = (None, False)
                self._known_style_ids[kind] = found
            style_id, defined = self._known_style_ids[kind]
            if not defined:
                self._warn(f"the document has no style {name!r}; using default", about_text=False)
            self._style_ids[kind] = style_id
        return self._style_ids[kind]

    def _new_paragraph(self, kind: str) -> PendingParagraph:
        """Return a new body paragraph in style ``kind``, taking any pending page break."""
        self._find_body()
        paragraph = PendingParagraph(self._style_id(kind))
        self._pending.items.append(paragraph)
        if self._page_break_pending:
            paragraph.on.add("pageBreakBefore")
            self._page_break_pending = False
        if self._after_table and kind not in HEADING_KINDS.values():
            # headings have their own space before
            paragraph.spacing = f'w:before="{SPACE_AFTER_TABLE.twips}"'
        self._after_table = False
        return paragraph

    def _find_body(self) -> None:
        """Find the body element and its final ``w:sectPr``, before which new blocks go."""
        if self._body_end is None or self._body_end.getparent() is None:
            self._body = self.document.element.body
            self._body_end = ooxml.body_end(self.document)

    def _flush(self) -> None:
        """Make the paragraphs written so far (before anything reads or follows them)."""
        self._pending.flush(self._body, self._body_end)

    def _made(self, paragraph: PendingParagraph) -> Paragraph:
        """Return ``paragraph`` made, as python-docx's paragraph."""
        self._flush()
        return Paragraph(paragraph.element, self.document._body)

    def _block_paragraph(self) -> PendingParagraph:
        """Return a new paragraph styled for where we are: list item, quote or body."""
        container = self._containers[-1] if self._containers else None
        if isinstance(container, _ListState):
            if not container.item_has_paragraph:
                return self._list_paragraph(container)
            return self._new_paragraph(continue_kind(container.depth))
        return self._new_paragraph(_QUOTE if container == _QUOTE else "paragraph")

    def _list_paragraph(self, state: _ListState) -> PendingParagraph:
        """Return the numbered (or bulleted) first paragraph of the current list item."""
        paragraph = self._new_paragraph(list_kind(state.ordered, state.depth))
        paragraph.numbering = (state.num_id, state.depth - 1)
        state.item_has_paragraph = True
        return paragraph

    def _current_paragraph(self) -> PendingParagraph:
        """Return the paragraph inline content goes into, opening one if none is open."""
        if self._paragraph is None:
            self._paragraph = self._block_paragraph()
        return self._paragraph

    def _add_text(self, text: str, *, placeholders: bool = True) -> None:
        """Append ``text`` as runs carrying the current formatting; placeholders highlighted."""
        paragraph = self._current_paragraph()
        in_link = self._link_url is not None
        if placeholders:
            text = clean_text(text)
            if not in_link and text and OPEN not in text:  # most text: one run, as below
                bold = bool(self._bold or self._cell_bold)
                paragraph.runs.append(run_xml(text, bold=bold, italic=bool(self._italic)))
                self._written(paragraph, text)
                return
            # most text holds no placeholder: no need to look for one
            pieces = split_placeholders(text) if OPEN in text else [(text, False)] if text else []
        else:
            pieces = [(text, False)]
        runs = self._link_runs if in_link else paragraph.runs
        for piece, is_placeholder in pieces:
            runs.append(
                run_xml(
                    piece,
                    style_id=self._style_id("hyperlink") if in_link else None,
                    bold=not is_placeholder and bool(self._bold or self._cell_bold),
                    italic=not is_placeholder and bool(self._italic),
                    highlight=is_placeholder,
                )
            )
            if not piece:
                self._pending.empty_text = True
            elif in_link:
                self._link_has_text = True
            self._written(paragraph, piece)

    def _written(self, paragraph: PendingParagraph, text: str) -> None:
        """Note ``text`` as appended to ``paragraph`` (for lead-ins and column widths)."""
        if text.strip():
            self._text_end = (paragraph, text.rstrip().endswith(":"))
        if self._cell_text is not None:
            self._cell_text.append(text)

    # -- blocks -----------------------------------------------------------------------------------

    def _heading_open(self, tokens: list[Token], idx: int) -> None:
        level = int(tokens[idx].tag[1:])
        kind = HEADING_KINDS.get(level)
        if kind is None:
            kind = HEADING_KINDS[max(HEADING_KINDS)]
            self._warn(f"heading level {level} is deeper than Word's; written as {STYLES[kind]}")
        self._paragraph = self._new_paragraph(kind)
        self._paragraph.on.add("keepNext")  # also in a user's template
        self._last_heading = self._paragraph

    def _heading_close(self, tokens: list[Token], idx: int) -> None:
        self._paragraph = None

    def _paragraph_open(self, tokens: list[Token], idx: int) -> None:
        self._paragraph = self._block_paragraph()

    def _paragraph_close(self, tokens: list[Token], idx: int) -> None:
        paragraph = self._paragraph
        if paragraph is not None and self._text_end == (paragraph, True):
            # a lead-in ("Data to track:") stays on the page of what it introduces
            paragraph.switch_on("keepNext")
        self._paragraph = None

    def _blockquote_open(self, tokens: list[Token], idx: int) -> None:
        self._containers.append(_QUOTE)

    def _blockquote_close(self, tokens: list[Token], idx: int) -> None:
        self._containers.pop()

    def _hr(self, tokens: list[Token], idx: int) -> None:
        self._page_break_pending = True

    def _list_open(self, tokens: list[Token], idx: int, ordered: bool) -> None:
        """Open a list: a fresh Word list instance, so numbering restarts for every list."""
        parent = self._containers[-1] if self._containers else None
        if isinstance(parent, _ListState) and not parent.item_has_paragraph:
            self._list_paragraph(parent)  # "- - x": the outer item still gets its marker
        depth = 1 + sum(isinstance(c, _ListState) for c in self._containers)
        if depth > MAX_LIST_DEPTH:
            self._warn(f"list nested {depth} levels deep; shown at level {MAX_LIST_DEPTH}")
            depth = MAX_LIST_DEPTH
        start = int(tokens[idx].attrGet("start") or 1) if ordered else 1
        kind = "number" if ordered else "bullet"
        if self._numbers is None:
            self._numbers = ooxml.ListNumbers(self.document)
        num_id = self._numbers.new(kind, start=start, level=depth - 1)
        self._containers.append(_ListState(ordered, num_id, depth))

    def _bullet_list_open(self, tokens: list[Token], idx: int) -> None:
        self._list_open(tokens, idx, ordered=False)

    def _ordered_list_open(self, tokens: list[Token], idx: int) -> None:
        self._list_open(tokens, idx, ordered=True)

    def _bullet_list_close(self, tokens: list[Token], idx: int) -> None:
        state = self._containers.pop()
        assert isinstance(state, _ListState)
        if len(state.item_ends) >= 3:  # no item alone at the top or the foot of a page
            for end in (state.item_ends[0], state.item_ends[-2]):
                if end is not None:
                    end.switch_on("keepNext")

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, tokens: list[Token], idx: int) -> None:
        state = self._containers[-1]
        assert isinstance(state, _ListState)
        state.item_has_paragraph = False

    def _list_item_close(self, tokens: list[Token], idx: int) -> None:
        state = self._containers[-1]
        assert isinstance(state, _ListState)
        if not state.item_has_paragraph:
            self._list_paragraph(state)  # an empty item keeps its number
        state.item_ends.append(self._last_paragraph())

    def _last_paragraph(self) -> PendingParagraph | None:
        """Return the body's last block when it is a paragraph, else None."""
        last = self._pending.last_new()
        if last is not None:
            return last if isinstance(last, PendingParagraph) else None
        self._flush()
        made = ooxml.last_paragraph(self.document, self._body)
        return PendingParagraph(element=made._p) if made is not None else None

    # -- tables -----------------------------------------------------------------------------------

    def _table_open(self, tokens: list[Token], idx: int) -> None:
        columns = 0
        for at in range(idx + 1, len(tokens)):  # the cells of the first row
            if tokens[at].type in ("th_open", "td_open"):
                columns += 1
            elif tokens[at].type == "tr_close":
                break
        if self._page_break_pending:
            self._new_paragraph("paragraph")  # a table cannot start a page by itself
        else:
            last = self._last_paragraph()
            if last is not None:
                last.switch_on("keepNext")  # the sentence introducing it
        self._find_body()
        self._columns = max(columns, 1)
        if self._body_end is not None:  # the document's body: made with the blocks around it
            self._table = PendingTable(self._style_id("table"))
            self._pending.items.append(self._table)
        else:  # in a table cell (toolkit.word.paired): python-docx's table, made now
            self._flush()
            made = self.document.add_table(rows=0, cols=self._columns)
            ooxml.set_style_id(made, self._style_id("table"))
            self._table = PendingTable(None)
            self._table.element = made._tbl
        self._table_texts = []
        self._rows = []

    def _table_close(self, tokens: list[Token], idx: int) -> None:
        if self._table is not None:
            self._fit_columns(self._table)
        self._table = None
        self._after_table = True
        self._table_texts = []
        self._rows = []

    def _page_measures(self) -> tuple[float, float]:
        """Return the text width of the current section and the body text size, in points."""
        if self._page is None:
            usable = self._block_width() / Pt(1)
            self._page = (usable, ooxml.body_font_size(styles_to_read(self.document)))
        return self._page

    def _block_width(self) -> int:
        """Return the text width of the current section in EMU (:func:`ooxml.text_width`)."""
        if self._text_width is None:
            self._text_width = ooxml.text_width(self.document)
        return self._text_width

    def _fit_columns(self, table: PendingTable) -> None:
        """Write the rows, their columns sized from their content (:func:`measure.column_widths`):
        no word breaks (the text is set smaller when the longest words cannot all fit), the
        table fills the text width of its section and never exceeds it. A blank form (only the
        first column filled in) gets rows tall enough to write in."""
        header_rows = sum(header for header, _cells in self._rows)
        texts = self._table_texts  # what was written into each cell (no grid, no XML read)
        header = texts[0] if header_rows else [""] * self._columns
        body = texts[header_rows:]
        form = bool(body) and not any(cell.strip() for row in body for cell in row[1:])
        usable, size = self._page_measures()
        smaller = measure.fitting_size(header, body, usable, size)
        widths = measure.column_widths(header, body, usable_pt=usable, size_pt=smaller, form=form)
        emus = [Emu(int(Pt(width)) // 635 * 635) for width in widths]  # whole twips, never over
        twips = [emu.twips for emu in emus]
        # a form's rows: at least this tall, more if their text needs
        height = Inches(measure.FORM_ROW_HEIGHT_IN).twips if form else None
        if table.element is None:  # its XML, with autofit off: Word keeps these widths
            table.rows, table.widths, table.height = self._rows, twips, height
            if smaller < size:
                self._flush()  # (its type is made smaller below)
        else:
            tbl = table.element
            tbl.extend(table_rows(self._rows, twips, height, self._pending.empty_text))
            made = Table(tbl, self.document._body)
            made.autofit = False  # Word keeps these widths instead of re-flowing the columns
            for column, emu in zip(made.columns, emus, strict=True):
                column.width = emu
        if smaller < size:  # eight columns between wide margins: smaller type, whole words
            made = Table(table.element, self.document._body)
            for tr in made._tbl.iterchildren(ooxml.W_TR):
                for tc in tr.iterchildren(ooxml.W_TC):
                    for paragraph in _Cell(tc, made).paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(smaller)

    def _thead_open(self, tokens: list[Token], idx: int) -> None:
        self._in_thead = True

    def _thead_close(self, tokens: list[Token], idx: int) -> None:
        self._in_thead = False

    def _tbody_open(self, tokens: list[Token], idx: int) -> None:
        pass

    _tbody_close = _tbody_open

    def _tr_open(self, tokens: list[Token], idx: int) -> None:
        self._rows.append((self._in_thead, []))
        self._table_texts.append([])

    def _tr_close(self, tokens: list[Token], idx: int) -> None:
        cells = self._rows[-1][1]
        while len(cells) < self._columns:  # (markdown-it writes every column's cell)
            cells.append(cell_paragraph(None))
        texts = self._table_texts[-1]
        texts += [""] * (self._columns - len(texts))

    def _td_open(self, tokens: list[Token], idx: int) -> None:
        alignment = _ALIGNMENTS.get(str(tokens[idx].attrGet("style") or ""))
        self._paragraph = cell_paragraph(alignment)
        self._rows[-1][1].append(self._paragraph)
        self._cell_text = []
        self._cell_bold = tokens[idx].type == "th_open"

    _th_open = _td_open

    def _td_close(self, tokens: list[Token], idx: int) -> None:
        self._paragraph = None
        self._cell_bold = False
        if self._cell_text is not None and self._table_texts:
            self._table_texts[-1].append("".join(self._cell_text))
        self._cell_text = None

    _th_close = _td_close

    # -- inline -----------------------------------------------------------------------------------

    def _inline(self, tokens: list[Token], idx: int) -> None:
        children = tokens[idx].children or []
        rules, unsupported = self._rules, self._unsupported
        for child_idx, child in enumerate(children):
            rules.get(child.type, unsupported)(children, child_idx)  # _render, inlined

    def _text(self, tokens: list[Token], idx: int) -> None:
        self._add_text(tokens[idx].content)

    def _code_inline(self, tokens: list[Token], idx: int) -> None:
        self._add_text(tokens[idx].content)

    def _softbreak(self, tokens: list[Token], idx: int) -> None:
        self._line += 1
        self._add_text(" ")

    def _hardbreak(self, tokens: list[Token], idx: int) -> None:
        self._line += 1
        paragraph = self._current_paragraph()
        if self._link_url is not None:
            self._link_runs.append(BREAK_RUN)
            self._link_has_text = True
        else:
            paragraph.runs.append(BREAK_RUN)
        self._written(paragraph, "\n")

    def _strong_open(self, tokens: list[Token], idx: int) -> None:
        self._bold += 1

    def _strong_close(self, tokens: list[Token], idx: int) -> None:
        self._bold -= 1

    def _em_open(self, tokens: list[Token], idx: int) -> None:
        self._italic += 1

    def _em_close(self, tokens: list[Token], idx: int) -> None:
        self._italic -= 1

    def _link_open(self, tokens: list[Token], idx: int) -> None:
        self._link_url = clean_text(str(tokens[idx].attrGet("href") or ""))
        self._link_runs = []
        self._link_has_text = False

    def _link_close(self, tokens: list[Token], idx: int) -> None:
        url = self._link_url or ""
        if not self._link_has_text:
            self._add_text(url, placeholders=False)  # "[](url)": show the address itself
        r_id = self.document.part.relate_to(url, RT.HYPERLINK, is_external=True)
        self._current_paragraph().runs.append(hyperlink_xml(r_id, self._link_runs))
        self._link_url = None
        self._link_runs = []

    # -- everything else --------------------------------------------------------------------------

    def _chart(self, src: str) -> None:
        """Add one of our own charts as a native Word chart at the full text width."""
        from toolkit.word.chart import add_chart, text_width

        paragraph = self._made(self._current_paragraph())
        add_chart(paragraph, self.charts[src], text_width(paragraph))
        paragraph.paragraph_format.keep_with_next = True  # its caption

    def _unsupported(self, tokens: list[Token], idx: int) -> None:
        """Warn about ``tokens[idx]`` and write its text content as plain text."""
        token = tokens[idx]
        if token.nesting == -1:
            return  # the closing half of an unsupported container: warned at its opening
        if token.type == "html_block" and token.content.strip() == LANDSCAPE_DIRECTIVE:
            self._flush()
            ooxml.start_landscape_section(self.document)
            self._page = self._text_width = None  # the new section is wider
            self._page_break_pending = False  # the new section starts on a new page
            return
        in_cell = self._cell_text is not None  # (a cell's paragraph is made with its table)
        if token.type == "image" and str(token.attrGet("src")) in self.charts and not in_cell:
            self._chart(str(token.attrGet("src")))
            return
        self._warn(f"unsupported Markdown ({token.type}); written as plain text")
        if token.type == "image":
            text = token.content or str(token.attrGet("src") or "")
        else:
            text = token.content.rstrip("\n")
        if token.children and token.type != "image":
            self._inline(tokens, idx)
        elif not text:
            return
        elif token.block:
            self._paragraph = self._block_paragraph()
            self._add_text(text)
            self._paragraph = None
        else:
            self._add_text(text)
