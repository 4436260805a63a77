"""Who a figure is about (the actor) and who says so (the attribution)."""

from __future__ import annotations

import re

from .patterns import words
from .tokens import Token

_US_WORDS = frozenset({"US", "U.S.", "American", "Pentagon", "America's"})
_FORCE_NOUNS = words(
    """
    forces troops personnel positions base bases service servicemembers soldiers military
    troop installations sites facilities marines sailors airmen outposts
    """
)
# Words that may stand between "US" and its force noun ("US and coalition forces").
_FORCE_MODIFIERS = words(
    """
    and coalition allied military army air force navy marine led special operations
    """
)
_MILITIA_NOUNS = words(
    """
    militia militias group groups militants fighters proxies factions forces
    """
)
_BACKED = frozenset({"backed", "aligned", "allied", "linked", "supported", "sponsored"})
# "The United States has / maintains … troops": the country stands for its forces.
_KEEPS = frozenset({"has", "have", "maintains", "keeps", "deployed", "stations", "sent", "also"})
_NAMED_ACTORS = {
    "isis": "Islamic State",
    "isil": "Islamic State",
    "daesh": "Islamic State",
    "kurdish-led": "Kurdish-led forces",
    "sdf": "Kurdish-led forces",
    "houthi": "Houthis",
    "houthis": "Houthis",
    "hezbollah": "Hezbollah",
    "hamas": "Hamas",
}


# The words an actor's name can begin with (lower-cased): other tokens are passed over at once.
_TRIGGERS = (
    frozenset({w.lower() for w in _US_WORDS} | {"united", "washington", "coalition", "islamic"})
    | frozenset(_NAMED_ACTORS)
    | frozenset(f"{iran}-{backed}" for iran in ("iran", "iranian") for backed in _BACKED)
)


def actors_in(toks: list[Token]) -> list[tuple[int, int, str]]:
    """(start, end, actor) for each actor named among a sentence's tokens."""
    found = []
    n = len(toks)
    for k in [k for k, t in enumerate(toks) if t.lower in _TRIGGERS]:
        tok = toks[k]
        low = tok.lower
        united = low == "united" and k + 1 < n and toks[k + 1].lower == "states"
        if tok.text in _US_WORDS or united or tok.text == "Washington":
            j, coalition = k + (2 if united else 1), False
            if j < n and toks[j].lower in _KEEPS:
                found.append((tok.start, toks[j - 1].end, "US forces"))  # "Washington has 2,500"
                continue
            while j < n and j - k <= 4 and toks[j].lower in _FORCE_MODIFIERS:
                coalition = coalition or toks[j].lower == "coalition"
                j += 1
            if j < n and toks[j].lower in _FORCE_NOUNS:
                name = "US and coalition forces" if coalition else "US forces"
                found.append((tok.start, toks[j].end, name))
        elif low == "coalition" and k + 1 < n and toks[k + 1].lower in _FORCE_NOUNS:
            if not (k and toks[k - 1].lower == "and"):
                found.append((tok.start, toks[k + 1].end, "coalition forces"))
        elif low.startswith("iran") and "-" in low and low.split("-", 1)[1] in _BACKED:
            for j in range(k + 1, min(n, k + 4)):
                if toks[j].lower in _MILITIA_NOUNS:
                    found.append((tok.start, toks[j].end, "Iran-backed militias"))
                    break
        elif low == "islamic" and k + 1 < n and toks[k + 1].lower.startswith("state"):
            found.append((tok.start, toks[k + 1].end, "Islamic State"))
        elif low in _NAMED_ACTORS and (tok.text[0].isupper()):
            found.append((tok.start, tok.end, _NAMED_ACTORS[low]))
    return found


# The source runs to the clause's end; dotted initialisms ("a U.S. official") stay whole.
_ACCORDING = re.compile(r"\baccording\s+to\s+((?:(?:[A-Z]\.){2,}|[^,.;:\"“”()]){2,80})", re.I)
_REPORTING = re.compile(
    r"\b(said|says|say|told|confirmed|announced|reported|disclosed|stated|acknowledged|"
    r"estimated|estimates|tallied|counted|added|claimed|claims|noted|wrote|tweeted|posted)\b"
)
# The speaker is the words before a reporting verb, back to a clause boundary ("…, a senior
# defense official said") — or, inverted, the words after it (", said Pentagon spokesman Ryder").
_CLAUSE_BREAK = re.compile(
    r"[,;:“”\"()—–]|\b(?:and|but|that|which|while|after|as|when|because|who)\b"
)
_SPEAKER_NOUNS = frozenset(
    ["official", "officials", "spokesman", "spokeswoman", "spokesperson", "officer", "officers"]
    + ["commander", "ministry", "military", "source", "sources", "command", "department"]
)
MAX_SPEAKER_WORDS = 8


_NOT_SPEAKERS = frozenset(
    ["that", "and", "but", "which", "while", "on", "has", "have", "had", "also", "later"]
    + ["previously", "initially", "monday", "tuesday", "wednesday", "thursday", "friday"]
    + ["saturday", "sunday"]
)


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
    # A substring test first: far cheaper than a case-blind search, and mostly false.
    m = _ACCORDING.search(sentence) if "ccording" in sentence or "CCORDING" in sentence else None
    if m is not None:
        return "according to " + m.group(1).strip()
    for verb in _REPORTING.finditer(sentence):
        before = sentence[max(0, verb.start() - 120) : verb.start()]
        words = _CLAUSE_BREAK.split(before)[-1].split()
        # Drop leading words that belong to the previous clause ("on Friday").
        while words and words[0].lower() in _NOT_SPEAKERS:
            words = words[1:]
        if words and len(words) <= MAX_SPEAKER_WORDS and _names_a_speaker(words):
            return " ".join(words) + " " + verb.group(1)
        if not words:
            after = sentence[verb.end() : verb.end() + 120]
            words = _CLAUSE_BREAK.split(after)[0].split()
            if words and len(words) <= MAX_SPEAKER_WORDS and _names_a_speaker(words):
                return verb.group(1) + " " + " ".join(words).rstrip(".")
    return ""


def _names_a_speaker(words: list[str]) -> bool:
    if any(ch.isdigit() for w in words for ch in w):
        return False  # "over 158 reported attacks": a figure, not a speaker
    return any(
        w.lower() in _SPEAKER_NOUNS or (w[0].isupper() and w.lower() not in ("the", "a", "an"))
        for w in words
    )


# "The US military conducted three strikes", "we carried out 85 airstrikes": strikes *by* US or
# coalition forces, not attacks *on* them.
_US_DOER = re.compile(
    r"\b(?:U\.?S\.?|American|United\s+States|coalition|Washington|Pentagon|CENTCOM|"
    r"Central\s+Command|[Ww]e)\b(?:\s+[\w.-]+){0,3}?\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:conducted|carried\s+out|launched|struck|executed|mounted|made|performed)\s+"
    r"(?:[\w-]+\s+){0,3}$"
)
_STRIKE_NOUNS = frozenset({"strikes", "strike", "airstrikes", "airstrike", "raids", "raid"})


def strikes_by_us(toks: list[Token], first: int, noun_end: int, sentence: str) -> bool:
    """Whether the figure at token `first` counts strikes US or coalition forces carried out."""
    named = {t.lower for t in toks[first:noun_end]}
    if not named & _STRIKE_NOUNS and not (
        noun_end < len(toks) and toks[noun_end].lower in _STRIKE_NOUNS
    ):
        return False
    return _US_DOER.search(sentence, 0, toks[first].start) is not None
