"""The Spanish glossary (``toolkit/data/glossary-es.yaml``): one Spanish term per concept.

:func:`glossary_problems` is what the tests run over every Spanish file srkit ships: no form
the glossary says to avoid, and no acronym without its full form written out at least once.
"""

from __future__ import annotations

import re
from functools import cache

from toolkit.frozen import Frozen
from toolkit.resources import data_file


class Term(Frozen):
    """One concept: the English term, the one Spanish term for it, and what to avoid."""

    en: str
    es: str
    short: str | None = None
    avoid: tuple[str, ...] = ()
    note: str = ""


@cache
def glossary() -> tuple[Term, ...]:
    """Return the glossary's terms, in the file's order."""
    import yaml

    path = data_file("glossary-es.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Term(
            en=t["en"],
            es=t["es"],
            short=t.get("short"),
            avoid=tuple(t.get("avoid", ())),
            note=t.get("note", ""),
        )
        for t in data["terms"]
    )


def glossary_problems(text: str) -> list[str]:
    """Return every place ``text`` (Spanish) departs from the glossary, as messages."""
    found = []
    folded = text.casefold()
    for term in glossary():
        for form in term.avoid:
            pattern = r"(?<!\w)" + re.escape(form.casefold().strip()) + r"(?!\w)"
            if re.search(pattern, folded):
                found.append(f"'{form.strip()}': the glossary's term is '{term.es}'")
        short = term.short and re.search(rf"\b{re.escape(term.short)}\b", text)
        if short and term.es.casefold() not in folded:
            found.append(f"'{term.short}' without its full form '{term.es}' in the file")
    return found
