"""Stage 4 of ``srkit compare``: the comparison report, as Markdown for the same Word, Markdown
and plain-text writers as every other document (``templates/compare.md.j2``), and the notes of
the meeting follow-up letter.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from toolkit.compare.match import MISSING, VERDICTS, WEAKER, Finding, Reason
from toolkit.compare.read import SchoolDraft
from toolkit.compare.words import vague_phrases, words
from toolkit.documents.plan import skeleton, skeleton_path
from toolkit.frozen import Frozen
from toolkit.markdown import escape
from toolkit.packet import Document
from toolkit.text import american_date, render

QUOTE_CHARS = 220


class VaguePlace(Frozen):
    """A vague phrase in the draft, with where it is and the words around it."""

    phrase: str
    where: str
    quote: str


class Comparison(Frozen):
    """Everything the report says: the findings, item by item, and the draft's vague phrases."""

    student: str
    name: str  # the student's preferred name
    draft: SchoolDraft
    findings: tuple[Finding, ...]
    vague: tuple[VaguePlace, ...]
    today: dt.date

    def count(self, verdict: str) -> int:
        """Return how many items got ``verdict``."""
        return sum(1 for f in self.findings if f.verdict == verdict)


def vague_places(draft: SchoolDraft) -> list[VaguePlace]:
    """Return every vague phrase in the draft, in reading order."""
    from toolkit.compare.match import _quote

    places = []
    for passage in draft.passages:
        for hit in vague_phrases(passage.text):
            places.append(VaguePlace(hit.phrase, passage.where, _quote(hit, passage.text, 50)))
    return places


def fact_line(finding: Finding) -> str:
    """Return the key facts of the item, as one line ("who: school counselor; 30 minutes")."""
    labels = words()["facts"]
    shown = [labels[f.kind].format(text=f.text) for f in finding.item.facts if f.kind in labels]
    return "; ".join(shown)


def reason_text(reason: Reason) -> str:
    """Return what the draft does, for one reason ("20 minutes instead of 30 minutes")."""
    wording = words()["reasons"][reason.kind]
    template = (
        wording["found"] if reason.found is not None and "found" in wording else wording["none"]
    )
    return template.format(asked=reason.asked, found=reason.found)


def ask_text(finding: Finding) -> str:
    """Return what the family asks for about this item."""
    wording = words()["reasons"]
    if not finding.reasons and finding.verdict != MISSING:
        return words()["keep"]
    if finding.verdict == MISSING:
        asks = [wording["missing"]["ask"]]
        facts = fact_line(finding)
        if facts:
            asks.append(facts[:1].upper() + facts[1:] + ".")
        return " ".join(asks)
    asks = [wording[r.kind]["ask"].format(asked=r.asked, found=r.found) for r in finding.reasons]
    return " ".join(dict.fromkeys(asks))


def _draft_cell(finding: Finding) -> str:
    if finding.verdict == MISSING:
        return ""
    quotes = [r.quote for r in finding.reasons if r.quote]
    if quotes:
        return " ".join(dict.fromkeys(quotes))
    text = " ".join(finding.text.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + " …"
    return text


def report_document(comparison: Comparison, slug: str) -> Document:
    """Return the report as a document (``{slug}-compare``), laid out like every other."""
    text = report_markdown(comparison)
    w = words()
    return Document(
        kind="compare",
        stem=f"{slug}-compare",
        title=w["title"].format(student=comparison.student),
        subject=w["subject"],
        text=text,
        source=skeleton_path("compare.md.j2"),
    )


def report_markdown(comparison: Comparison) -> str:
    """Return the report as Markdown."""
    w = words()
    sections = []
    for key, title in w["sections"].items():
        rows = []
        for finding in comparison.findings:
            if finding.item.section != key:
                continue
            rows.append(
                {
                    "title": finding.item.title,
                    "summary": finding.item.summary,
                    "facts": fact_line(finding),
                    "where": finding.where,
                    "draft": _draft_cell(finding),
                    "reasons": [reason_text(r) for r in finding.reasons],
                    "verdict": w["verdicts"][finding.verdict],
                    "ask": ask_text(finding),
                }
            )
        if rows:
            sections.append({"title": title, "rows": rows})
    counts = {verdict: comparison.count(verdict) for verdict in VERDICTS}
    by_verdict = {
        verdict: [
            {
                "title": f.item.title,
                "reasons": "; ".join(reason_text(r) for r in f.reasons),
            }
            for f in comparison.findings
            if f.verdict == verdict
        ]
        for verdict in VERDICTS
    }
    phrases = Counter(place.phrase for place in comparison.vague)
    values = {
        "student": comparison.student,
        "name": comparison.name,
        "draft": comparison.draft.path.name,
        "pages": comparison.draft.pages,
        "today": american_date(comparison.today),
        "total": len(comparison.findings),
        "counts": counts,
        "by": by_verdict,
        "labels": w["verdicts"],
        "sections": sections,
        "vague": comparison.vague,
        "phrases": [f"“{p}” ({n})" for p, n in phrases.most_common()],
    }
    return render(skeleton("compare.md.j2"), values)


def letter_notes(comparison: Comparison) -> str | None:
    """Return the Markdown list of missing and weaker items for the follow-up letter's notes,
    or ``None`` when there is none."""
    w = words()["letter"]
    lines = []
    for finding in comparison.findings:
        title = escape(finding.item.title)
        if finding.verdict == MISSING:
            facts = fact_line(finding)
            facts = f" ({escape(facts)})" if facts else ""
            lines.append("- " + w["missing"].format(title=title, facts=facts))
        elif finding.verdict == WEAKER:
            reasons = "; ".join(escape(reason_text(r)) for r in finding.reasons)
            lines.append("- " + w["weaker"].format(title=title, reasons=reasons))
    if not lines:
        return None
    intro = w["intro"].format(draft=escape(comparison.draft.path.name))
    return intro + "\n\n" + "\n".join(lines)
