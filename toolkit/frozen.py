"""A base for values that are set once: what ``@dataclass(frozen=True)`` gives, made cheaper.

Defining a dataclass generates Python source for each of its methods and compiles it, one
class at a time: about a millisecond for a frozen one (``__init__``, ``__repr__``, ``__eq__``,
``__setattr__``, ``__delattr__``, ``__hash__``), and ``srkit check`` defines dozens. A class
deriving from :class:`Frozen` is made a dataclass when it is defined, with only its
``__init__`` generated; the other five are shared by every such class and behave as a frozen
dataclass's do: fields compared, hashed and shown in order, each set once by ``__init__`` and
never again (:class:`dataclasses.FrozenInstanceError`). ``dataclasses.fields``, ``replace``
and ``asdict`` work as on any dataclass.

    class Blank(Frozen):
        label: str
        line: int | None = None

Dataclass options go with the base: ``class Entry(Frozen, kw_only=True)``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError
from reprlib import recursive_repr
from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
class Frozen:
    """A dataclass value whose fields cannot be changed once ``__init__`` has set them."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __init_subclass__(cls, **options: Any) -> None:
        super().__init_subclass__()
        # only __init__ is generated for each class; the methods below serve them all
        dataclasses.dataclass(cls, repr=False, eq=False, **options)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__ or name not in self.__dataclass_fields__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _names(self.__class__).compared
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _names(self.__class__).hashed))

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(self.__class__).shown)
        return f"{self.__class__.__qualname__}({shown})"


class _Names:
    """The fields a frozen dataclass would compare, hash and show, in order."""

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        self.compared = tuple(f.name for f in fields if f.compare)
        self.hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        self.shown = tuple(f.name for f in fields if f.repr)


_NAMES: dict[type, _Names] = {}


def _names(cls: type) -> _Names:
    """Return the names of ``cls``'s fields, found once per class."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = _Names(cls)
    return names
