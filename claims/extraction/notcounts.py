"""Numbers that are not counts: dates, years and spans of years, clock times, ages, ordinals,
money, percentages, ratios, the whole a share is of ("40% of the 1,200"), windows of time ("over
four years", "15 years ago"), telephone numbers, names and ranks ("Tower 22", "F-16", "No. 1")
and "one of" — they never become claims."""

from __future__ import annotations

from .numbers import DATE_JOINERS, MONTHS, TIME_UNITS, NumberMention, is_year
from .patterns import words
from .tokens import Token
from .units import CURRENCY_CODES, CURRENCY_LETTERS, FUSED_MEASURES, MEASURES, measure_of

# Words after a measure in one compound that keep it a measure: "six-foot-tall".
SIZE_WORDS = words("tall long high wide deep thick away")
# Reasons that say a number is a quantity of another kind than a count of a taxonomy noun: the
# open reading (reader.SentenceReader) gives it its unit. Every other reason is never a claim.
OTHER_QUANTITIES = frozenset(
    {
        "money", "percentage", "age", "compound", "ratio", "whole of a share", "share",
        "multiplier", "measurement",
    }
)  # fmt: skip

MONEY_BEFORE = frozenset({"$", "£", "€", "us$", "usd", "eur", "gbp", "¥"})
MONEY_AFTER = frozenset({"dollars", "dollar", "usd", "euros", "euro", "pounds", "dinars", "cents"})
PERCENT_AFTER = frozenset({"%", "percent", "per", "pc", "percentage", "percentile"})
CLOCK_AFTER = frozenset({"a.m.", "p.m.", "am", "pm", "gmt", "utc", "o'clock", "hrs"})
AGE_BEFORE = frozenset({"aged", "age", "ages"})
# A number after these words stands for a name or a rank, not a count ("No. 5", "Resolution 2334").
NAME_BEFORE = frozenset({"no", "number", "#", "resolution", "article", "chapter", "page", "vol"})
# Capitalised words that may precede a count at any position without making it a name.
CAPITAL_OK = words(
    """
    about approximately around roughly some nearly almost over under more at least up as
    an the a and but by of than to with including and only just another some all us u.s.
    uk
    """
)
PRONOUN_ONE_BEFORE = frozenset({"no", "any", "every", "each", "which", "someone", "the"})
# A span of time after these words, or before the ones after it, is the window a figure is
# counted over or the distance to another date ("over four years", "in 18 months", "the past
# five years", "15 years ago", "five years after"), not an amount: "for 16 days" is one.
WINDOW_BEFORE = words("over in during past last first next previous recent coming")
WINDOW_AFTER = words("ago after before earlier later prior")
DETERMINERS = words("the that this these those")
# "40% of the 1,200 troops", "half of the 30 rockets": the number after a share is the whole it
# is a share of; what the sentence says happened is the share's, not the whole's.
SHARE_WORDS = words("% percent pc half")
# These name a share only after a number ("a third of", "two fifths of"), else an order ("the
# third of four attacks").
FRACTION_WORDS = words("third thirds quarter quarters fifth fifths tenth tenths")
FRACTION_COUNTS = words("a one two three four five six seven eight nine")
# Words after a span of years that do not name what it counts.
FUNCTION_WORDS = words(
    "to and or the a an in on at for when while as but with by of that which who was were is are"
)
SHARE_OF_BEFORE = words("the its their our his her all")
# An unseparated run of this many digits after one of these words, or with no word after it
# to count, is a telephone number or a code ("call 9969777888"), not a count.
PHONE_DIGITS = 9
PHONE_BEFORE = words("call dial phone contact helpline hotline number whatsapp text sms fax on at")


def why_not_a_count(m: NumberMention, toks: list[Token]) -> str | None:
    """The reason mention `m` is not a count, or None when it may be one."""
    n = len(toks)
    prev = toks[m.first - 1] if m.first > 0 else None
    nxt = toks[m.last] if m.last < n else None
    prev_low = prev.lower if prev else ""
    next_low = nxt.lower if nxt else ""
    head = toks[m.first]

    if m.form == "vague":
        return None
    if m.form == "fraction":
        return "share"  # "two-thirds of", "half the"
    if m.form == "times":
        return "multiplier"  # "twice as many"
    if m.fused:
        if measure_of(toks, m) is None:
            return "compound word"  # "one-way", "two-party": a word, not an amount
        return "compound"  # "seven-year-old", "six-foot-tall"
    if m.form == "ratio":
        return "ratio"  # "one in six": a share, not a count of the thing
    if m.form == "whole":
        return "whole of a share"  # the 40 of "30 of the 40 soldiers were wounded"
    if m.form == "range" and _years_at_both_ends(toks, m):
        return "years"  # "between 2001 and 2009", "from 1994 to 2019"
    if next_low in TIME_UNITS and _a_window(toks, m):
        return "time window"
    if _whole_of_a_share(toks, m):
        return "whole of a share"
    if prev_low in MONTHS or (
        prev_low == "." and m.first >= 2 and toks[m.first - 2].lower in MONTHS
    ):
        return "date"
    if next_low in MONTHS or (
        next_low == "of" and m.last + 1 < n and toks[m.last + 1].lower in MONTHS
    ):
        return "date"
    if prev_low in DATE_JOINERS and m.first >= 2 and _ends_a_date(toks, m.first - 2):
        return "date"  # "the Oct. 17 and 18 attacks", "Jan. 20-21"
    if next_low in ("st", "nd", "rd", "th") and nxt is not None and nxt.start == m.end:
        return "ordinal"
    if next_low in CLOCK_AFTER:
        return "clock time"
    if prev_low in MONEY_BEFORE or next_low in MONEY_AFTER:
        return "money"
    if next_low in PERCENT_AFTER:
        return "percentage"
    if prev_low in AGE_BEFORE or _is_age(toks, m):
        return "age"
    if nxt is not None and next_low in ("-", "‑") and nxt.start == m.end:
        # "25-year-old", "one-day", "3-2": a number fused into a compound adjective.
        after = toks[m.last + 1] if m.last + 1 < n else None
        fused = after is not None and after.start == nxt.end
        if fused and not after.text[0].isdigit() and after.lower != "odd":
            if m.form == "digits" and m.last - m.first == 1 and is_year(head.text):
                return "year"  # "the 1997-built vessel", "a 2020-era rule"
            pieces = after.lower.split("-")
            if after.lower == "equivalent" or (
                len(pieces) > 1 and pieces[0] in MEASURES and not set(pieces[1:]) <= SIZE_WORDS
            ):
                return "name"  # "20-foot equivalent units", "20-foot-container units"
            return "compound"
    if prev is not None and prev.end == m.start and (prev_low in ("-", "‑") or prev.text.isalpha()):
        currency = prev_low in CURRENCY_CODES or prev_low in CURRENCY_LETTERS
        if currency and measure_of(toks, m) is not None:
            return "money"  # "KSh18 billion", "R60,000"
        return "designation"  # "F-16", "MQ-9", "COVID-19"
    fused_letters = nxt is not None and nxt.start == m.end and nxt.text[0].isalpha()
    if fused_letters and m.form == "digits" and next_low not in ("bn", "mn", "m", "k", "b"):
        if next_low in FUSED_MEASURES:
            return "measurement"  # "1000kms", "300MW"
        return "designation"  # "3pm", "5G", "4x4"
    if m.form == "digits" and m.last - m.first == 1:
        raw = head.text
        if is_year(raw):
            return "year"
        long_digits = len(raw) >= PHONE_DIGITS and raw.isdigit()
        if long_digits and (prev_low in PHONE_BEFORE or not next_low[:1].isalpha()):
            return "phone number or code"
        if prev_low in NAME_BEFORE or (
            prev_low == "." and m.first >= 2 and toks[m.first - 2].lower in NAME_BEFORE
        ):
            return "name"  # "Resolution 2334", "No. 1"
        if (
            prev is not None
            and prev.text[:1].isupper()
            and prev.text.isalpha()
            and m.first >= 2
            and prev_low not in CAPITAL_OK
            and prev_low not in MONTHS
            # In a title-case headline ("Pentagon Confirms 140 Attacks") every word is capitalised.
            and not (nxt is not None and nxt.text[:1].isupper() and nxt.text.isalpha())
            # "Americans 65 and older", "Iraqis 40%": a unit after it says it is an amount.
            and measure_of(toks, m) is None
        ):
            return "name"  # "Tower 22", "Brigade 29", "Task Force 59"
    if next_low == "of" and m.hint != "about" and m.form != "part":
        return "part of"  # "one of the working groups", "eight of those"
    if head.lower == "one" and m.last - m.first == 1 and prev_low in PRONOUN_ONE_BEFORE:
        return "pronoun"
    return None


def _years_at_both_ends(toks: list[Token], m: NumberMention) -> bool:
    """ "between 2001 and 2009", but not "between 1800 and 2000 troops" (a count follows)."""
    first = m.first + 1 if toks[m.first].lower == "between" else m.first
    after = toks[m.last] if m.last < len(toks) else None
    counted = after is not None and after.text[0].isalpha() and after.lower not in FUNCTION_WORDS
    return is_year(toks[first].text) and is_year(toks[m.last - 1].text) and not counted


def _whole_of_a_share(toks: list[Token], m: NumberMention) -> bool:
    k = m.first - 1
    if k >= 0 and toks[k].lower in SHARE_OF_BEFORE:
        k -= 1
    if k < 1 or toks[k].lower != "of":
        return False
    share = toks[k - 1].lower
    if "-" in share and share.rsplit("-", 1)[1] in FRACTION_WORDS:
        return True  # "two-thirds of the 300"
    if share in FRACTION_WORDS:  # "a third of", "two fifths of"
        before = toks[k - 2] if k >= 2 else None
        return before is not None and (before.lower in FRACTION_COUNTS or before.text.isdigit())
    # "40 per cent of", "40% of", "half of"
    return share in SHARE_WORDS or (share == "cent" and k >= 2 and toks[k - 2].lower == "per")


def _a_window(toks: list[Token], m: NumberMention) -> bool:
    """Whether the span of time the mention starts ("five years") is a window, not an amount."""
    k = m.first
    while k > 0 and toks[k - 1].lower in DETERMINERS and k > m.first - 2:
        k -= 1  # "in that four or five months", "the three months before"
    before = toks[k - 1].lower if k > 0 else ""
    after = toks[m.last + 1].lower if m.last + 1 < len(toks) else ""
    if before in WINDOW_BEFORE and k >= 2 and toks[k - 2].lower == "for":
        return False  # "for over 15 months": how long, with its qualifier
    if before == "in" and after not in WINDOW_AFTER and k == m.first:
        # "went from 70 percent to 52 percent in 18 months", "more in 10 minutes than … in a
        # year": the span a change or a comparison is over; "cured in 48 hours" is how long.
        return any(t.lower == "than" for t in toks) or any(
            t.lower == "from" for t in toks[: m.first]
        )
    return before in WINDOW_BEFORE or after in WINDOW_AFTER


def is_window(toks: list[Token], m: NumberMention) -> bool:
    """Whether a span of time read at `m` ("five years", "the 25-year period") only sets the window
    a figure is counted over, or the distance to another date."""
    return _a_window(toks, m)


def _ends_a_date(toks: list[Token], k: int) -> bool:
    """Whether toks[k] is the day of a "Month day" date."""
    if not toks[k].text.isdecimal() or int(toks[k].text) > 31 or k == 0:
        return False  # "January 2024, 1,362 ships": a year, not a day
    before = toks[k - 1].lower
    if before == "." and k >= 2:
        before = toks[k - 2].lower
    return before in MONTHS


def _is_age(toks: list[Token], m: NumberMention) -> bool:
    n = len(toks)
    words = [toks[k].lower for k in range(m.last, min(n, m.last + 2))]
    return words in (["years", "old"], ["year", "old"], ["months", "old"])
