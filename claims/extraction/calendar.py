"""Starts named by an event: "since the war began", "since the start of the Israel-Hamas war".

The events and their dates are data (data/calendar.toml); a running count whose start is named
by one starts on its date.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "calendar.toml"

_DASHES = "-‐‑‒–—"
_APOSTROPHES = "'’"


def _phrase(name: str) -> str:
    """A name as a pattern: any dash, any apostrophe, any run of spaces."""
    out = []
    for char in name:
        if char in _DASHES:
            out.append(f"[{_DASHES}\\s]")
        elif char in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}]")
        elif char.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(char))
    return "".join(out)


@cache
def _events() -> tuple[tuple[re.Pattern[str], date], ...]:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    events = []
    for row in raw.get("event", ()):
        names = sorted(row["names"], key=len, reverse=True)
        pattern = re.compile(
            r"\bsince\s+(?:the\s+(?:start|beginning|outbreak|onset)\s+of\s+)?(?:"
            + "|".join(_phrase(n) for n in names)
            + r")(?![\w-])",
            re.IGNORECASE,
        )
        events.append((pattern, row["date"]))
    return tuple(events)


def start_named(sentence: str) -> date | None:
    """The date of the event a "since …" in the sentence names, if it names one."""
    if "ince" not in sentence:
        return None
    for pattern, day in _events():
        if pattern.search(sentence):
            return day
    return None
