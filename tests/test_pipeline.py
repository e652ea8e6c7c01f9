"""The one entry point: build_packet, its typed documents, and that every command uses it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import BUILD_DATE, run_cli, write_case

import toolkit.pipeline
from toolkit.errors import ToolkitError
from toolkit.packet import Blank, Options
from toolkit.pipeline import build_packet, validate_case

LOG = (
    "date,phase,entered_building,minutes,classes,distress,work_completed,notes\n"
    "2027-01-04,1,yes,60,1,6,50,First morning back\n"
    "2027-01-05,1,yes,75,1,5,,\n"
)

CASE = """\
srkit: 1
student:
  name: Ana Ruiz
  pronouns: she/her
  plan: iep
barriers: [mornings]
accommodations: [flexible-arrival]
people:
  parents:
    - name: Rosa Ruiz
      relationship: mother
reintegration:
  start_date: 2027-01-04
  phases: standard
letters:
  - type: records-request
    date: 2026-11-30
progress: { log: log.csv }
"""


@pytest.fixture
def case(tmp_path: Path) -> Path:
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    return write_case(tmp_path, CASE)


def test_a_packet_holds_typed_documents_and_their_files_in_memory(case, tmp_path):
    packet = build_packet(case, Options(formats=("docx", "txt"), today=BUILD_DATE))
    kinds = [(d.kind, d.stem) for d in packet.documents]
    assert kinds == [
        ("plan", "ana-ruiz-plan"),
        ("letter", "ana-ruiz-2026-11-30-records-request"),
        ("progress", "ana-ruiz-progress"),
    ]
    plan, letter, progress = packet.documents
    assert plan.title == "Re-integration plan for Ana Ruiz"
    assert letter.letter is not None and letter.letter.closing == "Sincerely,"
    assert letter.letter.sender_name == "Rosa Ruiz"
    assert progress.chart is not None and progress.chart.alt.startswith("Bar chart")
    names = [f.name for f in packet.files]
    assert names == [
        "ana-ruiz-plan.docx",
        "ana-ruiz-plan.txt",
        "ana-ruiz-2026-11-30-records-request.docx",
        "ana-ruiz-2026-11-30-records-request.txt",
        "ana-ruiz-correspondence.csv",
        "ana-ruiz-reminders.ics",
        "ana-ruiz-progress.docx",
        "ana-ruiz-progress.txt",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "log.csv"]  # no output
    txt = next(f for f in packet.files if f.name == "ana-ruiz-progress.txt").data.decode()
    assert "Chart: Bar chart" in txt
    docx = next(f for f in packet.files if f.name == "ana-ruiz-progress.docx").data
    assert "word/charts/chart1.xml" in zipfile.ZipFile(io.BytesIO(docx)).namelist()


def test_layout_on_demand_makes_the_same_bytes(case):
    packet = build_packet(case, Options(formats=("md",), today=BUILD_DATE))
    plan = packet.documents[0]
    assert packet.layout(plan, "md") == packet.files[0].data


def test_text_and_bytes_build_like_the_file(case):
    from_file = build_packet(case, Options(formats=("md",), today=BUILD_DATE))
    text = case.read_text(encoding="utf-8")
    from_text = build_packet(case, Options(formats=("md",), today=BUILD_DATE), text=text)
    from_bytes = build_packet(
        case, Options(formats=("md",), today=BUILD_DATE), text=text.encode("utf-8")
    )
    data = [f.data for f in from_file.files]
    assert [f.data for f in from_text.files] == data
    assert [f.data for f in from_bytes.files] == data


def test_bad_bytes_are_an_error_at_their_line(tmp_path):
    with pytest.raises(ToolkitError) as raised:
        build_packet(tmp_path / "upload.yaml", text=b"srkit: 1\nstudent: \xff\n")
    problem = raised.value.problems[0]
    assert (problem.path, problem.line) == (str(tmp_path / "upload.yaml"), 2)
    assert "not UTF-8" in problem.message


def test_a_validated_case_renders_without_layout(case):
    validated = validate_case(case)
    packet = build_packet(validated, Options(formats=(), today=BUILD_DATE))
    assert packet.files == []
    assert [d.kind for d in packet.documents] == ["plan", "letter", "progress"]


def test_blanks_are_records_with_the_case_line_that_fills_them(tmp_path):
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Ana Ruiz
        reintegration:
          phases: standard
        letters:
          - type: records-request
        """,
    )
    packet = build_packet(case, Options(formats=(), today=BUILD_DATE))
    plan, letter = packet.documents
    assert Blank("start date", str(case), 4) in plan.blanks
    sender = next(b for b in letter.blanks if b.label == "your name")
    assert (sender.path, sender.line) == (str(case), 7)


def test_only_progress_without_a_log_is_an_error(tmp_path):
    case = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Ana Ruiz\n")
    with pytest.raises(ToolkitError) as raised:
        build_packet(case, Options(only=("progress",)))
    assert raised.value.problems[0].message == "--only progress, but the case has no daily log"


@pytest.fixture
def spy(monkeypatch):
    """Record every call of build_packet (the commands import it when they run)."""
    calls: list[object] = []
    real = toolkit.pipeline.build_packet

    def recording(case, options=None, **kwargs):
        calls.append(case)
        return real(case, options, **kwargs)

    monkeypatch.setattr(toolkit.pipeline, "build_packet", recording)
    return calls


def test_build_check_and_batch_go_through_build_packet(case, tmp_path, spy):
    code, _, stderr = run_cli("check", case)
    assert code == 0, stderr
    assert spy == [case]
    code, _, stderr = run_cli("build", case, "-o", tmp_path / "out")
    assert code == 0, stderr
    assert spy == [case, case]
    code, _, stderr = run_cli("batch", case, "-o", tmp_path / "many", "-j", "1")
    assert code == 0, stderr
    assert spy == [case, case, case]


def test_markdown_the_builder_cannot_show_is_reported_at_the_case_or_snippet_line(tmp_path):
    """Never at a line of the assembled document (``<markdown>:14``)."""
    snippets = tmp_path / "mine"
    snippets.mkdir()
    builtin = Path(toolkit.pipeline.__file__).parents[1] / "snippets" / "accommodations"
    text = (builtin / "flexible-arrival.md").read_text(encoding="utf-8")
    mine = text + "\n\n- a\n  - b\n    - c\n      - d\n"
    (snippets / "flexible-arrival.md").write_text(mine, encoding="utf-8")
    deepest = mine.splitlines().index("      - d") + 1
    case = write_case(
        tmp_path,
        """\
        srkit: 1
        student:
          name: Ana Ruiz
          summary: |
            Intro.

            ##### Deep
        accommodations: [flexible-arrival]
        """,
    )
    code, _, stderr = run_cli("build", case, "-o", tmp_path / "out", "--snippets", snippets)
    assert code == 0, stderr
    assert (
        f"{case}:7: warning: student.summary: a level-5 heading is deeper than the documents "
        "show; it is shown at the deepest level"
    ) in stderr
    assert (
        f"{snippets / 'flexible-arrival.md'}:{deepest}: warning: a list nested 4 levels "
        "deep is deeper than the documents show"
    ) in stderr
    assert "<markdown>" not in stderr and ".md.j2" not in stderr


def test_the_names_a_snippet_may_use_are_the_names_every_context_gives(tmp_path):
    from toolkit.documents.context import base_context
    from toolkit.library.catalogue import sample_context
    from toolkit.library.snippets import CONTEXT_NAMES

    case = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Ana Ruiz\n")
    given = set(base_context(validate_case(case), BUILD_DATE))
    assert given == set(CONTEXT_NAMES) | {"today"}
    assert set(sample_context()) == given


def test_a_case_without_settings_gets_the_formats_defaults(tmp_path):
    from toolkit.case.model import Reintegration
    from toolkit.documents.context import base_context
    from toolkit.progress.rules import Rules

    case = write_case(tmp_path, "srkit: 1\nstudent:\n  name: Ana Ruiz\n")
    context = base_context(validate_case(case), BUILD_DATE)
    defaults = Reintegration()
    assert context["school_day_minutes"] == defaults.school_day_minutes == 390
    assert context["review_every_days"] == defaults.review_every_days == 5
    assert context["decisions"] == Rules() == Rules(5, 4, 5, 1)


def test_snippet_uses_are_found_once_and_each_caller_gets_its_own_list(case):
    validated = validate_case(case)
    uses = validated.uses("accommodations")
    assert [(u.id, u.params, u.line) for u in uses] == [("flexible-arrival", {}, 7)]
    uses.clear()  # a caller's list is its own
    again = validated.uses("accommodations")
    assert [u.id for u in again] == ["flexible-arrival"]
    assert again[0] is validated.uses("accommodations")[0]  # found once per case
    assert validated.uses("options") == []


def test_a_kept_case_shows_rows_added_to_its_log_since(case):
    """``srkit serve`` keeps a validated case while rows are added to its daily log: the
    plan's baseline and the progress report read the log as it is now."""
    validated = validate_case(case)

    def build():
        packet = build_packet(validated, Options(formats=(), today=BUILD_DATE))
        return {d.kind: d.text for d in packet.documents}

    assert "In the first 2 logged school days" in build()["plan"]
    with (case.parent / "log.csv").open("a", encoding="utf-8") as log:
        log.write("2027-01-06,1,yes,90,2,4,,\n")
    documents = build()
    assert "In the first 3 logged school days" in documents["plan"]
    assert "January 6, 2027" in documents["progress"]
