"""Dates, times, numbers and lists as each language writes them, through Babel (CLDR data).

Spanish dates are always the long form, "14 de enero de 2027": the short es-US form is
day-first and misread by families used to US dates. Spanish lists follow the y → e and o → u
rule ("padres e hijos", "siete u ocho"), which CLDR's list patterns leave to the writer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

_LOCALES = {"en": "en_US", "es": "es_US"}
# "y" becomes "e" before the sound /i/ (i-, hi-, but not the diphthongs hia-, hie-, hio-, hiu-);
# "o" becomes "u" before the sound /o/ (o-, ho-) and before the number 8 (ocho, 80...).
_I_SOUND = re.compile(r"^(?:i|í|hi(?![aeoouáéóú])|hí)", re.IGNORECASE)
_O_SOUND = re.compile(r"^(?:o|ó|ho|hó|8)", re.IGNORECASE)


def long_date(value: dt.date, language: str = "en") -> str:
    """Return ``value`` written out: "January 14, 2027" or "14 de enero de 2027"."""
    if language == "es":
        from babel.dates import format_date

        return format_date(value, format="long", locale=_LOCALES["es"])
    from toolkit.text import american_date

    return american_date(value)


def short_date(value: dt.date, language: str = "en") -> str:
    """Return ``value`` as a chart labels it: "Jan 11" or "11 ene" (CLDR "MMM d", "d MMM")."""
    if language == "en":  # CLDR's en_US "MMM" is the month's first three letters: no Babel
        # (its import and locale data cost a progress report ~35 ms); tested against Babel
        from toolkit.text import MONTHS

        return f"{MONTHS[value.month - 1][:3]} {value.day}"
    from babel.dates import format_date

    return format_date(value, "d MMM", locale=_LOCALES[language])


def time_of_day(value: dt.time, language: str = "en") -> str:
    """Return ``value`` as "10:00 a.m." in either language (US usage in both)."""
    from babel.dates import format_time

    text = format_time(value, format="h:mm a", locale=_LOCALES[language])
    return text.replace("AM", "a.m.").replace("PM", "p.m.").replace("\u202f", " ")


def conjunction(word: str, following: str) -> str:
    """Return the Spanish ``word`` ("y" or "o") as it is written before ``following``."""
    following = following.strip().lstrip("*_[(\"'«¿¡")
    if word == "y" and _I_SOUND.match(following):
        return "e"
    if word == "o" and _O_SOUND.match(following):
        return "u"
    return word


def join(items: Sequence[str], language: str = "en", word: str = "and") -> str:
    """Return ``items`` as one list in running text: "a, b and c" / "a, b e hijos".

    ``word`` is "and" or "or"; English keeps the serial comma only with three items or more
    ("a, b, and c"), as the rest of srkit's English does.
    """
    items = [str(item) for item in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if language == "es":
        spanish = {"and": "y", "or": "o"}[word]
        return ", ".join(items[:-1]) + f" {conjunction(spanish, items[-1])} " + items[-1]
    comma = "," if len(items) > 2 else ""
    return ", ".join(items[:-1]) + f"{comma} {word} " + items[-1]


def plural(count: int | float, one: str, other: str, language: str = "en") -> str:
    """Return ``one`` or ``other`` for ``count`` by the language's CLDR plural rule."""
    from babel import Locale

    form = Locale.parse(_LOCALES[language]).plural_form(count)
    return one if form == "one" else other


def number(value: int | float, language: str = "en") -> str:
    """Return ``value`` with the language's digit grouping (US usage: 1,500.5 in both)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_LOCALES[language])
