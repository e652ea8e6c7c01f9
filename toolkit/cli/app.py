"""The click command line: the group, the options commands share, and the commands about
srkit itself; the other commands register themselves from their modules (imported below)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from toolkit.cli import comma_separated, print_problems, reports_problems
from toolkit.errors import Problem, ToolkitError
from toolkit.packet import ALL_DOCUMENTS
from toolkit.packet import FORMATS as PACKET_FORMATS


def comma_list(
    allowed: tuple[str, ...],
) -> Callable[[click.Context, click.Parameter, Any], tuple[str, ...] | None]:
    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> tuple[str, ...] | None:
        if value is None:
            return None
        try:
            return comma_separated(value, allowed)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

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
    callback=comma_list(ALL_DOCUMENTS),
    metavar="plan,letters,progress,family-guide,plan-summary",
    help="Build only these documents (comma-separated).",
)
FORMATS = click.option(
    "--format",
    "formats",
    callback=comma_list(PACKET_FORMATS),
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


# the commands of the other modules register themselves on `cli` when imported
from toolkit.cli import browse, compare, documents, many, status, web  # noqa: E402, F401
