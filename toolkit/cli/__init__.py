"""The command line: the only place that prints or exits (this package).

Exit status: 0 success (warnings allowed), 1 invalid input, 2 wrong usage (click's own), 3 an
internal error (a bug in srkit; set SRKIT_DEBUG=1 to see the traceback).

This module is what every command shares, without click: :mod:`toolkit.cli.app` is the click
command line (the group, its options and commands), :mod:`toolkit.cli.plain` runs the plain
forms of ``srkit check`` and ``srkit build`` without loading click (it costs a quarter of
``srkit check``'s start) and hands every other form to click.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import Problem, ToolkitError
from toolkit.packet import Options

if TYPE_CHECKING:
    from toolkit.library.snippets import Library
    from toolkit.packet import Packet
    from toolkit.write import Written

EXIT_INVALID = 1
EXIT_INTERNAL = 3


def echo(message: str = "", *, err: bool = False) -> None:
    """Write ``message`` and a newline on standard output (``err``: standard error).

    Under click this is ``click.echo``. Without it (:mod:`toolkit.cli.plain`, which runs only
    where the streams are text streams in an encoding other than ASCII) it does what
    ``click.echo`` does there: write the line, strip ANSI styles unless the stream is a
    terminal, flush.
    """
    click = sys.modules.get("click")
    if click is not None:
        click.echo(message, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    text = message + "\n"
    if "\x1b" in text and not _isatty(stream):
        text = _ANSI_STYLE.sub("", text)
    stream.write(text)
    stream.flush()


_ANSI_STYLE = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")  # click's own pattern (click._compat)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        echo(problem.format(), err=True)


def reports_problems(command: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``command`` wrapped so user errors print as lines and exit 1, without traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ToolkitError as exc:
            print_problems(exc.problems)
            sys.exit(EXIT_INVALID)
        except BrokenPipeError:  # the reader went away (`srkit snippets list | head`)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_INVALID)
        except KeyboardInterrupt:
            echo("srkit: interrupted; no file was left half-written", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
            if _from_click(exc) or os.environ.get("SRKIT_DEBUG"):
                raise
            echo(f"srkit: internal error: {type(exc).__name__}: {exc}", err=True)
            echo(
                "  hint: this is a bug in srkit; run again with SRKIT_DEBUG=1 and "
                "report the output (without the case file)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _from_click(exc: Exception) -> bool:
    """Return whether ``exc`` is click's exit or usage error, which click itself reports."""
    click = sys.modules.get("click")
    return click is not None and isinstance(exc, click.exceptions.Exit | click.ClickException)


def comma_separated(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Return the items of a comma-separated option value (``--only``, ``--format``), each
    once; raise ValueError, saying what is wrong, for an item not in ``allowed`` or none."""
    items = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise ValueError(f"{', '.join(bad) or 'nothing'} (choose from {', '.join(allowed)})")
    return items


def build_options(
    snippet_dirs: tuple[Path, ...],
    *,
    only: tuple[str, ...] | None = None,
    formats: tuple[str, ...] | None = ("docx",),
    template: Path | None = None,
    letter_template: Path | None = None,
    comments: bool = False,
) -> Options:
    """Return the build options of a command: its own, with the user configuration's
    snippet folders, sender and templates (``--template``/``--letter-template`` win) added."""
    from toolkit.config import load_config

    config = load_config()
    return Options(
        only=only,
        formats=("docx",) if formats is None else formats,
        template=template or config.template,
        letter_template=letter_template or config.letter_template,
        comments=comments,
        snippet_dirs=(*config.snippets, *snippet_dirs),
        sender=config.sender,
    )


def user_library(snippet_dirs: tuple[Path, ...]) -> Library:
    """Return the built-in snippets with the configuration's and ``snippet_dirs`` added."""
    from toolkit.library.snippets import load_library

    return load_library(build_options(snippet_dirs).snippet_dirs)


def write_files(packet: Packet, out_dir: Path, *, force: bool) -> Written:
    """Write the packet's files into ``out_dir``, printing each path written on standard
    output; then its warnings and the notes about new versions on standard error."""
    from toolkit.write import write_packet

    written = write_packet(
        packet, out_dir, force=force, on_written=lambda path, _file: echo(str(path))
    )
    print_problems(packet.warnings)
    print_problems(packet.layout_warnings)
    for note in written.notes:
        echo(f"note: {note}", err=True)
    return written


def finish(packet: Packet, written: Written) -> None:
    """Print the blanks to fill and the failures; exit 1 when a file could not be made."""
    print_blanks(packet, written)
    failures = packet.failures + written.failures
    if failures:
        print_problems(failures)
        sys.exit(EXIT_INVALID)


def print_blanks(packet: Packet, written: Written) -> None:
    """Print each document's blanks under the first file written for it."""
    for document, blanks in packet.blanks:
        first = written.first_path(document.stem)
        if first is None:
            continue
        echo(f"blanks to fill in {first}:", err=True)
        for blank in blanks:
            echo(f"  - [{blank.label}]", err=True)


def check_case(case: Path, snippet_dirs: tuple[Path, ...]) -> None:
    """Validate ``case`` and print every problem with its line (``srkit check``)."""
    from toolkit.pipeline import build_packet

    # every document is rendered (every chosen snippet, user snippets too) and the log read,
    # so that check finds what build would; nothing is laid out, the chart is not drawn
    packet = build_packet(case, build_options(snippet_dirs, formats=()))
    print_problems(packet.warnings)
    count = len(packet.warnings)
    echo(
        f"{case}: ok" + (f" ({count} warning{'s' if count != 1 else ''})" if count else ""),
        err=True,
    )


def build_case(case: Path, options: Options, out_dir: Path, *, force: bool) -> None:
    """Build the documents ``case`` asks for into ``out_dir`` (``srkit build``)."""
    from toolkit.pipeline import build_packet

    packet = build_packet(case, options)
    finish(packet, write_files(packet, out_dir, force=force))


def main() -> None:
    """Run the command line (click's, whatever the arguments)."""
    from toolkit.cli.app import cli

    cli(prog_name="srkit")
