"""Words and marks of a sentence, each with its character offsets in the document."""

from __future__ import annotations

import re
from typing import NamedTuple


class Token(NamedTuple):
    text: str
    lower: str
    start: int
    end: int


# Dotted initialisms ("U.S.", "a.m.") stay whole; hyphenated words ("Iran-backed", "twenty-five")
# stay whole; digits keep their separators so "2,500", "27.01.2024" and "10:19" are one token each.
# Every branch consumes at least one character and none can overlap another, so matching is linear.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z]+(?:['’\-][A-Za-z]+)*|\d+(?:[.,:/]\d+)*|\S")
# The same tokens, each with the whitespace before it: `findall` then yields plain strings, and
# offsets follow by adding lengths (a quarter faster than a match object per token).
_SPACED_TOKEN = re.compile(rf"(\s*)({_TOKEN.pattern})")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text`, their offsets shifted by `offset`."""
    out = []
    add = out.append
    make = tuple.__new__  # Token(...) would go through a Python-level __new__: slower
    pos = offset
    for space, word in _SPACED_TOKEN.findall(text):
        pos += len(space)
        end = pos + len(word)
        add(make(Token, (word, word.lower(), pos, end)))
        pos = end
    return out


QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»"})
# Marks that end a clause: a figure's noun or outcome is not looked for across them.
CLAUSE_MARKS = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "[", "]", "—", "–"})
