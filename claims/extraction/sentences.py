"""Sentence spans of a document: linear, abbreviation-aware, and never longer than a cap."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence longer than this is cut at a space: a run-on "sentence" (a table, a wall of numbers)
# must not make every claim carry a megabyte of context.
MAX_SENTENCE = 1000

# Where a sentence may end: a mark and the spaces after it (closing quotes or brackets between)
# or a line break. One pattern per mark, as one that begins with a literal character is searched
# several times faster than one that begins with a choice of characters; matches of two of them
# never overlap.
_BREAKS = [re.compile(rf"\{mark}[\"'”’)\]]*[ \t]+") for mark in ".!?"] + [re.compile(r"\n\s*")]
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?[\"'”’)\]]*$")

ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
    + ["mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun"]
    # ranks and titles: "Brig. Gen. Pat Ryder", "Spc. Kennedy Sanders", "Rep. Ruben Gallego"
    + ["gen", "brig", "lt", "col", "maj", "capt", "cpt", "sgt", "ssgt", "msgt", "spc", "pfc"]
    + ["cpl", "pvt", "adm", "cmdr", "cdr", "ens", "ret", "rear", "mr", "mrs", "ms", "dr", "st"]
    + ["sen", "sens", "rep", "reps", "gov", "pres", "prof", "gens", "amb", "hon"]
    # US states as abbreviated in bylines and party tags: "R-Texas", "D-Ariz."
    + ["ariz", "calif", "colo", "conn", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md"]
    + ["mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa"]
    + ["tenn", "tex", "va", "vt", "wash", "wis", "wyo"]
    + ["no", "nos", "vs", "etc", "jr", "sr", "inc", "co", "corp", "ltd", "dept", "est"]
    + ["approx", "fig", "mt", "ft"]
)


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding whitespace."""
    start = 0
    for m in _breaks(text):
        mark = m.group()
        if mark[0] in ".!?" and not _ends_sentence(text, m):
            continue
        end = m.start() + len(mark.rstrip())
        # Most sentences need no trimming or cutting: yield those without the general case.
        if 0 < end - start <= MAX_SENTENCE and not (
            text[start].isspace() or text[end - 1].isspace()
        ):
            yield start, end
        else:
            yield from _capped(text, start, end)
        start = m.end()
    yield from _capped(text, start, len(text))


def _breaks(text: str) -> list[re.Match]:
    found = [m for pattern in _BREAKS for m in pattern.finditer(text)]
    found.sort(key=re.Match.start)
    return found


def _ends_sentence(text: str, m: re.Match) -> bool:
    after = text[m.end() : m.end() + 1]
    if after and after.islower():
        return False
    if m.group()[0] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
    if word is None:
        return True
    before = word.group(1)
    # "U.S." / "Lt." / "Oct." do not end a sentence; a single capital is an initial.
    if len(before) == 1 and before.isupper():
        return False
    return before.lower() not in ABBREVIATIONS


def _capped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut == -1:
            cut = start + MAX_SENTENCE
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end
