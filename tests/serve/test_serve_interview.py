"""A parent fills in a new case from nothing, through every step, in a real browser, and
downloads documents that match `srkit build` of the saved file; with JavaScript and without."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from playwright.sync_api import expect

from serve.helpers import axe_check

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "images"


def shot(page, name: str, tmp_path: Path) -> None:
    """Take a small screenshot; into docs/images/ when SRKIT_UPDATE_SCREENSHOTS=1."""
    folder = SCREENSHOTS if os.environ.get("SRKIT_UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), type="jpeg", quality=70, full_page=False)


def save(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def fill_interview(page, student: str, *, check=None, tmp_path: Path | None = None) -> None:
    check = check or (lambda: None)
    check()
    page.get_by_label("The student's full name").fill(student)
    page.get_by_role("button", name="Start").click()
    # 1. the student
    page.wait_for_url("**/step/student")
    check()
    page.get_by_label("Name to use in the documents").fill("Sam")
    page.get_by_label("he/him").check()
    page.get_by_label("Grade").select_option("10")
    page.get_by_label("School", exact=True).fill("Riverside High School")
    page.get_by_label("A Section 504 plan").check()
    page.get_by_label("How things are now").fill(
        "Sam has missed most mornings since October.\nAfternoons are easier."
    )
    page.get_by_label("Strengths").fill("draws well\nkind to younger students")
    save(page)
    # 2. barriers
    page.wait_for_url("**/step/barriers")
    check()
    page.get_by_label("Anxiety").check()
    page.get_by_label("Mornings").check()
    if tmp_path is not None:  # with JavaScript: the preview follows the ticks (htmx)
        expect(page.locator("#preview")).to_contain_text("Mornings:")
        assert "anxiety" in page.locator("#preview").inner_text().lower()
        shot(page, "serve-interview.jpg", tmp_path)
    save(page)
    # 3. accommodations: suggested ones first, with a setting
    page.wait_for_url("**/step/accommodations")
    check()
    page.locator("#f-choose-accommodations-flexible-arrival").check()
    block = page.locator("#f-choose-accommodations-flexible-arrival-block")
    if block.locator("details.settings[open]").count() == 0:
        block.get_by_text("Settings you can fill in").click()
    block.get_by_label("The latest arrival time").fill("10:00 a.m.")
    page.locator("#f-choose-accommodations-safe-space").check()
    save(page)
    # 4. interventions
    page.wait_for_url("**/step/interventions")
    check()
    page.locator("#f-choose-interventions-counseling").check()
    save(page)
    # 5. return plan
    page.wait_for_url("**/step/return-plan")
    check()
    page.get_by_label("First day of the return plan").fill("2027-01-19")
    page.get_by_label("My own list of phases").check()
    save(page)
    page.wait_for_url("**/step/return-plan?**")
    check()
    page.get_by_label("Add a phase from the library").select_option("stabilization")
    page.locator("#f-reintegration-phases-new-title").fill("Lunch with friends")
    page.locator("#f-reintegration-phases-new-goal").fill("Stay through lunch in a small group.")
    page.locator("#f-reintegration-phases-new-target_minutes").fill("240")
    save(page)
    page.wait_for_url("**/step/return-plan?**")
    assert page.locator("#step-form").get_by_text("Phase 5: Lunch with friends").count() == 1
    save(page)
    # 6. credit recovery
    page.wait_for_url("**/step/credit")
    check()
    page.locator("#f-credit_recovery-courses-new-name").fill("Algebra 2")
    page.locator("#f-credit_recovery-courses-new-status").select_option("behind")
    page.locator("#f-choose-credit_recovery-options-essential-work-only").check()
    save(page)
    # 7. people
    page.wait_for_url("**/step/people")
    check()
    page.locator("#f-people-parents-new-name").fill("Dana Lee")
    page.locator("#f-people-parents-new-relationship").fill("mother")
    page.locator("#f-people-parents-new-address").fill("4 Elm Street\nRiverside, CA 92501")
    page.locator("#f-people-school_contacts-new-name").fill("Karen Park")
    page.locator("#f-people-school_contacts-new-title").fill("Principal")
    save(page)
    # 8. letters: a meeting request and a policy inquiry quoting the school
    page.wait_for_url("**/step/letters")
    check()
    page.locator("#f-letters-new-type").select_option("meeting-request")
    page.locator("#f-letters-new-to").select_option("Karen Park")
    page.locator("#f-letters-new-date").fill("2027-01-05")
    page.locator("#f-letters-new").get_by_text("For a meeting request").click()
    page.locator("#f-letters-new-topics-reintegration-plan").check()
    save(page)
    page.wait_for_url("**/review")
    page.goto(page.url.replace("/review", "/step/letters"))
    page.locator("#f-letters-new-type").select_option("policy-inquiry")
    page.locator("#f-letters-new-to").select_option("Karen Park")
    page.locator("#f-letters-new-date").fill("2027-01-06")
    new_letter = page.locator("#f-letters-new")
    claims = new_letter.locator("details", has_text="what the school said")
    if claims.get_attribute("open") is None:
        claims.locator("summary").click()
    page.locator("#f-letters-new-claims-new-quote").fill("He has to come for the full day.")
    page.locator("#f-letters-new-claims-new-said_by").fill("Karen Park")
    page.locator("#f-letters-new-claims-new-said_on").fill("2026-12-10")
    page.locator("#f-letters-new-claims-new-topic").select_option("full-day-required")
    save(page)
    page.wait_for_url("**/review")
    check()


def docx_text(data: bytes) -> list[str]:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_new_case_through_every_step(browser, browser_context_args, server, tmp_path, javascript):
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.opening_url)
    student = "Samuel Ortiz Lee" if javascript else "Samira Ortiz Lee"
    check = (lambda: axe_check(page)) if javascript else None
    fill_interview(page, student, check=check, tmp_path=tmp_path if javascript else None)

    # the review page: every section, the warnings and blanks, in plain words
    review = page.locator("main")
    assert review.get_by_role("heading", name="Check your answers").count() == 1
    assert "Riverside High School" in review.inner_text()
    assert "Flexible arrival time (10:00 a.m.)" in review.inner_text()
    if javascript:
        shot(page, "serve-review.jpg", tmp_path)
    page.get_by_role("button", name="Build the documents").click()
    page.get_by_role("heading", name="Documents built").wait_for()
    if javascript:
        axe_check(page)

    slug = student.lower().replace(" ", "-")
    case_file = server.folder / f"{slug}.yaml"
    saved = case_file.read_text(encoding="utf-8")
    assert "latest_arrival: 10:00 a.m." in saved or 'latest_arrival: "10:00 a.m."' in saved

    # download the plan and a letter through the page
    with page.expect_download() as plan_download:
        page.get_by_role("link", name=f"{slug}-plan.docx").click()
    letter_name = f"{slug}-2027-01-06-policy-inquiry.docx"
    with page.expect_download() as letter_download:
        page.get_by_role("link", name=letter_name).click()
    plan_bytes = Path(plan_download.value.path()).read_bytes()
    letter_bytes = Path(letter_download.value.path()).read_bytes()

    # they match `srkit build` of the saved file
    out = tmp_path / "cli"
    code, _stdout, stderr = run_cli("build", case_file, "-o", out)
    assert code == 0, stderr
    assert docx_text(plan_bytes) == docx_text((out / f"{slug}-plan.docx").read_bytes())
    assert docx_text(letter_bytes) == docx_text((out / letter_name).read_bytes())
    plan_text = "\n".join(docx_text(plan_bytes))
    assert "Riverside High School" in plan_text and "10:00 a.m." in plan_text
    letter_text = "\n".join(docx_text(letter_bytes))
    assert "He has to come for the full day." in letter_text

    # the documents page shows them as HTML
    page.get_by_role("link", name="Read the documents here").click()
    page.get_by_role("heading", name="Your documents").wait_for()
    assert "Lunch with friends" in page.locator("main").inner_text()
    if javascript:
        axe_check(page)
    context.close()
    foreign = [url for url in asked if not url.startswith(server.url + "/")]
    assert not foreign, foreign
