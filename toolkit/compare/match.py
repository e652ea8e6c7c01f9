"""Stage 3 of ``srkit compare``: find each requested item in the school's draft, and judge it.

**Finding.** The item and every passage of the draft are reduced to their content words (no
common words, no student names) and compared with **RapidFuzz**: ``token_sort_ratio`` (an
edit-distance similarity of the sorted words, so reordered sentences still match and a
passage much longer than the item scores lower) plus ``partial_ratio`` of the item's title.
The best few candidates (single passages, and headings with the passages under them) are
grown a passage at a time while the similarity rises; a short passage that is mostly another
item's title (its heading) is a border no item grows over. The best grown passage above a
threshold is the passage found; below it, the item is missing. RapidFuzz is a maintained
C++ library with wheels for every platform (MIT); it scores all items against all passages in
one C++ loop (``process.extract``), where difflib would take seconds and would not handle
reordered words.

**Judging.** In the passage found, the item's key facts are checked: fewer minutes or a lower
frequency than asked, no frequency, no minutes, no responsible role, a vague qualifier the
family's text does not have ("as needed", "may"), or a phase that moves on a date instead of
the data make it *found but weaker*; another clock time, minute target, number or place makes
it *different*; otherwise it is *found*.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from toolkit.compare.read import Passage, SchoolDraft
from toolkit.compare.requested import Fact, RequestedItem
from toolkit.compare.words import (
    Hit,
    calendar_moves,
    clock_times,
    content_words,
    frequencies,
    minutes,
    new_phrases,
    numbers,
    vague_phrases,
)
from toolkit.frozen import Frozen

FOUND, WEAKER, DIFFERENT, MISSING = "found", "weaker", "different", "missing"
VERDICTS = (FOUND, WEAKER, DIFFERENT, MISSING)
THRESHOLD = 66.0
MAX_SECTION = 40  # passages taken as one unit at most
SEEDS = 3  # best candidate units grown for each item
LOOKAHEAD = 3  # passages a unit may grow by in one step
TITLE_CHARS = 80  # a passage this short that holds an item's title is that item's heading
TITLE_SIMILARITY = 90.0
ROLE_SIMILARITY = 85.0
PLACE_SIMILARITY = 80.0


class Reason(Frozen):
    """Why an item is weaker or different: what the family asked, what the draft says."""

    kind: str  # vague | calendar | minutes | frequency | role | time | target | number | place
    asked: str
    found: str | None = None  # None: the draft does not say it
    quote: str | None = None  # the draft's words around what was found


class Finding(Frozen):
    """One requested item, judged against the draft."""

    item: RequestedItem
    verdict: str
    passages: tuple[Passage, ...] = ()
    reasons: tuple[Reason, ...] = ()
    score: float = 0.0

    @property
    def where(self) -> str:
        """Return where the passage found is ("¶ 12–14", "p. 3"), or "" when missing."""
        if not self.passages:
            return ""
        first, last = self.passages[0].where, self.passages[-1].where
        if first == last:
            return first
        if first.startswith("¶ ") and last.startswith("¶ "):
            return f"{first}–{last[2:]}"
        if first.startswith("p. ") and last.startswith("p. "):
            return f"pp. {first[3:]}–{last[3:]}"
        return f"{first} to {last}"

    @property
    def text(self) -> str:
        """Return the text of the passage found."""
        return "\n".join(p.text for p in self.passages)


def _units(draft: SchoolDraft) -> list[tuple[int, int]]:
    """Return candidate units as (first, last) passage indexes, last included."""
    passages = draft.passages
    count = len(passages)
    units: set[tuple[int, int]] = set()
    for i in range(count):
        units.add((i, i))
        if passages[i].heading:
            end = i
            while end + 1 < count and not passages[end + 1].heading and end - i < MAX_SECTION:
                end += 1
            units.add((i, end))
    return sorted(units)


def match_items(
    items: list[RequestedItem], draft: SchoolDraft, names: frozenset[str] = frozenset()
) -> list[Finding]:
    """Return one finding per item of ``items``, in the same order.

    ``names`` are the student's names (lower case), left out when texts are compared.
    """
    units = _units(draft)
    passage_words = [" ".join(content_words(p.text, names)) for p in draft.passages]
    unit_texts = [" ".join(passage_words[a : b + 1]) for a, b in units]
    item_texts = [" ".join(content_words(item.text, names)) for item in items]
    titles = [" ".join(content_words(item.title, names)) or item.title.lower() for item in items]
    unit_sorted = [_sorted_words(text) for text in unit_texts]
    owners, firsts = _title_owners(draft, passage_words, titles)
    findings = []
    for row, item in enumerate(items):
        allowed = [owner in (None, row) for owner in owners]
        starts = [owner == row and first for owner, first in zip(owners, firsts, strict=True)]
        # token_sort_ratio against every unit in one C++ loop (the words sorted once), then
        # the title added for the closest ones
        body = process.extract(
            _sorted_words(item_texts[row]), unit_sorted, scorer=fuzz.ratio, limit=SEEDS * 8
        )
        ranked = sorted(
            (
                (0.8 * score + 0.2 * fuzz.partial_ratio(titles[row], unit_texts[index]), index)
                for _text, score, index in body
            ),
            reverse=True,
        )
        seeds = [units[i] for _score, i in ranked if _fits(units[i], allowed, starts)][:SEEDS]
        seeds += [(i, i) for i, own in enumerate(starts) if own]  # under its own title
        grown = [
            _grow(seed, item_texts[row], titles[row], passage_words, allowed, starts)
            for seed in seeds
        ]
        best, score = max(grown, key=lambda found: found[1], default=((0, 0), 0.0))
        first, last = _whole_section(best, draft, allowed, starts)
        if (first, last) != best:
            whole = " ".join(passage_words[first : last + 1])
            score = max(score, _score(item_texts[row], titles[row], whole))
        if score < THRESHOLD:
            findings.append(Finding(item, MISSING, score=score))
            continue
        passages = draft.passages[first : last + 1]
        text = "\n".join(p.text for p in passages)
        reasons = judge(item, text, names)
        verdict = FOUND
        if any(r.kind in WEAKER_KINDS for r in reasons):
            verdict = WEAKER
        elif reasons:
            verdict = DIFFERENT
        findings.append(Finding(item, verdict, tuple(passages), tuple(reasons), score))
    return findings


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _score(item_text: str, title: str, unit_text: str) -> float:
    return 0.8 * fuzz.token_sort_ratio(item_text, unit_text) + 0.2 * fuzz.partial_ratio(
        title, unit_text
    )


def _fits(unit: tuple[int, int], allowed: list[bool], starts: list[bool]) -> bool:
    """Return whether ``unit`` holds no other item's title, and its own only first."""
    first, last = unit
    return all(allowed[first : last + 1]) and not any(starts[first + 1 : last + 1])


def _whole_section(
    unit: tuple[int, int], draft: SchoolDraft, allowed: list[bool], starts: list[bool]
) -> tuple[int, int]:
    """Return ``unit`` reaching to the next heading when it starts with the item's own title:
    everything under an item's heading is about that item."""
    first, last = unit
    if not starts[first]:
        return unit
    passages = draft.passages
    while (
        last + 1 < len(passages)
        and allowed[last + 1]
        and not starts[last + 1]
        and not passages[last + 1].heading
        and last - first < MAX_SECTION
    ):
        last += 1
    return first, last


def _title_owners(
    draft: SchoolDraft, passage_words: list[str], titles: list[str]
) -> tuple[list[int | None], list[bool]]:
    """Return, for each passage, the index of the item whose title it is (a short passage, such
    as a heading, that is mostly the title), or ``None``; and whether it is the title's first
    line. An item's passage never takes in the
    title of another item: headings are where one item ends and the next begins."""
    short = [
        i
        for i, p in enumerate(draft.passages)
        if p.heading or (len(p.text) <= TITLE_CHARS and not p.text.endswith((".", ";", ",")))
    ]
    owners: list[int | None] = [None] * len(draft.passages)
    firsts = [True] * len(draft.passages)  # False for the second line of a broken title
    if not short or not titles:
        return owners, firsts
    for index in short:
        words = passage_words[index]
        found = process.extractOne(words, titles, scorer=fuzz.partial_ratio)
        if found and found[1] >= TITLE_SIMILARITY and len(found[0]) >= 0.5 * len(words):
            owners[index] = found[2]
    # a title broken over two short lines (a narrow table column in a PDF)
    short_set = set(short)
    for index in short:
        if index + 1 not in short_set or owners[index] is not None or owners[index + 1] is not None:
            continue
        joined = f"{passage_words[index]} {passage_words[index + 1]}"
        found = process.extractOne(joined, titles, scorer=fuzz.ratio)
        if found and found[1] >= TITLE_SIMILARITY:
            owners[index] = owners[index + 1] = found[2]
            firsts[index + 1] = False
    return owners, firsts


def _grow(
    unit: tuple[int, int],
    item_text: str,
    title: str,
    passage_words: list[str],
    allowed: list[bool],
    starts: list[bool],
) -> tuple[tuple[int, int], float]:
    """Return ``unit`` grown a passage at a time, backwards or forwards, while that brings it
    closer to the item (a school may split one support over several paragraphs), never over
    another item's title and never back past its own; and its score."""
    first, last = unit
    best = _score(item_text, title, " ".join(passage_words[first : last + 1]))
    for _ in range(MAX_SECTION):
        options = []
        for step in range(1, LOOKAHEAD + 1):  # a step over a short cell that lowers the score
            a = first - step
            if a >= 0 and all(allowed[a:first]) and not any(starts[a + 1 : first + 1]):
                options.append((a, last))
            b = last + step
            if b < len(passage_words) and all(allowed[last + 1 : b + 1]):
                options.append((first, b))
        scored = [
            (_score(item_text, title, " ".join(passage_words[a : b + 1])), (a, b))
            for a, b in options
        ]
        if not scored:
            break
        score, (a, b) = max(scored)
        if score <= best:
            break
        best, first, last = score, a, b
    return (first, last), best


WEAKER_KINDS = frozenset({"vague", "calendar", "minutes", "frequency", "role"})


def judge(item: RequestedItem, text: str, names: frozenset[str] = frozenset()) -> list[Reason]:
    """Return what in ``text`` (the passage found) is weaker than, or different from, what
    ``item`` asks for; empty when it says the same. ``names`` are the student's names: the
    family's text names the student where a school's says "the student"."""
    reasons: list[Reason] = []
    asked = item.text
    if names:
        pattern = r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len)[::-1]) + r")\b"
        asked = re.sub(pattern, "the student", asked, flags=re.I)
    for hit in new_phrases(vague_phrases(text), asked, vague_phrases):
        reasons.append(Reason("vague", "", hit.phrase, _quote(hit, text)))
    if item.phase:
        for hit in new_phrases(calendar_moves(text), asked, calendar_moves):
            reasons.append(Reason("calendar", "", hit.phrase, _quote(hit, text)))
    for fact in item.facts:
        reason = _check(fact, text)
        if reason is not None:
            reasons.append(reason)
    return _unique(reasons)


def _check(fact: Fact, text: str) -> Reason | None:
    if fact.kind == "minutes":
        return _amount_reason(fact, minutes(text), "minutes")
    if fact.kind == "frequency":
        return _amount_reason(fact, frequencies(text), "frequency")
    if fact.kind in ("role", "place"):
        similarity = ROLE_SIMILARITY if fact.kind == "role" else PLACE_SIMILARITY
        if fuzz.partial_ratio(fact.text.lower(), text.lower()) >= similarity:
            return None
        if set(content_words(fact.text)) <= set(content_words(text)):
            return None  # every word of it is there, perhaps broken over lines or cells
        return Reason(fact.kind, fact.text)
    if fact.kind == "time":
        found = clock_times(text)
        if fact.amount in found:
            return None
        return Reason("time", fact.text, _clock(found[0]) if found else None)
    if fact.kind in ("target", "number"):
        if fact.amount in numbers(text):
            return None
        return Reason(fact.kind, fact.text)
    return None


def _amount_reason(fact: Fact, found: list[float], kind: str) -> Reason | None:
    """Return a reason when ``found`` lacks the amount asked and offers less, or nothing."""
    asked = fact.amount or 0.0
    if any(abs(value - asked) < 1e-6 for value in found):
        return None
    lower = [value for value in found if value < asked]
    if lower:
        return Reason(kind, fact.text, _amount(max(lower), kind))
    if not found:
        return Reason(kind, fact.text)
    return None  # more than asked


def _amount(value: float, kind: str) -> str:
    shown = int(value) if float(value).is_integer() else round(value, 2)
    return f"{shown} minutes" if kind == "minutes" else f"{shown} times a week"


def _clock(value: float) -> str:
    hour, minute = divmod(int(value), 60)
    suffix = "a.m." if hour < 12 else "p.m."
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {suffix}"


def _quote(hit: Hit, text: str, width: int = 60) -> str:
    """Return the words around ``hit`` in ``text``, with "…" where they are cut."""
    start = max(0, hit.start - width)
    end = min(len(text), hit.end + width)
    while 0 < start < hit.start and not text[start - 1].isspace():
        start += 1
    while hit.end < end < len(text) and not text[end].isspace():
        end -= 1
    quote = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + quote + ("…" if end < len(text) else "")


def _unique(reasons: list[Reason]) -> list[Reason]:
    return list(dict.fromkeys(reasons))
