"""Languages (issue 14): Babel formatting, the Spanish glossary, translation review status,
and the paired English | Español Word documents of the Spanish-speaking example family."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import BUILD_DATE, ROOT

from toolkit.case.model import LETTER_TYPES
from toolkit.language.glossary import glossary, glossary_problems
from toolkit.language.locale import join, long_date, plural, short_date, time_of_day
from toolkit.language.translations import (
    DRAFT_LINE,
    all_translations,
    english_path,
    localized,
    read_translation,
    sha256_of,
    spanish_path,
)
from toolkit.packet import Options
from toolkit.pipeline import build_packet

SPANISH_CASE = ROOT / "examples" / "mateo-vargas.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TRANSLATIONS = all_translations(ROOT / "templates", ROOT / "snippets")


# --- Babel: dates, times, lists, plurals ------------------------------------------------


def test_spanish_dates_are_the_long_form_only():
    assert long_date(dt.date(2027, 1, 14), "es") == "14 de enero de 2027"
    assert long_date(dt.date(2027, 1, 14), "en") == "January 14, 2027"


def test_chart_dates_are_cldrs_short_form_in_both_languages():
    from babel.dates import format_date

    for month in range(1, 13):
        day = dt.date(2027, month, 9 + month)
        assert short_date(day) == format_date(day, "MMM d", locale="en_US")
        assert short_date(day, "es") == format_date(day, "d MMM", locale="es_US")
    assert short_date(dt.date(2027, 1, 11)) == "Jan 11"
    assert short_date(dt.date(2027, 9, 3), "es") == "3 sep"


def test_times_are_written_the_us_way_in_both_languages():
    assert time_of_day(dt.time(10, 0), "es") == "10:00 a.m."
    assert time_of_day(dt.time(14, 30), "en") == "2:30 p.m."


@pytest.mark.parametrize(
    ("items", "word", "expected"),
    [
        (["padres", "hijos"], "and", "padres e hijos"),
        (["siete", "ocho"], "or", "siete u ocho"),
        (["matemáticas", "inglés"], "and", "matemáticas e inglés"),
        (["agua", "hielo"], "and", "agua y hielo"),  # a diphthong keeps "y"
        (["lunes", "martes", "miércoles"], "and", "lunes, martes y miércoles"),
        (["uno", "otro"], "or", "uno u otro"),
        (["Ana", "Luis"], "or", "Ana o Luis"),
    ],
)
def test_spanish_lists_follow_the_y_e_and_o_u_rule(items, word, expected):
    assert join(items, "es", word) == expected


def test_english_lists_keep_the_serial_comma():
    assert join(["a", "b", "c"], "en") == "a, b, and c"
    assert join(["a", "b"], "en", "or") == "a or b"


def test_plurals_come_from_cldr():
    assert plural(1, "día", "días", "es") == "día"
    assert plural(2, "día", "días", "es") == "días"


# --- the glossary -------------------------------------------------------------------------


def test_the_glossary_fixes_one_spanish_term_per_concept():
    terms = glossary()
    assert len({t.en for t in terms}) == len(terms)
    assert len({t.es.casefold() for t in terms}) == len(terms)
    iep = next(t for t in terms if t.short == "IEP")
    assert iep.es == "Programa de Educación Individualizado (IEP, por sus siglas en inglés)"


def test_the_glossary_check_finds_departures():
    assert glossary_problems("Las acomodaciones del plan") != []
    assert glossary_problems("El IEP de Mateo") != []  # the acronym without its full form
    full = "el Programa de Educación Individualizado (IEP, por sus siglas en inglés); el IEP"
    assert glossary_problems(full) == []


def test_there_are_spanish_files_to_check():
    names = {t.path.name for t in TRANSLATIONS}
    assert "plan-summary.md.j2" in names and "re-entry.es.md" in names


@pytest.mark.parametrize("translation", TRANSLATIONS, ids=lambda t: t.path.name)
def test_spanish_files_use_only_the_glossary_forms(translation):
    text = translation.path.read_text(encoding="utf-8")
    assert glossary_problems(text) == [], translation.path


# --- review status -------------------------------------------------------------------------


@pytest.mark.parametrize("translation", TRANSLATIONS, ids=lambda t: t.path.name)
def test_every_translation_records_its_source_and_status(translation):
    """Fails when an English source changed after its translation was marked reviewed."""
    assert translation.source.is_file(), f"{translation.path}: no English source"
    assert len(translation.source_sha256) == 64, f"{translation.path}: no source_sha256"
    assert translation.problems() == [], translation.path


def _copy_pair(tmp_path: Path) -> tuple[Path, Path]:
    english = tmp_path / "templates" / "plan-summary.md.j2"
    spanish = spanish_path(english)
    spanish.parent.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "plan-summary.md.j2", english)
    text = (ROOT / "templates" / "es" / "plan-summary.md.j2").read_text(encoding="utf-8")
    record = (
        f"translation:\n  source_sha256: {sha256_of(english)}\n  status: reviewed\n"
        "  reviewer: Ana Ruiz\n  reviewed_on: 2027-01-20\n"
    )
    body = text.split("---", 2)[2]
    spanish.write_text(f"---\n{record}---{body}", encoding="utf-8")
    return english, spanish


def test_a_changed_english_source_flags_its_reviewed_translation(tmp_path):
    english, spanish = _copy_pair(tmp_path)
    assert english_path(spanish) == english
    reviewed = read_translation(spanish)
    assert reviewed.status == "reviewed" and reviewed.problems() == []
    used = localized(english, "es", "the plan summary")
    assert not used.draft and used.warnings == ()

    english.write_text(english.read_text(encoding="utf-8") + "\nA new sentence.\n", "utf-8")
    stale = read_translation(spanish)
    assert stale.stale
    assert any("has changed since" in p for p in stale.problems())
    used = localized(english, "es", "the plan summary")
    assert used.draft
    assert "reviewed before its English source changed" in used.warnings[0].message


def test_a_reviewed_translation_names_its_reviewer(tmp_path):
    _english, spanish = _copy_pair(tmp_path)
    spanish.write_text(spanish.read_text("utf-8").replace("  reviewer: Ana Ruiz\n", ""), "utf-8")
    assert any("reviewer" in p for p in read_translation(spanish).problems())


def test_a_missing_translation_falls_back_visibly(tmp_path):
    english = tmp_path / "templates" / "family-guide.md.j2"
    english.parent.mkdir()
    english.write_text("# Guide\n", encoding="utf-8")
    used = localized(english, "es", "the family guide")
    assert used.draft and used.body == "# Guide\n"
    assert "no Spanish translation of the family guide" in used.warnings[0].message


# --- the Spanish-speaking family ------------------------------------------------------------


@pytest.fixture(scope="module")
def packet():
    return build_packet(SPANISH_CASE, Options(formats=("docx", "md"), today=BUILD_DATE))


def _files(packet) -> dict[str, bytes]:
    return {f.name: f.data for f in packet.files}


def test_the_spanish_family_gets_paired_documents_and_english_letters(packet):
    names = set(_files(packet))
    slug = "mateo-vargas-ruiz"
    for stem in ("plan-summary", "family-guide", "progress"):
        assert f"{slug}-{stem}-en-es.docx" in names
        assert f"{slug}-{stem}.md" in names and f"{slug}-{stem}-es.md" in names
        assert f"{slug}-{stem}.docx" not in names
    assert f"{slug}-2027-01-04-meeting-request.docx" in names  # the letter to the school
    assert f"{slug}-plan.docx" in names


def test_markdown_exports_are_one_language_each_never_a_table(packet):
    files = _files(packet)
    spanish = files["mateo-vargas-ruiz-plan-summary-es.md"].decode()
    english = files["mateo-vargas-ruiz-plan-summary.md"].decode()
    assert "14 de enero de 2027" in spanish  # the meeting request's reply date
    assert "| English |" not in spanish and "Mateo's plan in plain words" in english
    assert "El plan de Mateo" not in english
    assert DRAFT_LINE in spanish and "BORRADOR" not in english


def test_a_draft_translation_is_marked_and_warned(packet):
    messages = [w.message for w in packet.warnings]
    assert any("plan summary is a draft" in m and "BORRADOR" in m for m in messages)
    for what in ("family guide", "progress report"):
        assert any(f"the {what} is a draft" in m and "BORRADOR" in m for m in messages), what
    assert not any("no Spanish translation" in m for m in messages)


def _cells(data: bytes, code: str) -> list[str]:
    """Return the text of every cell of the paired tables' ``code`` column (0 English, 1
    Spanish), checking that each of its runs is tagged with that column's language."""
    from lxml import etree

    root = etree.fromstring(_document_xml(data).encode())
    column = {"en": 0, "es": 1}[code]
    found = []
    for table in root.iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        names = ["".join(t.text for t in c.iter(f"{W}t")) for c in rows[0].findall(f"{W}tc")]
        if names != ["English", "Español"]:
            continue  # a data table written full width
        for row in rows[1:]:
            cell = row.findall(f"{W}tc")[column]
            for run in cell.iter(f"{W}r"):
                tag = run.find(f"{W}rPr/{W}lang").get(f"{W}val")
                assert tag == {"en": "en-US", "es": "es-US"}[code], etree.tostring(run)
            found.append("".join(t.text or "" for t in cell.iter(f"{W}t")))
    return found


@pytest.mark.parametrize("stem", ["progress", "family-guide"])
def test_the_paired_report_and_guide_are_translated_and_tagged(packet, stem):
    """The Spanish column of the paired progress report and family guide is Spanish text
    from templates/es (no SIN TRADUCIR fallback), every run of it tagged es-US."""
    files = _files(packet)
    data = files[f"mateo-vargas-ruiz-{stem}-en-es.docx"]
    text = "".join(t for t in _document_xml(data).split("<") if "SIN TRADUCIR" in t)
    assert text == "", "the paired document still falls back to English"
    spanish = _cells(data, "es")
    english = _cells(data, "en")
    assert len(spanish) == len(english) > 10
    assert not set(spanish) & {c for c in english if len(c) > 40}, "English in the Spanish column"
    markdown = files[f"mateo-vargas-ruiz-{stem}-es.md"].decode()
    assert "SIN TRADUCIR" not in markdown and DRAFT_LINE in markdown
    ours = markdown.split("## Notas del registro diario")[0]  # the notes are the log's words
    assert "Mateo" in ours and not {"the", "and", "of", "days"} & set(ours.split())


def test_the_spanish_progress_report_speaks_spanish_with_long_dates(packet):
    files = _files(packet)
    spanish = files["mateo-vargas-ruiz-progress-es.md"].decode()
    english = files["mateo-vargas-ruiz-progress.md"].decode()
    assert (
        "**Datos:** 12 días escolares registrados, del 11 de enero de 2027 al 27 de enero de 2027"
        in spanish
    )
    assert (
        "| 22 de enero de 2027 | 1 | 5 de 5 | 4.8 | avanzar: meta cumplida en 5 de 5 días"
        in spanish
    )
    assert "**Mantener la etapa: todavía no hay suficientes datos (3 de 5 días" in spanish
    assert "etapa 2 (Más tiempo en la escuela), Mateo no cumplió la meta de 190 minutos" in spanish
    assert "*Gráfica: Gráfica de barras de los minutos que Mateo pasó" in spanish
    assert "1/11/2027" not in spanish and "11/1/2027" not in spanish and "January" not in spanish
    assert "January 11, 2027" in english and "enero" not in english


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_paired_runs_carry_their_language_and_headings_stay_outside_tables(packet):
    from lxml import etree

    data = _files(packet)["mateo-vargas-ruiz-plan-summary-en-es.docx"]
    root = etree.fromstring(_document_xml(data).encode())
    body = root.find(f"{W}body")
    tables = body.findall(f"{W}tbl")
    assert tables, "no paired table"
    langs: dict[str, set[str]] = {"en": set(), "es": set()}
    for table in tables:
        header = table.find(f"{W}tr")
        assert header.find(f"{W}trPr/{W}tblHeader") is not None, "header row does not repeat"
        assert header.find(f"{W}trPr/{W}cantSplit") is None
        for row in table.findall(f"{W}tr"):
            english, spanish = row.findall(f"{W}tc")
            for cell, code in ((english, "en"), (spanish, "es")):
                for run in cell.iter(f"{W}r"):
                    langs[code].add(run.find(f"{W}rPr/{W}lang").get(f"{W}val"))
    assert langs == {"en": {"en-US"}, "es": {"es-US"}}
    text = "".join(t.text or "" for t in root.iter(f"{W}t"))
    assert "Hora de llegada flexible" in text and "Flexible arrival time" in text
    headings = [
        p
        for p in body.findall(f"{W}p")
        if (p.find(f"{W}pPr/{W}pStyle") is not None)
        and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val").startswith("Heading")
    ]
    heading_text = ["".join(t.text for t in h.iter(f"{W}t")) for h in headings]
    assert "Whom to call / A quién llamar" in heading_text
    spanish_runs = [
        r
        for h in headings
        for r in h.iter(f"{W}r")
        if "quién" in "".join(t.text for t in r.iter(f"{W}t"))
    ]
    assert spanish_runs[0].find(f"{W}rPr/{W}lang").get(f"{W}val") == "es-US"


def test_blocks_layout_writes_all_english_then_all_spanish(tmp_path):
    text = SPANISH_CASE.read_text(encoding="utf-8").replace("layout: table", "layout: blocks")
    case = tmp_path / "mateo.yaml"
    case.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "mateo-vargas-log.csv", tmp_path)
    packet = build_packet(
        case, Options(formats=("docx",), only=("plan-summary",), today=BUILD_DATE)
    )
    xml = _document_xml(_files(packet)["mateo-vargas-ruiz-plan-summary-en-es.docx"])
    assert "<w:tbl>" not in xml
    assert xml.rindex("Next dates") < xml.index("El plan de Mateo")
    assert 'w:val="es-US"' in xml and 'w:val="en-US"' in xml


def test_a_case_without_output_builds_no_family_documents():
    packet = build_packet(ROOT / "examples" / "elias-okafor.yaml", Options(formats=()))
    kinds = {d.kind for d in packet.documents}
    assert "plan-summary" not in kinds and "family-guide" not in kinds


def test_an_english_only_plan_summary_on_request():
    packet = build_packet(
        ROOT / "examples" / "elias-okafor.yaml",
        Options(formats=("md",), only=("plan-summary",), today=BUILD_DATE),
    )
    (file,) = packet.files
    assert file.name == "elias-okafor-plan-summary.md"
    text = file.data.decode()
    assert "## How decisions are made" in text and "January 11, 2027" in text


def test_every_document_of_the_spanish_family_is_valid_and_renders(packet, tmp_path):
    """openxml-audit finds nothing in any .docx; LibreOffice converts each paired document and
    its text has both languages."""
    import subprocess

    from test_rendering import flat, need
    from test_validity import findings

    try:
        from openxml_audit import OpenXmlValidator
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.skip("openxml-audit is not installed")
    validator = OpenXmlValidator()
    docx = {n: d for n, d in _files(packet).items() if n.endswith(".docx")}
    assert len(docx) == 8  # plan, two letters, their two paired copies, three paired documents
    for name, data in docx.items():
        (tmp_path / name).write_bytes(data)
        assert findings(validator, tmp_path / name, known_core_xml_bug=True) == [], name
    soffice = need("soffice", "LibreOffice not installed: rendering check skipped")
    need("pdftotext", "poppler-utils not installed: rendering check skipped")
    paired = sorted(tmp_path.glob("*-en-es.docx"))
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, paired),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    for path in paired:
        pdf = path.with_suffix(".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}: {result.stderr}"
        text = flat(
            subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
        assert "English" in text and "Español" in text, path.name
    summary = flat(
        subprocess.run(
            ["pdftotext", str(tmp_path / "mateo-vargas-ruiz-plan-summary-en-es.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert "BORRADOR: traducción sin revisar" in summary
    assert "Etapa 1, Regreso al edificio" in summary and "Step 1, Re-entry" in summary


def test_letters_go_to_the_school_in_english_and_the_parent_gets_paired_copies(packet):
    files = _files(packet)
    stem = "mateo-vargas-ruiz-2027-01-04"
    assert f"{stem}-meeting-request-en-es.docx" in files
    english = files[f"{stem}-meeting-request.md"].decode()
    assert "Dear Mr. Ortiz," in english and "BORRADOR" not in english
    assert "interpreter in Spanish for the meeting (34 CFR 300.322(e))" in english
    assert "procedural safeguards notice (34 CFR 300.504) in Spanish (34 CFR 300.504(d))" in english
    spanish = files[f"{stem}-meeting-request-es.md"].decode()
    assert spanish.startswith(DRAFT_LINE)
    assert "Estimado Sr. Ortiz:" in spanish and "Atentamente," in spanish
    assert "fecha de nacimiento: 2 de mayo de 2014" in spanish
    assert "intérprete de español en la reunión (34 CFR 300.322(e))" in spanish
    pwn = files[f"{stem}-pwn-request.md"].decode()
    assert (
        "native language is Spanish, so please send the notice in Spanish (34 CFR 300.503(c))"
        in pwn
    )
    xml = _document_xml(files[f"{stem}-meeting-request-en-es.docx"])
    assert "Estimado Sr. Ortiz" in xml and "Dear Mr. Ortiz" in xml and 'w:val="es-US"' in xml


def test_a_letter_type_without_spanish_falls_back_visibly(tmp_path, monkeypatch):
    from toolkit.language import translations

    real = translations.spanish_path

    def without_records_request(english: Path) -> Path:
        if english.name == "records-request.md.j2":
            return tmp_path / "none" / english.name
        return real(english)

    monkeypatch.setattr(translations, "spanish_path", without_records_request)
    text = SPANISH_CASE.read_text(encoding="utf-8").replace(
        "  - type: pwn-request", "  - type: records-request"
    )
    text = "\n".join(x for x in text.splitlines() if not x.startswith("    about:"))
    case = tmp_path / "mateo.yaml"
    case.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "mateo-vargas-log.csv", tmp_path)
    packet = build_packet(case, Options(formats=("md",), only=("letters",), today=BUILD_DATE))
    spanish = _files(packet)["mateo-vargas-ruiz-2027-01-04-records-request-es.md"].decode()
    assert "SIN TRADUCIR" in spanish and "I am writing" in spanish
    assert any(
        "no Spanish translation of the records-request letter" in w.message for w in packet.warnings
    )


#: Every letter type, for a mother whose language is Spanish (the Mateo Vargas example).
EVERY_LETTER = """letters:
  - type: meeting-request
    date: 2027-01-04
    to: Daniel Ortiz
    from: Lucía Ruiz
    topics: [reintegration-plan, accommodations, evaluation]
  - type: evaluation-request
    date: 2027-01-04
    to: Karen Liu
  - type: records-request
    date: 2027-01-04
    to: Daniel Ortiz
    received_on: 2027-01-06
  - type: pwn-request
    date: 2027-01-05
    to: Daniel Ortiz
  - type: plan-in-writing
    date: 2027-01-05
    to: Daniel Ortiz
  - type: credit-recovery-request
    date: 2027-01-05
    to: Daniel Ortiz
  - type: policy-inquiry
    date: 2027-01-06
    to: Daniel Ortiz
    claims:
      - quote: Mateo has to be in school all day before we can change anything.
        said_by: Daniel Ortiz
        said_on: 2026-12-15
        topic: full-day-required
      - quote: He has to make up every assignment he missed.
        topic: make-up-work
  - type: meeting-follow-up
    date: 2027-01-20
    to: Daniel Ortiz
  - type: implementation-concern
    date: 2027-01-28
    to: Daniel Ortiz
  - type: follow-up
    date: 2027-02-25
    to: Daniel Ortiz
    follows: { type: records-request }
"""


@pytest.fixture(scope="module")
def every_letter(tmp_path_factory):
    """The Spanish example with every letter type and a log that records a support missed."""
    folder = tmp_path_factory.mktemp("every-letter")
    text = SPANISH_CASE.read_text(encoding="utf-8")
    before, rest = text.split("letters:\n", 1)
    after = rest[rest.index("\noutput:") :]
    text = before + EVERY_LETTER + after
    text += "credit_recovery:\n  credits_needed: 1\n  courses:\n"
    text += "    - { name: Science 7, status: behind }\n"
    (folder / "mateo.yaml").write_text(text, encoding="utf-8")
    rows = (ROOT / "examples" / "mateo-vargas-log.csv").read_text(encoding="utf-8").splitlines()
    log = [rows[0] + ",support:counseling"]
    log += [row + (",no" if i in (2, 3) else ",yes") for i, row in enumerate(rows[1:])]
    (folder / "mateo-vargas-log.csv").write_text("\n".join(log) + "\n", encoding="utf-8")
    only = ("letters", "plan-summary")
    return build_packet(
        folder / "mateo.yaml", Options(formats=("docx", "md"), only=only, today=BUILD_DATE)
    )


def test_every_letter_type_has_spanish_for_the_parent(every_letter):
    files = _files(every_letter)
    letters = {n: d for n, d in files.items() if re.search(r"-\d{4}-\d\d-\d\d-", n)}
    copies = {n: d for n, d in letters.items() if n.endswith("-es.md")}
    paired = {n: d for n, d in letters.items() if n.endswith("-en-es.docx")}
    assert sorted(n.split("-", 6)[-1] for n in copies) == sorted(f"{t}-es.md" for t in LETTER_TYPES)
    assert len(paired) == len(LETTER_TYPES)
    for name, data in copies.items():
        spanish = data.decode()
        assert "SIN TRADUCIR" not in spanish, name
        assert spanish.startswith(DRAFT_LINE), name
        assert "Atentamente," in spanish and "I am writing" not in spanish, name
    for name, data in paired.items():
        xml = _document_xml(data)
        assert "SIN TRADUCIR" not in xml and 'w:val="es-US"' in xml, name
    assert not any("no Spanish translation" in w.message for w in every_letter.warnings)
    messages = [w.message for w in every_letter.warnings]
    for what in ("barriers", "policy-inquiry topics"):  # data files, translated as files too
        assert any(f"the Spanish text of the {what} is a draft" in m for m in messages), what


def _copy(packet, letter_type: str) -> str:
    (name,) = [n for n in _files(packet) if re.search(rf"\d-{letter_type}-es\.md$", n)]
    return _files(packet)[name].decode()


def test_the_spanish_copies_carry_spanish_facts(every_letter):
    evaluation = _copy(every_letter, "evaluation-request")
    assert (
        "le pido que me dé la información sobre la evaluación y el formulario de consentimiento "
        "en español" in evaluation
    ) and "(34 CFR 300.9(a))" in evaluation
    english = next(
        d.decode() for n, d in _files(every_letter).items() if n.endswith("evaluation-request.md")
    )
    assert "the consent form in Spanish" in english and "(34 CFR 300.9(a))" in english
    follow_up = _copy(every_letter, "follow-up")
    assert "mi carta del 4 de enero de 2027" in follow_up
    assert '"Pedido para revisar los expedientes educativos: Mateo Vargas Ruiz' in follow_up
    assert "Contados desde la fecha en que la escuela la recibió" in follow_up
    assert "terminaron el 20 de febrero de 2027" in follow_up
    policy = _copy(every_letter, "policy-inquiry")
    assert "El 15 de diciembre de 2026, usted me dijo:" in policy
    assert "Ninguna regla federal prohíbe un día escolar más corto." in policy
    assert "[fecha en que se dijo]" in policy and "No federal rule" not in policy
    concern = _copy(every_letter, "implementation-concern")
    assert (
        "- **Consejería**: no se dio los días 13 y 14 de enero de 2027 (2 de 12 días registrados)."
        in concern
    )
    assert "sesiones de consejería que Mateo perdió" in concern
    plan = _copy(every_letter, "plan-in-writing")
    assert "- Hora de llegada flexible" in plan and "- Consejería" in plan
    credit = _copy(every_letter, "credit-recovery-request")
    assert "- Science 7 (con atraso)" in credit
    meeting = _copy(every_letter, "meeting-follow-up")
    assert "[lo que se acordó en la reunión]" in meeting
    request = _copy(every_letter, "meeting-request")
    barriers = (
        "Lo que más le dificulta asistir: la ansiedad, las mañanas y los cambios de actividad."
    )
    assert barriers in request  # from snippets/es/barriers.yaml
    summary = _files(every_letter)["mateo-vargas-ruiz-plan-summary-es.md"].decode()
    assert "contestar su carta de seguimiento del 25 de febrero de 2027" in summary
    assert "contestar su carta sobre los apoyos que no se dan del 28 de enero de 2027" in summary


def test_every_barrier_has_its_spanish_words():
    from toolkit.case.model import BARRIERS
    from toolkit.documents.context import barrier_words
    from toolkit.documents.letters_es import barrier_words_es

    spanish = barrier_words_es()
    assert set(spanish) == set(BARRIERS) == set(barrier_words())
    for words in spanish.values():
        assert words["label"] and words["in_sentence"] and words["description"]


def test_new_citations_carry_their_official_text():
    from toolkit.library.citations import registry

    for cite in ("34 CFR 300.322(e)", "34 CFR 300.503(c)", "34 CFR 300.504(d)", "34 CFR 300.9(a)"):
        entry = registry()[cite]
        assert entry.text and entry.source.startswith("https://www.ecfr.gov/")


def test_a_paired_document_lists_each_blank_once(packet):
    """The blanks printed after a build name each blank of a paired document once, in both
    languages, not once per language version."""
    listed = {d.stem: [b.label for b in blanks] for d, blanks in packet.blanks}
    assert listed["mateo-vargas-ruiz-2027-01-04-meeting-request-en-es"] == [
        "days and times you are available / los días y las horas en que puede reunirse",
        "how you send it, e.g. email and first-class mail / cómo la envía, por ejemplo por "
        "correo electrónico y por correo postal",
    ]
    for stem, labels in listed.items():
        assert len(labels) == len(set(labels)), stem


def test_paired_blanks_that_do_not_correspond_are_each_listed_once():
    from toolkit.documents.languages import paired_blanks
    from toolkit.packet import Blank, Document

    def version(*labels: str) -> Document:
        blanks = tuple(Blank(label, f"{label}.j2") for label in labels)
        return Document(
            kind="letter", stem="x", title="", subject="", text="", source="", blanks=blanks
        )

    found = paired_blanks([version("date", "school"), version("date")])
    assert [b.label for b in found] == ["date", "school"]


def test_the_paired_report_draws_the_chart_in_each_language(packet):
    """The Spanish chart's legend, axes, phase and date labels are Spanish and tagged es-US;
    the English chart is unchanged; each drawing's alternative text is in its language."""
    data = _files(packet)["mateo-vargas-ruiz-progress-en-es.docx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [
            archive.read(n).decode("utf-8")
            for n in sorted(archive.namelist())
            if n.startswith("word/charts/chart")
        ]
    assert len(charts) == 2
    english, spanish = sorted(charts, key=lambda xml: '<c:lang val="es-US"/>' in xml)
    assert '<c:lang val="en-US"/>' in english and "<c:v>Jan 11</c:v>" in english
    assert "<c:v>Minutes in school</c:v>" in english and "<c:v>Phase 1</c:v>" in english
    for words in ("Minutos en la escuela", "Meta de la etapa (minutos)", "Malestar (0–10)"):
        assert f"<c:v>{words}</c:v>" in spanish
    assert "<c:v>11 ene</c:v>" in spanish and "<c:v>Etapa 2</c:v>" in spanish
    assert "Malestar (0 calma – 10 peor)" in spanish and "Phase" not in spanish
    xml = _document_xml(data)
    assert 'descr="Gráfica de barras de los minutos que Mateo pasó' in xml
    assert 'title="Minutos en la escuela por día"' in xml


def test_every_paired_letter_copy_is_valid(every_letter, tmp_path):
    """openxml-audit finds nothing in the parent's paired copy of any letter type."""
    from test_validity import findings

    try:
        from openxml_audit import OpenXmlValidator
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.skip("openxml-audit is not installed")
    validator = OpenXmlValidator()
    paired = {n: d for n, d in _files(every_letter).items() if n.endswith("-en-es.docx")}
    assert len(paired) == len(LETTER_TYPES) + 1  # and the plan summary
    for name, data in paired.items():
        (tmp_path / name).write_bytes(data)
        assert findings(validator, tmp_path / name, known_core_xml_bug=True) == [], name


def test_a_section_504_evaluation_request_asks_for_consent_information_in_spanish(tmp_path):
    """The evaluation request asks for an IDEA evaluation whatever the plan, so the consent
    information in the parent's language (34 CFR 300.9(a)) is asked for in a 504 case too."""
    text = SPANISH_CASE.read_text(encoding="utf-8").replace("plan: iep", 'plan: "504"')
    text = text.replace("  - type: pwn-request", "  - type: evaluation-request")
    text = "\n".join(x for x in text.splitlines() if not x.startswith("    about:"))
    case = tmp_path / "mateo.yaml"
    case.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "mateo-vargas-log.csv", tmp_path)
    packet = build_packet(case, Options(formats=("md",), only=("letters",), today=BUILD_DATE))
    files = _files(packet)
    english = files["mateo-vargas-ruiz-2027-01-04-evaluation-request.md"].decode()
    assert "the consent form in Spanish" in english and "(34 CFR 300.9(a))" in english
    spanish = files["mateo-vargas-ruiz-2027-01-04-evaluation-request-es.md"].decode()
    assert "el formulario de consentimiento en español" in spanish
