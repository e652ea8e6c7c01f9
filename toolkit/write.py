"""Write stage, the last one: a packet's files into a folder, never over an edited draft.

Where each file goes is decided for every file before the first is written (an unedited
draft in the way without ``force`` stops the whole packet); then each is written safely
through :mod:`toolkit.output`, one failing file never stopping the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from toolkit.errors import Problem, ToolkitError
from toolkit.frozen import Record
from toolkit.output import OutputFolder
from toolkit.packet import File, Packet


class Written(Record):
    """What writing a packet did: each file written (in order), notes, failures."""

    files: list[tuple[Path, File]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # a new -vN version beside an edited draft
    failures: list[Problem] = field(default_factory=list)

    def first_path(self, stem: str) -> Path | None:
        """Return the first path written for the document ``stem``, or ``None``."""
        return next((path for path, f in self.files if f.document.stem == stem), None)


def plan_targets(
    packet: Packet, folder: OutputFolder, *, force: bool
) -> tuple[dict[str, Path], list[str]]:
    """Return where each file of the packet goes, and notes about new versions beside edited
    drafts. Raises ``ToolkitError`` naming every unedited draft in the way without ``force``."""
    targets: dict[str, Path] = {}
    notes: list[str] = []
    taken: list[Problem] = []
    for document in packet.documents:
        for name in document.names(packet.options.formats):
            try:
                targets[name], note = folder.destination(name, force=force)
            except ToolkitError as exc:
                taken += exc.problems
                continue
            if note:
                notes.append(note)
    if taken:
        raise ToolkitError(taken)
    return targets, notes


def write_packet(
    packet: Packet,
    out_dir: Path,
    *,
    force: bool = False,
    on_written: Callable[[Path, File], None] | None = None,
) -> Written:
    """Write every file of ``packet`` into ``out_dir``; return what was written.

    Raises ``ToolkitError`` before writing anything when an unedited draft is in the way and
    ``force`` is not given. ``on_written`` is called after each file is written.
    """
    folder = OutputFolder(out_dir)
    targets, notes = plan_targets(packet, folder, force=force)
    result = Written(notes=notes)
    outcomes = folder.write_all([(targets[f.name], f.data) for f in packet.files], force=force)
    for file, outcome in zip(packet.files, outcomes, strict=True):
        if isinstance(outcome, ToolkitError):
            result.failures += outcome.problems
            continue
        result.files.append((outcome, file))
        if on_written:
            on_written(outcome, file)
    result.notes += folder.notes  # drafts edited while the packet was being written
    return result
