"""The words of the web interview pass through one gettext-style function, ``_``.

Every interface string is written as ``_("...")`` in Python and ``{{ _("...") }}`` in the
templates, so a translation catalogue (Babel's ``.po``/``.mo`` files) can be installed later
with ``install(translations)`` without touching the pages.
"""

from __future__ import annotations

import gettext

_translations: gettext.NullTranslations = gettext.NullTranslations()


def install(translations: gettext.NullTranslations) -> None:
    """Use ``translations`` for every interface string from now on."""
    global _translations
    _translations = translations


def _(message: str) -> str:
    """Return ``message`` in the interface language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form of a message for ``n``, in the interface language."""
    return _translations.ngettext(singular, plural, n)
