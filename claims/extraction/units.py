"""What a figure measures: its unit and the kind of quantity it is (`unit_kind`).

A figure is a count of something unless the words around its number say otherwise: a currency
("$1.6 billion", "KSh18 billion", "40,000 euro"), a percentage ("40%", "per cent"), a measure
("140 miles", "300 MW", "1000kms"), a span of time ("for 16 days"), an age ("seven-year-old",
"65 and older"), a multiplier ("six times more", "10-fold", "twice as many") or a fraction
("one-half", "2/3 of"). A rate is written into the unit ("$30 a month": "USD per month").

`measure_of` reads them from a sentence's tokens; the kinds are those of the corpus' GENERAL.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from .numbers import LARGE, NumberMention
from .patterns import words
from .qualifiers import qualifier_before
from .tokens import Token

COUNT = "count"
PERCENT = "percent"
CURRENCY = "currency"
DURATION = "duration"
AGE = "age"
MEASUREMENT = "measurement"
MULTIPLIER = "multiplier"
FRACTION = "fraction"
UNIT_KINDS = (COUNT, PERCENT, CURRENCY, DURATION, AGE, MEASUREMENT, MULTIPLIER, FRACTION)

# Currency signs written before the number, and the codes they stand for.
CURRENCY_SIGNS = {
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "₹": "INR",
    "¥": "JPY",
    "₦": "NGN",
    "₱": "PHP",
}
# Letters fused to a "$" ("US$2.5m", "A$40").
DOLLAR_PREFIXES = {"us": "USD", "a": "AUD", "c": "CAD", "nz": "NZD", "hk": "HKD", "s": "SGD"}
# Currency codes and abbreviations written before the number, fused or not ("KSh18 billion",
# "Rs 500", "USD 40").
CURRENCY_CODES = {
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "inr": "INR", "rs": "INR", "ksh": "KES",
    "kes": "KES", "zar": "ZAR", "ngn": "NGN", "php": "PHP", "aud": "AUD", "cad": "CAD",
    "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "chf": "CHF", "sar": "SAR", "aed": "AED",
}  # fmt: skip
# One letter fused to grouped digits or followed by a scale word ("R60,000", "N70 million",
# "P90,078"): the rand, the naira, the peso. Alone ("R2", "P5") it is a name.
CURRENCY_LETTERS = {"r": "ZAR", "n": "NGN", "p": "PHP"}
# Currency words after the number ("40,000 euro", "10 billion rupees", "16 bucks").
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "bucks": "USD", "buck": "USD", "euros": "EUR",
    "euro": "EUR", "sterling": "GBP", "rupees": "INR", "rupee": "INR", "rand": "ZAR",
    "naira": "NGN", "shillings": "KES", "pesos": "PHP", "yuan": "CNY", "renminbi": "CNY",
    "yen": "JPY", "riyals": "SAR", "dirhams": "AED", "dinars": "dinars", "cents": "cents",
}  # fmt: skip
# Measures, by every way of writing them, and the unit each is stored in.
MEASURES = {
    "mile": "miles", "miles": "miles", "mi": "miles", "km": "kilometres", "kms": "kilometres",
    "kilometre": "kilometres", "kilometres": "kilometres", "kilometer": "kilometres",
    "kilometers": "kilometres", "metre": "metres", "metres": "metres", "meter": "metres",
    "meters": "metres", "foot": "feet", "feet": "feet", "ft": "feet", "inch": "inches",
    "inches": "inches", "kg": "kilograms", "kgs": "kilograms", "kilo": "kilograms",
    "kilos": "kilograms", "kilogram": "kilograms", "kilograms": "kilograms", "lb": "pounds",
    "lbs": "pounds", "pound": "pounds", "pounds": "pounds", "ton": "tons", "tons": "tons",
    "tonne": "tons", "tonnes": "tons", "gallon": "gallons", "gallons": "gallons",
    "litre": "litres", "litres": "litres", "liter": "litres", "liters": "litres",
    "barrel": "barrels", "barrels": "barrels", "bpd": "barrels per day", "mw": "megawatts",
    "megawatt": "megawatts", "megawatts": "megawatts", "gw": "gigawatts", "gigawatt": "gigawatts",
    "gigawatts": "gigawatts", "kw": "kilowatts", "kwh": "kilowatt-hours", "degree": "degrees",
    "degrees": "degrees", "mph": "mph", "kph": "km/h", "knots": "knots", "knot": "knots",
    "acre": "acres", "acres": "acres", "hectare": "hectares", "hectares": "hectares",
    "dwt": "deadweight tons", "teu": "TEU", "teus": "TEU",
}  # fmt: skip
# Measures that take a word before them: "nautical miles", "square kilometres".
MEASURE_PREFIXES = words("nautical square sq cubic")
# Measures short enough to be fused to their digits ("1000kms", "300MW", "5kg").
FUSED_MEASURES = words("km kms kg kgs mw gw kw kwh mph kph ft lbs lb mi dwt")
# Spans of time, by every way of writing them.
TIME_UNITS = {
    "second": "seconds", "seconds": "seconds", "sec": "seconds", "secs": "seconds",
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours", "day": "days",
    "days": "days", "week": "weeks", "weeks": "weeks", "month": "months", "months": "months",
    "year": "years", "years": "years", "yr": "years", "yrs": "years", "decade": "decades",
    "decades": "decades", "century": "centuries", "centuries": "centuries",
}  # fmt: skip
# What a rate is per: "$30 a month", "jobs per year", "$15/hr", "annually".
RATE_ADVERBS = {
    "annually": "year", "yearly": "year", "monthly": "month", "weekly": "week", "daily": "day",
    "hourly": "hour",
}  # fmt: skip
RATE_WORDS = words("a an per each every")
# After "times", these make it a multiplier ("six times more", "5 times as likely").
COMPARATIVES = words(
    """
    more less fewer higher lower greater larger bigger smaller faster slower longer shorter
    as the likelier cheaper costlier deadlier worse better over
    """
)
AGE_BEFORE = words("aged age ages")
AGE_LINKS = words("of to at is was")
OLDER = words("older younger")
PERCENT_WORDS = words("percent pc percentage")


@dataclass(frozen=True)
class Measure:
    unit: str  # "percent", "USD per month", "kilometres", "years of age", "times", "fraction"…
    kind: str  # one of UNIT_KINDS
    first: int  # token where the unit's words begin, before the number ("$", "aged"), or its own
    last: int  # one past the unit's last token ("percent", "a month", "year-old")


def measure_of(toks: list[Token], m: NumberMention) -> Measure | None:
    """The unit written with mention `m`, or None when its words say it is a count."""
    before = _before(toks, m)
    after = _after(toks, m)
    if before is not None and after is not None and after.kind in (PERCENT, CURRENCY):
        return Measure(after.unit, after.kind, before.first, after.last)
    if before is not None:
        last = after.last if after is not None and after.kind == AGE else m.last
        unit = before.unit
        if before.kind == CURRENCY:
            unit, last = with_rate(toks, last, unit)
        return Measure(unit, before.kind, before.first, last)
    if after is not None:
        unit, last = after.unit, after.last
        if after.kind in (CURRENCY, COUNT):
            unit, last = with_rate(toks, last, unit)
        return Measure(unit, after.kind, m.first, last)
    if m.form == "fraction":
        nxt = toks[m.last].lower if m.last < len(toks) else ""
        if nxt == "as":  # "half as many"
            return Measure("times", MULTIPLIER, m.first, m.last)
        return Measure("fraction", FRACTION, m.first, m.last)
    if m.form == "times":  # "twice", "tenfold"
        return Measure("times", MULTIPLIER, m.first, m.last)
    if m.form == "vague" and toks[m.first].lower == "decades":
        return Measure("years", DURATION, m.first, m.last)
    return None


def _before(toks: list[Token], m: NumberMention) -> Measure | None:
    """A currency sign or code, or an age word, before the number (or its qualifier)."""
    k = m.first
    prev = toks[k - 1] if k > 0 else None
    if prev is None:
        return None
    low = prev.lower
    if low in CURRENCY_SIGNS:
        first, code = k - 1, CURRENCY_SIGNS[low]
        if low == "$" and k >= 2 and toks[k - 2].end == prev.start:
            fused = DOLLAR_PREFIXES.get(toks[k - 2].lower)
            if fused:
                first, code = k - 2, fused
        return Measure(code, CURRENCY, first, m.last)
    if low == "." and k >= 2 and toks[k - 2].lower == "rs":
        return Measure("INR", CURRENCY, k - 2, m.last)  # "Rs. 500"
    fused = prev.end == m.start
    if low in CURRENCY_CODES and (fused or prev.text.isupper() or prev.text.istitle()):
        return Measure(CURRENCY_CODES[low], CURRENCY, k - 1, m.last)
    if fused and low in CURRENCY_LETTERS and prev.text.isupper() and _money_sized(toks, m):
        return Measure(CURRENCY_LETTERS[low], CURRENCY, k - 1, m.last)
    # "aged 35", "age of 20", "the retirement age to 70"; with a qualifier between ("aged
    # below 35", "below the age of 15") the figure's words begin where the age's do.
    _, q_first = qualifier_before(toks, k)
    for j in (q_first, k) if q_first < k else (k,):
        word = toks[j - 1].lower if j > 0 else ""
        if word in AGE_BEFORE:
            start = j - 1
        elif word in AGE_LINKS and j >= 2 and toks[j - 2].lower in AGE_BEFORE:
            start = j - 2
        else:
            continue
        if start > 0 and toks[start - 1].lower == "the":
            start -= 1
        return Measure("years of age", AGE, start, m.last)
    return None


def _money_sized(toks: list[Token], m: NumberMention) -> bool:
    """Digits grouped by thousands, with decimals, or followed by a scale word: money."""
    raw = toks[m.first].text
    return "," in raw or "." in raw or m.last - m.first > 1 or m.value >= 1000


def _after(toks: list[Token], m: NumberMention) -> Measure | None:
    """The unit written after the number: a word, a fused abbreviation, a hyphenated compound
    ("143-mile", "10-fold", "11-year-old") or a word in brackets ("62 (pounds)")."""
    n = len(toks)
    k = m.last
    if m.fused:  # "six-foot-tall", "seven-year-old"
        return _unit_word(m.fused.split("-"), toks, k, k, m, compound=True)
    if k >= n:
        return None
    nxt = toks[k]
    if nxt.lower in ("-", "‑") and k + 1 < n and nxt.start == toks[k - 1].end:
        word = toks[k + 1]
        if word.start == nxt.end and word.text[0].isalpha():
            return _unit_word(word.lower.split("-"), toks, k, k + 2, m, compound=True)
        return None
    if nxt.start == toks[k - 1].end and nxt.text[0].isalpha():  # "1000kms", "300MW"
        if nxt.lower in FUSED_MEASURES or nxt.lower in TIME_UNITS:
            return _unit_word([nxt.lower], toks, k, k + 1, m, compound=False)
        return None
    if nxt.lower == "(" and k + 2 < n and toks[k + 2].lower == ")":  # "62 (pounds)"
        inner = toks[k + 1].lower
        if inner in MEASURES or inner in CURRENCY_WORDS or inner in TIME_UNITS:
            found = _unit_word([inner], toks, k, k + 3, m, compound=False)
            return found
        return None
    return _unit_word([nxt.lower], toks, k, k + 1, m, compound=False)


def _unit_word(
    pieces: list[str], toks: list[Token], at: int, past: int, m: NumberMention, compound: bool
) -> Measure | None:
    """The unit named by `pieces` (a word, or a hyphenated word's parts) at token `at`; `past`
    is the token index after it."""
    n = len(toks)
    word = pieces[0]
    rest = pieces[1:]
    nxt = toks[past].lower if past < n else ""
    if word == "%" or (word.startswith("percent") and not rest):
        if word == "percentage" and nxt in ("point", "points"):
            return Measure("percentage points", PERCENT, m.first, past + 1)
        return Measure("percent", PERCENT, m.first, past)
    if word == "per" and nxt == "cent":
        return Measure("percent", PERCENT, m.first, past + 1)
    if word in ("point", "points") and nxt == "of":  # "half a point of GDP"
        return Measure("percentage points", PERCENT, m.first, past)
    if word in CURRENCY_WORDS and not compound:
        return Measure(CURRENCY_WORDS[word], CURRENCY, m.first, past)
    if word in ("pound", "pounds") and _scaled(toks, m):
        return Measure("GBP", CURRENCY, m.first, past)  # "50 million pounds"
    if word in ("year", "years") and (rest == ["old"] or rest == ["olds"]):
        return Measure("years of age", AGE, m.first, past)  # "seven-year-old", "16-year-olds"
    if word in ("year", "years", "month", "months") and nxt in ("old", "olds"):
        unit = "years of age" if word.startswith("year") else "months of age"
        return Measure(unit, AGE, m.first, past + 1)  # "65 years old", "16 to 25 year olds"
    if word in ("year", "years") and nxt == "of" and past + 1 < n and toks[past + 1].lower == "age":
        return Measure("years of age", AGE, m.first, past + 2)  # "112 years of age"
    if word in ("and", "or") and nxt in OLDER and not compound:
        return Measure("years of age", AGE, m.first, m.last)  # "65 and older"
    if word in MEASURE_PREFIXES and nxt in MEASURES and not compound:
        return Measure(f"{word} {MEASURES[nxt]}", MEASUREMENT, m.first, past + 1)
    if word in MEASURES:
        return Measure(MEASURES[word], MEASUREMENT, m.first, past)
    if word in TIME_UNITS:
        return Measure(TIME_UNITS[word], DURATION, m.first, past)
    if word == "fold":
        return Measure("times", MULTIPLIER, m.first, past)
    if word == "times" and not compound:
        before = toks[m.first - 1].lower if m.first > 0 else ""
        if nxt in COMPARATIVES or before == "by":
            return Measure("times", MULTIPLIER, m.first, past)
        return Measure("times", COUNT, m.first, past)  # "voted five times", "three times a day"
    return None


def _scaled(toks: list[Token], m: NumberMention) -> bool:
    """Whether the number carries a scale word ("50 million", "two billion")."""
    return any(toks[k].lower in LARGE for k in range(m.first, m.last))


def with_rate(toks: list[Token], k: int, unit: str) -> tuple[str, int]:
    """The unit with the rate written after it, and the token past it: "$30 a month" → "USD per
    month", "$15/hr" → "USD per hour", "jobs per year", "$100 per person", "nearly $5.8 million
    annually"."""
    n = len(toks)
    if k >= n:
        return unit, k
    word = toks[k].lower
    if word in RATE_ADVERBS:
        return f"{unit} per {RATE_ADVERBS[word]}", k + 1
    if (word in RATE_WORDS or word == "/") and k + 1 < n:
        per = toks[k + 1].lower
        if per in TIME_UNITS:
            return f"{unit} per {TIME_UNITS[per].rstrip('s')}", k + 2
        piece = word in ("a", "an") and per == "piece"
        if (word in ("per", "/") or piece) and per.isalpha():
            return f"{unit} per {per}", k + 2  # "per person", "a piece", "per case"
    return unit, k
