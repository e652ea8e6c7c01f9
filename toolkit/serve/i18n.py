"""The words of the web interview, in the language the person chose for it.

Every interface string is written as ``_("...")`` in Python and ``{{ _("...") }}`` in the
templates; Babel extracts them (``babel.cfg``) into a catalogue, and each translation is a
``.po`` file in ``toolkit/serve/locale/<language>/LC_MESSAGES/messages.po``, compiled in memory
the first time it is needed (nothing compiled is kept in the repository, so it cannot drift
from the ``.po``).

The interface language belongs to the request (``activate``): a cookie set by the language
switch, else the browser's ``Accept-Language``, else English. It never changes what the
documents say: their language follows the case file.
"""

from __future__ import annotations

import gettext
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from pathlib import Path

LOCALES = Path(__file__).parent / "locale"
DEFAULT = "en"
#: The interface languages, each named in its own language (as the switch shows them).
LANGUAGES = {"en": "English", "es": "Español"}
COOKIE = "srkit-lang"

_current: ContextVar[str] = ContextVar("srkit_interface_language", default=DEFAULT)
_here: ContextVar[str] = ContextVar("srkit_page_path", default="/")
_catalogs: dict[str, gettext.NullTranslations] = {}
_lock = threading.Lock()


def po_path(language: str) -> Path:
    """Return the ``.po`` file of ``language``'s translation."""
    return LOCALES / language / "LC_MESSAGES" / "messages.po"


def catalog(language: str) -> gettext.NullTranslations:
    """Return the translation of the interface into ``language`` (compiled from its ``.po``
    with Babel on first use); English is the source and needs none."""
    with _lock:
        if language not in _catalogs:
            _catalogs[language] = _compile(language)
        return _catalogs[language]


def _compile(language: str) -> gettext.NullTranslations:
    if language == DEFAULT:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as po:
        messages = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def current() -> str:
    """Return the interface language of the request being answered."""
    return _current.get()


def here() -> str:
    """Return the path (and query) of the page being answered: where the switch returns."""
    return _here.get()


def activate(language: str, path: str = "/") -> tuple[Token, Token]:
    """Answer the current request in ``language`` (one of ``LANGUAGES``)."""
    return _current.set(language if language in LANGUAGES else DEFAULT), _here.set(path)


def deactivate(tokens: tuple[Token, Token]) -> None:
    _current.reset(tokens[0])
    _here.reset(tokens[1])


@contextmanager
def using(language: str) -> Iterator[None]:
    """Within the block, the interface words are in ``language``."""
    tokens = activate(language)
    try:
        yield
    finally:
        deactivate(tokens)


def choose(cookie: str | None, accept_language: str | None) -> str:
    """Return the interface language: the one chosen with the switch (its cookie), else the
    browser's first supported preference (``Accept-Language``), else English."""
    if cookie in LANGUAGES:
        return cookie
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _semicolon, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT


def message_lang(problem) -> str:
    """Return the language of a problem's message: a problem located in a file is the command
    line's own, in English (as ``srkit check`` says it); the page's own are in the interface's."""
    return "en" if problem.path else current()


def _(message: str) -> str:
    """Return ``message`` in the interface language."""
    return catalog(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form of a message for ``n``, in the interface language."""
    return catalog(current()).ngettext(singular, plural, n)
