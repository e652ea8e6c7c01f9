"""Writing files safely: never over an existing file without ``--force``, never half-written,
never over a draft someone edited.

Each file is written to a temporary file in the destination folder (``.NAME.PID.XXXXXXXX.tmp``,
mode 0600: the drafts hold a child's disability records, so only the user may read them),
flushed to disk, then renamed over the destination in one step, so a crash or a full disk
leaves either the old file or the new one, never a truncated mix. Temporary files a killed
srkit left behind are removed by the next build of that folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import Problem, ToolkitError

BUILD_HINT = "pass --force to replace it, or choose another folder with -o"
LINK_HINT = "srkit never writes through a link: remove the link, or choose another folder with -o"


def check_free(paths: list[Path], *, force: bool, hint: str = BUILD_HINT) -> None:
    """Raise ``ToolkitError`` naming every path in ``paths`` that exists, unless ``force``.

    A symbolic link (even one pointing nowhere) is refused with or without ``force``.
    """
    links = [p for p in paths if p.is_symlink()]
    if links:
        raise ToolkitError(
            [Problem(str(p), None, "is a symbolic link; not written", LINK_HINT) for p in links]
        )
    if force:
        return
    taken = [p for p in paths if os.path.lexists(p)]
    if taken:
        raise ToolkitError(
            [Problem(str(p), None, "already exists; not overwritten", hint) for p in taken]
        )


def _temporary(path: Path, data: bytes, *, sync: bool = True) -> str:
    """Return the name of a new temporary file beside ``path`` holding ``data``.

    The name carries our process id, so that a later build can tell a file a killed srkit
    left behind from one a build running in parallel is still writing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return tmp_name


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    tmp_name = _temporary(path, data, sync=sync)
    try:
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def write_new(path: Path, data: bytes, *, force: bool, hint: str = BUILD_HINT) -> None:
    """Write ``data`` to ``path``; refuse (``ToolkitError``) if it exists and not ``force``."""
    check_free([path], force=force, hint=hint)
    with _os_errors(path):
        if force and os.path.lexists(path):
            write_atomic(path, data)
        else:
            _link_new(_temporary(path, data), path, hint)


@contextlib.contextmanager
def _os_errors(path: Path) -> Iterator[None]:
    """Turn what the operating system refuses into a one-line error about ``path``."""
    try:
        yield
    except OSError as exc:
        raise _os_error(path, exc) from None


def _os_error(path: Path, exc: OSError) -> ToolkitError:
    """Return what the operating system refused (``exc``) as a one-line error about ``path``."""
    if isinstance(exc, PermissionError):
        return ToolkitError.at(
            str(path), None, "permission denied: cannot write here", "choose another folder with -o"
        )
    return ToolkitError.at(str(path), None, f"could not write the file: {exc.strerror or exc}")


def _link_new(tmp_name: str, path: Path, hint: str) -> None:
    """Put the finished temporary file at ``path`` only if nothing is there; remove it."""
    try:
        try:
            os.link(tmp_name, path)  # fails if path appeared meanwhile: nothing is replaced
        except FileExistsError:
            raise ToolkitError.at(
                str(path), None, "already exists; not overwritten", hint
            ) from None
        except OSError:
            if os.path.lexists(path):
                raise
            os.replace(tmp_name, path)  # file systems without hard links
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


# -- the output folder and its fingerprints -----------------------------------------------------

MANIFEST = ".srkit-written.json"
#: A temporary file of srkit's naming: ``.NAME.PID.XXXXXXXX.tmp`` (mkstemp's 8 characters).
_TEMPORARY = re.compile(r"^\..+?(?:\.(?P<pid>\d+))?\.[a-z0-9_]{8}\.tmp$")
#: A temporary file without a process id (srkit before 2026-12) is stale after this long.
STALE_SECONDS = 600


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path | str) -> str | None:
    """Return the SHA-256 of the file at ``path``, or None when it cannot be read as a file."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


class OutputFolder:
    """A folder srkit writes drafts into, and the fingerprints of what it wrote there.

    The fingerprints (``.srkit-written.json``: file name → SHA-256 of the bytes written) tell
    a draft nobody touched from one someone edited since. An edited draft is never replaced,
    even with ``--force``: the new one goes beside it as ``NAME-v2.docx`` (then ``-v3``, ...).
    Builds running in parallel into one folder take turns (a lock on the folder) for the files
    they write, and each records their fingerprints at once, so none is lost.

    Raises ``ToolkitError`` when ``path`` is not a folder or its fingerprint file is damaged.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        #: Drafts found edited at the last moment, kept, with the new draft beside them.
        self.notes: list[str] = []
        if os.path.exists(path) and not path.is_dir():
            raise ToolkitError.at(
                str(path),
                None,
                "is not a folder; -o names the folder to write the documents into",
                "choose a folder with -o (srkit creates it if it does not exist)",
            )
        self._written = self._read_manifest()
        if path.is_dir():
            with self._locked():
                remove_stale_temporaries(path)

    # -- the fingerprint file --

    def _read_manifest(self) -> dict[str, list[str]]:
        manifest = self.path / MANIFEST
        try:
            text = manifest.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
            raise self._damaged(manifest, None, why) from None
        try:
            loaded = json.loads(text)
        except ValueError as exc:
            line = getattr(exc, "lineno", None)
            raise self._damaged(manifest, line, "not valid JSON") from None
        if not isinstance(loaded, dict):
            raise self._damaged(manifest, 1, "not a table of file names")
        written: dict[str, list[str]] = {}
        for name, value in loaded.items():
            digests = [value] if isinstance(value, str) else value
            if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
                raise self._damaged(manifest, None, f"the entry for {name!r} is not a fingerprint")
            written[str(name)] = digests
        return written

    @staticmethod
    def _damaged(manifest: Path, line: int | None, why: str) -> ToolkitError:
        return ToolkitError.at(
            str(manifest),
            line,
            f"srkit's record of the drafts it wrote here is damaged ({why})",
            f"delete {MANIFEST}: srkit then keeps every draft in this folder as if edited and "
            "writes new ones beside them (-v2)",
        )

    def _save_manifest(self, *, sync: bool) -> None:
        data = json.dumps(self._written, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self.path / MANIFEST, data, sync=sync)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder's lock: one srkit at a time decides and writes a file here."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no locking between processes
            yield
            return
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    # -- deciding where a draft goes --

    def edited(self, target: Path) -> bool:
        """Return True when ``target`` differs from what srkit last wrote there (or srkit did
        not write it)."""
        return _file_digest(target) not in self._written.get(target.name, [])

    def destination(self, name: str, *, force: bool) -> tuple[Path, str | None]:
        """Return where the draft ``name`` goes, and a note for the user when it is a new
        version beside an edited draft. Raises ``ToolkitError`` when an unedited draft is
        there and ``force`` is not given, or a symbolic link is in the way."""
        if self.path.is_dir():  # what a build running in parallel has written by now
            with self._locked():
                self._written = self._read_manifest()
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        suffix = f".{ext}" if ext else ""
        versions = [self.path / name]
        number = 2
        while os.path.lexists(candidate := self.path / f"{stem}-v{number}{suffix}"):
            versions.append(candidate)
            number += 1
        check_free([v for v in versions if v.is_symlink()], force=True)
        existing = [p for p in versions if os.path.lexists(p)]
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

    # -- writing --

    def write(self, target: Path, data: bytes, *, force: bool) -> Path:
        """Write ``data`` to ``target`` as :meth:`write_all` does; return the path written.
        Raises ``ToolkitError`` when it cannot be written."""
        (outcome,) = self.write_all([(target, data)], force=force)
        if isinstance(outcome, ToolkitError):
            raise outcome
        return outcome

    def write_all(
        self, files: list[tuple[Path, bytes]], *, force: bool
    ) -> list[Path | ToolkitError]:
        """Write each ``(target, data)`` safely and record its fingerprint; return, in order,
        the path written or the error that kept it from being written (one file failing never
        stops the others).

        With ``force``, an existing ``target`` is replaced only if it is still what srkit wrote,
        checked at the moment of the rename: a draft edited while the build ran is kept, and
        the new one goes beside it as the next ``-vN`` (named in :attr:`notes`). The files are
        written under one hold of the folder's lock, their fingerprints saved once before the
        renames and once, flushed to disk, after them (each file made costs the file system
        far more than the bytes written: the record is not rewritten for every draft).
        """
        outcomes: list[Path | ToolkitError | None] = [None] * len(files)
        staged: list[tuple[int, Path, str, list[str], bool, str]] = []
        try:
            with self._locked():
                self._written = self._read_manifest()  # what parallel builds wrote meanwhile
                for i, (target, data) in enumerate(files):
                    try:
                        with _os_errors(target):
                            check_free([target], force=force)
                            replacing = force and os.path.lexists(target)
                            known = self._written.get(target.name, [])
                            tmp_name = _temporary(target, data)
                    except ToolkitError as exc:
                        outcomes[i] = exc
                        continue
                    digest = _digest(data)
                    staged.append((i, target, digest, known, replacing, tmp_name))
                    # Recorded before the rename, so a kill between the two leaves the old and
                    # the new fingerprint both known: neither file then reads as edited.
                    self._written[target.name] = [*known, digest]
                if staged:
                    self._save_manifest(sync=False)
                    for i, target, digest, known, replacing, tmp_name in staged:
                        try:
                            with _os_errors(target):
                                outcomes[i] = self._rename_into_place(
                                    tmp_name, target, digest, known, replacing=replacing
                                )
                        except ToolkitError as exc:
                            outcomes[i] = exc
                    self._save_manifest(sync=True)
        except OSError as exc:  # the folder could not be locked, or the record not saved
            outcomes = [
                o if isinstance(o, ToolkitError) else _os_error(target, exc)
                for o, (target, _data) in zip(outcomes, files, strict=True)
            ]
        except ToolkitError as exc:  # the record is damaged
            outcomes = [o if isinstance(o, ToolkitError) else exc for o in outcomes]
        finally:
            for *_, tmp_name in staged:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
        return [o for o in outcomes if o is not None]  # (each file has its outcome by now)

    def _rename_into_place(
        self, tmp_name: str, target: Path, digest: str, known: list[str], *, replacing: bool
    ) -> Path:
        """Put the temporary file at ``target`` (or at its next version, beside a draft edited
        meanwhile); record its fingerprint; return where it went."""
        written = target
        if not replacing:
            _link_new(tmp_name, target, BUILD_HINT)
        elif not _replace_unless_edited(tmp_name, target, known):
            self._written[target.name] = known
            if os.path.lexists(target):  # (else it was removed meanwhile)
                written = self._next_version(target)
                self.notes.append(
                    f"{target} was edited while srkit was building; it is kept, and "
                    f"the new draft is {written.name}"
                )
            _link_new(tmp_name, written, BUILD_HINT)
        self._written[written.name] = [digest]
        return written

    def _next_version(self, target: Path) -> Path:
        stem, dot, ext = target.name.rpartition(".")
        if not dot:
            stem, ext = target.name, ""
        suffix = f".{ext}" if ext else ""
        number = 2
        while os.path.lexists(candidate := target.with_name(f"{stem}-v{number}{suffix}")):
            number += 1
        return candidate


def _replace_unless_edited(tmp_name: str, target: Path, known: list[str]) -> bool:
    """Rename ``tmp_name`` over ``target`` if ``target`` is still one of the ``known`` drafts;
    return False (nothing replaced, ``tmp_name`` still holds the new draft) otherwise.

    On Linux the two files are swapped in one step and the one swapped out is checked after:
    an edit saved at any moment before the swap is found and swapped back. Elsewhere the check
    comes immediately before the rename.
    """
    if _exchange(tmp_name, target):
        if _file_digest(tmp_name) in known:
            return True  # the caller removes tmp_name, which now holds the old draft
        _exchange(tmp_name, target)  # put the edited draft back
        return False
    if _file_digest(target) not in known:
        return False
    os.replace(tmp_name, target)
    return True


def _exchange(first: str | Path, second: str | Path) -> bool:
    """Swap two files atomically (Linux ``renameat2(RENAME_EXCHANGE)``); return False where
    the platform or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    import ctypes

    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


_RENAMEAT2: list = []


def _renameat2():
    if not _RENAMEAT2:
        function = None
        if sys.platform.startswith("linux"):
            import ctypes

            with contextlib.suppress(AttributeError, OSError):
                function = ctypes.CDLL(None, use_errno=True).renameat2
                function.argtypes = [
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_uint,
                ]
                function.restype = ctypes.c_int
        _RENAMEAT2.append(function)
    return _RENAMEAT2[0]


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed srkit left in ``folder``; return them.

    A file of srkit's naming is stale when the process named in it is gone (or, without a
    process id, when it is older than ``STALE_SECONDS``); a build running in parallel keeps
    its own.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = match["pid"]
        if pid is not None:
            if _running(int(pid)):
                continue
        else:
            try:
                if time.time() - entry.stat(follow_symlinks=False).st_mtime < STALE_SECONDS:
                    continue
            except OSError:
                continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True
