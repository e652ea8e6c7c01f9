"""Work the pages repeat, done once per version of the files it reads.

Checking a case as ``srkit check`` does, or rendering its documents for the review page, takes
tens of milliseconds; the pages ask for it on every visit while the file rarely changes. A
``Memo`` keeps the last results by a key that holds the fingerprint of every file's *content*
(and today's date, which the documents print), so an edit in the page, in a text editor or by
another program is seen at once: a changed file gives a new key, never a stale answer. (Times
and sizes are not enough: a file rewritten within the same clock tick keeps both.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """The ``limit`` most recently used results, by key."""

    def __init__(self, limit: int = 32) -> None:
        self.limit = limit
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the result kept for ``key``, or ``compute()`` (then kept)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)


def content_key(path: Path | None) -> str | None:
    """Return the fingerprint of the file at ``path`` (``None`` when there is none)."""
    from toolkit.serve.casefile import fingerprint

    if path is None:
        return None
    try:
        return fingerprint(path.read_bytes())
    except OSError:
        return None
