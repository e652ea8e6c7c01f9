"""The built-in library: complete, consistent, renderable, and written the way domain.md asks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from toolkit import markers
from toolkit.case.model import BARRIERS
from toolkit.library.catalogue import sample_context
from toolkit.library.citations import cites_in, registry
from toolkit.library.snippets import _builtin_paths, load_library, load_snippet
from toolkit.text import render

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = sorted(
    p for p in (ROOT / "snippets").rglob("*.md") if p.name != "README.md" and ".es." not in p.name
)
ACCOMMODATIONS = [
    "shortened-day",
    "flexible-arrival",
    "safe-space",
    "trusted-adult",
    "check-in-check-out",
    "reduced-workload",
    "alternative-formats",
    "modified-schedule",
    "hybrid-setting",
    "scheduled-breaks",
    "transition-support",
    "sensory-environment",
    "testing-accommodations",
    "attendance-flexibility",
    "safety-plan",
    "home-school-communication",
    "interim-home-instruction",
]
INTERVENTIONS = [
    "counseling",
    "cbt-exposure",
    "executive-function-coaching",
    "sensory-supports",
    "social-skills-support",
    "family-school-coordination",
    "fba-bip",
    "health-coordination",
    "safety-response",
    "academic-skill-support",
]
PHASES = ["parking-lot", "re-entry", "build-tolerance", "expand-participation", "stabilization"]
CREDIT = [
    "essential-work-only",
    "online-coursework",
    "summer-session",
    "extended-timeline",
    "additional-year",
]
BLOCKS = [
    "plan-statement",
    "data-collection",
    "distress-scale",
    "review-schedule",
    "decision-rules",
    "tracking-sheet",
    "reduced-day",
]
FORBIDDEN = re.compile(
    r"\b(refuses?|refusing|refusal to attend|chooses? not|defian\w*|"
    r"manipulat\w*|lazy|TBD|TODO|lorem|XXX)\b",
    re.IGNORECASE,
)


def _render_all(snippet, plan: str) -> str:
    """Return every text of a snippet rendered with its defaults and a real start date."""
    from toolkit.documents.plan import phase_text

    context = {**sample_context(plan), "start_date": dt.date(2027, 1, 11)}
    if snippet.phase is None:
        return render(snippet.body, {**context, **snippet.defaults(plan)})
    phase = phase_text(1, snippet, {}, context)
    parts = [
        phase.intro,
        phase.goal,
        phase.attendance,
        phase.length,
        phase.move_on,
        phase.hold,
        phase.step_back,
        *phase.steps,
        *phase.supports,
        *phase.data,
    ]
    return "\n".join(str(p) for p in parts if p)


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_catalogue_has_every_id_domain_md_names(library):
    for ids, kind in (
        (ACCOMMODATIONS, "accommodation"),
        (INTERVENTIONS, "intervention"),
        (PHASES, "phase"),
        (CREDIT, "credit-recovery"),
        (BLOCKS, "block"),
    ):
        for snippet_id in ids:
            assert library[snippet_id].kind == kind, snippet_id
    extra_credit = set(library.ids("credit-recovery")) - set(CREDIT)
    assert extra_credit, "at least one more credit-recovery option a district might offer"


def test_ids_are_unique_file_names():
    stems = [p.stem for p in SNIPPETS]
    assert len(stems) == len(set(stems))
    assert set(_builtin_paths()) == set(stems)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_passes_the_full_check(path):
    # the full check: front matter, every variable declared, every parameter used, Markdown
    snippet = load_snippet(path)
    assert snippet.id == path.stem
    assert not snippet.warnings


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
@pytest.mark.parametrize("plan", ["iep", "504", "none"])
def test_snippet_renders_with_defaults_for_every_plan_type(path, plan):
    snippet = load_snippet(path)
    text = _render_all(snippet, plan)
    assert text.strip(), "empty text"
    decisions = {
        str(spec.value(plan)) for spec in snippet.params.values() if spec.kind == "decision"
    }
    left = set(markers.find_placeholders(text))
    assert left <= decisions, "a placeholder that is not a decision parameter's default"
    assert not FORBIDDEN.search(text), FORBIDDEN.search(text).group(0)
    if plan == "504":
        assert "IEP" not in text, "a Section 504 text speaks of an IEP"
        assert not any(c.startswith("34 CFR 300.") for c in cites_in(text)), "IDEA cited for 504"
    if plan == "none":
        assert not re.search(r"\bthe IEP\b", text)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_citations_come_from_the_registry(path):
    snippet = load_snippet(path)
    known = registry()
    assert set(snippet.citations) <= set(known)
    for plan in ("iep", "504", "none"):
        for cite in cites_in(_render_all(snippet, plan)):
            assert cite in known, f"{cite} is not in the citation registry"
            assert cite in snippet.citations, f"{cite} is cited in the text but not declared"


def test_the_plan_skeleton_cites_only_registry_provisions():
    skeleton = (ROOT / "templates" / "plan.md.j2").read_text(encoding="utf-8")
    assert set(cites_in(skeleton)) <= set(registry())


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_summary_is_one_short_plain_sentence(path):
    snippet = load_snippet(path)
    summary = snippet.summary
    assert summary.endswith("."), summary
    assert len(summary.split()) <= 30, summary
    assert len(re.findall(r"[.!?](?:\s|$)", summary)) == 1, f"more than one sentence: {summary}"
    assert "{" not in summary
    assert len(snippet.rationale.split()) >= 8, "rationale too thin"


def test_every_barrier_has_two_accommodations_and_an_intervention(library):
    for barrier in BARRIERS:
        accommodations = [
            s for s in library.all() if s.kind == "accommodation" and barrier in s.addresses
        ]
        interventions = [
            s for s in library.all() if s.kind == "intervention" and barrier in s.addresses
        ]
        assert len(accommodations) >= 2, barrier
        assert len(interventions) >= 1, barrier


def test_measurable_accommodations_and_interventions_state_when_and_review():
    for path in SNIPPETS:
        snippet = load_snippet(path)
        if snippet.kind not in ("accommodation", "intervention"):
            continue
        text = _render_all(snippet, "iep")
        assert "January 11, 2027" in text, f"{snippet.id}: no start (from when)"
        assert re.search(r"review", text, re.I), f"{snippet.id}: no review"
        assert re.search(r"\d", text.replace("January 11, 2027", "")), f"{snippet.id}: no numbers"


def _decision_values(snippet) -> dict[str, str]:
    return {
        name: f"the {name.replace('_', ' ')} the team chose"
        for name, spec in snippet.params.items()
        if spec.kind == "decision"
    }


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_a_snippet_with_every_decision_made_has_no_blank(path):
    """Every blank a snippet prints is one of its decision parameters: once the team has
    named them all, the text is complete."""
    from toolkit.documents.plan import phase_text

    snippet = load_snippet(path)
    chosen = _decision_values(snippet)
    context = {**sample_context("iep"), "start_date": dt.date(2027, 1, 11)}
    if snippet.phase is None:
        text = render(snippet.body, {**context, **snippet.defaults("iep"), **chosen})
    else:
        phase = phase_text(1, snippet, chosen, context)
        text = "\n".join(str(p) for p in (phase.goal, *phase.steps, *phase.supports) if p)
    assert not markers.find_placeholders(text)


TEAM_DECISION_WORDS = re.compile(
    r"the team (names|sets|picks|chooses)|that the team names|team names as", re.IGNORECASE
)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_no_team_decision_reads_as_finished_text(path):
    """A default standing for a decision the team has not made ("a quiet room the team
    names") must be a highlighted blank, never text that looks finished."""
    snippet = load_snippet(path)
    for name, spec in snippet.params.items():
        defaults = spec.default.values() if isinstance(spec.default, dict) else [spec.default]
        for default in defaults:
            assert not TEAM_DECISION_WORDS.search(str(default)), f"{name}: {default}"
    assert not TEAM_DECISION_WORDS.search(snippet.body), "a decision written into the text"


def test_snippets_list_json_marks_every_default_decision_or_manner():
    """`snippets list --json` tells a form or editor which defaults are blanks to fill: every
    parameter is `decision` or `manner`, and no decision default is plain text."""
    import json

    from conftest import run_cli

    code, stdout, _ = run_cli("snippets", "list", "--json")
    assert code == 0
    records = json.loads(stdout)
    kinds = [p["kind"] for r in records for p in r["params"].values()]
    assert set(kinds) == {"decision", "manner"}
    assert kinds.count("decision") >= 25
    for record in records:
        for name, param in record["params"].items():
            defaults = (
                list(param["default"].values())
                if isinstance(param["default"], dict)
                else [param["default"]]
            )
            for default in defaults:
                blank = isinstance(default, str) and re.fullmatch(r"\[[^\[\]]+\]", default)
                if param["kind"] == "decision":
                    assert blank, f"{record['id']}.{name}: decision default is plain text"
                else:
                    assert not blank, f"{record['id']}.{name}: a blank marked as manner"


def test_roles_follow_the_plan_type():
    """The staff role that coordinates a support is the case manager in an IEP, the Section
    504 coordinator in a 504 plan and the school counselor without a plan."""
    library = load_library()
    for plan, role, wrong in (
        ("iep", "case manager", "Section 504 coordinator"),
        ("504", "Section 504 coordinator", "case manager"),
        ("none", "school counselor", "case manager"),
    ):
        text = _render_all(library["shortened-day"], plan)
        assert f"the {role} gives" in text
        assert wrong not in text
