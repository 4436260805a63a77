"""The words around a figure that say how exact it is, read into DESIGN.md's qualifier slugs."""

from __future__ import annotations

from claims.figures import Qualifier

from .patterns import words
from .tokens import QUOTES, Token

_BEFORE_PHRASES: dict[str, Qualifier] = {
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "upward of": Qualifier.MORE_THAN,
    "upwards of": Qualifier.MORE_THAN,
    "in excess of": Qualifier.MORE_THAN,
    "greater than": Qualifier.MORE_THAN,
    "above": Qualifier.MORE_THAN,
    "at least": Qualifier.AT_LEAST,
    "no fewer than": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "not less than": Qualifier.AT_LEAST,
    "not fewer than": Qualifier.AT_LEAST,
    "a minimum of": Qualifier.AT_LEAST,
    "about": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "approx": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT,
    "estimated": Qualifier.ABOUT,
    "circa": Qualifier.ABOUT,
    "approximate": Qualifier.ABOUT,
    "an approximate": Qualifier.ABOUT,
    "nearly": Qualifier.NEARLY,
    "almost": Qualifier.NEARLY,
    "just under": Qualifier.NEARLY,
    "just below": Qualifier.NEARLY,
    "close to": Qualifier.NEARLY,
    "just shy of": Qualifier.NEARLY,
    "up to": Qualifier.AT_MOST,
    "as many as": Qualifier.AT_MOST,
    "at most": Qualifier.AT_MOST,
    "no more than": Qualifier.AT_MOST,
    "not more than": Qualifier.AT_MOST,
    "a maximum of": Qualifier.AT_MOST,
    "fewer than": Qualifier.FEWER_THAN,
    "less than": Qualifier.FEWER_THAN,
    "under": Qualifier.FEWER_THAN,
    "below": Qualifier.FEWER_THAN,
    "as much as": Qualifier.AT_MOST,
    "within": Qualifier.AT_MOST,
    "~": Qualifier.ABOUT,
}
# "went up to", "shot up to": the figure is where a change ended, not a ceiling.
MOVED = frozenset(["went", "go", "goes", "gone", "going", "shot", "jumped", "climbed", "moved"])
# "flips over 360 degrees", "handed over 40 prisoners": "over" belongs to the verb.
OVER_VERBS = frozenset(
    [
        "flip",
        "flips",
        "flipped",
        "turn",
        "turns",
        "turned",
        "roll",
        "rolls",
        "rolled",
        "hand",
        "hands",
        "handed",
        "take",
        "takes",
        "took",
        "taken",
        "tip",
        "tips",
        "tipped",
        "spill",
        "spills",
        "spilled",
        "spilt",
        "run",
        "runs",
        "ran",
    ]
)
_AFTER_PHRASES: dict[str, Qualifier] = {
    "or more": Qualifier.AT_LEAST,
    "or so": Qualifier.ABOUT,
    "plus": Qualifier.AT_LEAST,
    "+": Qualifier.AT_LEAST,
    "or fewer": Qualifier.AT_MOST,
    "or less": Qualifier.AT_MOST,
    "-odd": Qualifier.ABOUT,
    "or older": Qualifier.AT_LEAST,
    "and older": Qualifier.AT_LEAST,
}
_BEFORE = {tuple(k.split()): v for k, v in _BEFORE_PHRASES.items()}
_AFTER = {tuple(k.split()): v for k, v in _AFTER_PHRASES.items()}
_LONGEST = max(len(k) for k in _BEFORE)
# The last words the phrases before a figure end with: most words before a number end none.
_BEFORE_ENDS = frozenset(k[-1] for k in _BEFORE)


def qualifier_before(toks: list[Token], first: int) -> tuple[Qualifier | None, int]:
    """The qualifier written just before token `first`, and the index where its words begin."""
    k = first
    while k > 0 and toks[k - 1].lower in QUOTES:
        k -= 1  # `"nearly 140"`: quotes do not separate a qualifier from its figure
    if k == 0 or toks[k - 1].lower not in _BEFORE_ENDS:
        return None, first
    words = [t.lower for t in toks[max(0, k - _LONGEST) : k]]
    for size in range(min(_LONGEST, len(words)), 0, -1):
        found = _BEFORE.get(tuple(words[-size:]))
        if found is not None:
            if size == 1 and words[-1] == "over" and k >= 2 and toks[k - 2].lower in OVER_VERBS:
                return None, first
            if words[-size:] == ["up", "to"] and k >= 3 and toks[k - 3].lower in MOVED:
                return None, first  # "it went up to 61,220 crore": a change, not a ceiling
            return found, k - size
    return None, first


# "as much as $7.50/hr did": a verb after the figure makes "as much as" a comparison of equals.
_CEILINGS = frozenset({("as", "much", "as"), ("as", "many", "as")})
_COMPARED = words("did does do had has have was were is are would could will can")


def compared_as_equal(toks: list[Token], first: int, last: int) -> bool:
    """Whether the figure whose words are toks[first:last] is compared as equal to another ("your
    pay doesn't buy you as much as $7.50/hr did"), not a ceiling ("as many as 40 were hurt")."""
    before = tuple(t.lower for t in toks[first : first + 3])
    return before in _CEILINGS and last < len(toks) and toks[last].lower in _COMPARED


def qualifier_after(toks: list[Token], last: int) -> tuple[Qualifier | None, int]:
    """A qualifier written after the figure ("40 or more", "40-odd"), and the index past it."""
    words = [t.lower for t in toks[last : last + 2]]
    if words[:1] == ["-"] and len(toks) > last + 1 and toks[last + 1].lower == "odd":
        return Qualifier.ABOUT, last + 2
    for size in (2, 1):
        found = _AFTER.get(tuple(words[:size]))
        if found is not None and len(words) >= size:
            return found, last + size
    return None, last
