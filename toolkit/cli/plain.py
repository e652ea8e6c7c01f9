"""The plain forms of two commands, run without loading click (a quarter of ``srkit check``'s
start-up):

    srkit check CASE
    srkit build CASE [--only LIST] [--format LIST] [-o DIR | --output DIR] [--force]

They run the same code as the click commands (:func:`toolkit.cli.check_case`,
:func:`toolkit.cli.build_case`) with the same values. Anything else goes to click, which then
says what it always says: another command or option, an option given twice or as
``--name=value``, a value beginning with ``-``, a list or a path click would refuse, shell
completion, and streams that ``click.echo`` would not simply write to (see
:func:`toolkit.cli.echo`).
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from pathlib import Path

from toolkit.cli import build_case, build_options, check_case, comma_separated, reports_problems
from toolkit.packet import ALL_DOCUMENTS, FORMATS

#: The options of `srkit build` taken here, and the name of the value each gives.
BUILD_OPTIONS = {"--only": "only", "--format": "formats", "-o": "out", "--output": "out"}


def run(args: list[str]) -> bool:
    """Run ``srkit ARGS`` and return True when it is a plain form; else return False, having
    done nothing."""
    if not args or os.environ.get("_SRKIT_COMPLETE") or not _plain_streams():
        return False
    if args[0] == "check" and len(args) == 2 and _plain(args[1]) and _path_ok(args[1]):
        reports_problems(check_case)(Path(args[1]), ())
        return True
    if args[0] == "build":
        return _build(args[1:])
    return False


def _build(args: list[str]) -> bool:
    case: str | None = None
    values: dict[str, str] = {}
    force = False
    rest = iter(args)
    for arg in rest:
        name = BUILD_OPTIONS.get(arg)
        if name is not None:
            value = next(rest, None)
            if name in values or value is None or not _plain(value):
                return False
            values[name] = value
        elif arg == "--force" and not force:
            force = True
        elif case is None and _plain(arg):
            case = arg
        else:
            return False
    only = _listed(values.get("only"), ALL_DOCUMENTS)
    formats = _listed(values.get("formats"), FORMATS)
    out = values.get("out", "out")
    if case is None or only == () or formats == () or not _path_ok(case):
        return False
    if not _path_ok(out, file_okay=False):
        return False
    options = build_options((), only=only, formats=formats)
    reports_problems(build_case)(Path(case), options, Path(out), force=force)
    return True


def _plain(value: str) -> bool:
    """Return whether click reads ``value`` as a value, never as an option."""
    return bool(value) and not value.startswith("-")


def _listed(value: str | None, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    """Return a comma-separated list as click's option does, None when not given, and ``()``
    when click would refuse it."""
    if value is None:
        return None
    try:
        return comma_separated(value, allowed)
    except ValueError:
        return ()


def _path_ok(value: str, *, file_okay: bool = True) -> bool:
    """Return whether ``click.Path(file_okay=file_okay)`` takes ``value`` without a word."""
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return True
    if not file_okay and stat.S_ISREG(mode):
        return False
    return os.access(value, os.R_OK)


def _plain_streams() -> bool:
    """Return whether ``click.echo`` writes each line to the standard streams as they are: text
    streams in an encoding other than ASCII, not a Windows console."""
    if sys.platform.startswith("win"):
        return False
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper) or hasattr(stream, "color"):
            return False
        if not stream.encoding or stream.errors is None or _ascii(stream.encoding):
            return False
    return True


def _ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False
