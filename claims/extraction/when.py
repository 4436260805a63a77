"""When a figure holds (as_of) and when its running count started (since), from the sentence's
date words and the publication date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import NamedTuple

from .calendar import start_named
from .patterns import with_capitals, word_alternation

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DATE = re.compile(
    rf"\b{_MONTH}\s*(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"  # Oct. 17, 2023
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}})\b)?"  # 17 October
    rf"|\b([Mm]id|[Ee]arly|[Ll]ate)[-\s]+{_MONTH}(?:,?\s+(\d{{4}})\b)?"  # mid-October
    rf"|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b([Yy]esterday|[Tt]oday|[Tt]onight|[Ll]ast\s+week|[Tt]his\s+week|[Ll]ast\s+month)\b"
    rf"|\b{_MONTH}(?:,?\s+(\d{{4}})\b)?"  # October (2023)
    # Month and weekday names are capitalised in news copy; matching case-sensitively is fast.
)
_LEAD = re.compile(
    r"(?:\b(as\s+of|since|from|between|until|through|by|on|began|begun|started|starting|"
    r"beginning|to|and)\s+(?:(?:the|in|on)\s+)?)$",
    re.IGNORECASE,
)


# The words any date expression contains; a fast first pass decides which sentences to read.
_DATE_WORDS = re.compile(
    word_alternation(
        with_capitals(["yesterday", "today", "tonight", "last week", "this week", "last month"])
        + ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        + [d.capitalize() for d in _WEEKDAYS]
    )
)


def date_word_positions(text: str) -> list[int]:
    """Offsets of words that may begin or hold a date, for the whole document in one pass."""
    return [m.start() for m in _DATE_WORDS.finditer(text)]


class DateMention(NamedTuple):
    start: int
    end: int
    day: date | None  # None when the year cannot be known (no publication date)
    precise: bool  # a day, not just a month
    lead: str  # the word before it: "since", "as of", "on", "began", …


def _days_before(published: date, days: int) -> date | None:
    try:
        return published - timedelta(days=days)
    except OverflowError:  # a publication date at the very start of the calendar
        return None


def _infer_year(month: int, day: int, published: date | None, year: str | None) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        if published is None:
            return None
        found = date(published.year, month, day)
        # A date without a year is the latest one not after publication.
        return found if found <= published else date(published.year - 1, month, day)
    except ValueError:
        return None


# What may stand before a date word and belong to the date: "17 October", "mid-October".
_DATE_LEAD_IN = re.compile(
    r"(?:\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?|\b(?:[Mm]id|[Ee]arly|[Ll]ate)[-\s]+)$"
)


def date_matches(sentence: str) -> Iterator[re.Match]:
    """The matches `_DATE.finditer` would give, found faster: every date holds a date word
    (a month, a weekday, "yesterday" …), so the full pattern is tried only there and just
    before (where "17" or "mid-" begins it), not at every character of the sentence."""
    end = 0
    for word in _DATE_WORDS.finditer(sentence):
        at = word.start()
        if at < end:
            continue
        lead_in = _DATE_LEAD_IN.search(sentence, max(end, at - 24), at)
        m = _DATE.match(sentence, lead_in.start()) if lead_in is not None else None
        m = m or _DATE.match(sentence, at)
        if m is not None:
            end = m.end()
            yield m


def find_dates(sentence: str, published: date | None) -> list[DateMention]:
    """Date words in a sentence with the day each stands for."""
    found = []
    for m in date_matches(sentence):
        g = m.groups()
        precise = True
        if g[0]:
            day = _infer_year(_MONTH_NAMES[g[0][:3].lower()], int(g[1]), published, g[2])
        elif g[4]:
            day = _infer_year(_MONTH_NAMES[g[4][:3].lower()], int(g[3]), published, g[5])
        elif g[6]:
            part = {"mid": 15, "early": 1, "late": 20}[g[6].lower()]
            day = _infer_year(_MONTH_NAMES[g[7][:3].lower()], part, published, g[8])
            precise = False
        elif g[9]:
            if published is None:
                day = None
            else:
                back = (published.weekday() - _WEEKDAYS.index(g[9].lower())) % 7
                day = _days_before(published, back)
        elif g[10]:
            word = " ".join(g[10].lower().split())
            offsets = {"yesterday": 1, "today": 0, "tonight": 0, "last week": 7, "this week": 0}
            offsets["last month"] = 30
            day = None if published is None else _days_before(published, offsets[word])
            precise = word in ("yesterday", "today", "tonight", "last week", "this week")
        else:
            if g[11] and g[11].lower() == "may" and not g[12]:
                continue  # "may" is a verb far more often than a month
            day = _infer_year(_MONTH_NAMES[g[11][:3].lower()], 1, published, g[12])
            precise = False
        lead = _LEAD.search(sentence, max(0, m.start() - 24), m.start())
        found.append(
            DateMention(
                m.start(),
                m.end(),
                day,
                precise,
                " ".join(lead.group(1).lower().split()) if lead else "",
            )
        )
    return found


class Timing(NamedTuple):
    as_of: date | None
    since: date | None
    began: date | None  # "the attacks began Oct. 17": a start for later sentences' tallies
    # Where the date word that set as_of stands, unless it governs the whole sentence ("As of
    # Thursday", "From Oct. 17 to Oct. 30"): a figure it is separated from by another figure
    # keeps the publication date ("46 now, more than double the 21 reported on Oct. 25").
    as_of_at: int | None = None


def timing(dates: list[DateMention], published: date | None, sentence: str) -> Timing:
    """The sentence's as_of and since, read from its date words."""
    as_of = published
    since = began = None
    explicit_as_of = False
    as_of_at: int | None = None
    stated_start = False  # a date word gives the start, even one whose year is unknown
    for k, d in enumerate(dates):
        starts = d.lead in ("since", "from", "between") or bool(
            _STARTED_ON.search(sentence, max(0, d.start - 60), d.start)
        )
        stated_start = stated_start or starts
        if d.day is None:
            continue
        nxt = dates[k + 1] if k + 1 < len(dates) else None
        if d.lead in ("since", "from", "between"):
            since = since or d.day
            if (
                nxt is not None
                and nxt.day is not None
                and nxt.lead in ("to", "and", "until", "through")
            ):
                as_of, explicit_as_of, as_of_at = nxt.day, True, None
            continue
        if starts:
            # "since the war began on Oct. 7": the date is where the count started.
            since = since or d.day
            continue
        if d.lead in ("began", "begun", "started", "starting", "beginning"):
            began = began or d.day
            continue
        if d.lead == "as of":
            as_of, explicit_as_of, as_of_at = d.day, True, None
            continue
        if explicit_as_of or not d.precise:
            continue
        if _names_an_event(sentence, d):
            continue
        if d.lead in ("on", "by", "until", "through", "") and published is not None:
            as_of, explicit_as_of, as_of_at = d.day, d.lead != "", d.start
    if since is None and not stated_start:
        named = start_named(sentence)
        # An event after the day the text speaks of is not where its count began.
        if named is not None and (published is None or named <= published):
            since = named
    if published is None:
        as_of = None
    return Timing(as_of, since, began, as_of_at if as_of is not None else None)


# "since the war began on", "since fighting erupted in": the date after it starts a count.
_STARTED_ON = re.compile(
    r"\bsince\s+(?:[\w'’-]+\s+){0,6}?(?:began|begun|started|broke\s+out|erupted)\s+"
    r"(?:on\s+|in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)

_EVENT_AFTER = re.compile(
    r"(?:\s*(?:and|-|–)\s*\d{1,2}\b)?\s*(?:['’]s\s+)?(?:attacks?|strikes?|assaults?|raids?|massacre)\b",
    re.I,
)


def _names_an_event(sentence: str, d: DateMention) -> bool:
    """ "the Oct. 7 attacks" uses a date as a name, not as the time of the figure."""
    return _EVENT_AFTER.match(sentence, d.end) is not None
