"""Fast alternations of literal words: a trie-shaped regex fails early at each position, which
keeps whole-document scans at tens of megabytes a second."""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_alternation(words: Iterable[str]) -> str:
    """A regex (no groups) matching exactly the given literal words, factored as a trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _build(trie) or "(?!)"


def _build(node: dict) -> str:
    alts = [re.escape(ch) + _build(sub) for ch, sub in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def with_capitals(words: Iterable[str]) -> list[str]:
    """Each word as written and with a capital first letter (sentence-initial)."""
    out = set()
    for word in words:
        out.add(word)
        out.add(word[:1].upper() + word[1:])
    return sorted(out)


def words(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easier to read as a list)."""
    return frozenset(text.split())


# What a word may follow in running text besides a space: other spaces, quotes, brackets,
# dashes, slashes and punctuation.
_MARKS = "\n\t\r\f\v\xa0\u2002\u2003\u2009\u202f\"'“”‘’«»()[]{}<>-‐‑–—―/\\|.,;:!?*•…&+=#%@~^`$"


def after_a_space(alternation: str) -> re.Pattern:
    """A pattern for `word_starts`: the words of `alternation`, each after a space."""
    return re.compile(rf" (?:{alternation})\b")


def word_starts(pattern: re.Pattern, text: str) -> list[int]:
    """Offsets in `text` of the words an `after_a_space` pattern finds, wherever a word may
    begin (after a space, a mark of `_MARKS` or at the start).

    The same as searching for `\b(?:…)\b`, and several times faster: the regex engine jumps from
    space to space when a pattern begins with one, where a leading `\b` is tried at every
    character. Marks become spaces first (lengths kept, so offsets hold).
    """
    spaced = " " + text
    for mark in _MARKS:
        if mark in spaced:
            spaced = spaced.replace(mark, " ")
    return [m.start() for m in pattern.finditer(spaced)]
