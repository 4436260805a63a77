"""Reading numbers: digits with separators and scale words, number words, vague counts, ranges.

Works on the tokens of one sentence and returns every number mention with its value; deciding
whether a mention is a count worth a claim (and not a date, a year or an age) is `notcounts`'s job.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .patterns import words
from .tokens import Token, tokenize

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
LARGE = {
    "thousand": 10**3, "lakh": 10**5, "lakhs": 10**5, "million": 10**6, "crore": 10**7,
    "crores": 10**7, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
# Scales written after digits: "2.5 million", "1.2bn", "5m", "40k".
DIGIT_SCALES = {**LARGE, "hundred": 100, "bn": 10**9, "mn": 10**6, "m": 10**6, "k": 10**3}
ATTACHED_SCALES = frozenset({"bn", "mn", "m", "k", "b"})

MONTHS = words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)

# Spans of time ("five years", "48 hours").
TIME_UNITS = words(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades"
)
# Words that join two days of one date: "Oct. 17 and 18", "Jan. 20-21".
DATE_JOINERS = frozenset({"and", "or", "to", "-", "–", ","})

WEEKDAYS = words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri "
    "sat sun"
)

# Vague counts and the span each allows: (low, high). Their value is the order of magnitude
# they name ("thousands" = 1,000, "tens of thousands" = 10,000, "decades" = 10 years); a word
# that names no power of ten is worth the least it can be ("dozens" = 24).
VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
    "decades": (20, 99),  # years
}
VAGUE_MAGNITUDE = {
    "dozens": 24, "scores": 40, "hundreds": 100, "thousands": 1_000, "millions": 10**6,
    "billions": 10**9, "decades": 10,
}  # fmt: skip
VAGUE_OF = {  # "tens of thousands", "hundreds of thousands"
    ("tens", "thousands"): (20_000, 99_999),
    ("hundreds", "thousands"): (200_000, 999_999),
    ("tens", "millions"): (20_000_000, 99_999_999),
}
# Multipliers written as one word: "twice as many", "a tenfold rise".
TIMES_WORDS = {"twice": 2, "thrice": 3}
# The parts of a whole, by their denominators: "two-thirds", "a quarter of", "one-half".
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}  # fmt: skip
# After "half", these make it a share of something ("half the people", "half of it").
HALF_OF = words("of the its their his her our all these those this that")

# Longer digit strings are identifiers or noise, never a count (and could overflow a float).
MAX_DIGITS = 24
# Thousands grouped in threes ("2,500"), or in the Indian way, in twos above the last three
# ("15,62,52,872" = 156,252,872).
_VALID_DIGITS = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d+(?:\.\d+)?"
)
# "2 500", "2 500 000": thousands set apart by one space (or a thin or no-break space, as
# typeset numbers are), read as one number when each group after the first has three digits.
_LEAD_GROUP = re.compile(r"[1-9]\d{0,2}")
_GROUP = re.compile(r"\d{3}")
RANGE_DASHES = frozenset({"-", "–", "—"})
CHANGE_WORDS = words(
    """
    rose risen rising increased increase grew grown jumped climbed up fell fallen dropped
    declined down went gone revised raised lowered
    """
)


# Words a number mention can begin with; any other token is passed over at once.
FEW = {"few": (2, 5), "several": (3, 9)}
FEW_OF = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6}
_STARTERS = frozenset([*UNITS, *TENS, *VAGUE, *FEW, "tens", "a", "an", "half", "dozen", "hundred"])
_STARTERS |= frozenset(LARGE) | frozenset(TIMES_WORDS)
# "2/3 of the voters": a fraction written with a slash, read only before "of" (else a date or a
# score).
_SLASH_FRACTION = re.compile(r"([1-9]\d?)/([1-9]\d?)")


class NumberMention(NamedTuple):  # a tuple: built thousands of times a document
    first: int  # token index of the number's first word
    last: int  # one past the number's last token
    start: int  # character offsets in the document
    end: int
    value: float
    low: float | None = None  # set for ranges and vague counts, which carry their own span
    high: float | None = None
    # digits | words | vague | range | ratio (one of a ratio's two counts) | part and whole ("30 of
    # the 40": the part is a count, the whole is not) | fraction ("two-thirds", "2/3 of", "half
    # the") | times (a multiplier written as a word: "twice")
    form: str = "digits"
    hint: str = ""  # a qualifier the number's own words imply ("a couple" is about 2)
    counts: str = ""  # the metric of a count with no numeral ("wounding a soldier")
    # The rest of a hyphenated word after its number: "foot-tall" of "six-foot-tall".
    fused: str = ""


def parse_digits(text: str) -> float | None:
    """The value of a digit token such as "2,500" or "2.5"; None for "27.01.2024" or "10:19"."""
    if len(text) > MAX_DIGITS or _VALID_DIGITS.fullmatch(text) is None:
        return None
    return float(text.replace(",", ""))


def _word_pieces(word: str) -> list[str] | None:
    pieces = word.split("-")
    if all(p in UNITS or p in TENS or p in LARGE or p in ("hundred", "dozen") for p in pieces):
        return pieces
    return None


class _WordNumber:
    """Accumulates number words left to right ("three hundred and twenty-five thousand …")."""

    def __init__(self) -> None:
        self.total = 0
        self.current = 0
        self.last = ""  # class of the last word: unit, teen, tens, hundred, large, dozen

    def accepts(self, word: str) -> bool:
        cls = _word_class(word)
        if self.last in ("unit", "teen"):
            return cls in ("hundred", "large", "dozen")
        if self.last == "tens":
            return cls in ("unit", "hundred", "large", "dozen")
        if self.last == "hundred":
            return cls in ("unit", "teen", "tens", "large")
        if self.last in ("large", "dozen"):
            return cls in ("unit", "teen", "tens") and self.last == "large"
        return True

    def add(self, word: str) -> None:
        cls = _word_class(word)
        if cls in ("unit", "teen"):
            self.current += UNITS[word]
        elif cls == "tens":
            self.current += TENS[word]
        elif cls == "hundred":
            self.current = (self.current or 1) * 100
        elif cls == "dozen":
            self.current = (self.current or 1) * 12
        else:
            self.total += (self.current or 1) * LARGE[word]
            self.current = 0
        self.last = cls

    @property
    def value(self) -> int:
        return self.total + self.current


def _word_class(word: str) -> str:
    if word in UNITS:
        return "unit" if UNITS[word] < 10 else "teen"
    if word in TENS:
        return "tens"
    if word == "hundred":
        return "hundred"
    if word == "dozen":
        return "dozen"
    return "large"


def _read_words(toks: list[Token], i: int) -> tuple[int, int, str] | None:
    """Number words starting at token i: (value, index past the last word, hint)."""
    n = len(toks)
    hint = ""
    j = i
    if toks[i].lower in ("a", "an"):
        if i + 1 >= n:
            return None
        nxt = toks[i + 1].lower
        if nxt == "couple":
            last = i + 2
            if last < n and toks[last].lower == "of":
                last += 1
            return 2, last, "about"
        if nxt not in ("dozen", "hundred", "thousand", "million", "billion"):
            return None
        j = i + 1
    elif toks[i].lower == "half" and i + 2 < n and toks[i + 1].lower == "a":
        if toks[i + 2].lower in ("point", "percentage"):
            return 0.5, i + 2, ""  # "half a point": the unit that follows says of what
        scale = FEW_OF.get(toks[i + 2].lower) or LARGE.get(toks[i + 2].lower)
        if scale is None:
            return None
        return scale // 2, i + 3, ""  # "half a dozen" is 6, "half a million" 500,000
    acc = _WordNumber()
    end = j
    while j < n:
        word = toks[j].lower
        if word == "and" and acc.last in ("hundred", "large") and j + 1 < n:
            pieces = _word_pieces(toks[j + 1].lower)
            if pieces and _word_class(pieces[0]) in ("unit", "teen", "tens"):
                j += 1
                continue
            break
        pieces = _word_pieces(word)
        if not pieces or not all(acc.accepts(p) for p in pieces[:1]):
            break
        ok = True
        trial = _WordNumber()
        trial.total, trial.current, trial.last = acc.total, acc.current, acc.last
        for p in pieces:
            if not trial.accepts(p):
                ok = False
                break
            trial.add(p)
        if not ok:
            break
        acc = trial
        j += 1
        end = j
    if end == i or (toks[i].lower in ("a", "an") and end == i + 1):
        return None
    return acc.value, end, hint


def _spaced_groups(toks: list[Token], i: int, value: float) -> tuple[float, int]:
    """The value of digits at token i with the groups of three set apart by one space after it
    ("2 500"), and the index past them; (value, i + 1) when none follows. A day ("Oct. 17 500 …",
    "Tuesday 17 500 …") is never the head of such a number."""
    k = i + 1
    if _LEAD_GROUP.fullmatch(toks[i].text) is None or _after_a_date_word(toks, i):
        return value, k
    joined = value
    while (
        k < len(toks)
        and toks[k].start - toks[k - 1].end == 1
        and _GROUP.fullmatch(toks[k].text) is not None
    ):
        joined = joined * 1000 + int(toks[k].text)
        k += 1
    if k < len(toks) and toks[k].start - toks[k - 1].end == 1 and toks[k].text[0].isdigit():
        return value, i + 1  # "call 800 273 8255": a telephone number or a list, not thousands
    return joined, k


def _after_a_date_word(toks: list[Token], i: int) -> bool:
    """Whether token i may be a day: after a month or a weekday, or joined to a day before it
    ("Oct. 17 and 18 500 troops")."""
    before = toks[i - 1].lower if i else ""
    if before in DATE_JOINERS and i >= 2 and toks[i - 2].text.isdigit():
        return _after_a_date_word(toks, i - 2)
    if before == "." and i >= 2:
        before = toks[i - 2].lower
    return before in MONTHS or before in WEEKDAYS


def _scale_after(toks: list[Token], k: int, tok: Token) -> tuple[int, int]:
    """(multiplier, index past it) for a scale word following the digits token `tok`."""
    if k < len(toks):
        nxt = toks[k]
        attached = nxt.start == tok.end
        if attached and nxt.lower in ATTACHED_SCALES:
            return (10**9 if nxt.lower in ("bn", "b") else DIGIT_SCALES[nxt.lower]), k + 1
        if not attached and nxt.lower in DIGIT_SCALES and nxt.lower not in ATTACHED_SCALES:
            return DIGIT_SCALES[nxt.lower], k + 1
    return 1, k


def read_mentions(toks: list[Token]) -> list[NumberMention]:
    """Every number mention among the tokens of one sentence, ranges merged."""
    found: list[NumberMention] = []
    n = len(toks)
    # Most tokens cannot begin a number: find the few that can in one tight pass first.
    starts = []
    for k, t in enumerate(toks):
        low = t[1]  # t.lower, read once
        if (
            low in _STARTERS
            or low[0].isdigit()
            or ("-" in low and low.split("-", 1)[0] in _STARTERS)
            or low.endswith("fold")
        ):
            starts.append(k)
    i = 0
    for i_start in starts:
        if i_start < i:
            continue  # inside the number read last
        i = i_start
        tok = toks[i]
        low = tok.lower
        if low[0].isdigit():
            value = parse_digits(tok.text)
            if value is None:
                fraction = _slash_fraction(toks, i)
                if fraction is not None:
                    found.append(fraction)
                continue
            value, k = _spaced_groups(toks, i, value)
            scale, k = _scale_after(toks, k, toks[k - 1])
            found.append(
                NumberMention(i, k, tok.start, toks[k - 1].end, value * scale, form="digits")
            )
            i = k
            continue
        if low in FEW and i + 1 < n and toks[i + 1].lower in FEW_OF:
            found.append(_read_few(toks, i))
            i += 2
            continue
        if low in VAGUE or low == "tens":
            vague = _read_vague(toks, i)
            if vague is not None:
                found.append(vague)
                i = vague.last
                continue
        share = _share_words(toks, i)
        if share is not None:
            found.append(share)
            i = share.last
            continue
        if low in UNITS or low in TENS or low in ("a", "an", "half", "dozen") or "-" in low:
            words = _read_words(toks, i)
            if words is not None:
                value, k, hint = words
                found.append(
                    NumberMention(
                        i, k, tok.start, toks[k - 1].end, float(value), form="words", hint=hint
                    )
                )
                i = k
                continue
            fused = _fused_number(toks, i) if "-" in low else None
            if fused is not None:
                found.append(fused)
        i += 1
    return _mark_ratios(toks, _merge_ranges(toks, found))


def _slash_fraction(toks: list[Token], i: int) -> NumberMention | None:
    """ "2/3 of rural Missourians": a share written with a slash, before "of"."""
    m = _SLASH_FRACTION.fullmatch(toks[i].text)
    if m is None or i + 1 >= len(toks) or toks[i + 1].lower != "of":
        return None
    top, bottom = int(m.group(1)), int(m.group(2))
    if not top < bottom:
        return None
    tok = toks[i]
    return NumberMention(i, i + 1, tok.start, tok.end, top / bottom, form="fraction")


def _share_words(toks: list[Token], i: int) -> NumberMention | None:
    """Shares and multipliers written in words: "half the people", "a third of", "two thirds
    of", "twice as many", "tenfold"; None when the words at i are none of these."""
    n = len(toks)
    tok = toks[i]
    low = tok.lower
    if low in TIMES_WORDS:
        return NumberMention(i, i + 1, tok.start, tok.end, float(TIMES_WORDS[low]), form="times")
    if low.endswith("fold") and (low[:-4] in UNITS or low[:-4] in TENS or low[:-4] == "hundred"):
        value = UNITS.get(low[:-4]) or TENS.get(low[:-4]) or 100
        return NumberMention(i, i + 1, tok.start, tok.end, float(value), form="times")
    nxt = toks[i + 1].lower if i + 1 < n else ""
    if low == "half" and (nxt in HALF_OF or nxt == "as"):
        return NumberMention(i, i + 1, tok.start, tok.end, 0.5, form="fraction")
    if nxt in FRACTIONS and nxt not in ("half", "halves") and i + 2 < n:
        top = 1 if low in ("a", "one") else UNITS.get(low)
        if top and toks[i + 2].lower == "of":  # "a third of", "two fifths of"
            value = top / FRACTIONS[nxt]
            return NumberMention(i, i + 2, tok.start, toks[i + 1].end, value, form="fraction")
    return None


def _fused_number(toks: list[Token], i: int) -> NumberMention | None:
    """A number that begins a hyphenated word: "six-foot-tall", "seven-year-old", "one-half",
    "two-thirds", "half-a-dozen". The rest of the word is kept (`fused`): it says what the
    number measures."""
    tok = toks[i]
    pieces = tok.lower.split("-")
    if pieces[:2] == ["half", "a"] and len(pieces) >= 3 and pieces[2] in FEW_OF:
        value, rest = FEW_OF[pieces[2]] / 2, pieces[3:]
    else:
        acc = _WordNumber()
        used = 0
        for piece in pieces:
            if not (piece in UNITS or piece in TENS or piece in LARGE or piece == "hundred"):
                break
            if not acc.accepts(piece):
                break
            acc.add(piece)
            used += 1
        if used == 0 or used == len(pieces):
            return None
        value, rest = acc.value, pieces[used:]
        if len(rest) == 1 and rest[0] in FRACTIONS:
            share = value / FRACTIONS[rest[0]]
            return NumberMention(i, i + 1, tok.start, tok.end, share, form="fraction")
    fused = "-".join(rest)
    return NumberMention(i, i + 1, tok.start, tok.end, float(value), form="words", fused=fused)


# The words between the two counts of a ratio: "one in six", "one in every five", "nine out of
# 11", "three of every ten". A bare "in" makes one only after one ("one in six"): "killed 3 in 5
# attacks" is a count in some events.
RATIO_LINKS = frozenset({("in", "every"), ("out", "of"), ("out", "of", "every"), ("of", "every")})
# Between a part and its whole: "30 of the 40 soldiers were wounded" counts the 30 wounded.
PART_LINKS = frozenset(
    {("of", det) for det in ("the", "our", "their", "its", "his", "her", "these", "those")}
    | {("out", "of", "the")}
)
# A span of time after the second number makes a rate ("3 in 10 days"), not a ratio.
_TIME_AFTER = TIME_UNITS | words("sec secs min mins hr hrs night nights yr yrs")


def _mark_ratios(toks: list[Token], found: list[NumberMention]) -> list[NumberMention]:
    """Mark both counts of a ratio ("one in six"): each is a count of a share, never of the
    thing itself, and the two are never one number. Mark a part and its whole ("30 of the 40"):
    the part counts what the sentence says happened, the whole does not."""
    marked = list(found)
    for k in range(len(found) - 1):
        a, b = found[k], found[k + 1]
        link = tuple(t.lower for t in toks[a.last : b.first])
        ratio = link in RATIO_LINKS or (link == ("in",) and a.value == 1)
        # "30 of the 40 soldiers were wounded"; but in "one of the 34 injured troops" the whole
        # says what it counts itself ("injured", "deployed"), and stays a count.
        after = toks[b.last].lower if b.last < len(toks) else ""
        part = link in PART_LINKS and not (after.endswith("ed") or after == "dead")
        if (
            not (ratio or part)
            or a.form in ("range", "vague", "fraction", "times")
            or b.form == "vague"
        ):
            continue
        if not a.value < b.value or (b.last - b.first == 1 and is_year(toks[b.first].text)):
            continue  # "one in 2023" is a count in a year; a share's part is below its whole
        if b.last < len(toks) and (toks[b.last].lower in _TIME_AFTER or "-" in toks[b.last].lower):
            continue  # "one in 10 days", "one in 48-hour spells": a rate
        if ratio:
            marked[k] = marked[k]._replace(form="ratio")
            marked[k + 1] = marked[k + 1]._replace(form="ratio")
        else:
            marked[k] = marked[k]._replace(form="part")
            marked[k + 1] = marked[k + 1]._replace(form="whole")
    return marked


def is_year(raw: str) -> bool:
    """Whether a digit token reads as a year: four digits from 1800 to 2100."""
    return len(raw) == 4 and raw.isdecimal() and 1800 <= int(raw) <= 2100


def _read_few(toks: list[Token], i: int) -> NumberMention:
    """ "several hundred", "a few dozen": a vague multiple of the scale word after it."""
    lo, hi = FEW[toks[i].lower]
    scale = FEW_OF[toks[i + 1].lower]
    first = i - 1 if toks[i].lower == "few" and i and toks[i - 1].lower == "a" else i
    low, high = float(lo * scale), float(hi * scale)
    start, end = toks[first].start, toks[i + 1].end
    return NumberMention(first, i + 2, start, end, float(scale), low, high, "vague")


def _read_vague(toks: list[Token], i: int) -> NumberMention | None:
    n = len(toks)
    word = toks[i].lower
    if i + 2 < n and toks[i + 1].lower == "of" and (word, toks[i + 2].lower) in VAGUE_OF:
        low, high = VAGUE_OF[(word, toks[i + 2].lower)]
        value = (10 if word == "tens" else 100) * VAGUE_MAGNITUDE[toks[i + 2].lower]
        last = i + 3
    elif word in VAGUE:
        low, high = VAGUE[word]
        value = VAGUE_MAGNITUDE[word]
        last = i + 1
    else:
        return None
    # "thousands of …" is a vague count; "the thousands" alone or "in the hundreds" still is.
    start, end = toks[i].start, toks[last - 1].end
    return NumberMention(i, last, start, end, float(value), float(low), float(high), "vague")


def _merge_ranges(toks: list[Token], found: list[NumberMention]) -> list[NumberMention]:
    merged: list[NumberMention] = []
    k = 0
    while k < len(found):
        a = found[k]
        b = found[k + 1] if k + 1 < len(found) else None
        if b is not None and a.form != "vague" and b.form != "vague":
            joined = _range_of(toks, a, b)
            if joined is not None:
                merged.append(joined)
                k += 2
                continue
        merged.append(a)
        k += 1
    return merged


def _range_of(toks: list[Token], a: NumberMention, b: NumberMention) -> NumberMention | None:
    if b.first != a.last + 1:
        return None
    link = toks[a.last]
    before = toks[a.first - 1].lower if a.first > 0 else ""
    if link.lower in RANGE_DASHES:
        # "40-50" joins only when written tight; "2-1" is a score, low must be below high.
        if not (link.start == toks[a.last - 1].end and link.end == b.start):
            return None
    elif link.lower == "and":
        if before != "between":
            return None
    elif link.lower == "to":
        # "rose from 21 to 46", "rose from age 53 to 60" are changes, not ranges: the figure is
        # the later one.
        for k in (a.first - 1, a.first - 2):
            if k >= 1 and toks[k].lower == "from" and toks[k - 1].lower in CHANGE_WORDS:
                return None
    elif link.lower != "or":
        return None
    low_value, high_value = a.value, b.value
    scaled = toks[b.last - 1].lower in DIGIT_SCALES  # not "1 200" written with a space
    if a.last - a.first == 1 and scaled and b.form == "digits" and low_value < 1000:
        # "2 to 3 million": the scale of the upper bound applies to the lower one.
        scale = b.value / (parse_digits(toks[b.first].text) or 1)
        low_value *= scale
    if not low_value < high_value:
        return None
    first = a.first - 1 if before == "between" else a.first
    start = toks[first].start
    return a._replace(
        first=first,
        last=b.last,
        start=start,
        end=b.end,
        value=low_value,
        low=low_value,
        high=high_value,
        form="range",
    )


def read_numbers(text: str) -> list[NumberMention]:
    """Every number mention in `text` (a convenience over `read_mentions` for one sentence)."""
    return read_mentions(tokenize(text))
