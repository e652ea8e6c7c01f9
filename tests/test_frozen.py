"""A Frozen value behaves as the frozen dataclass it replaces: same fields, equality, hash,
repr, ``replace`` and ``asdict``; no field can be set again or deleted."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from toolkit.frozen import Frozen


class Value(Frozen):
    """A value with every kind of field a frozen dataclass can have."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)
    items: list[int] = field(default_factory=list, hash=False)


@dataclass(frozen=True)
class Reference:
    """The same fields, as a frozen dataclass."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)
    items: list[int] = field(default_factory=list, hash=False)


class Child(Value):
    """A value deriving from another adds its fields after the parent's."""

    extra: bool = False


class KeywordOnly(Frozen, kw_only=True):
    """Dataclass options go with the base."""

    first: int
    second: int = 2


def both(**kwargs):
    return Value(**kwargs), Reference(**kwargs)


def test_the_fields_and_the_generated_init_are_a_dataclass_s():
    ours, reference = both(name="a", count=2, tags=("x",), note="n", secret="s", items=[1])
    assert dataclasses.is_dataclass(ours)
    assert [f.name for f in dataclasses.fields(ours)] == [
        f.name for f in dataclasses.fields(reference)
    ]
    assert dataclasses.asdict(ours) == dataclasses.asdict(reference)
    assert Value("a", 2).count == 2
    assert Value("a").items == [] and Value("a").items is not Value("a").items
    with pytest.raises(TypeError):
        Value()  # type: ignore[call-arg]


def test_repr_is_the_frozen_dataclass_s():
    ours, reference = both(name="a", count=2, tags=("x",), note="n", secret="s", items=[1])
    assert repr(ours) == repr(reference).replace("Reference(", "Value(", 1)
    assert repr(Child("b", extra=True)).startswith("Child(name='b', count=0")


def test_equality_compares_the_compared_fields_of_the_same_class():
    assert Value("a", 1, note="one") == Value("a", 1, note="other")
    assert Value("a", 1) != Value("a", 2)
    assert Value("a") != Child("a")
    assert Value("a") != Reference("a")
    assert Value("a").__eq__("a") is NotImplemented


def test_hash_is_the_frozen_dataclass_s():
    ours, reference = both(name="a", count=2, tags=("x",), note="n", items=[1])
    assert hash(ours) == hash(reference)
    assert {ours: 1}[Value("a", 2, ("x",), note="other", items=[1])] == 1
    assert hash(Child("a")) == hash(("a", 0, (), "", False))


def test_a_field_is_set_once():
    value = Value("a")
    with pytest.raises(FrozenInstanceError):
        value.name = "b"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        value.other = 1  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        del value.name  # type: ignore[misc]
    assert dataclasses.replace(value, name="b") == Value("b")
    assert value.name == "a"


def test_options_given_with_the_base_apply():
    assert KeywordOnly(first=1) == KeywordOnly(first=1, second=2)
    with pytest.raises(TypeError):
        KeywordOnly(1)  # type: ignore[misc]


def test_a_value_pickles_and_copies():
    value = Child("a", 1, ("x",), items=[1, 2], extra=True)
    assert pickle.loads(pickle.dumps(value)) == value
