"""Editing an existing case in the browser: comments, order and quoting stay; a blank never
deletes; a file changed on disk is not overwritten; errors are shown and announced."""

from __future__ import annotations

import difflib

from conftest import run_cli, write_case
from playwright.sync_api import expect

from serve.helpers import axe_check

COMMENTED = """
    # Maya's case: kept by hand, with notes for the advocate.
    srkit: 1

    student:
      name: Maya Alvarez          # full legal name
      preferred_name: "Maya"      # quoted on purpose
      pronouns: she/her
      grade: 10
      school: 'Lincoln High School'
      plan: iep                   # iep, "504" or none

    # What makes attendance hard
    barriers: [anxiety, mornings]

    accommodations:
      - flexible-arrival: { latest_arrival: "10:00 a.m." }   # agreed on Nov 12
      - trusted-adult

    people:
      parents:
        - name: Rosa Alvarez
          phone: "0612 345 678"   # keep the leading zero
      school_contacts:
        - name: Karen Lee
          title: Principal

    # Letters come last.
    letters:
      - { type: meeting-request, to: Karen Lee, topics: [reintegration-plan] }
    """


def comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]


def test_editing_keeps_every_comment_order_and_quoting(web, server):
    path = server.case("maya.yaml", COMMENTED)
    original = path.read_text(encoding="utf-8")
    web.goto(server.url + "/case/maya.yaml/step/student")
    web.get_by_label("School", exact=True).fill("Lincoln High School North")
    web.get_by_role("button", name="Save and continue").click()
    web.wait_for_url("**/step/barriers")
    web.goto(server.url + "/case/maya.yaml/step/accommodations")
    block = web.locator("#f-choose-accommodations-flexible-arrival-block")
    if block.locator("details.settings[open]").count() == 0:
        block.get_by_text("Settings you can fill in").click()
    block.get_by_label("The latest arrival time").fill("9:30 a.m.")
    web.get_by_role("button", name="Save and continue").click()
    web.wait_for_url("**/step/interventions")
    saved = path.read_text(encoding="utf-8")
    assert comments(saved) == comments(original)
    changed = [
        " ".join(line.split())
        for line in difflib.ndiff(original.splitlines(), saved.splitlines())
        if line.startswith(("- ", "+ "))
    ]
    assert changed == [  # only the two edited lines; spaces compared loosely
        "- school: 'Lincoln High School'",
        "+ school: 'Lincoln High School North'",
        '- - flexible-arrival: { latest_arrival: "10:00 a.m." } # agreed on Nov 12',
        '+ - flexible-arrival: {latest_arrival: "9:30 a.m."} # agreed on Nov 12',
    ]
    code, _out, err = run_cli("check", path)
    assert code == 0, err


def test_an_emptied_answer_is_kept_until_removed_on_purpose(web, server):
    path = server.case("kept.yaml", COMMENTED)
    web.goto(server.url + "/case/kept.yaml/step/student")
    web.get_by_label("School", exact=True).fill("")
    web.get_by_role("button", name="Save and continue").click()
    web.wait_for_url("**/step/student?**")
    assert "school: 'Lincoln High School'" in path.read_text(encoding="utf-8")
    notice = web.get_by_role("status")
    assert "nothing is lost by accident" in notice.inner_text()
    assert web.get_by_label("School", exact=True).input_value() == "Lincoln High School"
    axe_check(web)
    web.get_by_label("School", exact=True).fill("")
    web.get_by_label("Remove this answer when I save").check()
    web.get_by_role("button", name="Save and continue").click()
    web.wait_for_url("**/step/barriers")
    saved = path.read_text(encoding="utf-8")
    assert "school:" not in saved and 'preferred_name: "Maya"' in saved


def test_a_file_changed_on_disk_is_not_overwritten(web, server):
    path = server.case("changed.yaml", COMMENTED)
    web.goto(server.url + "/case/changed.yaml/step/student")
    edited = path.read_text(encoding="utf-8").replace("Lincoln High School", "Edited elsewhere")
    path.write_text(edited, encoding="utf-8")
    web.get_by_label("School district").fill("Lincoln Unified")
    web.get_by_role("button", name="Save and continue").click()
    alert = web.get_by_role("alert")
    assert "was changed somewhere else" in alert.inner_text()
    assert path.read_text(encoding="utf-8") == edited
    web.get_by_role("link", name="Reload the page to see the file as it is now").click()
    assert web.get_by_label("School", exact=True).input_value() == "Edited elsewhere"


def test_a_validation_error_is_inline_in_the_summary_and_announced(web, server, tmp_path):
    path = server.case("errors.yaml", COMMENTED)
    before = path.read_bytes()
    web.goto(server.url + "/case/errors.yaml/step/student")
    web.get_by_label("School days missed so far").fill("lots")
    web.get_by_role("button", name="Save and continue").click()
    summary = web.get_by_role("alert")
    # the same words as the command line's error for the same value
    bad = write_case(tmp_path, COMMENTED.replace("grade: 10", "grade: 10\n      days_missed: lots"))
    code, _out, err = run_cli("check", bad)
    assert code == 1
    message = err.splitlines()[0].split(": error: ", 1)[1]
    assert message in summary.inner_text()
    # focus moved to the summary, so a screen reader announces it
    expect(summary).to_be_focused()
    field = web.get_by_label("School days missed so far")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    texts = [web.locator(f"#{i}").inner_text() for i in described]
    assert any(message in t for t in texts)
    assert field.input_value() == "lots"  # what was typed is still there
    assert path.read_bytes() == before  # nothing saved
    assert web.title().startswith("Error:")
    axe_check(web)
    summary.get_by_role("link").first.click()
    assert web.evaluate("document.activeElement.id") == "f-student-days_missed"


def test_edit_links_return_to_the_right_step_with_answers_kept(web, server):
    server.case("links.yaml", COMMENTED)
    web.goto(server.url + "/case/links.yaml/review")
    axe_check(web)
    sections = {
        "The student": ("student", "Maya Alvarez"),
        "People": ("people", "Rosa Alvarez"),
        "Letters": ("letters", "Karen Lee"),
    }
    for title, (step, answer) in sections.items():
        web.goto(server.url + "/case/links.yaml/review")
        web.get_by_role("link", name=f"Change {title}").click()
        web.wait_for_url(f"**/step/{step}?return=review")
        values = web.locator("input[type=text], select, textarea").evaluate_all(
            "els => els.map(e => e.value)"
        )
        assert answer in values, (step, values)
    web.goto(server.url + "/case/links.yaml/review")
    web.get_by_role("link", name="Change The student").click()
    web.get_by_label("State").fill("Oregon")
    web.get_by_role("button", name="Save and go back to checking").click()
    web.wait_for_url("**/review#student")
    assert "Oregon" in web.locator("#student").inner_text()


def test_keyboard_alone_with_visible_focus(web, server):
    web.goto(server.url + "/")
    for _ in range(30):
        web.keyboard.press("Tab")
        if web.evaluate("document.activeElement.id") == "f-name":
            break
    assert web.evaluate("document.activeElement.id") == "f-name"
    outline = web.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    web.keyboard.type("Kim Keyboard")
    web.keyboard.press("Enter")
    web.wait_for_url("**/kim-keyboard.yaml/step/student")
    web.keyboard.press("Tab")  # the skip link comes first and is visible when focused
    assert web.evaluate("document.activeElement.textContent") == "Skip to the main content"
    assert web.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
