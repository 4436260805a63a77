"""Archival photo captions: "In this 2003 photo, 150 soldiers …" shows an old scene, and its
figures are not claims about the news of the day.

A caption is known by its marks — "In this … photo", "FILE -", "file photo", "(AP Photo/…, File)"
— or by the AP dateline that closes it (", Jan. 13, 2020."). It is archival when it names a year
other than the year the article was published (any year at all when that is unknown: captions of
the day's photos do not state the year).
"""

from __future__ import annotations

import re
from datetime import date

_PHOTO_MARK = re.compile(
    r"\b[Ii]n\s+this\s+(?:[\w.,]+\s+){0,5}?(?:file\s+)?(?:photo|image|picture|handout)\b"
    r"|^\s*FILE\s*(?:[-–—:|]|PHOTO\b)"
    r"|\b[Ff]ile\s+(?:photo|image|picture)\b"
    r"|\(\s*(?:AP|AFP|Reuters)?\s*Photo\b[^)]*\bFile\s*\)",
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# The dateline closing an AP-style caption: "…, in Anbar, Iraq, Jan. 13, 2020." — after a
# comma, not after "on" (a sentence "hit on Jan. 8, 2020" dates a figure; it is no caption).
_DATELINE = re.compile(
    rf",\s+{_MONTH}\s+\d{{1,2}},\s+((?:19|20)\d\d)\.?\s*(?:\([^)]*\)\s*)?$",
)
_YEAR = re.compile(r"(?<![\d.,:/])((?:19|20)\d\d)(?![\d.,:/]\d)")
_TAIL = 160  # a dateline and a photo credit after it fit in this many characters
_CHEAP = ("hoto", "FILE", "File", "file", "mage", "icture", "andout")


def is_archival_caption(sentence: str, published: date | None) -> bool:
    """Whether `sentence` captions a photo from another year than `published`."""
    # A dateline closes the caption: only the sentence's tail needs searching.
    tail = max(0, len(sentence) - _TAIL)
    dateline = _DATELINE.search(sentence, tail) if sentence[-1:] in ".)0123456789" else None
    if dateline is not None:
        return published is None or int(dateline.group(1)) != published.year
    if not any(mark in sentence for mark in _CHEAP) or _PHOTO_MARK.search(sentence) is None:
        return False
    years = {int(y) for y in _YEAR.findall(sentence)}
    if published is None:
        return bool(years)
    return any(y != published.year for y in years)
