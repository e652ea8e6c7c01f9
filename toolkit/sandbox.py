"""The Jinja sandbox every template is rendered in, bounded in time, size and reach.

Users write templates too: snippet files, and the Jinja in a Word letter template. Jinja's
``SandboxedEnvironment`` keeps them from reaching Python's internals; this module adds bounds so
that no template can run for long or fill memory, whatever it does:

- each value an operation makes (``*``, ``**``, ``+``, ``~``, ``join``, ``replace``, a string
  method such as ``ljust``) is refused before it is made if it would be larger than
  ``MAX_RESULT`` characters or items (an integer: ``MAX_BITS`` bits);
- a rendering stops after ``MAX_STEPS`` loop iterations and macro calls, ``MAX_SECONDS``
  seconds, or ``MAX_OUTPUT`` characters of output; macros calling themselves without end stop
  at Python's recursion limit;
- ``{% include %}``, ``{% import %}``, ``{% from %}`` and ``{% extends %}`` are refused (a
  template is one piece of text; there is nothing for it to load), and so is ``lipsum``.

Every refusal is a ``jinja2.sandbox.SecurityError`` with a plain message, which callers report
as an error in the template, at its line where Jinja knows it.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

from jinja2 import Template, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

MAX_RESULT = 100_000  # characters or items one operation may make
MAX_BITS = 100_000  # bits of an integer one operation may make
MAX_WIDTH = 1_000  # a padding width (center, ljust, a format width)
MAX_STEPS = 200_000  # loop iterations and macro calls of one rendering
MAX_SECONDS = 30.0  # of processor time, one rendering (a backstop: the steps bound loops)
MAX_OUTPUT = 10_000_000  # characters one rendering may write

#: Raise when the checks compiled into templates change, so that cached code is not reused.
GUARD_VERSION = 2

_TICK = "srkit_step__"
_BOUND = "srkit_bounded__"
_FORBIDDEN = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from",
    nodes.Extends: "extends",
}


# -- the budget of the rendering under way ------------------------------------------------------


class _Budget(threading.local):
    steps = 0
    deadline: float | None = None

    def start(self) -> None:
        self.steps = 0
        self.deadline = None  # set at the first check: most renderings never need the clock

    def check_time(self) -> None:
        now = time.thread_time()  # CPU time: a busy machine is no bomb
        if self.deadline is None:
            # the first check comes after 1,024 steps or 256 pieces of output: a rendering
            # that long is timed from here, its first instants do not count
            self.deadline = now + MAX_SECONDS
        elif now > self.deadline:
            raise SecurityError(f"the template used over {MAX_SECONDS:g} s of processor time")


_budget = _Budget()


def _step(_context: Any) -> str:
    """Count one loop iteration or macro call (compiled into every loop and macro)."""
    _budget.steps += 1
    if _budget.steps > MAX_STEPS:
        raise SecurityError(f"the template repeats more than {MAX_STEPS:,} times")
    if _budget.steps % 1024 == 0:
        _budget.check_time()
    return ""


def _bounded_value(value: Any) -> Any:
    """Return ``value`` (a ``~`` concatenation) if it is not over ``MAX_RESULT``."""
    if len(value) > MAX_RESULT:
        raise SecurityError("that joining of texts would make too long a text")
    return value


class _Guard(NodeTransformer):
    """Compile the budget into a template: a step in every loop and macro, a bound on every
    ``~``; refuse the statements that load other templates."""

    def generic_visit(self, node, *args, **kwargs):
        for kind, keyword in _FORBIDDEN.items():
            if isinstance(node, kind):
                raise TemplateSyntaxError(
                    f"{{% {keyword} %}} is not available: a template cannot load another",
                    node.lineno,
                )
        return super().generic_visit(node, *args, **kwargs)

    def _counted(self, node):
        node = self.generic_visit(node)
        # a filter is called directly, without the sandbox's checks of a call: cheap enough
        # for every iteration (on the context: on a constant it would run once, compiling)
        step = nodes.Filter(nodes.ContextReference(), _TICK, [], [], None, None)
        node.body.insert(0, nodes.ExprStmt(step, lineno=node.lineno))
        return node

    visit_For = _counted
    visit_Macro = _counted
    visit_CallBlock = _counted

    def visit_Concat(self, node):
        node = self.generic_visit(node)
        return nodes.Filter(node, _BOUND, [], [], None, None, lineno=node.lineno)


class BoundedTemplate(Template):
    """A template whose rendering is bounded in steps, time and output."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        _budget.start()
        try:
            return _bounded_join(self.root_render_func(ctx))
        except RecursionError:
            raise SecurityError("macros call each other without end") from None
        except MemoryError:
            raise SecurityError("the template needs more memory than there is") from None
        except Exception:
            self.environment.handle_exception()


def _bounded_join(chunks: Iterator[str]) -> str:
    """Return the rendering's pieces joined (as ``Environment.concat``), stopping it once it
    has written more than ``MAX_OUTPUT`` characters; its time is checked every 256 pieces."""
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise SecurityError(f"the template writes more than {MAX_OUTPUT:,} characters")
        out.append(chunk)
        if len(out) % 256 == 0:
            _budget.check_time()
    return "".join(out)


# -- the environment -----------------------------------------------------------------------------


def _weight(value: Any, limit: int = MAX_RESULT) -> int:
    """Return the characters or items ``value`` holds, counting nested lists (at most just
    over ``limit``: the count stops there)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        total = len(value)
        for item in value:
            if total > limit:
                break
            if isinstance(item, str | list | tuple):
                total += _weight(item, limit - total)
        return total
    return 0


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_WIDTH = re.compile(r"[%{][^%{}]*?(\d{4,})")


def too_wide(pattern: str) -> bool:
    """Return True when a ``%``/``{}`` format ``pattern`` asks for a width of 1,000 or more."""
    return bool(_WIDTH.search(pattern))


#: (type, attribute name) -> whether the sandbox lets a template read it
_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with every operation that can make a large value bounded, and the budget
    compiled into every template (see the module's description)."""

    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.filters[_TICK] = _step
        self.filters[_BOUND] = _bounded_value
        for name, make in _FILTER_BOUNDS.items():
            if name in self.filters:
                self.filters[name] = make(self.filters[name])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's answer depends on the object's type and the name alone: it is found once for
        # each pair (a case's templates read thousands of attributes). An object that claims
        # another class than its own (``__class__``) is asked about every time.
        cls = type(obj)
        if obj.__class__ is not cls:
            return super().is_safe_attribute(obj, attr, value)
        safe = _SAFE_ATTRIBUTES.get((cls, attr))
        if safe is None:
            safe = _SAFE_ATTRIBUTES[cls, attr] = super().is_safe_attribute(obj, attr, value)
        return safe

    def _generate(self, source, name, filename, defer_init=False):
        return super()._generate(_Guard().visit(source), name, filename, defer_init)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and not isinstance(right, bool):
            if abs(right) > 64:
                raise SecurityError("a power larger than 64 is not allowed in a template")
            if _is_count(left) and abs(left).bit_length() * abs(right) > MAX_BITS:
                raise SecurityError("that power would make too large a number")
        elif operator == "*":
            if _is_count(left) and _is_count(right):
                if abs(left).bit_length() + abs(right).bit_length() > MAX_BITS:
                    raise SecurityError("that product would make too large a number")
            else:
                counts = [abs(x) for x in (left, right) if _is_count(x)]
                sizes = [_weight(x) for x in (left, right) if isinstance(x, str | list | tuple)]
                if counts and sizes and sizes[0] * counts[0] > MAX_RESULT:
                    raise SecurityError("that repetition would make too long a text")
        elif operator == "+":
            if _weight(left) + _weight(right) > MAX_RESULT:
                raise SecurityError("that addition would make too long a text")
        elif operator == "%" and isinstance(left, str) and too_wide(left):
            raise SecurityError("a format width over 1,000 is not allowed in a template")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            _check_string_method(owner, getattr(method, "__name__", ""), args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _check_string_method(text: str, name: str, args: tuple, kwargs: dict) -> None:
    """Refuse a string method call that would make a long text (``ljust(10**9)``)."""
    values = list(args) + list(kwargs.values())
    if name in ("ljust", "rjust", "center", "zfill", "expandtabs"):
        if any(_is_count(v) and v > MAX_WIDTH for v in values):
            raise SecurityError(f"str.{name} takes a width of at most {MAX_WIDTH:,}")
    elif name == "replace" and len(values) >= 2:
        _check_replace(text, values[0], values[1])
    elif name == "join" and values:
        _check_join(values[0], text)
    elif name in ("format", "format_map") and too_wide(text):
        raise SecurityError("a format width over 1,000 is not allowed in a template")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    count = text.count(old) if old else len(text) + 1
    if len(text) + count * max(0, len(new) - len(old)) > MAX_RESULT:
        raise SecurityError("that replacement would make too long a text")


def _check_join(items: Any, separator: Any) -> None:
    if isinstance(items, list | tuple):
        gap = len(separator) if isinstance(separator, str) else 0
        if _weight(list(items)) + gap * len(items) > MAX_RESULT:
            raise SecurityError("that join would make too long a text")


# -- the filters that can make large values ------------------------------------------------------


def _wrap(filter_, check) -> Any:
    """Return ``filter_`` running ``check(value, *args, **kwargs)`` first; the wrapper keeps
    what Jinja reads from the filter (whether it takes the environment or context first)."""
    takes_first = getattr(filter_, "jinja_pass_arg", None) is not None

    @functools.wraps(filter_)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        rest = args[1:] if takes_first else args
        if rest:
            check(*rest, **kwargs)
        return filter_(*args, **kwargs)

    return bounded


def _widths(name: str, first: int = 0):
    """Return a check refusing numbers over ``MAX_WIDTH`` among a filter's arguments."""

    def check(value: Any, *args: Any, **kwargs: Any) -> None:
        values = list(args[first:]) + list(kwargs.values())
        if any(_is_count(v) and v > MAX_WIDTH for v in values):
            raise SecurityError(f"the {name} filter takes a width of at most {MAX_WIDTH:,}")

    return check


def _check_format(value: Any, *args: Any, **kwargs: Any) -> None:
    if isinstance(value, str) and too_wide(value):
        raise SecurityError("a format width over 1,000 is not allowed in a template")


def _check_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    width = kwargs.get("width", width)
    size = len(width) if isinstance(width, str) else width if _is_count(width) else 0
    if size > MAX_WIDTH:
        raise SecurityError(f"the indent filter takes a width of at most {MAX_WIDTH:,}")


def _check_wordwrap(value: Any, width: Any = 79, *args: Any, **kwargs: Any) -> None:
    wrap = kwargs.get("wrapstring", args[1] if len(args) > 1 else None) or "\n"
    width = kwargs.get("width", width)
    if not (isinstance(value, str) and _is_count(width) and isinstance(wrap, str)):
        return
    if len(value) + (len(value) // max(width, 1) + 1) * len(wrap) > MAX_RESULT:
        raise SecurityError("that wrapping would make too long a text")


def _check_join_filter(value: Any, d: Any = "", *args: Any, **kwargs: Any) -> None:
    _check_join(list(value) if isinstance(value, range) else value, kwargs.get("d", d))


def _check_replace_filter(value: Any, old: Any = "", new: Any = "", *a: Any, **k: Any) -> None:
    _check_replace(value, k.get("old", old), k.get("new", new))


def _check_sum(value: Any, *args: Any, **kwargs: Any) -> None:
    if isinstance(value, list | tuple) and _weight(list(value)) > MAX_RESULT:
        raise SecurityError("that sum would make too long a list")


def _check_counts(name: str):
    def check(value: Any, count: Any = 0, *args: Any, **kwargs: Any) -> None:
        if _is_count(count) and count > MAX_RESULT:
            raise SecurityError(f"the {name} filter takes a number of at most {MAX_RESULT:,}")

    return check


_FILTER_BOUNDS = {
    "center": lambda f: _wrap(f, _widths("center")),
    "indent": lambda f: _wrap(f, _check_indent),
    "wordwrap": lambda f: _wrap(f, _check_wordwrap),
    "format": lambda f: _wrap(f, _check_format),
    "join": lambda f: _wrap(f, _check_join_filter),
    "replace": lambda f: _wrap(f, _check_replace_filter),
    "sum": lambda f: _wrap(f, _check_sum),
    "batch": lambda f: _wrap(f, _check_counts("batch")),
    "slice": lambda f: _wrap(f, _check_counts("slice")),
}
