"""School drafts for the ``srkit compare`` tests, made from an example case.

Nothing here holds snippet sentences: each draft is built from what the case asks for (the
requested items, rendered from the case and the snippet library) by reworking it the way a
school's draft does, and each draft knows the verdict every item must get.

- ``faithful``: every item present, reworded (the student called "the student", other verbs,
  the sentences of each item in another order), under the family's headings.
- ``weakened``: the minutes of one intervention cut, "as needed" added to one accommodation,
  two accommodations dropped, one phase moved on by the calendar instead of the data.
- ``reordered``: every item present, in another order, under school-style headings, the
  accommodations as rows of a table (as district IEP software prints them).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.case.validate import ValidatedCase, load_case
from toolkit.compare.requested import RequestedItem, requested_items
from toolkit.documents.context import base_context
from toolkit.documents.plan import build_phases
from toolkit.library.snippets import load_library
from toolkit.markers import visible
from toolkit.plaintext import render_plain

TODAY = dt.date(2026, 11, 28)

#: School-style wording, written for these tests (a district template's voice).
SCHOOL_HEADINGS = {
    "accommodations": "Supplementary Aids, Services, Modifications and Accommodations",
    "interventions": "Related Services",
    "phases": "Attendance Transition Plan",
    "rules": "Criteria for Changing Phases",
    "credit": "Credit Plan",
    "status": "Plan Monitoring",
}
FILLER = [
    ("heading", "Present Levels of Academic Achievement and Functional Performance"),
    (
        "para",
        "Teacher reports describe the student as a capable reader who completes written work "
        "accurately when present. Benchmark assessments from the fall window place reading "
        "comprehension within the average range.",
    ),
    ("heading", "Measurable Annual Goals"),
    (
        "para",
        "By the annual review, given a graphic organizer, the student will write a "
        "five-paragraph essay scoring 3 of 4 on the district writing rubric in 4 of 5 trials.",
    ),
    ("heading", "Participation in State and District Assessments"),
    (
        "para",
        "The student participates in state assessments with the testing accommodations listed "
        "in the state manual, in a small-group setting.",
    ),
]
CALENDAR_MOVE = "After 2 weeks in this phase, the student moves to the next phase on the calendar."
SYNONYMS = [
    (r"\bBeginning\b", "Starting"),
    (r"\bprovides\b", "will provide"),
    (r"\bmeets\b", "will meet"),
    (r"\breviews\b", "will review"),
    (r"\brecords\b", "documents"),
    (r"\bevery school day\b", "each school day"),
    (r"\bso that\b", "in order that"),
]


@dataclass
class SchoolDraft:
    """A draft as blocks (heading, paragraph or table), and the verdict each item must get."""

    name: str
    blocks: list[tuple[str, object]] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)

    def heading(self, text: str) -> None:
        self.blocks.append(("heading", text))

    def para(self, text: str) -> None:
        for part in text.split("\n"):
            if part.strip():
                self.blocks.append(("para", part.strip()))


def load(case_path: Path) -> ValidatedCase:
    return load_case(case_path, load_library([]))


def reword(text: str, name: str) -> str:
    """Return ``text`` as a school might write it: the student not named, other verbs, the
    sentences after the first in reverse order."""
    for pattern, replacement in SYNONYMS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(rf"\b{re.escape(name)}'s\b", "the student's", text)
    text = re.sub(rf"\b{re.escape(name)}\b", "the student", text)
    text = re.sub(r"(^|[.!?]\s+|\n)the student", lambda m: m.group(1) + "The student", text)
    lines = []
    for line in text.split("\n"):
        sentences = re.split(r"(?<=[.;])\s+(?=[A-Z])", line.strip())
        lines.append(" ".join([sentences[0], *reversed(sentences[1:])]))
    return "\n".join(lines)


def _plain(markdown) -> str:
    return visible(render_plain(str(markdown))).strip()


def _phase_texts(vc: ValidatedCase) -> dict[str, list[str]]:
    """Return each phase's parts (by item key), with its move-on rule as the last part."""
    phases = build_phases(vc, base_context(vc, TODAY))
    texts = {}
    for p in phases:
        target = f"Attendance target: {p.target} minutes a day." if p.target is not None else None
        parts = [p.intro, p.goal, p.attendance, target, *p.steps, *p.supports, *p.data, p.hold]
        parts += [p.step_back, p.move_on]
        texts[f"phases/{p.number}"] = [_plain(x) for x in parts if x]
    return texts


def _sections(items: list[RequestedItem]) -> dict[str, list[RequestedItem]]:
    sections: dict[str, list[RequestedItem]] = {}
    for item in items:
        sections.setdefault(item.section, []).append(item)
    return sections


def make_drafts(case_path: Path) -> dict[str, SchoolDraft]:
    """Return the three drafts of the case at ``case_path``."""
    vc = load(case_path)
    name = vc.case.student.preferred_name or vc.case.student.name.split()[0]
    items = requested_items(vc, TODAY)
    phases = _phase_texts(vc)
    return {
        "faithful": _faithful(vc, items, phases, name),
        "weakened": _weakened(vc, items, phases, name),
        "reordered": _reordered(vc, items, phases, name),
    }


def _title_block(draft: SchoolDraft, vc: ValidatedCase) -> None:
    student = vc.case.student
    draft.heading(f"{student.school or 'School'}: Draft plan for {student.name}")
    draft.para(f"Meeting date: January 12, 2027. District: {student.district or 'the district'}.")


def _body(item: RequestedItem, phases: dict[str, list[str]], name: str) -> str:
    if item.key in phases:
        return reword("\n".join(phases[item.key]), name)
    return reword(item.text, name)


def _faithful(vc, items, phases, name) -> SchoolDraft:
    draft = SchoolDraft("faithful")
    _title_block(draft, vc)
    for section, members in _sections(items).items():
        draft.heading(SCHOOL_HEADINGS[section])
        for item in members:
            draft.heading(item.title)
            draft.para(_body(item, phases, name))
            draft.expected[item.key] = "found"
    for kind, text in FILLER:
        draft.blocks.append((kind, text))
    return draft


def _weakened(vc, items, phases, name) -> SchoolDraft:
    draft = SchoolDraft("weakened")
    _title_block(draft, vc)
    accommodations = [i for i in items if i.section == "accommodations"]
    dropped = {accommodations[1].key, accommodations[3].key}
    vague = accommodations[0].key
    cut = next(
        i.key for i in items if i.section == "interventions" and _fact(i, "minutes") is not None
    )
    moved = [i.key for i in items if i.section == "phases" and _fact(i, "target")][1]
    for section, members in _sections(items).items():
        draft.heading(SCHOOL_HEADINGS[section])
        for item in members:
            if item.key in dropped:
                draft.expected[item.key] = "missing"
                continue
            if item.key == moved:
                parts = [*phases[item.key][:-1], CALENDAR_MOVE]
                text = reword("\n".join(parts), name)
            else:
                text = _body(item, phases, name)
            expected = "found"
            if item.key == vague:
                text = re.sub(r"\.(\s|$)", r", as needed.\1", text, count=1)
                expected = "weaker"
            elif item.key == cut:
                asked = _fact(item, "minutes")
                fewer = int(asked) * 2 // 3
                text = re.sub(rf"\b{int(asked)} minutes\b", f"{fewer} minutes", text)
                expected = "weaker"
            elif item.key == moved:
                expected = "weaker"
            draft.heading(item.title)
            draft.para(text)
            draft.expected[item.key] = expected
    return draft


def _reordered(vc, items, phases, name) -> SchoolDraft:
    draft = SchoolDraft("reordered")
    _title_block(draft, vc)
    for kind, text in FILLER[:2]:
        draft.blocks.append((kind, text))
    sections = _sections(items)
    order = ["status", "interventions", "phases", "accommodations", "rules", "credit"]
    for section in [s for s in order if s in sections]:
        members = sections[section]
        draft.heading(SCHOOL_HEADINGS[section])
        if section == "accommodations":
            rows = [["Accommodation", "Description", "Responsible", "Start"]]
            for item in reversed(members):
                role = _fact_text(item, "role") or "Case manager"
                rows.append([item.title, _body(item, phases, name), role, "01/19/2027"])
                draft.expected[item.key] = "found"
            draft.blocks.append(("table", rows))
            continue
        for item in reversed(members):
            draft.heading(item.title.upper())
            draft.para(_body(item, phases, name))
            draft.expected[item.key] = "found"
    for kind, text in FILLER[2:]:
        draft.blocks.append((kind, text))
    return draft


def _fact(item: RequestedItem, kind: str) -> float | None:
    return next((f.amount for f in item.facts if f.kind == kind), None)


def _fact_text(item: RequestedItem, kind: str) -> str | None:
    return next((f.text for f in item.facts if f.kind == kind), None)


def write_docx(draft: SchoolDraft, path: Path) -> Path:
    """Write ``draft`` as a Word file in a district template's plain look."""
    import docx

    document = docx.Document()
    for kind, content in draft.blocks:
        if kind == "heading":
            document.add_heading(str(content), level=2)
        elif kind == "para":
            document.add_paragraph(str(content))
        else:
            rows = content
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(str(path))
    return path


def write_txt(draft: SchoolDraft, path: Path) -> Path:
    """Write ``draft`` as plain text, paragraphs separated by blank lines."""
    parts = []
    for kind, content in draft.blocks:
        if kind == "table":
            parts += ["  ".join(row) for row in content]
        else:
            parts.append(str(content))
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path
