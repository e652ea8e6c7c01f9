"""The quick validation path (``toolkit.case.fast``) and the pydantic models agree.

A case the quick path accepts is the case the models make, value for value and type for type;
a case the models refuse, the quick path declines (so every error message, line and hint is
still the models'). Checked on every example, every bad-input corpus item, and thousands of
cases made by changing one value or key of an example into something unusual or wrong.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import DATA, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from test_corpus import CASE_NAME, ITEMS

from toolkit.case import model, types
from toolkit.case.fast import plain_case
from toolkit.case.load import ScalarFloat, ScalarInt, load_yaml
from toolkit.errors import ToolkitError

EXAMPLES = [*sorted((ROOT / "examples").glob("*.yaml")), DATA / "numbered-lists.yaml"]


def copied(value: Any) -> Any:
    """Return a copy of case data: new mappings and lists, the same (immutable) values."""
    if isinstance(value, dict):
        return {key: copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copied(item) for item in value]
    return value


def by_models(data: Any) -> types.Case | None:
    """Return the case the pydantic models make of ``data`` (as plain types), or None."""
    try:
        return model.to_plain(model.Case.model_validate(data))
    except ValidationError:
        return None


def same(a: Any, b: Any) -> bool:
    """Return whether two case values are equal and of the same types all the way down
    (``5 == 5.0`` is not enough: a document prints them differently)."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def agree(data: Any) -> bool:
    """Return whether the quick path accepted ``data``; fail when it disagrees with the models."""
    quick = plain_case(copied(data))
    if quick is None:
        return False
    slow = by_models(copied(data))
    assert slow is not None, f"the quick path accepts a case the models refuse: {data!r}"
    assert same(quick, slow), f"the two paths make different cases of {data!r}"
    return True


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_examples_take_the_quick_path_to_the_same_case(path):
    assert agree(load_yaml(path).data), f"{path.name} is plainly valid, yet declined"


def corpus_data() -> list[tuple[str, Any]]:
    found = []
    for item in ITEMS:
        path = item.source / CASE_NAME if item.source.is_dir() else item.source
        try:
            found.append((item.name, load_yaml(path).data))
        except (ToolkitError, OSError):
            continue  # not YAML a case can be read from: refused before validation
    return found


def test_the_bad_input_corpus_agrees():
    """Every corpus item the models refuse, the quick path declines; the few whose fault is
    elsewhere (an unknown snippet id, a log that is missing) it reads as the models do."""
    items = corpus_data()
    assert len(items) > 150
    refused = 0
    for name, data in items:
        if by_models(copied(data)) is None:
            refused += 1
            assert plain_case(copied(data)) is None, f"{name}: the quick path accepts it"
        else:
            agree(data)
    assert refused > 80


# -- one change to an example at a time ---------------------------------------------------------

BASE = [load_yaml(path).data for path in EXAMPLES]

ODD_VALUES = [
    None, True, False, 0, -1, 5, 504, 9, 61, 401, 10**40, 5.0, 2.5, -0.5, float("nan"),
    float("inf"), ScalarInt(8, "0008"), ScalarInt(5, "5"), ScalarFloat(9.3, "9.30"),
    ScalarFloat(4.0, "4.0"), "", " ", "  x  ", "x", "K", "kindergarten", "Post-12", "12", "IEP",
    " 504 ", "none", "504", "she/her", "They/Them", "2026-11-30", " 2026-11-30 ", "2026-02-30",
    "11/30/2026", "standard", "Standard", "en", "ES", "es", "table", "behind", "in progress",
    "meeting-request", "follow-up", "anxiety", "re-entry", "shortened-day", [], ["x"], [1],
    ["en", "es"], ["en", "en"], ["en", "es", "es"], {}, {"x": 1}, {"use": "re-entry"},
    {"title": "T", "goal": "G"}, {"shortened-day": None}, {"a": {"b": 1}}, {"name": "N"},
    {"type": "records-request"}, {"window": 2, "advance_met": 3},
]  # fmt: skip
ODD_KEYS = ["with", "with_", "from", "sender", "to", "end", "name", "extra", "use", "phases"]


def paths_in(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Return the path of every value inside ``value`` (mappings and lists), itself first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_in(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths_in(item, (*prefix, i))
    return found


def changed(data: Any, path: tuple, how: str, new: Any, key: str) -> Any:
    """Return a copy of ``data`` with the value at ``path`` replaced (``how`` "value"), its
    mapping given one more key (``"add"``), or the key removed (``"drop"``)."""
    data = copied(data)
    if not path:
        return new if how == "value" else data
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "value":
        parent[last] = new
    elif how == "add" and isinstance(parent[last], dict):
        parent[last][key] = new
    elif how == "drop" and isinstance(parent, dict):
        del parent[last]
    return data


@st.composite
def one_change(draw: st.DrawFn) -> Any:
    data = draw(st.sampled_from(BASE))
    path = draw(st.sampled_from(paths_in(data)))
    how = draw(st.sampled_from(["value", "value", "add", "drop"]))
    return changed(
        data, path, how, draw(st.sampled_from(ODD_VALUES)), draw(st.sampled_from(ODD_KEYS))
    )


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(one_change())
def test_a_changed_example_takes_the_quick_path_only_to_the_models_case(data):
    agree(data)


def test_the_changes_reach_both_paths():
    """The test above can fail: its changes make cases the quick path accepts, and cases the
    models refuse that it must decline."""
    accepted = refused = 0
    for base in BASE[:2]:
        for path in paths_in(base)[1:]:
            for new in ("  x  ", 5, None, "2026-02-30"):
                data = changed(base, path, "value", new, "")
                accepted += agree(data)
                refused += by_models(copied(data)) is None
    assert accepted > 50 and refused > 50


# -- the two descriptions of the format ---------------------------------------------------------


def models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(model).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__name__ in types.TYPES
    ]


@pytest.mark.parametrize("model_class", models(), ids=lambda m: m.__name__)
def test_each_model_has_a_plain_type_with_its_fields_and_defaults(model_class):
    plain = types.TYPES[model_class.__name__]
    fields = {f.name: f for f in dataclasses.fields(plain)}
    assert list(fields) == list(model_class.model_fields)
    for name, info in model_class.model_fields.items():
        field = fields[name]
        if info.is_required():
            assert field.default is dataclasses.MISSING, name
            assert field.default_factory is dataclasses.MISSING, name
            continue
        default = (
            field.default_factory()
            if field.default_factory is not dataclasses.MISSING
            else field.default
        )
        expected = info.get_default(call_default_factory=True)
        assert same(default, model.to_plain(expected)), f"{model_class.__name__}.{name}"


def test_every_model_of_the_case_has_a_plain_type():
    every = {
        value.__name__
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
    }
    not_case = {"Strict", "ConfigFile"}  # a base class; the user configuration file
    assert every - not_case == set(types.TYPES) == {m.__name__ for m in models()}
