"""The word lists of ``srkit compare`` (``toolkit/data/compare.yaml``) and the small readers
built on them: vague phrases, calendar-driven moves, how often, how many minutes, clock times,
numbers, and the content words two texts are compared by.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from toolkit.frozen import Frozen
from toolkit.resources import data_file

_NUMBER_WORD = r"(?:\d+(?:\.\d+)?|{words})"


class Hit(Frozen):
    """A phrase found in a text, with where it starts."""

    phrase: str
    start: int
    end: int


@cache
def words() -> dict[str, Any]:
    """Return the contents of ``toolkit/data/compare.yaml``."""
    import yaml

    return yaml.safe_load(data_file("compare.yaml").read_text(encoding="utf-8"))


@cache
def _number_words() -> dict[str, float]:
    return {k.lower(): float(v) for k, v in words()["numbers"].items()}


@cache
def _number_pattern() -> str:
    names = sorted(_number_words(), key=len, reverse=True)
    return _NUMBER_WORD.format(words="|".join(re.escape(n) for n in names))


def to_number(text: str) -> float | None:
    """Return ``text`` (digits or a number word) as a number, or ``None``."""
    text = text.strip().lower()
    try:
        return float(text)
    except ValueError:
        return _number_words().get(text)


_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?")
_N = "\x00n"  # stands for any number in a phrase


class _Phrase(Frozen):
    words: tuple[str, ...]
    text: str  # as the word list writes it
    value: Any = None


class PhraseSet:
    """A list of phrases found by whole words, case-insensitively; ``{n}`` in a phrase stands
    for a number in digits or words. Scans a text once, word by word."""

    def __init__(self, phrases: dict[str, Any]) -> None:
        self._by_first: dict[str, list[_Phrase]] = {}
        for text, value in phrases.items():
            words = tuple(
                _N if w == "n" and "{n}" in text else w
                for w in _TOKEN.findall(text.lower().replace("{n}", " n "))
            )
            self._by_first.setdefault(words[0], []).append(_Phrase(words, text, value))
        for found in self._by_first.values():
            found.sort(key=lambda p: -len(p.words))

    def find(self, text: str) -> list[tuple[_Phrase, int, int, float | None]]:
        """Return (phrase, start, end, the number ``{n}`` stood for) for each phrase in
        ``text``, longest first where two start at one word, never overlapping."""
        tokens = [
            (m.group(0), m.start(), m.end())
            for m in _TOKEN.finditer(text.lower().replace("’", "'"))
        ]
        found = []
        i = 0
        while i < len(tokens):
            word = tokens[i][0]
            candidates = self._by_first.get(word, [])
            if word[0].isdigit() or word in _number_words():
                candidates = candidates + self._by_first.get(_N, [])
            match = None
            for phrase in candidates:
                n = _match(phrase.words, tokens, i)
                if n is not False and _allowed(phrase, tokens, i):
                    match = (phrase, n)
                    break
            if match is None:
                i += 1
                continue
            phrase, n = match
            last = i + len(phrase.words) - 1
            found.append((phrase, tokens[i][1], tokens[last][2], n))
            i = last + 1
        return found


def _match(words: tuple[str, ...], tokens: list, i: int):
    """Return the number ``{n}`` matched (``None`` without one) when ``words`` stand at token
    ``i``, or ``False``."""
    if i + len(words) > len(tokens):
        return False
    n = None
    for offset, word in enumerate(words):
        token = tokens[i + offset][0]
        if word == _N:
            n = to_number(token) if token[0].isdigit() or token in _number_words() else None
            if n is None:
                return False
        elif token != word:
            return False
    return n


def _allowed(phrase: _Phrase, tokens: list, i: int) -> bool:
    """Return False for "may" the month ("in May", "May 3")."""
    if phrase.words != ("may",):
        return True
    before = tokens[i - 1][0] if i > 0 else ""
    after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    return before not in ("in", "of", "since", "until", "by") and not after.isdigit()


@cache
def _vague() -> PhraseSet:
    return PhraseSet(dict.fromkeys(words()["vague"]))


@cache
def _calendar() -> PhraseSet:
    return PhraseSet(dict.fromkeys(words()["calendar_moves"]))


def _hits(phrases: PhraseSet, text: str) -> list[Hit]:
    return [
        Hit(" ".join(text[start:end].lower().split()), start, end)
        for _phrase, start, end, _n in phrases.find(text)
    ]


def vague_phrases(text: str) -> list[Hit]:
    """Return the vague phrases in ``text`` ("as needed", "may", ...), in order."""
    return _hits(_vague(), text)


def calendar_moves(text: str) -> list[Hit]:
    """Return the phrases in ``text`` that tie a move to a date or a fixed time."""
    return _hits(_calendar(), text)


def _generic(phrase: str) -> str:
    """Return a phrase with its numbers replaced, so "after 2 weeks" and "after three weeks"
    count as the same kind of move."""
    return " ".join("N" if to_number(w) is not None else w for w in phrase.split())


def new_phrases(found: list[Hit], original: str, finder) -> list[Hit]:
    """Return the hits of ``found`` whose phrase the family's ``original`` text lacks."""
    have = {_generic(hit.phrase) for hit in finder(original)}
    return [hit for hit in found if _generic(hit.phrase) not in have]


# -- how often, how long, what time -------------------------------------------------------------


@cache
def _frequencies() -> PhraseSet:
    return PhraseSet(words()["frequency_words"])


def frequencies(text: str) -> list[float]:
    """Return every "how often" in ``text``, as times a week."""
    found = []
    for phrase, _start, _end, n in _frequencies().find(text):
        rule = phrase.value
        if isinstance(rule, int | float):
            found.append(float(rule))
        elif n is not None:
            found.append({"n": n, "5n": 5 * n, "n/4": n / 4}[rule])
    return found


def per_week(text: str) -> float | None:
    """Return how often ``text`` (a frequency such as "twice a week") is, as times a week."""
    found = frequencies(text)
    return found[0] if found else None


@cache
def _minutes_regex() -> re.Pattern[str]:
    n = _number_pattern()
    return re.compile(
        rf"(?<![\w.])(?P<n>{n})(?:\s*|-)(?P<unit>minutes?|mins?\b\.?|hours?|hrs?\b\.?)"
        rf"|(?P<half>half an hour|half-hour)|(?P<one>an hour|one hour)",
        re.I,
    )


def minutes(text: str) -> list[float]:
    """Return every length of time in ``text`` ("30 minutes", "one hour"), in minutes."""
    found = []
    for match in _minutes_regex().finditer(text):
        if match.group("half"):
            found.append(30.0)
        elif match.group("one"):
            found.append(60.0)
        else:
            value = to_number(match.group("n"))
            if value is None:
                continue
            found.append(value * 60 if match.group("unit").lower().startswith("h") else value)
    return found


_CLOCK = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?!\w)", re.I
)


def clock_times(text: str) -> list[float]:
    """Return every clock time in ``text`` ("9:15 a.m."), as minutes after midnight."""
    found = []
    for match in _CLOCK.finditer(text):
        hour = int(match.group("h")) % 12
        if match.group("ampm").lower().startswith("p"):
            hour += 12
        found.append(float(hour * 60 + int(match.group("m") or 0)))
    return found


def clock_minutes(text: str) -> float | None:
    """Return the clock time ``text`` names, as minutes after midnight, or ``None``."""
    found = clock_times(text)
    return found[0] if found and len(text) <= 20 else None


def numbers(text: str) -> set[float]:
    """Return every number in ``text``, written as digits or as a word."""
    found = set()
    for match in re.finditer(rf"(?<![\w.]){_number_pattern()}(?![\w])", text, re.I):
        value = to_number(match.group(0))
        if value is not None:
            found.add(value)
    return found


# -- content words ------------------------------------------------------------------------------


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(words()["stopwords"].split())


def content_words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """Return the words of ``text`` that say what it is about: lower case, without common
    words and the student's names, plurals folded ("classes" → "class")."""
    stop = _stopwords() | names
    result = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in stop or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        result.append(word)
    return result
