"""Where the shipped data lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """Return the folder ``name`` (``snippets``, ``templates`` or ``schemas``).

    A wheel carries it inside the package; a source checkout (editable install, tests) has it
    next to the package.
    """
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def load_data(text: str) -> Any:
    """Return the data in a YAML file shipped with srkit, read as ``yaml.safe_load`` reads it
    but with PyYAML's C parser when it has one (several times faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def data_file(name: str) -> Path:
    """Return the path of a data file shipped inside the package (``toolkit/data``)."""
    return _PACKAGE / "data" / name
