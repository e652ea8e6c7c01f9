"""The user configuration file: defaults an advocate always wants.

Found at ``$SRKIT_CONFIG`` when set, else ``config.yaml`` in the platform's user configuration
folder (``~/.config/srkit/config.yaml`` on Linux; see ``srkit --help``). Keys:

``snippets``
    a list of folders of the user's own snippets (added before any ``--snippets``).
``template``
    a Word file used as the base of every document, as ``--template`` does.
``letter_template``
    a Word file used as the base of letters only, as ``--letter-template`` does.
``sender``
    the advocate's own details (``name``, ``organization``, ``email``, ``phone``,
    ``address``): the advocate of every case that names none, and the details a case's
    advocate of the same name leaves out.

Relative paths are relative to the configuration file's folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.frozen import Frozen


class Config(Frozen):
    """The settings read from the user configuration file."""

    path: Path | None
    snippets: tuple[Path, ...] = ()
    template: Path | None = None
    sender: dict[str, str] | None = None  # the advocate's own details, as in people.advocate
    letter_template: Path | None = None


def config_path() -> Path:
    """Return where the configuration file is looked for."""
    explicit = os.environ.get("SRKIT_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("srkit", appauthor=False)) / "config.yaml"


def load_config() -> Config:
    """Return the user configuration, or an empty one when there is no file."""
    path = config_path()
    if not path.is_file():
        if os.environ.get("SRKIT_CONFIG"):
            raise ToolkitError.at(
                str(path),
                None,
                "configuration file not found",
                "SRKIT_CONFIG names a file that does not exist",
            )
        return Config(None)
    from pydantic import ValidationError

    from toolkit.case.load import load_yaml
    from toolkit.case.model import ConfigFile
    from toolkit.case.problems import pydantic_problems

    doc = load_yaml(path, kind="configuration file")
    if not isinstance(doc.data, dict):
        raise ToolkitError.at(
            str(path),
            1,
            "the configuration file is a mapping of keys",
            "keys: snippets, template, letter_template, sender",
        )
    try:
        model = ConfigFile.model_validate(doc.data)
    except ValidationError as exc:
        raise ToolkitError(pydantic_problems(exc, doc, ConfigFile)) from None
    base = path.parent

    def relative(value: str | None) -> Path | None:
        return (base / Path(value).expanduser()) if value else None

    return Config(
        path,
        tuple((base / Path(p).expanduser()) for p in model.snippets),
        relative(model.template),
        model.sender.model_dump(exclude_none=True) if model.sender else None,
        relative(model.letter_template),
    )
