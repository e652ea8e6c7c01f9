"""Writing files safely: never over an existing file without ``--force``, never half-written.

Each file is written to a temporary file in the destination folder, flushed to disk, then
renamed over the destination in one step, so a crash or a full disk leaves either the old file
or the new one, never a truncated mix.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from toolkit.errors import Problem, ToolkitError

BUILD_HINT = "pass --force to replace it, or choose another folder with -o"


def check_free(paths: list[Path], *, force: bool, hint: str = BUILD_HINT) -> None:
    """Raise ``ToolkitError`` naming every path in ``paths`` that exists, unless ``force``."""
    if force:
        return
    taken = [p for p in paths if p.exists()]
    if taken:
        raise ToolkitError(
            [Problem(str(p), None, "already exists; not overwritten", hint) for p in taken]
        )


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def write_new(path: Path, data: bytes, *, force: bool, hint: str = BUILD_HINT) -> None:
    """Write ``data`` to ``path``; refuse (``ToolkitError``) if it exists and not ``force``."""
    if not force and path.exists():
        check_free([path], force=False, hint=hint)
    try:
        if force:
            write_atomic(path, data)
        else:
            _write_exclusive(path, data, hint)
    except PermissionError:
        raise ToolkitError.at(
            str(path), None, "permission denied: cannot write here", "choose another folder with -o"
        ) from None
    except OSError as exc:
        raise ToolkitError.at(
            str(path), None, f"could not write the file: {exc.strerror}"
        ) from None


def _write_exclusive(path: Path, data: bytes, hint: str) -> None:
    """Write through a temporary file, then link it in only if ``path`` still does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp_name, path)  # fails if path appeared meanwhile: nothing is replaced
        except FileExistsError:
            raise ToolkitError.at(
                str(path), None, "already exists; not overwritten", hint
            ) from None
        except OSError:
            if path.exists():
                raise
            os.replace(tmp_name, path)  # file systems without hard links
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
