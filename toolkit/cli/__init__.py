"""The command line: the only place that prints or exits (this package).

Exit status: 0 success (warnings allowed), 1 invalid input, 2 wrong usage (click's own), 3 an
internal error (a bug in srkit; set SRKIT_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.errors import Problem, ToolkitError
from toolkit.packet import Options

if TYPE_CHECKING:
    from toolkit.library.snippets import Library
    from toolkit.packet import Packet
    from toolkit.write import Written

EXIT_INVALID = 1
EXIT_INTERNAL = 3


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


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
            click.echo("srkit: interrupted; no file was left half-written", err=True)
            sys.exit(130)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
            if os.environ.get("SRKIT_DEBUG"):
                raise
            click.echo(f"srkit: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo(
                "  hint: this is a bug in srkit; run again with SRKIT_DEBUG=1 and "
                "report the output (without the case file)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


def comma_list(
    allowed: tuple[str, ...],
) -> Callable[[click.Context, click.Parameter, Any], tuple[str, ...] | None]:
    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> tuple[str, ...] | None:
        if value is None:
            return None
        items = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
        bad = [v for v in items if v not in allowed]
        if bad or not items:
            raise click.BadParameter(
                f"{', '.join(bad) or 'nothing'} (choose from {', '.join(allowed)})"
            )
        return items

    return convert


SNIPPETS = click.option(
    "--snippets",
    "snippet_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A folder of your own snippets (repeatable); same ids replace built-in ones.",
)
ONLY = click.option(
    "--only",
    callback=comma_list(("plan", "letters", "progress", "family-guide", "plan-summary")),
    metavar="plan,letters,progress,family-guide,plan-summary",
    help="Build only these documents (comma-separated).",
)
FORMAT_NAMES = ("docx", "md", "txt", "pdf")  # toolkit.packet.FORMATS, without importing it
FORMATS = click.option(
    "--format",
    "formats",
    callback=comma_list(FORMAT_NAMES),
    metavar="docx,md,txt,pdf",
    help="Formats to write (comma-separated; default docx; pdf needs LibreOffice).",
)
OUTPUT = click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write the files into.",
)
FORCE = click.option(
    "--force",
    is_flag=True,
    help="Replace drafts srkit wrote that nobody edited since (edited ones are kept; the "
    "new draft goes beside them as -v2).",
)
_TEMPLATE = click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Word file (letterhead, fonts, styles) to use as the base of every document; one "
    "with letter tags ({{ subject }}...) is used for letters only.",
)
_LETTER_TEMPLATE = click.option(
    "--letter-template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Word file to use as the base of letters only (with or without letter tags).",
)


def TEMPLATE(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--template`` and ``--letter-template`` to ``command``."""
    return _TEMPLATE(_LETTER_TEMPLATE(command))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="srkit", prog_name="srkit")
def cli() -> None:
    """Write editable Word drafts of plans and letters for a student who is struggling to
    attend school, from one YAML case file.

    The user configuration file (snippet folders, a template) is read from $SRKIT_CONFIG, or
    from config.yaml in the platform's configuration folder (on Linux ~/.config/srkit/).
    """


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
        packet, out_dir, force=force, on_written=lambda path, _file: click.echo(str(path))
    )
    print_problems(packet.warnings)
    print_problems(packet.layout_warnings)
    for note in written.notes:
        click.echo(f"note: {note}", err=True)
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
        click.echo(f"blanks to fill in {first}:", err=True)
        for blank in blanks:
            click.echo(f"  - [{blank.label}]", err=True)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@reports_problems
def init(path: Path) -> None:
    """Write a commented starter case file to PATH (never over an existing file)."""
    from toolkit.output import write_new
    from toolkit.resources import resource_dir

    starter = (resource_dir("templates") / "starter.yaml").read_bytes()
    write_new(
        path,
        starter,
        force=False,
        hint="choose another file name; srkit init never replaces a file",
    )
    click.echo(str(path))
    click.echo("Fill in the file, then run `srkit check` on it.", err=True)


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 when a translation's record is wrong.")
@reports_problems
def translations(check: bool) -> None:
    """List every Spanish translation: status, and whether its English source changed.

    A line is PATH  STATUS  STATE  SHA256 (the English source's current hash, the value a
    reviewer records as source_sha256 when marking the translation reviewed).
    """
    from toolkit.language.translations import all_translations
    from toolkit.resources import resource_dir

    found = all_translations(resource_dir("templates"), resource_dir("snippets"))
    problems = []
    for translation in found:
        state = "source changed" if translation.stale else "up to date"
        current = sha256_of_source(translation.source)
        click.echo(f"{translation.path}  {translation.status or '?'}  {state}  {current}")
        problems += [
            Problem(str(translation.path), translation.line, message, severity="error")
            for message in translation.problems()
        ]
    if check and problems:
        raise ToolkitError(problems)
    print_problems(problems)


def sha256_of_source(path: Path) -> str:
    """Return the current sha256 of ``path``, or ``missing`` when the source is gone."""
    from toolkit.language.translations import sha256_of

    return sha256_of(path) if path.is_file() else "missing"


@cli.command(hidden=True)
def schema() -> None:
    """Print the JSON Schema of the case file format."""
    import json

    from toolkit.case.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Run the command line."""
    cli(prog_name="srkit")


# the commands of the other modules register themselves on `cli` when imported
from toolkit.cli import browse, compare, documents, many, status, web  # noqa: E402, F401
