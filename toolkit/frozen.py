"""A base for values that are set once: what ``@dataclass(frozen=True)`` gives, made cheaper.

A frozen dataclass generates (and compiles) its own ``__setattr__``, ``__delattr__`` and
``__hash__`` for every class, which is most of what defining it costs; ``srkit check`` defines
dozens. A plain ``@dataclass`` deriving from :class:`Frozen` shares one pair instead: each
field is set once, by ``__init__``, and never again. Unlike a frozen dataclass it is not
hashable (no value here is used as a key).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar


class Frozen:
    """A dataclass value whose fields cannot be changed once ``__init__`` has set them."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__ or name not in self.__dataclass_fields__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
