"""A Frozen value behaves as the frozen dataclass it replaces: same fields, equality, hash,
repr, ``replace`` and ``asdict``; no field can be set again or deleted."""

from __future__ import annotations

import dataclasses
import pickle
import re
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from toolkit.frozen import Frozen, Record


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


def test_init_takes_fields_by_position_and_name_as_a_dataclass_does():
    for args, kwargs in [
        (("a",), {}),
        (("a", 2, ("x",), "n", "s", [1]), {}),
        ((), {"name": "a", "items": [3], "count": 4}),
        (("a", 5), {"tags": ("y",), "secret": "s"}),
    ]:
        ours, reference = Value(*args, **kwargs), Reference(*args, **kwargs)
        assert dataclasses.astuple(ours) == dataclasses.astuple(reference)
        assert list(vars(ours)) == list(vars(reference))  # set in field order
    default = Value("a")
    assert default.items == [] and default.items is not Value("a").items
    assert Child("a", 1, extra=True).extra is True


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "Value.__init__() missing 1 required positional argument: 'name'"),
        (("a", 1, (), "", "", [], 7), {}, "takes 7 positional arguments but 8 were given"),
        (("a",), {"name": "b"}, "got multiple values for argument 'name'"),
        (("a",), {"colour": "red"}, "got an unexpected keyword argument 'colour'"),
    ],
)
def test_a_wrong_call_is_a_type_error(args, kwargs, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        Value(*args, **kwargs)
    with pytest.raises(TypeError):
        Reference(*args, **kwargs)


def test_two_and_three_missing_fields_are_named_as_python_names_them():
    class Three(Frozen):
        """Three fields without defaults."""

        a: int
        b: int
        c: int

    with pytest.raises(TypeError, match="missing 2 required positional arguments: 'b' and 'c'"):
        Three(1)
    with pytest.raises(TypeError, match="arguments: 'a', 'b', and 'c'"):
        Three()


def test_what_the_shared_init_cannot_do_is_refused_when_the_class_is_defined():
    with pytest.raises(TypeError, match="use @dataclass"):

        class Later(Frozen):
            """A field left out of __init__."""

            a: int = field(default=0, init=False)

    with pytest.raises(TypeError, match="use @dataclass"):

        class Checked(Frozen):
            """A __post_init__."""

            a: int

            def __post_init__(self) -> None:
                pass


def test_a_value_pickles_and_copies():
    value = Child("a", 1, ("x",), items=[1, 2], extra=True)
    assert pickle.loads(pickle.dumps(value)) == value


class Filled(Record):
    """A record with the same kinds of fields."""

    name: str
    count: int = 0
    note: str = field(default="", compare=False)
    items: list[int] = field(default_factory=list)


@dataclass
class FilledReference:
    """The same fields, as a dataclass."""

    name: str
    count: int = 0
    note: str = field(default="", compare=False)
    items: list[int] = field(default_factory=list)


def test_a_record_behaves_as_a_dataclass_and_can_be_filled_in():
    ours, reference = Filled("a", items=[1]), FilledReference("a", items=[1])
    assert repr(ours) == repr(reference).replace("FilledReference(", "Filled(", 1)
    assert dataclasses.asdict(ours) == dataclasses.asdict(reference)
    ours.count += 1
    ours.items.append(2)
    assert ours == Filled("a", 1, "other note", [1, 2])
    assert ours != Filled("a", 2, items=[1, 2])
    with pytest.raises(TypeError, match="unhashable"):
        hash(ours)
    with pytest.raises(TypeError, match="unhashable"):
        hash(reference)
    assert pickle.loads(pickle.dumps(ours)) == ours
