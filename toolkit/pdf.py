"""PDF beside Word: finished .docx drafts converted by LibreOffice, when it is installed.

Word stays the editable original; the PDF is a tagged PDF (headings, lists and tables a screen
reader can follow) with its fonts embedded, made by one LibreOffice process for all of a
build's documents, in a private profile folder that is removed afterwards. LibreOffice runs
with no network use of its own: the documents srkit writes hold no external links or images.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.errors import ToolkitError

PROGRAMS = ("soffice", "libreoffice")
#: The PDF export filter with tagging on (LibreOffice embeds the fonts it uses by default).
FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
TIMEOUT_SECONDS = 300
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt install libreoffice-writer-nogui; macOS: brew "
    "install --cask libreoffice; Windows: libreoffice.org), set SRKIT_SOFFICE to its soffice "
    "program, or leave pdf out of --format"
)


def find_soffice() -> str | None:
    """Return the LibreOffice program to convert with, or None where none is installed."""
    chosen = os.environ.get("SRKIT_SOFFICE")
    if chosen:
        return shutil.which(chosen)
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    """Return the LibreOffice program; raise ``ToolkitError`` saying what to install."""
    found = find_soffice()
    if found is None:
        raise ToolkitError.at(
            "--format",
            None,
            "pdf needs LibreOffice, and its soffice program was not found",
            INSTALL_HINT,
        )
    return found


def to_pdf(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Return a PDF for each .docx in ``documents`` (file stem → bytes), in one LibreOffice run.

    Raises ``ToolkitError`` when LibreOffice is missing, fails or leaves a document out.
    """
    if not documents:
        return {}
    program = require_soffice()
    with tempfile.TemporaryDirectory(prefix="srkit-pdf-") as tmp:
        folder = Path(tmp)
        sources = []
        for stem, data in documents.items():
            path = folder / f"{stem}.docx"
            path.write_bytes(data)
            sources.append(str(path))
        profile = (folder / "profile").as_uri()
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            FILTER,
            "--outdir",
            str(folder / "pdf"),
            *sources,
        ]
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ToolkitError.at(
                program, None, f"LibreOffice could not convert to PDF: {exc}", INSTALL_HINT
            ) from None
        result = {}
        for stem in documents:
            pdf = folder / "pdf" / f"{stem}.pdf"
            if not pdf.is_file() or pdf.stat().st_size == 0:
                said = done.stderr.decode("utf-8", "replace").strip().splitlines()
                raise ToolkitError.at(
                    program,
                    None,
                    f"LibreOffice did not convert {stem}.docx to PDF"
                    + (f" ({said[-1][:200]})" if said else ""),
                    "open the .docx in LibreOffice to see why, or leave pdf out of --format",
                )
            result[stem] = pdf.read_bytes()
        return result
