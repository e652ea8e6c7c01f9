"""The command line as a user meets it: what `build`, `check` and `init` print, write, refuse
and exit with."""

from __future__ import annotations

import os
import subprocess
import sys

import docx
import pytest
from conftest import (
    DATA,
    EXAMPLES,
    IEP,
    ROOT,
    build_one,
    no_traceback,
    run_cli,
    write_case,
)

from toolkit.word.dump import dump_docx

NUMBERED = DATA / "numbered-lists.yaml"


# -- build: what it writes and prints ---------------------------------------------------------


def drafts_in(folder) -> list[str]:
    """Return the files in ``folder`` other than srkit's record of what it wrote there."""
    return sorted(name for name in os.listdir(folder) if name != ".srkit-written.json")


@pytest.mark.parametrize("key", list(EXAMPLES))
def test_build_prints_exactly_the_written_paths(tmp_path, key):
    case, name = EXAMPLES[key]
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out)
    assert code == 0, stderr
    no_traceback(stderr)
    written = stdout.splitlines()
    assert stdout.endswith("\n")
    assert f"{out / name}" in written
    assert len(set(written)) == len(written)
    # every file written is printed, and nothing else is left (no temporary files)
    assert sorted(written) == sorted(str(out / entry) for entry in drafts_in(out))


@pytest.mark.parametrize("key", list(EXAMPLES))
def test_build_only_plan_prints_the_plan_path(tmp_path, key):
    case, name = EXAMPLES[key]
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out, "--only", "plan")
    assert code == 0, stderr
    assert stdout == f"{out / name}\n"
    assert drafts_in(out) == [name]
    assert docx.Document(str(out / name)).paragraphs[0].text.endswith("School Re-integration Plan")


def test_build_writes_into_out_by_default(tmp_path):
    code, stdout, stderr = run_cli("build", IEP, "--only", "plan")  # cwd: a scratch folder
    assert code == 0, stderr
    assert stdout == "out/elias-okafor-plan.docx\n"
    assert os.path.isfile("out/elias-okafor-plan.docx")


def test_build_twice_refuses_and_leaves_the_file_untouched(tmp_path):
    out = tmp_path / "out"
    first = build_one(IEP, out)
    content = first.read_bytes()
    os.utime(first, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = first.stat().st_mtime_ns

    code, stdout, stderr = run_cli("build", IEP, "-o", out, "--only", "plan")

    assert code == 1
    assert stdout == ""
    no_traceback(stderr)
    assert stderr == (
        f"{first}: error: already exists; not overwritten\n"
        "  hint: pass --force to replace it, or choose another folder with -o\n"
    )
    assert first.read_bytes() == content
    assert first.stat().st_mtime_ns == before
    assert drafts_in(out) == ["elias-okafor-plan.docx"]


def test_an_edited_draft_is_never_replaced_even_with_force(tmp_path):
    out = tmp_path / "out"
    first = build_one(IEP, out)
    first.write_bytes(b"the family's own edits")  # as if someone had worked on the draft
    second = out / "elias-okafor-plan-v2.docx"

    code, stdout, stderr = run_cli("build", IEP, "-o", out, "--only", "plan", "--force")
    assert code == 0, stderr
    assert stdout == f"{second}\n"
    assert (
        f"note: {first} was edited since srkit wrote it; it is kept, and the new draft is "
        "elias-okafor-plan-v2.docx"
    ) in stderr
    assert first.read_bytes() == b"the family's own edits"

    # v2 is srkit's own and unedited: without --force it is kept, with --force replaced
    code, stdout, stderr = run_cli("build", IEP, "-o", out, "--only", "plan")
    assert code == 1 and f"{second}: error: already exists; not overwritten" in stderr
    code, stdout, stderr = run_cli("build", IEP, "-o", out, "--only", "plan", "--force")
    assert code == 0 and stdout == f"{second}\n"

    second.write_bytes(b"edited too")
    code, stdout, _ = run_cli("build", IEP, "-o", out, "--only", "plan", "--force")
    assert stdout == f"{out / 'elias-okafor-plan-v3.docx'}\n"
    assert drafts_in(out) == [
        "elias-okafor-plan-v2.docx",
        "elias-okafor-plan-v3.docx",
        "elias-okafor-plan.docx",
    ]
    assert first.read_bytes() == b"the family's own edits"
    assert second.read_bytes() == b"edited too"
    assert "Elias Okafor (Eli), grade 11" in dump_docx(out / "elias-okafor-plan-v3.docx")


def test_build_refuses_before_writing_any_format(tmp_path):
    """One of three files exists: none is written, and the one that exists is named."""
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", IEP, "-o", out, "--only", "plan", "--format", "txt")
    assert code == 0, stderr
    code, stdout, stderr = run_cli(
        "build", IEP, "-o", out, "--only", "plan", "--format", "docx,md,txt"
    )
    assert code == 1
    assert stdout == ""
    assert (
        stderr.splitlines()[0] == f"{out / 'elias-okafor-plan.txt'}: error: already exists; "
        "not overwritten"
    )
    assert drafts_in(out) == ["elias-okafor-plan.txt"]


def test_force_replaces_an_unedited_draft(tmp_path):
    out = tmp_path / "out"
    first = build_one(IEP, out)
    code, stdout, stderr = run_cli("build", IEP, "-o", out, "--only", "plan", "--force")
    assert code == 0, stderr
    assert stdout == f"{first}\n"
    assert "Elias Okafor (Eli), grade 11" in dump_docx(first)
    assert drafts_in(out) == ["elias-okafor-plan.docx"]


def test_format_md_txt_writes_exactly_those(tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", IEP, "-o", out, "--only", "plan", "--format", "md,txt")
    assert code == 0, stderr
    assert stdout == f"{out / 'elias-okafor-plan.md'}\n{out / 'elias-okafor-plan.txt'}\n"
    assert sorted(drafts_in(out)) == ["elias-okafor-plan.md", "elias-okafor-plan.txt"]
    markdown = (out / "elias-okafor-plan.md").read_text(encoding="utf-8")
    assert markdown.startswith("# School Re-integration Plan\n")
    assert "## Accommodations" in markdown


def test_plain_text_has_no_markdown_symbols(tmp_path):
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", IEP, "-o", out, "--only", "plan", "--format", "txt")
    assert code == 0, stderr
    text = (out / "elias-okafor-plan.txt").read_text(encoding="utf-8")
    for symbol in ("**", "##", "|---", "| ", "](", "\ue000", "\ue001"):
        assert symbol not in text, symbol
    assert text.startswith("School Re-integration Plan\n\nStudent: Elias Okafor (Eli), grade 11")
    assert "\nAccommodations\n\nThese accommodations make school manageable for Eli" in text
    assert "\n• plays bass in the jazz ensemble\n" in text
    assert (
        "Phase: 1. Re-entry; Goal: Eli feels safe being inside the school again.; "
        "Attendance target: 60 minutes a day; "
    ) in text
    assert "\nCourse: Chemistry; Status: behind\n" in text


def test_plain_text_writes_list_numbers_and_restarts_them(tmp_path):
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", NUMBERED, "-o", out, "--format", "txt")
    assert code == 0, stderr
    text = (out / "sam-lists-plan.txt").read_text(encoding="utf-8")
    assert (
        "What the family has tried:\n\n"
        "1. a later alarm\n2. a visual morning routine\n3. driving instead of the bus\n\n"
        "What the school has tried:\n\n"
        "1. a phone call home\n2. a meeting with the counselor\n"
    ) in text
    assert "Steps the family asks for:\n\n1. a list of missed work\n2. a meeting with" in text


# -- wrong usage (exit 2) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--only", "nonsense", "Invalid value for '--only': nonsense (choose from plan"),
        ("--format", "rtf", "Invalid value for '--format': rtf (choose from docx, md, txt, pdf)"),
        (
            "--format",
            "docx,rtf",
            "Invalid value for '--format': rtf (choose from docx, md, txt, pdf)",
        ),
        ("--format", ",", "Invalid value for '--format': nothing (choose from docx, md, txt, pdf)"),
    ],
)
def test_wrong_option_values_are_usage_errors(tmp_path, option, value, message):
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", IEP, "-o", out, option, value)
    assert code == 2
    assert stdout == ""
    no_traceback(stderr)
    assert stderr.splitlines()[-1].startswith(f"Error: {message}")
    assert not out.exists()


def test_unknown_command_is_a_usage_error():
    code, _, stderr = run_cli("buidl", IEP)
    assert code == 2
    assert "No such command 'buidl'" in stderr


# -- init ------------------------------------------------------------------------------------


def test_init_writes_a_starter_that_check_accepts(tmp_path):
    starter = tmp_path / "new-case.yaml"
    code, stdout, stderr = run_cli("init", starter)
    assert code == 0, stderr
    assert stdout == f"{starter}\n"
    text = starter.read_text(encoding="utf-8")
    assert text.startswith("# ")  # commented
    assert "\nsrkit: 1\n" in text
    code, _, stderr = run_cli("check", starter)
    assert code == 0, stderr
    assert stderr.splitlines()[-1].startswith(f"{starter}: ok")
    code, _, stderr = run_cli("build", starter, "-o", tmp_path / "out")
    assert code == 0, stderr


def test_init_refuses_to_overwrite(tmp_path):
    existing = write_case(tmp_path, "srkit: 1  # my own notes\n", name="mine.yaml")
    before = existing.read_bytes()
    code, stdout, stderr = run_cli("init", existing)
    assert code == 1
    assert stdout == ""
    no_traceback(stderr)
    assert stderr.splitlines()[0] == f"{existing}: error: already exists; not overwritten"
    assert existing.read_bytes() == before
    assert os.listdir(tmp_path) == ["mine.yaml"]


def test_init_refusal_hint_names_only_what_init_accepts(tmp_path):
    existing = write_case(tmp_path, "srkit: 1\n", name="mine.yaml")
    code, _, stderr = run_cli("init", existing)
    assert code == 1
    hint = stderr.splitlines()[1]
    assert hint.startswith("  hint: ")
    assert "--force" not in hint
    assert "-o" not in hint


# -- templates ---------------------------------------------------------------------------------


def test_template_that_is_not_word_is_an_error(tmp_path):
    template = tmp_path / "letterhead.docx"
    template.write_text("This is a text file renamed to .docx\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", IEP, "-o", out, "--template", template)
    assert code == 1
    assert stdout == ""
    no_traceback(stderr)
    assert stderr == (
        f"{template}: error: the template is not a Word (.docx) file\n"
        "  hint: save it from Word as .docx (not .doc, .dotx or .odt)\n"
    )
    assert not out.exists()


def test_template_that_is_a_zip_but_not_word_is_an_error(tmp_path):
    import zipfile

    template = tmp_path / "letterhead.docx"
    with zipfile.ZipFile(template, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    code, _, stderr = run_cli("build", IEP, "-o", tmp_path / "out", "--template", template)
    assert code == 1
    no_traceback(stderr)
    assert stderr.splitlines()[0] == f"{template}: error: the template is not a Word (.docx) file"


def test_missing_template_is_an_error(tmp_path):
    template = tmp_path / "nowhere.docx"
    code, _, stderr = run_cli("build", IEP, "-o", tmp_path / "out", "--template", template)
    assert code == 1
    assert stderr == (
        f"{template}: error: template not found\n  hint: give the path of a .docx file\n"
    )


def test_template_lacking_styles_warns_and_adds_them(tmp_path):
    template = tmp_path / "letterhead.docx"
    document = docx.Document()  # python-docx's default template: few list styles, no Hyperlink
    for name in ("Quote", "List Number 3"):
        element = document.styles[name].element
        element.getparent().remove(element)
    document.sections[0].header.paragraphs[0].text = "Family Advocacy Partners"
    document.add_paragraph("Body text of the letterhead file, which is not carried over.")
    document.save(str(template))

    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "build", IEP, "-o", out, "--only", "plan", "--template", template
    )

    assert code == 0, stderr
    assert stdout == f"{out / 'elias-okafor-plan.docx'}\n"
    assert stderr.splitlines()[:2] == [
        f"{template}: warning: the template lacks the styles List Number 3, Quote; "
        "srkit adds them from its own",
        "  hint: define them in the template to control how they look",
    ]
    result = docx.Document(str(out / "elias-okafor-plan.docx"))
    names = {style.name for style in result.styles}
    assert {"Quote", "List Number 3", "Hyperlink", "List Bullet", "Table Grid"} <= names
    assert result.sections[0].header.paragraphs[0].text == "Family Advocacy Partners"
    assert result.paragraphs[0].text == "School Re-integration Plan"
    assert "letterhead file" not in dump_docx(result)
    assert "footer 1: Page {PAGE} of {NUMPAGES}" in dump_docx(result)


# -- placeholders, comments ------------------------------------------------------------------


def test_missing_start_date_is_a_highlighted_blank_and_listed(tmp_path):
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Maya Alvarez
          pronouns: she/her
          plan: iep
          school: Lincoln High School
        barriers: [mornings]
        accommodations: [flexible-arrival]
        interventions: [counseling]
        reintegration:
          phases: standard
        """,
    )
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", case, "-o", out)
    assert code == 0, stderr
    docx_path = out / "maya-alvarez-plan.docx"
    assert stdout == f"{docx_path}\n"
    text = dump_docx(docx_path)
    assert "**Phase 1 begins:** [start date]{hl}⏎" in text
    assert "Beginning [start date]{hl}, on every school day Maya may arrive" in text
    lines = stderr.splitlines()
    start = lines.index(f"blanks to fill in {docx_path}:")
    listed = lines[start + 1 :]
    assert listed[0] == "  - [start date]"
    assert "  - [latest arrival time]" in listed  # a team decision the case has not made
    assert listed.count("  - [start date]") == 1


def test_missing_school_name_is_a_highlighted_blank_and_listed(tmp_path):
    case = write_case(
        tmp_path,
        """        srkit: 1
        student:
          name: Maya Alvarez
          pronouns: she/her
          plan: iep
        barriers: [mornings]
        accommodations: [flexible-arrival]
        reintegration:
          start_date: 2027-01-11
        letters:
          - type: meeting-request
            date: 2027-01-04
        """,
    )
    out = tmp_path / "out"
    code, _stdout, stderr = run_cli("build", case, "-o", out)
    assert code == 0, stderr
    plan = out / "maya-alvarez-plan.docx"
    letter = out / "maya-alvarez-2027-01-04-meeting-request.docx"
    assert "**School:** [school name]{hl}⏎" in dump_docx(plan)
    letter_text = dump_docx(letter)
    assert "[Normal] [name of the school contact]{hl}⏎[their title]{hl}⏎[school name]{hl}\n" in (
        letter_text
    )
    assert "meeting for my daughter, Maya Alvarez, at [school name]{hl}." in letter_text
    lines = stderr.splitlines()
    for path in (plan, letter):
        start = lines.index(f"blanks to fill in {path}:")
        assert "  - [school name]" in lines[start + 1 : start + 8]


def test_blanks_listed_once_for_all_formats(tmp_path):
    case = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Maya Alvarez\n")
    code, _, stderr = run_cli("build", case, "-o", tmp_path / "out", "--format", "docx,md,txt")
    assert code == 0, stderr
    assert stderr.count("blanks to fill in") == 1
    assert "  - [start date]\n" in stderr
    md = (tmp_path / "out" / "maya-alvarez-plan.md").read_text(encoding="utf-8")
    assert "**Phase 1 begins:** [start date]" in md


def test_comments_on_accommodation_headings(tmp_path):
    plain = dump_docx(build_one(IEP, tmp_path / "plain"))
    assert "{comment" not in plain
    assert "\ncomment " not in plain

    text = dump_docx(build_one(IEP, tmp_path / "commented", "--comments"))
    assert "[Heading 2] Flexible arrival time{comment 1}\n" in text
    assert "[Heading 2] Counseling{comment 8}\n" in text
    assert (
        "comment 1 (srkit): Why this is here: Mornings are often the hardest part of the day"
    ) in text
    body = text.split("\n---\n")[0]
    headings = [line for line in body.splitlines() if "{comment" in line]
    assert all(line.startswith("[Heading 2] ") for line in headings)
    assert len(headings) == 18  # 8 accommodations, 3 interventions, 4 phases, 3 credit options


# -- case values are data --------------------------------------------------------------------

VALUES_CASE = """\
srkit: 1
student:
  name: "Zoë O'Brien-Łukasz {{ name }}"
  preferred_name: "Zoë {% if true %}X{% endif %}"
  pronouns: she/her
  plan: iep
  school: "St. Mary's & <b>Grace</b> \\"Academy\\""
  summary: |
    Zoë said "I can't" {{ 7 * 7 }} and {% raw %}x{% endraw %} — naïve café 日本語 & more.
  strengths:
    - "{{ config }}"
    - "<script>alert(1)</script> & ampersand"
    - 'single "quotes" and ''apostrophes'''
accommodations:
  - safe-space: { location: "Room {{ 114 }} & <i>the</i> \\"quiet\\" café 🙂" }
reintegration:
  start_date: 2026-12-07
  phases:
    - title: "Phase {{ title }}"
      goal: "Goal {% for x in range(3) %}{{x}}{% endfor %}"
      target_minutes: 100
      steps: ["Step <u>one</u> & {{ two }}"]
"""


def test_case_values_come_out_exactly_as_typed(tmp_path):
    case = write_case(tmp_path, VALUES_CASE)
    text = dump_docx(build_one(case, tmp_path / "out"))
    name = "Zoë {% if true %}X{% endif %}"
    for expected in (
        "**Student:** Zoë O'Brien-Łukasz {{ name }} (Zoë {% if true %}X{% endif %})⏎",
        '**School:** St. Mary\'s & <b>Grace</b> "Academy"⏎',
        '[Normal] Zoë said "I can\'t" {{ 7 * 7 }} and {% raw %}x{% endraw %} — naïve café '
        "日本語 & more.\n",
        f"[Normal] {name}'s strengths, which this plan builds on:\n",
        "[List Bullet] • {{ config }}\n",
        "[List Bullet] • <script>alert(1)</script> & ampersand\n",
        "[List Bullet] • single \"quotes\" and 'apostrophes'\n",
        f'{name} may go to Room {{{{ 114 }}}} & <i>the</i> "quiet" café 🙂 at any time',
        "| 1. Phase {{ title }} | Goal {% for x in range(3) %}{{x}}{% endfor %} | 100 minutes",
        "[Heading 2] Phase 1: Phase {{ title }}\n",
        "[List Bullet] • Step <u>one</u> & {{ two }}\n",
        "title: Re-integration plan for Zoë O'Brien-Łukasz {{ name }}\n",
    ):
        assert expected in text, expected
    assert "I can't\" 49" not in text  # {{ 7 * 7 }} was never evaluated
    assert "<Config" not in text and "012" not in text


def test_case_values_as_typed_in_markdown_and_text_exports(tmp_path):
    case = write_case(tmp_path, VALUES_CASE)
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", case, "-o", out, "--format", "md,txt")
    assert code == 0, stderr
    txt = (out / "zoe-o-brien-lukasz-name-plan.txt").read_text(encoding="utf-8")
    assert "Student: Zoë O'Brien-Łukasz {{ name }} (Zoë {% if true %}X{% endif %})" in txt
    assert "• <script>alert(1)</script> & ampersand" in txt
    md = (out / "zoe-o-brien-lukasz-name-plan.md").read_text(encoding="utf-8")
    assert "{{ 7 * 7 }}" in md


def test_html_in_the_summary_is_written_as_typed(tmp_path):
    case = write_case(
        tmp_path,
        'srkit: 1\nstudent:\n  name: Maya Alvarez\n  summary: "She <b>loves</b> art & music."\n',
    )
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", case, "-o", out)
    no_traceback(stderr)
    assert code == 0, stderr
    assert f"{case}:4: warning: student.summary: Markdown the documents cannot show" in stderr
    text = dump_docx(out / "maya-alvarez-plan.docx")
    assert "[Normal] She <b>loves</b> art & music.\n" in text


def test_xml_illegal_control_characters_are_removed(tmp_path):
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Maya Alvarez
          summary: "before\\x07after, \\x1b[31mred\\x0b."
          strengths: ["bell\\x07 ringer"]
        """,
    )
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", case, "-o", out, "--format", "docx,txt")
    assert code == 0, stderr
    text = dump_docx(out / "maya-alvarez-plan.docx")
    assert "[Normal] beforeafter, [31mred.\n" in text
    assert "[List Bullet] • bell ringer\n" in text
    txt = (out / "maya-alvarez-plan.txt").read_text(encoding="utf-8")
    assert "beforeafter, [31mred." in txt
    for char in "\x07\x1b\x0b":
        assert char not in txt


# -- a real process ----------------------------------------------------------------------------


def test_real_process_reports_a_bad_case_without_traceback(tmp_path):
    case = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Maya Alvarez\n  plan: ipe\n")
    env = {k: v for k, v in os.environ.items() if k not in ("SRKIT_DEBUG", "SRKIT_CONFIG")}
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "check", str(case)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        f"{case}:4:9: error: student.plan: 'ipe' is not an allowed value\n"
        "  hint: did you mean 'iep'? allowed: iep, 504, none\n"
    )
