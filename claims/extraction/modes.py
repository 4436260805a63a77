"""Whether a figure is a current fact, and what kind of count it is.

A figure's **mode** is `current`, `past` (it describes an earlier year: "in 2019 there were
5,200 troops", or a count a later one replaced: "initially confirmed two deaths") or `planned`
(a plan, projection or possibility: "may be cut to 1,500", "is expected to rise to", "by next
summer"). Only current figures are checked as current facts.

A running tally's figure may instead count **one event**: "40 troops were injured in the drone
attack" is that attack's toll, not the running total of injuries.

The cues are read in the figure's own clause: the few words before the figure (a modal verb
governs what follows it closely), the words right after it, and time words after it in its
clause. A modal far before the figure ("is expected to begin talks about the 2,500 troops who
remain") governs something else.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from .tokens import CLAUSE_MARKS, Token


class Mode(StrEnum):
    CURRENT = "current"
    PAST = "past"
    PLANNED = "planned"


# How far before the figure a modal still governs it ("may be cut to 1,500": four words).
BEFORE = 6
# And after it: "1,500 troops would remain".
AFTER = 4

_MODALS = frozenset(
    [
        "may",
        "might",
        "could",
        "would",
        "will",
        "shall",
        "expected",
        "expects",
        "expect",
        "plans",
        "plan",
        "planned",
        "planning",
        "proposed",
        "proposes",
        "propose",
        "aims",
        "aim",
        "intends",
        "intend",
        "projected",
        "forecast",
        "forecasts",
        "envisaged",
    ]
)
# Words before a figure that say a later count replaced it: "initially confirmed the deaths of
# two sailors" (the toll was raised to three).
_SUPERSEDED = frozenset({"initially", "originally"})
# Words that make a modal-looking word current: "will not say", "as expected".
_NOT_MODAL_BEFORE = frozenset({"as", "than", "if"})
# Time words after the figure that put it in the future: "by next summer", "next year".
_FUTURE_AFTER = re.compile(
    r"\b(?:by\s+next|next\s+(?:year|month|summer|spring|autumn|fall|winter|week)|"
    r"in\s+the\s+coming\s+(?:months|years|weeks)|by\s+the\s+end\s+of\s+next)\b",
    re.IGNORECASE,
)
# "In 2019, …", "at the end of 2014", "during 2017": the figure describes that year.
_YEAR_OF = re.compile(
    r"\b(?:in|during|by|at\s+the\s+(?:end|start|height|peak)\s+of|as\s+of)\s+"
    r"((?:19|20)\d\d)\b(?![\d.,:/]\d)",
    re.IGNORECASE,
)
_LAST_YEAR = re.compile(r"\blast\s+year\b", re.IGNORECASE)

# One event named as where a count happened: "injured in the drone attack", "killed in a strike
# on the base", "wounded in Sunday's assault". Plural ("in the attacks") is the running toll.
_EVENTS = ["attack", "assault", "strike", "blast", "bombing", "explosion", "raid"]
_ONE_EVENT = re.compile(
    r"\b(?:in|during|by|from)\s+(?:the|a|an|that|this|sunday's|saturday's|friday's|"
    r"thursday's|wednesday's|tuesday's|monday's|last\s+\w+'s)\s+(?:[\w-]+\s+){0,3}?"
    rf"(?:{'|'.join(_EVENTS)}|incident|barrage)\b(?!s)"
    # "a drone attack killed three …", "an attack … that left one service member wounded"
    r"|\b(?:a|an|the|that|this)\s+(?:[\w-]+\s+){0,3}?"
    rf"(?:{'|'.join(_EVENTS)})\b(?!s)(?:\s+[\w-]+){{0,8}}?\s+"
    r"(?:that\s+|which\s+)?(?:killed|wounded|injured|left|hurt|injuring|wounding|killing)\b"
)  # read in lower-cased text (twice as fast as a case-blind search), as _RUNNING is
_EVENT_WORDS = (*_EVENTS, "incident", "barrage")  # one of them is in every match of _ONE_EVENT
# Words that make a count a running one even beside one event ("so far", "since Oct. 17").
_RUNNING = re.compile(
    r"\b(?:since|so\s+far|to\s+date|thus\s+far|in\s+total|overall|all\s+told|"
    r"total\s+(?:number|of))\b"
)


def mode_of(
    toks: list[Token], first: int, last: int, clause: str, published: date | None
) -> tuple[Mode, date | None]:
    """The mode of the figure at tokens [first, last) and, for a past figure, its date.

    `clause` is the text of the figure's clause from the figure on.
    """
    lo = first
    while lo > 0 and first - lo < BEFORE and toks[lo - 1].lower not in CLAUSE_MARKS:
        lo -= 1
    for k in range(lo, first):
        word = toks[k].lower
        if word in _MODALS and not (k > 0 and toks[k - 1].lower in _NOT_MODAL_BEFORE):
            return Mode.PLANNED, None
        if word in _SUPERSEDED:
            return Mode.PAST, None
    for k in range(last, min(len(toks), last + AFTER)):
        if toks[k].lower in CLAUSE_MARKS:
            break
        if toks[k].lower in _MODALS:
            return Mode.PLANNED, None
    # Each pattern below needs a word or digits that a substring test finds far faster than a
    # case-blind search does (and that most clauses lack).
    lowered = clause.lower()
    if ("next" in lowered or "coming" in lowered) and _FUTURE_AFTER.search(clause):
        return Mode.PLANNED, None
    if published is not None:
        lead = clause_and_lead(toks, lo, clause)
        if "19" in lead or "20" in lead:
            for match in _YEAR_OF.finditer(lead):
                year = int(match.group(1))
                if year < published.year:
                    return Mode.PAST, date(year, 7, 1)
        if "year" in lowered and _LAST_YEAR.search(clause):
            return Mode.PAST, date(published.year - 1, 7, 1)
    return Mode.CURRENT, None


def clause_and_lead(toks: list[Token], lo: int, clause: str) -> str:
    """The words of the clause before the figure (from `lo`) and the clause from the figure on:
    "In 2019, the US had 5,200 troops" reads its year before the figure."""
    before = " ".join(t.text for t in toks[:lo][-8:])
    return f"{before} {clause}"


def counts_one_event(sentence: str) -> bool:
    """Whether the sentence ties its running count to one event ("injured in the attack")."""
    lowered = sentence.lower()
    if not any(word in lowered for word in _EVENT_WORDS):
        return False
    return _ONE_EVENT.search(lowered) is not None and _RUNNING.search(lowered) is None
