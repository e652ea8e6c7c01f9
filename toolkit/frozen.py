"""Bases for values that are set once (:class:`Frozen`: what ``@dataclass(frozen=True)``
gives) and for records a stage fills in (:class:`Record`: what ``@dataclass`` gives), made
cheaper.

Defining a dataclass generates Python source for each of its methods and compiles it, one
class at a time: about a millisecond for a frozen one (``__init__``, ``__repr__``, ``__eq__``,
``__setattr__``, ``__delattr__``, ``__hash__``), and ``srkit check`` defines dozens. A class
deriving from :class:`Frozen` (or :class:`Record`) is made a dataclass when it is defined,
with nothing generated: its methods are shared by every such class and behave as a frozen
dataclass's (a dataclass's) do. Fields are taken by position or name, in order, with their
defaults and default factories; compared, hashed and shown in order; a Frozen value's are set
once by ``__init__`` and never again (:class:`dataclasses.FrozenInstanceError`).
``dataclasses.fields``, ``replace`` and ``asdict`` work as on any dataclass.

    class Blank(Frozen):
        label: str
        line: int | None = None

What a shared ``__init__`` does not do is refused when the class is defined: keyword-only
fields, fields left out of ``__init__`` and ``__post_init__`` (use ``@dataclass(frozen=True)``
for those).
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING, FrozenInstanceError
from reprlib import recursive_repr
from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
class Frozen:
    """A dataclass value whose fields cannot be changed once ``__init__`` has set them."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        _make_dataclass(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _init(self, args, kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__ or name not in self.__dataclass_fields__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        return _eq(self, other)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _layout(self.__class__).hashed))

    @recursive_repr()
    def __repr__(self) -> str:
        return _repr(self)


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
class Record:
    """A dataclass whose fields a stage fills in as it goes: as :class:`Frozen`, with fields
    that can be set again; not hashable (as a dataclass that is not frozen)."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]
    __hash__ = None  # type: ignore[assignment]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        _make_dataclass(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _init(self, args, kwargs)

    def __eq__(self, other: object) -> bool:
        return _eq(self, other)

    @recursive_repr()
    def __repr__(self) -> str:
        return _repr(self)


def _make_dataclass(cls: type) -> None:
    # nothing is generated for the class: Frozen's and Record's methods serve every such class
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    _Layout.check(cls)


def _init(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    layout = _LAYOUTS.get(self.__class__) or _layout(self.__class__)
    values = layout.bind(args, kwargs) if kwargs or len(args) != len(layout.names) else args
    # set in field order, as a dataclass's __init__ does, without Frozen.__setattr__'s check
    self.__dict__.update(zip(layout.names, values, strict=False))


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = _layout(self.__class__).compared
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _layout(self.__class__).shown)
    return f"{self.__class__.__qualname__}({shown})"


_REQUIRED = object()  # a field without a default
_UNSET = object()  # a field __init__ was given no value for


class _Layout:
    """A Frozen class's fields: taken by ``__init__``, compared, hashed and shown, in order."""

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        self.qualname = cls.__qualname__
        self.names = tuple(f.name for f in fields)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.defaults = tuple(
            _REQUIRED if f.default is MISSING and f.default_factory is MISSING else f.default
            for f in fields
        )
        self.factories = tuple(
            None if f.default_factory is MISSING else f.default_factory for f in fields
        )
        self.compared = tuple(f.name for f in fields if f.compare)
        self.hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        self.shown = tuple(f.name for f in fields if f.repr)

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """Return the value of every field for ``__init__(*args, **kwargs)``, in order."""
        if len(args) > len(self.names):
            raise self.error(
                f"takes {len(self.names) + 1} positional arguments but {len(args) + 1} were given"
            )
        values = [*args, *(_UNSET,) * (len(self.names) - len(args))]
        for name, value in kwargs.items():
            i = self.index.get(name)
            if i is None:
                raise self.error(f"got an unexpected keyword argument '{name}'")
            if i < len(args):
                raise self.error(f"got multiple values for argument '{name}'")
            values[i] = value
        missing = []
        for i in range(len(args), len(values)):
            if values[i] is _UNSET:
                factory = self.factories[i]
                values[i] = self.defaults[i] if factory is None else factory()
                if values[i] is _REQUIRED:
                    missing.append(self.names[i])
        if missing:
            raise self.missing(missing)
        return values

    @staticmethod
    def check(cls: type) -> None:
        """Refuse what the shared ``__init__`` does not do."""
        odd = [f.name for f in dataclasses.fields(cls) if not f.init or f.kw_only is True]
        if odd or hasattr(cls, "__post_init__"):
            raise TypeError(
                f"{cls.__qualname__}: a Frozen value takes every field by position or name "
                f"({', '.join(odd) or '__post_init__'}); use @dataclass(frozen=True)"
            )

    def error(self, text: str) -> TypeError:
        return TypeError(f"{self.qualname}.__init__() {text}")

    def missing(self, names: list[str]) -> TypeError:
        quoted = [f"'{n}'" for n in names]
        listed = (
            quoted[0]
            if len(quoted) == 1
            else ", ".join(quoted[:-1]) + ("," if len(quoted) > 2 else "") + f" and {quoted[-1]}"
        )
        plural = "s" if len(names) > 1 else ""
        return self.error(f"missing {len(names)} required positional argument{plural}: {listed}")


_LAYOUTS: dict[type, _Layout] = {}


def _layout(cls: type) -> _Layout:
    """Return the layout of ``cls``'s fields, found once per class."""
    layout = _LAYOUTS.get(cls)
    if layout is None:
        layout = _LAYOUTS[cls] = _Layout(cls)
    return layout
