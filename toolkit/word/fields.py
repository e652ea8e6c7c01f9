"""Word fields in a user's template that reach outside the file: found and removed.

A field is an instruction Word and LibreOffice evaluate when a document is opened, printed,
converted or its fields are updated. Some read or fetch something: ``INCLUDEPICTURE`` and
``IMPORT`` fetch a picture from a URL or a file, ``INCLUDETEXT`` (``INCLUDE``) copies in a
file, ``LINK``, ``DDE`` and ``DDEAUTO`` link to another program's data, ``RD`` reads another
document, ``DATABASE`` runs a query, ``MACROBUTTON`` runs a command when clicked and
``PRINT`` sends raw commands to the printer. A ``HYPERLINK`` field to anything other than a
bookmark of the document goes too, and so does any other field whose instruction names a URL
or a file path, or holds Jinja tags (a letter template would fill the instruction in only
after this check).

A field comes in two forms: ``<w:fldSimple w:instr="...">result</w:fldSimple>``, and a complex
field spread over runs (``<w:fldChar w:fldCharType="begin"/>``, ``<w:instrText>`` pieces,
``separate``, the displayed result, ``end``), which may nest. Removing a field keeps its
displayed result (the text a reader saw) as plain text and removes its instruction and
markers, with every field nested in the instruction.
"""

from __future__ import annotations

import re
from dataclasses import field

from toolkit.frozen import Record

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = f"{{{W}}}r"
_RPR = f"{{{W}}}rPr"
_FLD_CHAR = f"{{{W}}}fldChar"
_FLD_SIMPLE = f"{{{W}}}fldSimple"
_FLD_DATA = f"{{{W}}}fldData"
_INSTR = (f"{{{W}}}instrText", f"{{{W}}}delInstrText")
_TEXT = (f"{{{W}}}t", f"{{{W}}}delText")
_TYPE = f"{{{W}}}fldCharType"
_INSTR_ATTR = f"{{{W}}}instr"

#: Field types that read or fetch something outside the document, or run something.
REACHING = frozenset(
    {
        "INCLUDEPICTURE", "IMPORT", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "RD",
        "DATABASE", "MACROBUTTON", "PRINT",
    }
)  # fmt: skip
#: Bytes that show a part holds a field at all (the parts without one are not parsed).
MARKS = (b"instrText", b"fldSimple", b"fldChar")

_URL = re.compile(
    r"[a-z][a-z0-9+.\-]*://|\b(?:file|mailto|data|javascript|ms-[a-z\-]+):|\bwww\.", re.I
)
_PATH = re.compile(
    r"\\\\"  # a UNC path (\\server\share) or a quoted Windows path (C:\\Users)
    r"|\b[a-z]:[\\/]"  # a drive letter
    r"|(?<![\w.)\]])(?:~|\.\.?)?/[\w.\-]+/",  # a POSIX path (/etc/..., ../x/, ~/x/)
    re.I,
)
_JINJA = re.compile(r"\{[{%#]")


_WHAT = {
    "INCLUDEPICTURE": "a field that fetches a picture",
    "IMPORT": "a field that fetches a picture",
    "INCLUDETEXT": "a field that copies in a file",
    "INCLUDE": "a field that copies in a file",
    "LINK": "a field that links to another file",
    "DDE": "a field that starts another program (DDE)",
    "DDEAUTO": "a field that starts another program (DDE)",
    "RD": "a field that reads another document",
    "DATABASE": "a field that queries a database",
    "MACROBUTTON": "a field that runs a command",
    "PRINT": "a field that sends commands to the printer",
    "HYPERLINK": "a hyperlink field",
}


def describe(instruction: str) -> str:
    """Return what a field :func:`reaching` found does, in a few words."""
    words = _WORDS.findall(instruction)
    kind = words[0].upper() if words else ""
    if kind in _WHAT:
        return _WHAT[kind]
    if _JINJA.search(instruction):
        return "a field whose instruction is filled in by Jinja"
    return "a field that names a file or an address"


def reaching(instruction: str) -> bool:
    """Return True when the field ``instruction`` may read or fetch something outside the
    document (or run something) when the document is opened, updated or converted."""
    words = _WORDS.findall(instruction)
    kind = words[0].upper() if words else ""
    if kind in REACHING or _URL.search(instruction) or _PATH.search(instruction):
        return True
    if _JINJA.search(instruction):
        return True
    return kind == "HYPERLINK" and _hyperlink_target(words[1:])


_WORDS = re.compile(r'"[^"]*"?|\\[^\s"\\]+|[^\s"\\]+')  # "quoted", \switch, word
_ARGUMENT_SWITCHES = ("\\l", "\\o", "\\t")


def _hyperlink_target(words: list[str]) -> bool:
    """Return True when a HYPERLINK field's words name a target other than a bookmark of this
    document (``HYPERLINK \\l "bookmark"`` jumps within it)."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("\\"):
            skip = word.lower() in _ARGUMENT_SWITCHES
        else:
            return True  # a file name or address
    return False


class _Field(Record):
    """A complex field being read: its markers (begin, separate, end), the elements of its
    instruction and of its result (with the fields nested in each)."""

    markers: list = field(default_factory=list)
    instruction: list = field(default_factory=list)  # elements and nested _Fields
    result: list = field(default_factory=list)
    in_result: bool = False
    removed: bool = False
    at: int = 0  # the elements before its beginning, in the part

    def text(self, *, with_result: bool = False) -> str:
        """Return the instruction's text (with the text of the fields nested in it)."""
        parts = []
        for item in self.instruction + (self.result if with_result else []):
            if isinstance(item, _Field):  # a removed one leaves its result as plain text
                parts.append(item.result_text() if item.removed else item.text(with_result=True))
            elif item.tag in _INSTR or item.tag in _TEXT:
                parts.append(item.text or "")
        return "".join(parts)

    def result_text(self) -> str:
        """Return the text of the result alone."""
        return "".join(
            item.text(with_result=True) if isinstance(item, _Field) else (item.text or "")
            for item in self.result
            if isinstance(item, _Field) or item.tag in _TEXT
        )

    def elements(self, *, with_result: bool = False) -> list:
        """Return the markers and the instruction's elements (and the result's, if asked)."""
        out = list(self.markers)
        for item in self.instruction + (self.result if with_result else []):
            out += item.elements(with_result=True) if isinstance(item, _Field) else [item]
        return out


def remove_reaching_fields(root) -> list[str]:
    """Remove from the part ``root`` every field :func:`reaching` finds, keeping each one's
    displayed result; return their instructions, in document order."""
    order = {element: i for i, element in enumerate(root.iter())}
    removed = _complex_fields(root)
    for simple in list(root.iter(_FLD_SIMPLE))[::-1]:  # inner ones first
        instruction = simple.get(_INSTR_ATTR, "")
        if not reaching(instruction):
            continue
        removed.append((order[simple], instruction))
        parent = simple.getparent()
        at = parent.index(simple)
        for child in [c for c in simple if c.tag != _FLD_DATA][::-1]:
            parent.insert(at + 1, child)
        _keep_tail(simple)
        parent.remove(simple)
    return [" ".join(instruction.split()) for _at, instruction in sorted(removed)]


def _complex_fields(root) -> list[tuple[int, str]]:
    """Remove the complex fields of ``root`` that reach outside; return where each began (the
    number of elements before it) and its instruction."""
    open_fields: list[_Field] = []
    doomed: list = []
    removed: list[tuple[int, str]] = []

    def finish(done: _Field) -> None:
        instruction = done.text()
        if reaching(instruction):
            done.removed = True
            removed.append((done.at, instruction))
            doomed.extend(done.elements())

    for count, element in enumerate(root.iter()):  # document order, text boxes in place
        parent = element.getparent()
        if parent is None or parent.tag != _R or element.tag == _RPR:
            continue
        top = open_fields[-1] if open_fields else None
        kind = element.get(_TYPE) if element.tag == _FLD_CHAR else None
        if kind == "begin":
            new = _Field(markers=[element], at=count)
            if top is not None:
                (top.result if top.in_result else top.instruction).append(new)
            open_fields.append(new)
        elif kind == "separate" and top is not None:
            top.markers.append(element)
            top.in_result = True
        elif kind == "end" and top is not None:
            top.markers.append(element)
            open_fields.pop()
            finish(top)  # a field nested in an instruction first, then the outer one
        elif top is not None:
            (top.result if top.in_result else top.instruction).append(element)
    for unfinished in open_fields[::-1]:  # a field never ended: judged on what it has
        finish(unfinished)
    _remove(doomed)
    return removed


def _remove(elements: list) -> None:
    """Remove ``elements`` (children of runs), and each run they leave empty."""
    runs = []
    for element in elements:
        run = element.getparent()
        if run is None:
            continue
        _keep_tail(element)
        run.remove(element)
        runs.append(run)
    for run in runs:
        parent = run.getparent()
        if parent is not None and all(child.tag == _RPR for child in run):
            parent.remove(run)


def _keep_tail(element) -> None:
    """Keep the text after ``element`` (its tail: whitespace in Word XML) when it goes."""
    if element.tail:
        previous = element.getprevious()
        parent = element.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        elif parent is not None:
            parent.text = (parent.text or "") + element.tail
