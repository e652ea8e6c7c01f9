"""Hostile Word templates for the tests: a plain letterhead with parts added that a draft must
never carry (issue 17, item 3), and the readers that find such parts in a .docx.

``hostile_template(path, kinds)`` writes a letterhead whose page header says "Family Advocacy
Partners" (with ``header_jinja``, if given, after it, and then the body's ``{{p letter }}``: a
letter template), with each part of ``kinds`` added:

- ``external-image``: a picture in the header whose image is fetched from a URL (a tracking
  pixel): ``<a:blip r:link>`` and a relationship with ``TargetMode="External"``;
- ``attached-template``: ``<w:attachedTemplate>`` in the settings, pointing at an http URL;
- ``ole-object``: an embedded OLE object (``<o:OLEObject>`` and ``word/embeddings/*.bin``);
- ``altchunk``: an ``<w:altChunk>`` importing an HTML part with a remote ``<img>``;
- ``macros``: ``word/vbaProject.bin`` and the macro-enabled content type (a .docm);
- ``frame``: a web-settings frame loading a remote document;
- ``hyperlink``: an ordinary external hyperlink in the header (allowed: nothing fetches it);
- ``includepicture-field``, ``includetext-field``, ``link-field``, ``dde-field`` and
  ``hyperlink-field``: Word fields in the header that fetch a picture, include a file, link to
  a file, start a program (DDE) or link to a URL, as complex fields (``w:fldChar`` and
  ``w:instrText``) or simple ones (``w:fldSimple``); each shows a result text
  (:data:`FIELDS`) that a draft keeps as plain text.

Every URL points at ``BEACON`` (``http://127.0.0.1:PORT/...``), so a test can listen there and
see whether anything fetched it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

#: Fields that reach outside the file: kind -> (form, instruction, displayed result).
FIELDS = {
    "includepicture-field": ("complex", 'INCLUDEPICTURE "{beacon}/field.gif" \\d', "[logo]"),
    "includetext-field": ("simple", 'INCLUDETEXT "{beacon}/text.docx"', "Office hours"),
    "link-field": (
        "complex",
        'LINK Word.Document.12 "C:\\\\Letters\\\\data.docx" "" \\a \\t',
        "Linked text",
    ),
    "dde-field": ("simple", 'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"', "Data"),
    "hyperlink-field": ("complex", 'HYPERLINK "{beacon}/link"', "our website"),
}
KINDS = (
    "external-image",
    "attached-template",
    "ole-object",
    "altchunk",
    "macros",
    "frame",
    "hyperlink",
    *FIELDS,
)
BEACON = "http://127.0.0.1:{port}/srkit-beacon"

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = R + "/"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DRAWING = (
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
    'wordprocessingDrawing"><wp:extent cx="9525" cy="9525"/><wp:docPr id="99" name="p"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
    'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://'
    'schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="99" '
    'name="p.gif"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="{rid}"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)
OLE = (
    '<w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" '
    'Type="Embed" ProgID="Package" ShapeID="_x0000_i1025" DrawAspect="Icon" ObjectID="_1" '
    'r:id="{rid}"/></w:object></w:r>'
)


def field_xml(form: str, instruction: str, result: str) -> str:
    """Return the runs of a field: simple (``w:fldSimple``) or complex (``w:fldChar``)."""
    from xml.sax.saxutils import escape, quoteattr

    shown = f"<w:r><w:t>{escape(result)}</w:t></w:r>"
    if form == "simple":
        return f"<w:fldSimple w:instr={quoteattr(' ' + instruction + ' ')}>{shown}</w:fldSimple>"
    half = len(instruction) // 2  # the instruction split over two runs, as Word often does

    def mark(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    def instr(text: str) -> str:
        return f'<w:r><w:instrText xml:space="preserve">{escape(text)}</w:instrText></w:r>'

    return (
        mark("begin")
        + instr(" " + instruction[:half])
        + instr(instruction[half:] + " ")
        + mark("separate")
        + shown
        + mark("end")
    )


def _relationship(rid: str, kind: str, target: str, external: bool) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{RT}{kind}" Target="{target}"{mode}/>'


def _add_relationships(parts: dict[str, bytes], rels: str, added: list[str]) -> None:
    text = parts.get(rels, b"").decode("utf-8") or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        "</Relationships>"
    )
    parts[rels] = text.replace("</Relationships>", "".join(added) + "</Relationships>").encode()


def _in_first_paragraph(xml: bytes, run: str) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(
        r"(<w:p[ >].*?)(</w:p>)", lambda m: m.group(1) + run + m.group(2), text, count=1, flags=re.S
    )
    if 'xmlns:r="' not in text.split(">", 2)[1]:
        text = text.replace("<w:hdr ", f'<w:hdr xmlns:r="{R}" ', 1)
    return text.encode("utf-8")


def hostile_template(
    path: Path, kinds: tuple[str, ...] | set[str], *, port: int = 9, header_jinja: str = ""
) -> Path:
    """Write the letterhead with the hostile ``kinds`` to ``path``; return ``path``."""
    import docx

    beacon = BEACON.format(port=port)
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Family Advocacy Partners " + header_jinja
    if header_jinja:  # a letter template (for letters only); else a letterhead for every draft
        document.add_paragraph("{{p letter }}")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    header_name = next(n for n in parts if re.fullmatch(r"word/header\d+\.xml", n))
    header_rels = header_name.replace("word/", "word/_rels/") + ".rels"
    types = parts["[Content_Types].xml"].decode("utf-8")
    if "external-image" in kinds:
        _add_relationships(
            parts, header_rels, [_relationship("rIdPix", "image", f"{beacon}/pixel.gif", True)]
        )
        parts[header_name] = _in_first_paragraph(parts[header_name], DRAWING.format(rid="rIdPix"))
    if "hyperlink" in kinds:
        _add_relationships(
            parts, header_rels, [_relationship("rIdWeb", "hyperlink", "https://example.org/", True)]
        )
        link = '<w:hyperlink r:id="rIdWeb"><w:r><w:t>example.org</w:t></w:r></w:hyperlink>'
        parts[header_name] = _in_first_paragraph(parts[header_name], link)
    for kind in sorted(FIELDS):
        if kind in kinds:
            form, instruction, result = FIELDS[kind]
            run = field_xml(form, instruction.format(beacon=beacon), result)
            parts[header_name] = _in_first_paragraph(parts[header_name], run)
    if "ole-object" in kinds:
        parts["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0OLE payload"
        _add_relationships(
            parts,
            header_rels,
            [_relationship("rIdOle", "oleObject", "embeddings/oleObject1.bin", False)],
        )
        parts[header_name] = _in_first_paragraph(parts[header_name], OLE.format(rid="rIdOle"))
        types = types.replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.'
            'oleObject"/></Types>',
        )
    if "altchunk" in kinds:
        parts["word/afchunk.htm"] = (
            f'<html><body><p>Imported</p><img src="{beacon}/chunk.gif"></body></html>'
        ).encode()
        _add_relationships(
            parts,
            "word/_rels/document.xml.rels",
            [_relationship("rIdChunk", "aFChunk", "afchunk.htm", False)],
        )
        body = parts["word/document.xml"].decode("utf-8")
        parts["word/document.xml"] = body.replace(
            "<w:sectPr", '<w:altChunk r:id="rIdChunk"/><w:sectPr', 1
        ).encode()
        types = types.replace(
            "</Types>", '<Default Extension="htm" ContentType="text/html"/></Types>'
        )
    if "attached-template" in kinds:
        _add_relationships(
            parts,
            "word/_rels/settings.xml.rels",
            [_relationship("rIdTpl", "attachedTemplate", f"{beacon}/normal.dotm", True)],
        )
        settings = parts["word/settings.xml"].decode("utf-8")
        settings = re.sub(
            r"(<w:settings[^>]*?)>",
            lambda m: (
                m.group(1)
                + ("" if 'xmlns:r="' in m.group(1) else f' xmlns:r="{R}"')
                + '><w:attachedTemplate r:id="rIdTpl"/>'
            ),
            settings,
            count=1,
        )
        parts["word/settings.xml"] = settings.encode()
    if "frame" in kinds:
        parts.setdefault(
            "word/webSettings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:webSettings '
            f'xmlns:w="{W}" xmlns:r="{R}"/>'.encode(),
        )
        _add_relationships(
            parts,
            "word/_rels/webSettings.xml.rels",
            [_relationship("rIdFrame", "frame", f"{beacon}/frame.docx", True)],
        )
        if "webSettings" not in parts["word/_rels/document.xml.rels"].decode():
            _add_relationships(
                parts,
                "word/_rels/document.xml.rels",
                [_relationship("rIdWs", "webSettings", "webSettings.xml", False)],
            )
    if "macros" in kinds:
        parts["word/vbaProject.bin"] = b'\xd0\xcf\x11\xe0 Attribute VB_Name = "AutoOpen"'
        _add_relationships(
            parts,
            "word/_rels/document.xml.rels",
            [
                '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                'relationships/vbaProject" Target="vbaProject.bin"/>'
            ],
        )
        types = types.replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        ).replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


# -- reading a .docx for what it must not carry --------------------------------------------------

FORBIDDEN_ELEMENTS = (
    f"{{{W}}}altChunk",
    f"{{{W}}}attachedTemplate",
    f"{{{W}}}subDoc",
    "{urn:schemas-microsoft-com:office:office}OLEObject",
)


#: Field instructions that reach outside the file (read by the tests on their own terms).
REACHING_FIELD = re.compile(
    r"\b(?:INCLUDEPICTURE|INCLUDETEXT|INCLUDE|IMPORT|LINK|DDE|DDEAUTO)\b|HYPERLINK\s+\"?\w+:"
    r"|://|\\\\",
    re.IGNORECASE,
)


def field_instructions(root) -> list[str]:
    """Return the instructions of every field in the XML ``root``: each ``w:fldSimple``, and
    the ``w:instrText`` pieces between a ``begin`` and its ``separate``/``end`` joined."""
    found, pieces = [], []
    tags = ("fldSimple", "fldChar", "instrText", "delInstrText")
    for element in root.iter(*(f"{{{W}}}{tag}" for tag in tags)):  # in document order
        kind = element.get(f"{{{W}}}fldCharType")
        if element.tag == f"{{{W}}}fldSimple":
            found.append(element.get(f"{{{W}}}instr", ""))
        elif kind in ("separate", "end") and pieces:
            found.append("".join(pieces))
            pieces = []
        elif kind is None:
            pieces.append(element.text or "")
    if pieces:
        found.append("".join(pieces))  # a field never ended
    return [" ".join(i.split()) for i in found]


def carried(data: bytes) -> list[str]:
    """Return what the .docx ``data`` carries that no draft may: external relationships other
    than hyperlinks, macros, OLE objects, altChunks, attached templates, a macro-enabled type,
    fields that fetch or read a file or link to a URL, the test beacon's address anywhere;
    every part and relationship is opened."""
    from lxml import etree

    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            lowered = name.lower()
            if any(k in lowered for k in ("vbaproject", "vbadata", "embeddings/", "afchunk")):
                found.append(f"part {name}")
            if lowered.endswith(".bin") or lowered.endswith((".htm", ".html", ".mht")):
                found.append(f"part {name}")
            content = archive.read(name)
            if b"srkit-beacon" in content:
                found.append(f"the beacon's address in {name}")
            if not name.endswith((".xml", ".rels")):
                continue
            if b"macroEnabled" in content:
                found.append(f"macro-enabled content type in {name}")
            root = etree.fromstring(content, etree.XMLParser(resolve_entities=False))
            if name.endswith(".rels"):
                for rel in root:
                    kind = rel.get("Type", "").rsplit("/", 1)[-1]
                    if rel.get("TargetMode") == "External" and kind != "hyperlink":
                        found.append(f"external {kind} {rel.get('Target')} in {name}")
                    if kind in ("oleObject", "aFChunk", "vbaProject", "attachedTemplate",
                                "package", "control", "frame", "subDocument"):  # fmt: skip
                        found.append(f"{kind} relationship in {name}")
            for element in root.iter(*FORBIDDEN_ELEMENTS):
                found.append(f"{etree.QName(element).localname} element in {name}")
            for instruction in field_instructions(root):
                if REACHING_FIELD.search(instruction):
                    found.append(f"field {instruction!r} in {name}")
    return found
