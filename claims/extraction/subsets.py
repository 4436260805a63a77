"""Which part of a metric's total a figure counts: "one seriously wounded" is the serious part of
the injuries, "70 US personnel with minor injuries" the minor part; a figure naming no part is the
total (subset "").

The parts and their words are data (the `subsets` table of each metric in data/metrics.toml). The
words are looked for in the figure's own clause: from just before the figure (an adverb and verb,
"critically wounding two") to the next clause mark or the next figure.
"""

from __future__ import annotations

import tomllib
from functools import cache

from claims.metrics import DATA

from .tokens import CLAUSE_MARKS, Token

# How far after the figure a part's words may stand ("at least 56 US personnel have suffered
# everything from minor wounds to traumatic brain injuries" needs all of it).
AFTER_WINDOW = 15
BEFORE_WINDOW = 3
# Words that start a new clause or a new figure's part: the figure's own words end there.
_CLAUSE_ENDS = frozenset({"including", "among", "while", "but", "though", "although", "whereas"})
# A part named after these is one end of a spread ("ranging from minor to severe"), not a part.
_SPREAD = frozenset({"from", "between"})


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
    phrases = subset_words().get(metric)
    if not phrases:
        return ""
    longest = max(len(k) for k in phrases)
    if after_only:  # the part's words must follow the figure at once
        for size in range(min(longest, len(toks) - last), 0, -1):
            slug = phrases.get(tuple(t.lower for t in toks[last : last + size]))
            if slug is not None:
                return slug
        return ""
    lo = first
    while lo > 0 and first - lo < BEFORE_WINDOW:
        word = toks[lo - 1].lower
        if word in CLAUSE_MARKS or word in ("and", "or") or (lo - 1) in blocked:
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
        for size in range(min(longest, hi - j), 0, -1):
            slug = phrases.get(tuple(t.lower for t in toks[j : j + size]))
            if slug is None:
                continue
            if j > 0 and toks[j - 1].lower in _SPREAD:
                return ""  # "from minor wounds to traumatic brain injuries": all of them
            found.add(slug)
            j += size - 1
            break
        j += 1
    # Two parts named for one figure ("minor and serious injuries") add up to more than a part.
    return found.pop() if len(found) == 1 else ""
