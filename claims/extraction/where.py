"""Where a figure is: gazetteer names found in the sentence, "the country" resolved from context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims.places import gazetteer

from .patterns import with_capitals, word_alternation


@dataclass(frozen=True)
class PlaceMention:
    start: int  # offsets within the sentence
    end: int
    name: str  # gazetteer name; "" for a reference ("the country", "there")
    weak: bool = False  # a demonym ("Syrian forces") only says where when nothing else does
    refers_to: str = ""  # for a reference: "country" or "place"


@dataclass(frozen=True)
class _Matchers:
    names: re.Pattern
    alias_to_name: dict[str, str]
    demonyms: re.Pattern | None
    demonym_to_name: dict[str, str]


_COUNTRY_REFERENCE = re.compile(r"[Tt](?:he|his|hat)\s+(?:country|nation)\b")
# "deployed there" points back to a place; "there have been" does not.
_THERE = re.compile(
    r"[Tt]here\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|remains?|"
    r"seems?|appears?)\b|['’]s)",
)


@cache
def _matchers() -> _Matchers:
    alias_to_name: dict[str, str] = {}
    demonym_to_name: dict[str, str] = {}
    written: list[str] = []
    demonyms_written: list[str] = []
    for place in gazetteer().values():
        for alias in (place.name, *place.aliases):
            alias_to_name.setdefault(alias.lower(), place.name)
            written.append(alias)
        for demonym in place.demonyms:
            demonym_to_name.setdefault(demonym.lower(), place.name)
            demonyms_written.append(demonym)
    demonyms_written = [d for d in demonyms_written if d.lower() not in alias_to_name]

    def pattern(words: list[str]) -> re.Pattern:
        # Names as written, or capitalised at a sentence start: case-sensitive literal matching
        # is fast. A trie regex tries the longer name first, so "Iraq and Syria" beats "Iraq".
        # No leading \\b: the engine then skips ahead by first letter (the boundary before a
        # name is checked in find_places).
        return re.compile(rf"(?:{word_alternation(with_capitals(words))})(?![\w-])")

    return _Matchers(
        pattern(written),
        alias_to_name,
        pattern(demonyms_written) if demonyms_written else None,
        demonym_to_name,
    )


def find_places(text: str) -> list[PlaceMention]:
    """Gazetteer names, demonyms and "the country"/"there" references in a text, in order."""
    m = _matchers()
    found = [
        PlaceMention(x.start(), x.end(), m.alias_to_name[x.group().lower()])
        for x in m.names.finditer(text)
        if _starts_word(text, x.start())
    ]
    if m.demonyms is not None:
        found += [
            PlaceMention(x.start(), x.end(), m.demonym_to_name[x.group().lower()], weak=True)
            for x in m.demonyms.finditer(text)
            if _starts_word(text, x.start())
        ]
    found += [
        PlaceMention(x.start(), x.end(), "", refers_to="country")
        for x in _COUNTRY_REFERENCE.finditer(text)
        if _starts_word(text, x.start())
    ]
    found += [
        PlaceMention(x.start(), x.end(), "", refers_to="place")
        for x in _THERE.finditer(text)
        if _starts_word(text, x.start())
    ]
    found.sort(key=lambda p: p.start)
    return found


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_")


@cache
def is_country(name: str) -> bool:
    """A place directly inside a top-level region, and not a compound of places."""
    place = gazetteer().get(name)
    if place is None or place.parts or place.within is None:
        return False
    parent = gazetteer().get(place.within)
    return parent is not None and parent.within is None


@cache
def country_of(name: str) -> str | None:
    place = gazetteer().get(name)
    while place is not None:
        if is_country(place.name):
            return place.name
        place = gazetteer().get(place.within) if place.within else None
    return None


def compound_of(names: list[str]) -> str:
    """The gazetteer's compound place made of exactly these places ("Iraq and Syria"), or ""."""
    wanted = frozenset(names)
    for place in gazetteer().values():
        if place.parts and frozenset(place.parts) == wanted:
            return place.name
    return ""


# A name further than this from the figure (in characters) loses to the place of the sentences
# just before: "… two dozen service members who … were attacked by groups with links to Iran".
FAR = 120


def nearest_place(
    mentions: list[PlaceMention], start: int, end: int, country: str | None, recent: str | None
) -> str:
    """The place of a figure at sentence offsets [start, end).

    The nearest name wins (a name after the figure a little more readily: "900 troops in
    Syria"); "the country" means `country`, the country the sentence or article is about; a
    demonym counts only when no name does; `recent` (the place of the last sentences) is the
    fallback, and wins over a name more than FAR characters away.
    """
    best, best_score = "", float("inf")
    for weak_pass in (False, True):
        for p in mentions:
            if p.weak != weak_pass:
                continue
            if p.name:
                name = p.name
            elif p.refers_to == "country":
                name = country or ""
            else:
                name = _place_before(mentions, p.start) or recent or ""
            if not name:
                continue
            distance = p.start - end if p.start >= end else (start - p.end) * 1.5
            if distance < 0:
                distance = 0
            if distance < best_score:
                best, best_score = name, distance
        if best and (best_score <= FAR or not recent):
            return best
    return recent or ""


def _place_before(mentions: list[PlaceMention], offset: int) -> str:
    named = [p.name for p in mentions if p.name and not p.weak and p.end <= offset]
    return named[-1] if named else ""
