"""The interface of `srkit serve` in Spanish: every string translated through the Babel catalog,
chosen by the person (a switch on every page, remembered in a cookie; the browser's language
first), `<html lang>` set, and the documents still in the case's language."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import httpx
import pytest
import yaml
from conftest import run_cli

from serve.helpers import axe_check
from toolkit.serve import i18n

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCREENSHOTS = ROOT / "docs" / "images"
FIELD = re.compile(r"\{[^{}]*\}")


def _extracted() -> dict[str, tuple[str, ...]]:
    """Return every interface string, as Babel extracts it with the committed babel.cfg."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found[ids[0]] = ids
    return found


def _catalog():
    from babel.messages.pofile import read_po

    with i18n.po_path("es").open("rb") as po:
        return read_po(po, locale="es")


def test_every_interface_string_has_a_spanish_translation():
    extracted = _extracted()
    assert len(extracted) > 300
    assert "Save and continue" in extracted and "{n} hour" in extracted
    catalog = _catalog()
    untranslated, bad_fields = [], []
    for msgid, ids in extracted.items():
        entry = catalog.get(ids if len(ids) > 1 else msgid)
        strings = (
            (entry.string if isinstance(entry.string, tuple) else (entry.string,)) if entry else ()
        )
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(msgid)
            continue
        if any(set(FIELD.findall(s)) != set(FIELD.findall(msgid)) for s in strings):
            bad_fields.append(msgid)
    assert not untranslated, f"no Spanish for: {untranslated}"
    assert not bad_fields, f"the {{fields}} differ from the English: {bad_fields}"
    stale = [
        m.id
        for m in catalog
        if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in extracted
    ]
    assert not stale, f"the .po translates strings the interface no longer has: {stale}"


def test_no_interface_string_hides_from_babel():
    """A ``_("...")`` that Babel cannot see (inside an f-string, say) would stay English."""
    extracted = _extracted()
    call = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*\)""")
    hidden = []
    for path in [
        *(ROOT / "toolkit" / "serve").glob("*.py"),
        *(ROOT / "toolkit" / "serve").glob("templates/*.html"),
    ]:
        if path.name == "i18n.py":
            continue  # where ``_`` is defined (and shown in the docstring)
        for match in call.finditer(path.read_text(encoding="utf-8")):
            text = (
                match.group(2).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            )
            if text not in extracted:
                hidden.append(f"{path.name}: {text}")
    assert not hidden, hidden


def test_the_spanish_interface_uses_the_glossary_terms():
    glossary = yaml.safe_load((ROOT / "toolkit" / "data" / "glossary-es.yaml").read_text("utf-8"))
    avoided = [a.strip() for term in glossary["terms"] for a in term.get("avoid", []) if a.strip()]
    found = []
    for entry in _catalog():
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for text in strings:
            for form in avoided:
                if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text or "", re.IGNORECASE):
                    found.append(f"{form!r} in {text!r}")
    assert not found, found
    words = " ".join(
        s for e in _catalog() for s in (e.string if isinstance(e.string, tuple) else (e.string,))
    )
    assert "adaptaciones" in words.lower() and "registro diario" in words.lower()
    assert "Programa de Educación Individualizado (IEP, por sus siglas en inglés)" in words


def test_the_interface_language_is_chosen_by_cookie_then_browser():
    assert i18n.choose(None, "es-US,es;q=0.9,en;q=0.8") == "es"
    assert i18n.choose(None, "en-US,en;q=0.9,es;q=0.8") == "en"
    assert i18n.choose(None, "fr-CA, es;q=0.4") == "es"
    assert i18n.choose(None, "es;q=0") == "en"
    assert i18n.choose("en", "es-MX") == "en"  # the switch wins over the browser
    assert i18n.choose("de", None) == "en"
    with i18n.using("es"):
        assert i18n._("Save and continue") == "Guardar y continuar"
        assert i18n.ngettext("{n} hour", "{n} hours", 2).format(n=2) == "2 horas"
    assert i18n._("Save and continue") == "Save and continue"


def test_the_switch_returns_only_to_a_page_of_this_server(server):
    with httpx.Client(base_url=server.url, follow_redirects=False) as client:
        assert client.get("/language?to=es&next=/").status_code == 403  # no token yet
        client.get(f"/?token={server.keys.token}")
        answer = client.get("/language", params={"to": "es", "next": "/case/x.yaml/review"})
        assert answer.status_code == 303
        assert answer.headers["location"] == "/case/x.yaml/review"
        assert "srkit-lang=es" in answer.headers["set-cookie"]
        assert "SameSite=strict" in answer.headers["set-cookie"]
        for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            answer = client.get("/language", params={"to": "en", "next": elsewhere})
            assert answer.headers["location"] == "/", elsewhere
        answer = client.get("/language", params={"to": "xx", "next": "/"})
        assert "set-cookie" not in answer.headers  # an unknown language is not remembered


@pytest.fixture
def spanish(browser, browser_context_args, server):
    """A browser whose language is US Spanish, holding the launch token."""
    context = browser.new_context(**browser_context_args, locale="es-US")
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.opening_url)
    yield page
    context.close()
    foreign = [url for url in asked if not url.startswith(server.url + "/")]
    assert not foreign, foreign


def test_the_interface_follows_the_browser_and_the_switch(spanish, server, tmp_path):
    page = spanish
    shutil.copy(EXAMPLES / "noah-bennett.yaml", server.folder / "noah-es.yaml")
    shutil.copy(EXAMPLES / "noah-bennett-log.csv", server.folder / "noah-bennett-log.csv")
    page.goto(server.url + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("heading", name="Sus casos").wait_for()
    axe_check(page)

    # the switch, on every page: to English, remembered, and back
    page.goto(server.url + "/case/noah-es.yaml/step/accommodations?return=review")
    page.get_by_role("heading", name="Adaptaciones: cambios en la escuela").wait_for()
    switch = page.get_by_role("navigation", name="Idioma de esta página")
    switch.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Accommodations: changes at school").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/case/noah-es.yaml/step/accommodations?return=review")
    page.goto(server.url + "/case/noah-es.yaml/review")
    page.get_by_role("heading", name="Check your answers").wait_for()  # the cookie holds
    page.get_by_role("navigation", name="Language of this page").get_by_role(
        "link", name="Español"
    ).click()
    page.get_by_role("heading", name="Revise sus respuestas").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    axe_check(page)

    # every step in Spanish, checked with axe, and an error announced in Spanish around the
    # command line's own (English) words, marked as English
    for step in ("student", "barriers", "accommodations", "return-plan", "people", "letters"):
        page.goto(server.url + f"/case/noah-es.yaml/step/{step}")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_role("button", name="Guardar y continuar").count() == 1
        axe_check(page)
    page.goto(server.url + "/case/noah-es.yaml/step/student")
    if os.environ.get("SRKIT_UPDATE_SCREENSHOTS"):
        page.wait_for_load_state("networkidle")  # the preview, drawn after the page
        page.screenshot(path=str(SCREENSHOTS / "serve-spanish.jpg"), type="jpeg", quality=70)
    page.get_by_label("Días escolares perdidos hasta ahora").fill("muchos")
    page.get_by_role("button", name="Guardar y continuar").click()
    alert = page.get_by_role("alert")
    assert "No se guardó nada de esta página" in alert.inner_text()
    assert alert.locator("li[lang=en]").count() >= 1
    axe_check(page)
    for path in ("log", "progress", "documents"):
        page.goto(server.url + f"/case/noah-es.yaml/{path}")
        assert page.locator("html").get_attribute("lang") == "es"
        axe_check(page)
    page.goto(server.url + "/case/noah-es.yaml/progress")  # the summary in Spanish too
    lead = page.locator("main p.lead").inner_text()
    assert re.search(r"registrados, del \d+ de [a-z]+ de \d{4} al \d+ de [a-z]+ de \d{4}", lead)
    assert "Lo que sugieren los datos" in page.locator("main").inner_text()


def test_a_spanish_interface_builds_english_letters_for_an_english_case(spanish, server, tmp_path):
    page = spanish
    case = server.folder / "jordan-es.yaml"
    shutil.copy(EXAMPLES / "jordan-rivera.yaml", case)
    page.goto(server.url + "/case/jordan-es.yaml/review")
    page.get_by_role("heading", name="Revise sus respuestas").wait_for()
    page.get_by_role("button", name="Crear los documentos").click()
    page.get_by_role("heading", name="Documentos creados").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    axe_check(page)

    out = tmp_path / "cli"
    code, _stdout, stderr = run_cli("build", case, "-o", out, "--format", "docx,txt")
    assert code == 0, stderr
    letters = sorted(p.name for p in out.glob("*evaluation-request*.txt"))
    assert letters, sorted(p.name for p in out.iterdir())
    for name in letters:
        built = (server.folder / "out" / name).read_text(encoding="utf-8")
        assert built == (out / name).read_text(encoding="utf-8")
        assert "Dear " in built and "evaluation" in built
        assert "Estimad" not in built and "evaluación" not in built

    page.get_by_role("link", name="Leer los documentos aquí").click()
    page.get_by_role("heading", name="Sus documentos").wait_for()
    documents = page.locator("main section")
    assert documents.count() >= 2
    for index in range(documents.count()):
        assert documents.nth(index).get_attribute("lang") == "en"  # the case's, not the page's
    assert "Dear " in page.locator("main").inner_text()
    axe_check(page)
