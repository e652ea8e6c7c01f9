"""Rendering text: one sandboxed Jinja environment, the words a case gives its documents, and
the helpers plan and letter text needs (pronouns that agree with their verb, American dates,
placeholders for missing facts).

Templates are our files (snippets, skeletons) or a user's snippet files. Case values are only
ever passed *into* templates as data: they are never compiled, so a parent who types ``{{ x }}``
in a note sees exactly that in the document. Every value printed into Markdown is escaped so
that it comes out as typed.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import math
import os
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, FileSystemBytecodeCache, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from toolkit import markers
from toolkit.frozen import Frozen
from toolkit.markdown import escape

PRONOUNS = {
    "she/her": ("she", "her", "her", "hers", "herself"),
    "he/him": ("he", "him", "his", "his", "himself"),
    "they/them": ("they", "them", "their", "theirs", "themself"),
}
_PLURAL_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go"}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class Placeholder(str):
    """A fact the document needs and the case does not give; printed as a highlighted blank.

    ``path``/``line`` say where the fact can be given (the case file and the line of the
    nearest key); ``None`` means the template that prints it asks for it.
    """

    path: str | None
    line: int | None

    def __new__(cls, label: str, path: str | None = None, line: int | None = None) -> Placeholder:
        self = super().__new__(cls, label)
        self.path = path
        self.line = line
        return self

    def marker(self) -> str:
        """Return the marker text that output formats show as ``[label]``; inside
        :func:`collecting_blanks`, the placeholder is also recorded."""
        seen = _printed_blanks.get()
        if seen is not None:
            seen.append(self)
        return markers.placeholder(str(self))


_printed_blanks: contextvars.ContextVar[list[Placeholder] | None] = contextvars.ContextVar(
    "printed_blanks", default=None
)


@contextlib.contextmanager
def collecting_blanks() -> Iterator[list[Placeholder]]:
    """Yield a list that receives every placeholder printed while the block runs."""
    seen: list[Placeholder] = []
    token = _printed_blanks.set(seen)
    try:
        yield seen
    finally:
        _printed_blanks.reset(token)


def american_date(value: dt.date) -> str:
    """Return ``value`` written the American way: "November 30, 2026"."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def round_half_up(value: float) -> int:
    """Return ``value`` rounded to a whole number, halves up (292.5 → 293)."""
    return math.floor(value + 0.5)


def number(value: float | int) -> str:
    """Return a number as people write it: 4 → "4", 3.5 → "3.5", 4.40 → "4.4"."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def one_decimal(value: float) -> str:
    """Return a rating with exactly one decimal, the one precision distress is shown in:
    4.4 → "4.4", 5 → "5.0", 2.67 → "2.7"."""
    return f"{value:.1f}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """Return "no days", "1 day", "2 days": a count with the word that follows it."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"no {plural or singular + 's'}" if n == 0 else f"{n} {word}"


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def roman(value: int) -> str:
    """Return ``value`` in lower-case Roman numerals, as Word numbers a third-level list
    ("0" or less is returned as digits)."""
    if value <= 0:
        return str(value)
    out = []
    for amount, numeral in _ROMAN:
        while value >= amount:
            out.append(numeral)
            value -= amount
    return "".join(out)


def agree(verb: str, pronouns: str) -> str:
    """Return the singular verb form ``verb`` made to agree with ``pronouns``."""
    if pronouns != "they/them":
        return verb
    if verb in _PLURAL_VERBS:
        return _PLURAL_VERBS[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
    return verb


#: :func:`escape` kept by the text it is given: a case prints the same names and words hundreds
#: of times (the result depends on the text alone)
_escaped = lru_cache(maxsize=4096)(escape)


def _finalize(value: Any) -> Any:
    if type(value) is str:  # most printed values: the first test (called for every one)
        return _escaped(value)
    if isinstance(value, Placeholder):
        return value.marker()
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool):
        raise TypeError("a yes/no value cannot be printed into text")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise TypeError("not a finite number")
        return number(value)
    if isinstance(value, dt.date):
        return american_date(value)
    if value is None:
        raise TypeError("a missing value was printed; give the template a placeholder instead")
    if isinstance(value, str):
        return escape(value)
    return value


class _SourceLoader(BaseLoader):
    """Templates by the hash of their text, so compiled code can be cached between runs."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def get_source(self, environment, template):
        return self.sources[template], template, lambda: True


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """A bytecode cache that never fails a build: an unwritable cache is just not used."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Return the compiled-template cache (templates only, never case data), if usable."""
    if os.environ.get("SRKIT_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    # compiled code depends on the sandbox's settings: a new setting must not reuse old code
    from toolkit.sandbox import GUARD_VERSION

    version = f"{SANDBOX_VERSION}.{GUARD_VERSION}"
    folder = Path(user_cache_dir("srkit", appauthor=False)) / f"templates-{version}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


SANDBOX_VERSION = 3  # raise when the environment's settings change what compiled code does


@cache
def environment() -> SandboxedEnvironment:
    """Return the one sandboxed Jinja environment every template is rendered in."""
    from toolkit.sandbox import BoundedSandbox

    env = BoundedSandbox(
        loader=_SourceLoader(),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["date"] = american_date
    env.filters["number"] = number
    env.filters["md"] = lambda text: Markup(text)
    return env


@cache
def compile_template(source: str) -> Template:
    """Return the compiled template for ``source`` (cached in memory and, compiled, on disk)."""
    env = environment()
    name = hashlib.sha256(source.encode("utf-8")).hexdigest()
    env.loader.sources[name] = source  # type: ignore[union-attr]
    return env.get_template(name)


class RenderError(Exception):
    """A template could not be rendered: the message, and the line in the template's text."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def render(source: str, context: dict[str, Any]) -> str:
    """Return ``source`` rendered with ``context`` in the sandbox.

    Raises ``RenderError`` (with the line in ``source``) for a template that does not compile,
    reaches outside the sandbox, or uses a name, attribute or filter that does not exist.
    """
    if "{" not in source:  # no Jinja in it: nothing to compile
        return source
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        template = compile_template(source)
        return template.render(context)
    except TemplateSyntaxError as exc:
        raise RenderError(exc.message or str(exc), exc.lineno) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        name = hashlib.sha256(source.encode("utf-8")).hexdigest()
        raise RenderError(str(exc), _template_line(exc, name)) from None


def _template_line(exc: BaseException, name: str) -> int | None:
    """Return the line of the template ``name`` where ``exc`` was raised, if it shows."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class PlanWords(Frozen):
    """How documents speak of the plan type."""

    kind: str
    name: str
    long_name: str
    team: str
    coordinator: str  # the staff role that usually coordinates this kind of plan

    @property
    def is_iep(self) -> bool:
        return self.kind == "iep"

    @property
    def is_504(self) -> bool:
        return self.kind == "504"

    @property
    def is_none(self) -> bool:
        return self.kind == "none"


PLAN_WORDS = {
    "iep": PlanWords(
        "iep", "IEP", "Individualized Education Program (IEP)", "IEP team", "case manager"
    ),
    "504": PlanWords(
        "504",
        "Section 504 plan",
        "Section 504 plan",
        "Section 504 team",
        "Section 504 coordinator",
    ),
    "none": PlanWords("none", "plan", "support plan", "school team", "school counselor"),
}
