"""Browsing the library (`srkit snippets`) and suggestions (`srkit suggest`)."""

from __future__ import annotations

import json
import textwrap

from click.testing import CliRunner

from toolkit.cli.app import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_list_json_shows_the_whole_catalogue():
    result = run("snippets", "list", "--json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    by_kind: dict[str, int] = {}
    for record in records:
        assert {"id", "kind", "title", "summary", "addresses", "plans", "params"} <= set(record)
        by_kind[record["kind"]] = by_kind.get(record["kind"], 0) + 1
    assert by_kind["accommodation"] == 17
    assert by_kind["intervention"] == 10
    assert by_kind["phase"] == 5
    assert by_kind["credit-recovery"] >= 6
    flexible = next(r for r in records if r["id"] == "flexible-arrival")
    assert "latest_arrival" in flexible["params"]
    assert flexible["params"]["latest_arrival"]["description"]


def test_list_filters_by_kind_and_barrier():
    result = run(
        "snippets", "list", "--kind", "intervention", "--addresses", "separation", "--json"
    )
    ids = {r["id"] for r in json.loads(result.stdout)}
    assert "family-school-coordination" in ids
    assert all(r["kind"] == "intervention" for r in json.loads(result.stdout))
    bad = run("snippets", "list", "--addresses", "anxeity")
    assert bad.exit_code == 2
    assert "did you mean 'anxiety'?" in bad.stderr


def test_show_shortened_day_reads_as_measurable_plan_language():
    result = run("snippets", "show", "shortened-day")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Shortened school day  (shortened-day, accommodation)")
    assert "Beginning [start date], the student attends school for" in out
    assert "no more than 30 school days at a time" in out  # how long
    assert "every 5 school days" in out  # how it is reviewed
    assert "limit_days (manner; default: 30)" in out
    assert "Why it helps:" in out
    assert "34 CFR 300.320(a)(7): the IEP states when services" in out
    plan504 = run("snippets", "show", "shortened-day", "--plan", "504").stdout
    assert "Section 504 team" in plan504 and "IEP" not in plan504.split("Parameters:")[0]


def test_show_unknown_id_hints_the_nearest():
    result = run("snippets", "show", "safe-spase")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "srkit: error: no snippet 'safe-spase'",
        "  hint: did you mean 'safe-space'?",
    ]


def test_suggest_names_fitting_snippets_with_reasons(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        textwrap.dedent("""\
        srkit: 1
        student: { name: Kai Moreno, plan: "504" }
        barriers: [separation, sensory, anxiety]
        accommodations: [safe-space]
        """),
        encoding="utf-8",
    )
    result = run("suggest", str(case))
    assert result.exit_code == 0
    out = result.stdout
    assert f"Separation (separation)  nothing in the plan addresses it yet  [{case}:3]" in out
    assert "family-school coordination" in out  # the functional-model note
    assert "- family-school-coordination (intervention, add under interventions)" in out
    assert "Sensory overload (sensory)" not in out  # safe-space already addresses it
    data = json.loads(run("suggest", str(case), "--json").stdout)
    assert [gap["barrier"] for gap in data["uncovered"]] == ["separation"]
    first = data["uncovered"][0]["suggestions"][0]
    assert first["reason"].startswith("addresses separation")


def test_suggest_when_everything_is_covered(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        "srkit: 1\nstudent: { name: Kai }\nbarriers: [sensory]\n"
        "accommodations: [sensory-environment]\n",
        encoding="utf-8",
    )
    result = run("suggest", str(case))
    assert result.stdout.startswith("Every barrier in")
