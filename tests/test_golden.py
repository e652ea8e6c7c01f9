"""Each contract document (and a case with several numbered lists), as the readable dump of
its .docx (``dump_docx``), compared to a reviewed golden file in tests/golden/.

After an intended change to the text or layout, rewrite the goldens and review their diff:

    SRKIT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
import os

import pytest
from conftest import DOCUMENTS, GOLDEN

UPDATE = os.environ.get("SRKIT_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_document_matches_golden(dumps, key):
    golden = GOLDEN / DOCUMENTS[key][1].replace(".docx", ".txt")
    actual = dumps[key]
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        changed = not golden.is_file() or golden.read_text(encoding="utf-8") != actual
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"SRKIT_UPDATE_GOLDEN=1: {'rewrote' if changed else 'unchanged'} {golden}")
    assert golden.is_file(), (
        f"no golden file {golden}; create it with SRKIT_UPDATE_GOLDEN=1 and review it"
    )
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{golden.name}",
                tofile="built now",
                n=2,
            )
        )
        pytest.fail(
            f"{DOCUMENTS[key][1]} differs from {golden.name} (if the change is intended, "
            f"rerun with SRKIT_UPDATE_GOLDEN=1 and review `git diff tests/golden`):\n{diff}",
            pytrace=False,
        )
