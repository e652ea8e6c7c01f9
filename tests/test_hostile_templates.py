"""A user's --template never carries into a draft what reaches outside the file or runs code
(an external picture, an attached template, a frame, an OLE object, an altChunk, macros); each
removal is a warning naming it. Templates over the size limits ("zip bombs") or with a DTD are
refused. (Issue 17, items 3, 8, 12 and 14.)
"""

from __future__ import annotations

import http.server
import io
import os
import subprocess
import threading
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import require_tools, run_cli, write_case
from hostile import FIELDS, KINDS, W, carried, field_xml, hostile_template

CASE = """
srkit: 1
student:
  name: Maya Alvarez
  plan: "504"
people:
  parents:
    - name: Elena Alvarez
  school_contacts:
    - name: Karen Lee
letters:
  - type: records-request
    date: 2026-11-30
    to: Karen Lee
"""
DRAFTS = ("maya-alvarez-plan.docx", "maya-alvarez-2026-11-30-records-request.docx")
#: The warning each hostile part gives (the start of its message).
REMOVED = {
    "external-image": "removed from the template: a picture fetched from the network "
    "(http://127.0.0.1:9/srkit-beacon/pixel.gif, from word/header1.xml)",
    "attached-template": "removed from the template: an attached template "
    "(http://127.0.0.1:9/srkit-beacon/normal.dotm, from word/settings.xml)",
    "ole-object": "removed from the template: an embedded (OLE) object "
    "(word/embeddings/oleObject1.bin, from word/header1.xml)",
    "altchunk": "removed from the template: an imported chunk (altChunk) "
    "(word/afchunk.htm, from word/document.xml)",
    "macros": "removed from the template: macros (word/vbaProject.bin, from word/document.xml)",
    "frame": "removed from the template: a frame loading another document "
    "(http://127.0.0.1:9/srkit-beacon/frame.docx, from word/webSettings.xml)",
    "includepicture-field": "removed from the template: a field that fetches a picture "
    '(INCLUDEPICTURE "http://127.0.0.1:9/srkit-beacon/field.gif" \\d, from word/header1.xml)',
    "includetext-field": "removed from the template: a field that copies in a file "
    '(INCLUDETEXT "http://127.0.0.1:9/srkit-beacon/text.docx", from word/header1.xml)',
    "link-field": "removed from the template: a field that links to another file "
    '(LINK Word.Document.12 "C:\\\\Letters\\\\data.docx" "" \\a \\t, from word/header1.xml)',
    "dde-field": "removed from the template: a field that starts another program (DDE) "
    '(DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc", from word/header1.xml)',
    "hyperlink-field": "removed from the template: a hyperlink field "
    '(HYPERLINK "http://127.0.0.1:9/srkit-beacon/link", from word/header1.xml)',
}


def build_with(tmp_path: Path, template: Path) -> tuple[int, str, str, Path]:
    case = write_case(tmp_path, CASE)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out, "--template", template)
    return code, stdout, stderr, out


@pytest.mark.parametrize("kind", sorted(REMOVED))
def test_each_hostile_part_is_removed_with_a_warning_naming_it(tmp_path, kind):
    template = hostile_template(tmp_path / "letterhead.docx", {kind})
    assert carried(template.read_bytes()), "the test template lacks the hostile part"
    code, _stdout, stderr, out = build_with(tmp_path, template)
    assert code == 0, stderr
    assert f"{template}: warning: {REMOVED[kind]}\n" in stderr
    assert stderr.count("removed from the template") == 1, stderr
    for name in DRAFTS:
        data = (out / name).read_bytes()
        assert carried(data) == [], name
        header = header_text(data)
        assert "Family Advocacy Partners" in header, name
        if kind in FIELDS:  # the field's shown text stays, as plain text
            assert header.endswith("Partners " + FIELDS[kind][2]), header


def test_all_hostile_parts_at_once_and_a_hyperlink_that_stays(tmp_path):
    template = hostile_template(tmp_path / "letterhead.docx", set(KINDS))
    code, _stdout, stderr, out = build_with(tmp_path, template)
    assert code == 0, stderr
    assert [line for line in stderr.splitlines() if "removed from the template" in line] == [
        f"{template}: warning: {REMOVED[kind]}"
        for kind in (*sorted(FIELDS), "altchunk", "macros", "external-image", "ole-object",
                     "attached-template", "frame")
    ]  # fmt: skip
    for name in DRAFTS:
        data = (out / name).read_bytes()
        assert carried(data) == []
        assert "".join(FIELDS[kind][2] for kind in sorted(FIELDS)) in header_text(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            rels = "".join(
                archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels")
            )
        assert 'Target="https://example.org/" TargetMode="External"' in rels  # the hyperlink


def header_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return " ".join(p.text for s in document.sections for p in s.header.paragraphs)


class _Beacon(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args) -> None:
        pass


def test_libreoffice_fetches_nothing_when_converting_a_draft(tmp_path):
    """The tracking pixel of a letterhead is fetched when LibreOffice converts the letterhead
    itself (the control), never when it converts a draft made from it."""
    require_tools("soffice", what="converting drafts with LibreOffice")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Beacon)
    _Beacon.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        template = hostile_template(
            tmp_path / "letterhead.docx", set(KINDS), port=server.server_address[1]
        )
        code, _stdout, stderr, out = build_with(tmp_path, template)
        assert code == 0, stderr

        def convert(*paths: Path) -> None:
            subprocess.run(
                [
                    "soffice",
                    "--headless",
                    f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(tmp_path / "pdf"),
                    *map(str, paths),
                ],
                capture_output=True,
                timeout=240,
                check=True,
            )

        convert(*(out / name for name in DRAFTS))
        assert sorted(os.listdir(tmp_path / "pdf")) == sorted(
            n.replace(".docx", ".pdf") for n in DRAFTS
        )
        assert _Beacon.hits == []
        convert(template)  # the control: the beacon works
        assert "/srkit-beacon/pixel.gif" in _Beacon.hits
    finally:
        server.shutdown()


def test_a_docm_is_read_as_a_document_without_its_macros(tmp_path):
    template = hostile_template(tmp_path / "letterhead.docm", {"macros"})
    code, _stdout, stderr, out = build_with(tmp_path, template)
    assert code == 0, stderr
    assert "BytesIO" not in stderr and "is not a Word file" not in stderr
    assert f"{template}: warning: {REMOVED['macros']}" in stderr
    assert all(carried((out / name).read_bytes()) == [] for name in DRAFTS)


def test_a_template_with_a_dtd_is_refused(tmp_path):
    template = hostile_template(tmp_path / "letterhead.docx", set())
    with zipfile.ZipFile(template) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    header = parts["word/header1.xml"].decode()
    declaration, _, rest = header.partition("?>")
    parts["word/header1.xml"] = (
        (declaration + '?><!DOCTYPE w:hdr [<!ENTITY who "Family Advocacy">]>' + rest)
        .replace("Family Advocacy Partners", "&who; Partners")
        .encode()
    )
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    code, stdout, stderr, out = build_with(tmp_path, template)
    assert code == 1 and stdout == ""
    assert stderr == (
        f"{template}: error: the template's word/header1.xml holds a DTD (<!DOCTYPE ...>), "
        "which Word files never do\n  hint: open it in Word and save it again as .docx\n"
    )
    assert not out.exists()


def _with_member(template: Path, name: str, size: int) -> None:
    """Add a member of ``size`` zero bytes, packed (to a few kilobytes)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(template, "a") as archive,
        archive.open(info, "w", force_zip64=True) as handle,
    ):
        chunk = b"\0" * 1_000_000
        for _ in range(size // len(chunk)):
            handle.write(chunk)


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (30_000_000, "the template's word/media/image9.png unpacks to over 25,000,000 bytes"),
        (
            2_000_000,
            "the template's word/media/image9.png is packed over 100 times smaller than it "
            "unpacks (a zip bomb?)",
        ),
    ],
    ids=["large-part", "packed-ratio"],
)
def test_a_zip_bomb_template_is_refused_before_it_is_unpacked(tmp_path, size, message):
    template = hostile_template(tmp_path / "letterhead.docx", set())
    _with_member(template, "word/media/image9.png", size)
    assert template.stat().st_size < 1_000_000
    code, stdout, stderr, _out = build_with(tmp_path, template)
    assert code == 1 and stdout == ""
    assert stderr == (
        f"{template}: error: {message}\n"
        "  hint: a letterhead template is a few hundred kilobytes; is this the right file?\n"
    )


def _with_header_runs(template: Path, runs: str) -> None:
    """Add ``runs`` (Word XML) to the end of the first paragraph of the template's header."""
    from hostile import _in_first_paragraph

    with zipfile.ZipFile(template) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/header1.xml"] = _in_first_paragraph(parts["word/header1.xml"], runs)
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _headers(data: bytes) -> list:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("word/header"))
        return [etree.fromstring(archive.read(n)) for n in names]


def _header_fields(data: bytes) -> list[str]:
    from hostile import field_instructions

    return [i for root in _headers(data) for i in field_instructions(root)]


def _header_shown(data: bytes) -> str:
    """Return the text the headers show: every w:t (in a simple field too), no instruction."""
    return "".join(t.text or "" for root in _headers(data) for t in root.iter(f"{{{W}}}t"))


def test_fields_that_only_show_the_document_stay_and_nested_ones_are_judged_alone(tmp_path):
    template = hostile_template(tmp_path / "letterhead.docx", set())
    nested_include = (  # IF { INCLUDETEXT "C:\\notes.txt" } = "x" "yes" "no": only the inner goes
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        + field_xml("complex", 'INCLUDETEXT "C:\\\\notes.txt"', "x")
        + '<w:r><w:instrText xml:space="preserve"> = "x" "yes" "no" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>yes</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    _with_header_runs(
        template,
        field_xml("complex", "PAGE", "1")
        + field_xml("simple", 'DATE \\@ "MMMM d, yyyy"', "December 1, 2026")
        + field_xml("simple", 'HYPERLINK \\l "top"', "Back to top")
        + field_xml("complex", "= 10/2", "5")
        + nested_include
        + field_xml("complex", 'STYLEREF "Heading 1"', "Plan")
        + field_xml("complex", 'QUOTE "see /srv/share/notes/"', "a path"),
    )
    code, _stdout, stderr, out = build_with(tmp_path, template)
    assert code == 0, stderr
    assert [line for line in stderr.splitlines() if "removed from the template" in line] == [
        f"{template}: warning: removed from the template: a field that copies in a file "
        '(INCLUDETEXT "C:\\\\notes.txt", from word/header1.xml)',
        f"{template}: warning: removed from the template: a field that names a file or an "
        'address (QUOTE "see /srv/share/notes/", from word/header1.xml)',
    ]
    for name in DRAFTS:
        data = (out / name).read_bytes()
        assert carried(data) == [], name
        fields = _header_fields(data)
        assert fields[:6] == [
            "PAGE",
            'DATE \\@ "MMMM d, yyyy"',
            'HYPERLINK \\l "top"',
            "= 10/2",
            'IF = "x" "yes" "no"',  # (the text the inner field showed is not an instrText)
            'STYLEREF "Heading 1"',
        ], fields
        assert _header_shown(data).endswith(
            "Family Advocacy Partners 1December 1, 2026Back to top5xyesPlana path"
        )


def test_a_field_instruction_with_jinja_tags_is_removed_before_jinja_fills_it(tmp_path):
    """A letter template's tags are filled in after the template is checked: an instruction
    built from them ({{ subject }} could read INCLUDETEXT "http://...") cannot be checked."""
    template = hostile_template(
        tmp_path / "letterhead.docx", set(), header_jinja="{{ sender_name }}"
    )
    _with_header_runs(template, field_xml("complex", "{{ subject }}", "Subject"))
    code, _stdout, stderr, out = build_with(tmp_path, template)
    assert code == 0, stderr
    assert (
        f"{template}: warning: removed from the template: a field whose instruction is filled "
        "in by Jinja ({{ subject }}, from word/header1.xml)\n"
    ) in stderr
    letter = (out / DRAFTS[1]).read_bytes()
    assert _header_fields(letter) == []
    assert _header_shown(letter).endswith("Elena AlvarezSubject"), _header_shown(letter)


@pytest.mark.parametrize("name", ["reference.docx", "letter.docx"])
def test_srkit_own_templates_carry_nothing_a_draft_may_not(name):
    from conftest import ROOT

    assert carried((ROOT / "templates" / name).read_bytes()) == []
