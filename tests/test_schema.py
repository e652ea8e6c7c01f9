"""The shipped JSON Schema (schemas/case-1.schema.json, for editors' YAML plugins) is the one
the case model makes, and the example cases and the starter all validate
against it."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import IEP, NO_PLAN, ROOT, SECTION_504, run_cli

from toolkit.case.load import load_yaml
from toolkit.case.model import json_schema

SCHEMA = ROOT / "schemas" / "case-1.schema.json"
REGENERATE = "run `python -m toolkit schema > schemas/case-1.schema.json`"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_shipped_schema_is_the_models_schema():
    shipped = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert shipped == json_schema(), f"the case model changed: {REGENERATE}"


def test_schema_command_prints_the_shipped_schema():
    code, stdout, _ = run_cli("schema")
    assert code == 0
    assert json.loads(stdout) == json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "case",
    [IEP, SECTION_504, NO_PLAN, ROOT / "templates" / "starter.yaml"],
    ids=["iep", "504", "none", "starter"],
)
def test_cases_validate_against_the_schema(validator, case):
    # read as an editor's YAML 1.2 plugin reads it: dates and times stay strings
    data = load_yaml(case).data
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("srkit: 1\nstudent: {name: Maya}\nacommodations: [shortened-day]\n", []),
        ("srkit: 1\nstudent: {name: Maya, pronouns: she}\n", ["student", "pronouns"]),
        ("srkit: 2\nstudent: {name: Maya}\n", ["srkit"]),
        ("srkit: 1\nstudent: {school: Lincoln}\n", ["student"]),
        ("srkit: 1\nstudent: {name: Maya, birth_date: 2010-02-30}\n", ["student", "birth_date"]),
    ],
    ids=["unknown-key", "bad-pronouns", "bad-version", "missing-name", "bad-date"],
)
def test_schema_rejects_what_check_rejects(validator, text, where):
    errors = list(validator.iter_errors(load_yaml("case.yaml", text=text).data))
    assert [list(error.path) for error in errors] == [where]


@pytest.mark.parametrize("plan", ["504", '"504"', "iep", "none"])
def test_schema_accepts_every_plan_spelling(validator, plan):
    data = load_yaml("case.yaml", text=f"srkit: 1\nstudent: {{name: Maya, plan: {plan}}}\n").data
    assert list(validator.iter_errors(data)) == []


def _case_models(annotation, seen: set) -> list:
    """Return every pydantic model reachable from ``annotation`` (through lists, unions…)."""
    import typing

    from pydantic import BaseModel

    found = []
    if typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            found += _case_models(argument, seen)
    elif (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and annotation not in seen
    ):
        seen.add(annotation)
        found.append(annotation)
        for field in annotation.model_fields.values():
            found += _case_models(field.annotation, seen)
    return found


def test_every_key_of_the_case_format_is_documented():
    """docs/case-format.md (and docs/daily-log.md for the decision rules) names every key a
    case file may have, as `key` or inside a {key, key} list."""
    import re

    from toolkit.case.model import Case

    docs = "".join(
        (ROOT / "docs" / name).read_text(encoding="utf-8")
        for name in ("case-format.md", "daily-log.md")
    )
    keys = {
        (model.__name__, field.alias or name)
        for model in _case_models(Case, set())
        for name, field in model.model_fields.items()
    }
    assert len(keys) > 50
    undocumented = sorted(
        f"{model}.{key}"
        for model, key in keys
        if f"`{key}`" not in docs and not re.search(r"[{,] ?" + re.escape(key) + r"\b", docs)
    )
    assert undocumented == []
