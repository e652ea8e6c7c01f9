"""pydantic's validation errors turned into problems a person can act on: each at the line of
the value it is about, with a hint (the nearest valid key, the allowed values).
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toolkit.case.load import Document, dotted
from toolkit.case.model import HINT
from toolkit.errors import Problem, did_you_mean, quoted


def pydantic_problems(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """Return one ``Problem`` per pydantic error, placed at the line of the value it is about."""
    problems = []
    errors = exc.errors(include_url=False)
    for error in errors:
        loc = tuple(error["loc"])
        if (
            error["type"] == "literal_error"
            and isinstance(error.get("input"), list | dict)
            and len(errors) > 1
        ):
            continue  # the other branch of a `word | list` union explains the problem
        data_path = _data_path(doc.data, loc)
        kind = error["type"]
        message: str
        hint: str | None = None
        if kind == "extra_forbidden":
            key = str(loc[-1])
            line, col = doc.line_of(data_path, key=True)
            allowed = _allowed_keys(model, loc[:-1])
            where = dotted(data_path[:-1])
            message = f"unknown key {quoted(key)}" + (f" in {where}" if where else "")
            hint = did_you_mean(key, allowed) or (
                "allowed keys: " + ", ".join(allowed) if allowed else None
            )
        elif kind == "missing":
            key = str(loc[-1])
            line, col = doc.line_of(data_path, key=True)
            where = dotted(data_path)
            message = f"missing required key '{key}'" + (f" in {where}" if where else "")
            hint = _missing_hint(key)
        else:
            line, col = doc.line_of(data_path)
            where = dotted(data_path)
            text = error["msg"]
            if text.startswith("Value error, "):
                text = text[len("Value error, ") :]
            if HINT in text:
                text, hint = text.split(HINT, 1)
            elif kind in ("literal_error", "enum"):
                expected = str(error.get("ctx", {}).get("expected", ""))
                allowed = re.findall(r"'([^']*)'", expected) or [
                    part for part in re.split(r", | or ", expected) if part
                ]
                given = error.get("input")
                text = f"{quoted(given)} is not an allowed value"
                hint = (did_you_mean(str(given), allowed) or "") + (
                    " allowed: " + ", ".join(allowed)
                )
                hint = hint.strip()
            else:
                text = _plain(text, error)
                hint = _type_hint(error)
            message = f"{where}: {text}" if where else text
        problems.append(Problem(doc.path, line, message, hint, col))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return dedupe(problems)


def dedupe(problems: list[Problem]) -> list[Problem]:
    seen = set()
    result = []
    for p in problems:
        key = (p.line, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def _plain(text: str, error: ErrorDetails) -> str:
    given = error.get("input")
    if error["type"] in ("string_type",):
        return f"expected text, got {_shown(given)}"
    if error["type"] in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_shown(given)}"
    if error["type"] in ("float_type", "float_parsing"):
        return f"expected a number, got {_shown(given)}"
    if error["type"] == "list_type":
        return f"expected a list (lines starting with `- `), got {_shown(given)}"
    if error["type"] in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys, got {_shown(given)}"
    if error["type"] == "union_tag_invalid":
        return "not a valid phase"
    return text[0].lower() + text[1:] if text else text


def _type_hint(error: ErrorDetails) -> str | None:
    """Return a hint for a value of the wrong type, where one helps."""
    kind = error["type"]
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "write digits, e.g. 10"
    if kind in ("float_type", "float_parsing"):
        return "write a number, e.g. 3.5"
    if kind == "list_type":
        return "put each item on its own line starting with `- `, or write [a, b]"
    if kind == "string_type":
        if isinstance(error.get("input"), list | dict):
            return "write one value here, not a list or a mapping"
        return "put the value in quotes"
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(value)


def _missing_hint(key: str) -> str | None:
    return {
        "srkit": "add `srkit: 1` as the first line",
        "student": "add a `student:` section with at least `name:`",
        "name": "add `name:`",
        "type": "add `type:`, e.g. `type: meeting-request`",
        "title": "a custom phase needs `title:` and `goal:`",
        "goal": "a custom phase needs `title:` and `goal:`",
        "quote": "each claim needs the `quote:` exactly as it was said",
    }.get(key)


def _data_path(data: Any, loc: tuple) -> tuple:
    """Return the part of a pydantic ``loc`` that names real keys and indexes in ``data``."""
    path: list = []
    current = data
    for item in loc:
        if (isinstance(current, dict) and item in current) or (
            isinstance(current, list) and isinstance(item, int) and 0 <= item < len(current)
        ):
            path.append(item)
            current = current[item]
    return tuple(path)


def _leaf_types(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _leaf_types(arg)]
    return [annotation]


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    candidates: list[Any] = [model]
    for item in loc:
        following: list[Any] = []
        for cand in candidates:
            if isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(item, str):
                for name, info in cand.model_fields.items():
                    if item in (name, info.alias):
                        following += _leaf_types(info.annotation)
            elif typing.get_origin(cand) is list and isinstance(item, int):
                following += _leaf_types(typing.get_args(cand)[0])
            elif typing.get_origin(cand) is dict and isinstance(item, str):
                following += _leaf_types(typing.get_args(cand)[1])
        if following:
            candidates = following
    keys: list[str] = []
    for cand in candidates:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            keys += [info.alias or name for name, info in cand.model_fields.items()]
    return list(dict.fromkeys(keys))
