"""Who keeps the count: a tracker's own tally is a series of its own.

"according to the group's tracker", "The Washington Institute's Militia Monitor has so far
tracked 73 attacks": such a count is not the official one that reports otherwise repeat, and it is
compared only with the same counter's figures. The counter is kept as named ("Pentagon" too):
the cross-check reads an official body's count as the ordinary series
(crosscheck.scope.counter_key).
"""

from __future__ import annotations

import re

# The counter is named before a tracker word: "the group's tracker", "Airwars' database".
_TRACKER = re.compile(
    r"\b(?:according\s+to|by|in|per|from)\s+(?:the\s+|a\s+)?"
    r"(?P<who>(?:[A-Z][\w&.-]*\s+){0,4}?[A-Z][\w&.-]*|group|organi[sz]ation|outlet|its|their|our)"
    r"(?:['’]s?)?\s+(?:own\s+)?(?:tracker|tally|count|database|monitor|data)\b"
)
# Or as the subject of a tracking verb: "X's Militia Monitor has so far tracked 73 attacks".
_TRACKED = re.compile(
    r"(?P<who>(?:[A-Z][\w&.-]*(?:['’]s?)?\s+){1,5})(?:has|have|had)\s+(?:so\s+far\s+|now\s+)?"
    r"(?:tracked|recorded|documented|counted|logged|tallied)\b"
)
# Every pattern above holds one of these: a sentence without any is read no further.
_CUES = ("rack", "ount", "ally", "ecord", "ata", "onitor", "ogged", "ocumented")
_OWN = frozenset({"group", "organisation", "organization", "outlet", "its", "their", "our"})
_LEADING = re.compile(r"^(?:The|A|An)\s+")


def counter_of(sentence: str) -> str:
    """The counter a sentence names for its count, "own" for the publisher's own tracker, or ""
    (the ordinary count)."""
    if not any(cue in sentence for cue in _CUES):
        return ""
    match = _TRACKER.search(sentence) or _TRACKED.search(sentence)
    if match is None:
        return ""
    who = re.sub(r"['’]s?\s*$", "", match["who"].strip()).strip()
    who = _LEADING.sub("", who)
    if who.lower() in _OWN:
        return "own"
    return who[:120]
