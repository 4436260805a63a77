"""Which part of a metric's total a figure counts: "one seriously wounded" is the serious part of
the injuries, "70 US personnel with minor injuries" the minor part; a figure naming no part is the
total (subset "").

The parts and their words are data (the `subsets` table of each metric in data/metrics.toml). The
words are looked for in the figure's own clause: from just before the figure (an adverb and verb,
"critically wounding two") to the next clause mark or the next figure.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from claims.metrics import DATA

from .tokens import CLAUSE_MARKS, Token

# How far after the figure a part's words may stand ("at least 56 US personnel have suffered
# everything from minor wounds to traumatic brain injuries" needs all of it).
AFTER_WINDOW = 15
# And before it: "shot down a barrage of 14 drones".
BEFORE_WINDOW = 5
# Words that start a new clause or a new figure's part: the figure's own words end there.
_CLAUSE_ENDS = frozenset({"including", "among", "while", "but", "though", "although", "whereas"})
# A part named after these is one end of a spread ("ranging from minor to severe"), not a part.
_SPREAD = frozenset({"from", "between"})


@dataclass(frozen=True)
class _Phrases:
    slugs: dict[tuple[str, ...], str]  # lower-cased phrase as words → subset slug
    sizes: dict[str, tuple[int, ...]]  # first word → phrase lengths starting with it, longest first


@cache
def subset_words() -> dict[str, dict[tuple[str, ...], str]]:
    """metric slug → {lower-cased phrase as words → subset slug}."""
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    table: dict[str, dict[tuple[str, ...], str]] = {}
    for row in raw["metric"]:
        phrases: dict[tuple[str, ...], str] = {}
        for slug, words in row.get("subsets", {}).items():
            for phrase in words:
                phrases.setdefault(tuple(phrase.lower().split()), slug)
        if phrases:
            table[row["slug"]] = phrases
    return table


@cache
def _phrases(metric: str) -> _Phrases | None:
    slugs = subset_words().get(metric)
    if not slugs:
        return None
    sizes: dict[str, set[int]] = {}
    for key in slugs:
        sizes.setdefault(key[0], set()).add(len(key))
    return _Phrases(slugs, {w: tuple(sorted(v, reverse=True)) for w, v in sizes.items()})


def _match(toks: list[Token], j: int, end: int, phrases: _Phrases) -> tuple[str, int] | None:
    """The longest phrase starting at token j and ending by `end`: (slug, its length)."""
    for size in phrases.sizes.get(toks[j].lower, ()):
        if j + size <= end:
            slug = phrases.slugs.get(tuple(t.lower for t in toks[j : j + size]))
            if slug is not None:
                return slug, size
    return None


def subset_of(
    toks: list[Token],
    first: int,
    last: int,
    metric: str,
    blocked: set[int],
    *,
    after_only: bool = False,
) -> str:
    """The subset slug of the figure at tokens [first, last) counting `metric`, or "" (the total).

    `blocked` holds the token indices where the sentence's other figures start; `after_only`
    looks only at the words right after the figure ("including one critically").
    """
    phrases = _phrases(metric)
    if phrases is None:
        return ""
    if after_only:  # the part's words must follow the figure at once
        hit = _match(toks, last, len(toks), phrases) if last < len(toks) else None
        return hit[0] if hit else ""
    lo = first
    # "and" before the figure joins it to an earlier figure's words ("one seriously wounded and
    # 70 others"), unless no figure stands before it ("intercepted and destroyed 18 drones").
    earlier_figure = any(b < first for b in blocked)
    while lo > 0 and first - lo < BEFORE_WINDOW:
        word = toks[lo - 1].lower
        joins = word in ("and", "or") and earlier_figure
        if word in CLAUSE_MARKS or joins or (lo - 1) in blocked:
            break
        lo -= 1
    hi = last
    limit = min(len(toks), last + AFTER_WINDOW)
    while hi < limit:
        word = toks[hi].lower
        if word in CLAUSE_MARKS or word in _CLAUSE_ENDS or hi in blocked:
            break
        hi += 1
    found: set[str] = set()
    j = lo
    while j < hi:
        hit = _match(toks, j, hi, phrases)
        if hit is None:
            j += 1
            continue
        if j > 0 and toks[j - 1].lower in _SPREAD:
            return ""  # "from minor wounds to traumatic brain injuries": all of them
        found.add(hit[0])
        j += hit[1]
    # Two parts named for one figure ("minor and serious injuries") add up to more than a part.
    return found.pop() if len(found) == 1 else ""
