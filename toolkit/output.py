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


MANIFEST = ".srkit-written.json"


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


class OutputFolder:
    """A folder srkit writes drafts into, and the fingerprints of what it wrote there.

    The fingerprints (``.srkit-written.json``: file name → SHA-256 of the bytes written) tell
    a draft nobody touched from one someone edited since. An edited draft is never replaced,
    even with ``--force``: the new one goes beside it as ``NAME-v2.docx`` (then ``-v3``, ...).
    """

    def __init__(self, path: Path) -> None:
        import json

        self.path = path
        self._written: dict[str, str] = {}
        manifest = path / MANIFEST
        if manifest.is_file():
            try:
                loaded = json.loads(manifest.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._written = {str(k): str(v) for k, v in loaded.items()}
            except (OSError, ValueError):
                self._written = {}

    def edited(self, target: Path) -> bool:
        """Return True when ``target`` differs from what srkit last wrote there (or srkit did
        not write it)."""
        known = self._written.get(target.name)
        try:
            return known is None or _digest(target.read_bytes()) != known
        except OSError:
            return True

    def destination(self, name: str, *, force: bool) -> tuple[Path, str | None]:
        """Return where the draft ``name`` goes, and a note for the user when it is a new
        version beside an edited draft. Raises ``ToolkitError`` when an unedited draft is
        there and ``force`` is not given."""
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        suffix = f".{ext}" if ext else ""
        versions = [self.path / name]
        number = 2
        while (candidate := self.path / f"{stem}-v{number}{suffix}").exists():
            versions.append(candidate)
            number += 1
        existing = [p for p in versions if p.exists()]
        if not existing:
            return self.path / name, None
        latest = existing[-1]
        if self.edited(latest):
            target = self.path / f"{stem}-v{len(versions) + 1}{suffix}"
            return target, (
                f"{latest} was edited since srkit wrote it; it is kept, and the new "
                f"draft is {target.name}"
            )
        if not force:
            check_free([latest], force=False)
        return latest, None

    def write(self, target: Path, data: bytes, *, force: bool) -> None:
        """Write ``data`` to ``target`` safely and remember its fingerprint."""
        write_new(target, data, force=force)
        self._written[target.name] = _digest(data)

    def save(self) -> None:
        """Write the fingerprints (atomically; a failure here loses no draft)."""
        import json

        data = json.dumps(self._written, indent=1, sort_keys=True).encode("utf-8")
        with contextlib.suppress(OSError):
            write_atomic(self.path / MANIFEST, data)
