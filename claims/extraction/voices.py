"""Who a figure is about (the actor) and who says so (the attribution)."""

from __future__ import annotations

import re

_US = r"(?:U\.S\.|US|American|United\s+States|Pentagon)"
_ACTORS: list[tuple[str, re.Pattern]] = [
    (
        "US and coalition forces",
        re.compile(rf"\b{_US}\s+and\s+coalition\s+(?:forces|troops|personnel)\b", re.I),
    ),
    (
        "US forces",
        re.compile(
            rf"\b{_US}(?:\s+(?:and\s+allied|military|Army|Air\s+Force|Navy|Marine))?"
            r"\s+(?:forces|troops|personnel|positions|bases?|service\s*members?|soldiers|"
            r"military|troop|installations|sites|facilities|Marines|sailors|airmen)\b"
        ),
    ),
    ("coalition forces", re.compile(r"\bcoalition\s+(?:forces|troops|personnel|bases)\b", re.I)),
    (
        "Iran-backed militias",
        re.compile(
            r"\bIran(?:ian)?[-\s](?:backed|aligned|allied|linked|supported)\s+"
            r"(?:\w+\s+){0,2}?(?:militias?|groups?|militants|fighters|proxies|factions)\b",
            re.I,
        ),
    ),
    ("Islamic State", re.compile(r"\b(?:Islamic\s+State|ISIS|ISIL|Daesh)\b")),
    ("Kurdish-led forces", re.compile(r"\b(?:Kurdish-led|Syrian\s+Democratic\s+Forces|SDF)\b")),
    ("Houthis", re.compile(r"\bHouthis?\b")),
]

_ACCORDING = re.compile(r"\baccording\s+to\s+([^,.;:\"“”()]{2,80})", re.I)
_REPORTING = re.compile(
    r"\b(said|says|say|told|confirmed|announced|reported|disclosed|stated|acknowledged|"
    r"estimated|estimates|tallied|counted|added)\b"
)
# The speaker is the few words before a reporting verb, back to a clause boundary.
_SPEAKER = re.compile(
    r"((?:[A-Z][\w.’'-]*|a|an|the|two|three|several|senior|top|deputy|other|unnamed|"
    r"US|U\.S\.|military|defense|defence|official|officials|spokesperson|spokesman|"
    r"spokeswoman|press|secretary|Pentagon|has|have|had|also|later|previously|initially)"
    r"(?:\s+|$)){1,8}$"
)


def actors_in(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, actor) for each actor named in the sentence."""
    return [(m.start(), m.end(), name) for name, p in _ACTORS for m in p.finditer(sentence)]


def actor_near(actors: list[tuple[int, int, str]], start: int, end: int) -> str:
    """The actor named nearest the figure at sentence offsets [start, end), or ""."""
    best, best_distance = "", None
    for a_start, a_end, name in actors:
        distance = a_start - end if a_start >= end else max(0, start - a_end)
        if best_distance is None or distance < best_distance:
            best, best_distance = name, distance
    return best


def attribution_of(sentence: str) -> str:
    """Who the sentence says the figure comes from: "according to the Pentagon", "US officials
    said", or ""."""
    m = _ACCORDING.search(sentence)
    if m is not None:
        return "according to " + m.group(1).strip()
    for verb in _REPORTING.finditer(sentence):
        window = sentence[max(0, verb.start() - 80) : verb.start()]
        speaker = _SPEAKER.search(window)
        if speaker is not None:
            words = speaker.group().split()
            # Drop leading words that belong to the previous clause ("Thursday", "that").
            while words and words[0].lower() in ("that", "and", "but", "which", "while"):
                words = words[1:]
            if words and any(w[0].isupper() or w.lower().startswith("official") for w in words):
                return " ".join(words) + " " + verb.group(1)
    return ""
