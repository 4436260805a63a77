"""Where a figure is: gazetteer names found in the sentence, "the country" resolved from context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from claims.places import gazetteer
from claims.places import within as _within_uncached

from .patterns import with_capitals, word_alternation


class PlaceMention(NamedTuple):
    start: int  # offsets within the sentence
    end: int
    name: str  # gazetteer name; "" for a reference ("the country", "there")
    weak: bool = False  # a demonym ("Syrian forces") only says where when nothing else does
    refers_to: str = ""  # for a reference: "country" or "place"


@dataclass(frozen=True)
class _Matchers:
    names: re.Pattern
    # Names that begin in lower case ("the Middle East", "al-Tanf"), one pattern per first word.
    lower_case: list[re.Pattern]
    alias_to_name: dict[str, str]
    demonyms: re.Pattern | None
    demonym_to_name: dict[str, str]
    # ISO 3166 places (claims.places): weak mentions, like demonyms, so a hand-kept place the
    # sentence names wins ("The United States has 900 troops in Syria" is about Syria).
    world: re.Pattern | None
    world_to_name: dict[str, str]


# "The country", "this nation" and "there" ("deployed there" points back to a place; "there have
# been" does not), each written with a capital and without: patterns that begin with a literal
# are searched several times faster than one that begins with a choice of letters.
_THERE = r"here\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|remains?|"
_THERE += r"seems?|appears?)\b|['’]s)"
_REFERENCES = [
    (re.compile(rf"{t}h(?:e|is|at)\s+(?:country|nation)\b"), "country") for t in "Tt"
] + [(re.compile(rf"{t}{_THERE}"), "place") for t in "Tt"]


@cache
def _matchers() -> _Matchers:
    alias_to_name: dict[str, str] = {}
    demonym_to_name: dict[str, str] = {}
    written: list[str] = []
    demonyms_written: list[str] = []
    world_to_name: dict[str, str] = {}
    world_written: list[str] = []
    for place in gazetteer().values():
        if place.iso:
            for alias in place.aliases:
                world_to_name.setdefault(alias.lower(), place.name)
                world_written.append(alias)
            continue
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
        # name is checked in find_places). Each kind has its own pattern: one alternation of
        # all four would lose that skipping and run slower than four passes. A name that begins
        # in lower case is left to a pattern led by its first word (_led_by_first_words).
        capitalised = [w for w in with_capitals(words) if not w[:1].islower()]
        return re.compile(rf"(?:{word_alternation(capitalised)})(?![\w-])")

    world_written = [w for w in world_written if w.lower() not in alias_to_name]
    return _Matchers(
        pattern(written),
        _led_by_first_words([w for w in written if w[:1].islower()]),
        alias_to_name,
        pattern(demonyms_written) if demonyms_written else None,
        demonym_to_name,
        pattern(world_written) if world_written else None,
        world_to_name,
    )


def _led_by_first_words(words: list[str]) -> list[re.Pattern]:
    """Patterns for names that begin in lower case, one per first word ("the", "al"): a pattern
    led by a literal is searched several times faster than one led by a choice of letters, which
    these would make the names' pattern try at every "t" and "a" of a text."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(re.split(r"[ -]", word, maxsplit=1)[0], []).append(word)
    patterns = []
    for first, group in sorted(by_first.items()):
        rest = word_alternation(w[len(first) :] for w in group)
        patterns.append(re.compile(rf"{re.escape(first)}(?:{rest})(?![\w-])"))
    return patterns


def _name_matches(m: _Matchers, text: str) -> list[re.Match]:
    """The names' matches in reading order, as one pattern of every name would find them: the
    earliest wins where two overlap ("the Gaza Strip" holds "Gaza Strip")."""
    matches = list(m.names.finditer(text))
    lower_case = [x for pattern in m.lower_case for x in pattern.finditer(text)]
    if not lower_case:
        return matches
    matches += lower_case
    matches.sort(key=lambda x: (x.start(), -x.end()))
    kept, reached = [], 0
    for x in matches:
        if x.start() >= reached:
            kept.append(x)
            reached = x.end()
    return kept


def find_places(text: str) -> list[PlaceMention]:
    """Gazetteer names, demonyms and "the country"/"there" references in a text, in order."""
    m = _matchers()
    make = tuple.__new__  # PlaceMention(...) goes through a Python-level __new__: slower
    aliases = m.alias_to_name
    found = []
    add = found.append
    for x in _name_matches(m, text):
        start, end = x.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-_"):
            continue  # not the start of a word (see _starts_word)
        add(make(PlaceMention, (start, end, aliases[text[start:end].lower()], False, "")))
    if m.demonyms is not None:
        found += [
            PlaceMention(x.start(), x.end(), m.demonym_to_name[x.group().lower()], weak=True)
            for x in m.demonyms.finditer(text)
            if _starts_word(text, x.start())
        ]
    if m.world is not None:
        found += [
            PlaceMention(x.start(), x.end(), m.world_to_name[x.group().lower()], weak=True)
            for x in m.world.finditer(text)
            if _starts_word(text, x.start())
        ]
    found += [
        PlaceMention(x.start(), x.end(), "", refers_to=refers_to)
        for pattern, refers_to in _REFERENCES
        for x in pattern.finditer(text)
        if _starts_word(text, x.start())
    ]
    found.sort(key=_start)
    return found


def _start(p: PlaceMention) -> int:
    return p.start


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_")


@cache
def is_country(name: str) -> bool:
    """A place directly inside a top-level region, and not a compound of places."""
    place = gazetteer().get(name)
    if place is not None and place.country:
        return True
    if place is None or place.parts or place.within is None:
        return False
    parent = gazetteer().get(place.within)
    return parent is not None and parent.within is None and not parent.country


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
    return _compounds().get(frozenset(names), "")


@cache
def _compounds() -> dict[frozenset[str], str]:
    found: dict[frozenset[str], str] = {}
    for place in gazetteer().values():
        if place.parts:
            found.setdefault(frozenset(place.parts), place.name)
    return found


# How a place names the place around it: "Ain al-Asad in Iraq's western Anbar Province", "Tower
# 22, in Jordan", "Erbil, Iraq" (the later name locates the earlier) and "Iraq's Ain al-Asad air
# base" (the earlier locates the later). A few lower-case words may stand between ("in the far
# reaches of northeastern Jordan").
_LOCATED_IN = re.compile(r"\s*,?\s+(?:in|inside|within)\s+(?:(?!in\b)[a-z-]+\s+){0,5}")
_LOCATED_BY_COMMA = re.compile(r"\s*,\s*")
_POSSESSIVE = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,3}")
_LINK_CHARS = 60  # longer than any of the links above
within = cache(_within_uncached)  # the same few pairs are asked about again and again


def _related(a: str, b: str, *, same_country: bool) -> bool:
    if within(a, b) or within(b, a):
        return True
    return same_country and country_of(a) is not None and country_of(a) == country_of(b)


def group_places(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Names that locate one another become one mention of the most specific place among them.

    "US airbase Ain al-Asad in Iraq's western Anbar Province" is about the air base, not about
    Anbar or Iraq, whichever of them stands nearest a figure: the figure's place is the one that
    lies within the others, and when the gazetteer does not say which (the base and the province
    are both in Iraq), the place the others locate.
    """
    out: list[PlaceMention] = []
    i, n = 0, len(mentions)
    while i < n:
        p = mentions[i]
        i += 1
        if not p.name or p.weak:
            out.append(p)
            continue
        group = [p]
        locators: set[int] = set()  # indices in `group` of names that only say where another is
        inside = False  # after "in", every later name of the group locates the first ones
        while i < n:
            q = mentions[i]
            if not q.name or q.weak or q.start - group[-1].end > _LINK_CHARS:
                break
            link = _link(text, group[-1], q)
            if link is None:
                break
            inside = inside or link == "in"
            locators.add(len(group) - 1 if link == "'s" and not inside else len(group))
            group.append(q)
            i += 1
        out.append(p if len(group) == 1 else _most_specific(group, locators))
    return out


def _link(text: str, a: PlaceMention, b: PlaceMention) -> str | None:
    if _LOCATED_IN.fullmatch(text, a.end, b.start):
        # "Ain al-Asad in Iraq's Anbar": the later name holds the earlier one, or both lie in one
        # country. "Iraq, in bases such as Ain al-Asad" names a part, not where Iraq is.
        if a.name != b.name and within(b.name, a.name):
            return None
        return "in" if _related(a.name, b.name, same_country=True) else None
    if _POSSESSIVE.fullmatch(text, a.end, b.start):
        return "'s" if within(b.name, a.name) else None
    if _LOCATED_BY_COMMA.fullmatch(text, a.end, b.start):
        return "," if within(a.name, b.name) and a.name != b.name else None
    return None


def _most_specific(group: list[PlaceMention], locators: set[int]) -> PlaceMention:
    names = [p.name for p in group]
    innermost = [
        k
        for k, name in enumerate(names)
        if not any(other != name and within(other, name) for other in names)
    ]
    heads = [k for k in innermost if k not in locators] or innermost or [0]
    return PlaceMention(group[0].start, group[-1].end, names[heads[0]])


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
