"""Extraction: news text in, claims out. Pure Python, deterministic, no network.

The public entry point is `extract_claims(text, published)`. Each sentence is read on its own
(numbers → what they count → where → when → who says so), with a little carried from the
sentences before it: the country the article is about, the place just named, and the start of a
running count ("The attacks began Oct. 17. There have been more than 150 such attacks …").
Every step is a single pass over the sentence, so the time taken grows linearly with the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import cache

from claims.figures import Qualifier, interval_for
from claims.metrics import Kind, metric

from .counted import OUTCOMES, Reading, implicit_ones, lexicon, metric_for
from .notcounts import why_not_a_count
from .numbers import LARGE, TENS, UNITS, VAGUE, NumberMention, read_mentions
from .patterns import with_capitals, word_alternation
from .qualifiers import qualifier_after, qualifier_before
from .sentences import split_sentences
from .tokens import Token, tokenize
from .totals import Part, Total, totals
from .voices import actor_near, actors_in, attribution_of
from .when import DateMention, Timing, date_word_positions, find_dates, timing
from .where import PlaceMention, compound_of, country_of, find_places, nearest_place


@dataclass(frozen=True)
class ExtractedClaim:
    quote: str  # the figure's words as written, e.g. "more than 150 such attacks"
    start: int  # character offsets of `quote` in the input text
    end: int
    sentence: str
    value: float
    low: float | None  # interval from the qualifier (claims.figures.interval_for); None = unbounded
    high: float | None
    qualifier: str  # a claims.figures.Qualifier slug
    metric: str  # a slug of data/metrics.toml
    metric_label: str
    place: str  # a gazetteer name from data/places.toml, or ""
    actor: str
    as_of: date | None
    since: date | None
    attribution: str
    derived: bool = False  # a total computed from stated parts

    def as_json(self) -> dict:
        row = asdict(self)
        for key in ("as_of", "since"):
            row[key] = row[key].isoformat() if row[key] else None
        return row


# A place named in one sentence still frames the next few ("… at Tower 22. About 350 personnel
# are deployed there.") but not the rest of the article.
PLACE_MEMORY = 3
# How far back "the country" and "the attacks began Oct. 17" are looked for.
COUNTRY_MEMORY = 40
START_MEMORY = 8
# A "sentence" with more figures than this is a table or a list of numbers, not prose; skipping
# it keeps adversarial input ("1 1 1 1 …") as cheap as any other text.
MAX_FIGURES = 30
# Words that tie a running count to a start date given earlier in the article.
_TALLY_CUE = re.compile(
    r"\b(?:such|thus\s+far|so\s+far|to\s+date|these|those|in\s+total|overall|since\s+then)\b",
    re.IGNORECASE,
)
_STARTED = re.compile(r"(?:began|begun|started|starting|beginning)\b")
# A sentence that opens by pointing back at the last count: its figures count the same thing.
_ANAPHORA = re.compile(r"[\"“]?(?:of|among)\s+(?:those|them|these|which|whom)\b", re.IGNORECASE)
_PART_LINK = re.compile(r"\s*(?:[a-z]+\s+){0,2}?(?:in|at|inside|across)\s+(?:\w+\s+)?$")


@cache
def _figure_words() -> tuple[re.Pattern, re.Pattern]:
    """Where a figure may be: digit runs, and number words or outcome verbs ("wounding a
    soldier")."""
    words = [*UNITS, *TENS, *LARGE, *VAGUE, "dozen", "hundred", "couple", "tens"]
    verbs = [k[0] for k, slug in lexicon().verbs.items() if len(k) == 1 and slug in OUTCOMES]
    digits = re.compile(r"\d[\d,.:/]*")
    return digits, re.compile(rf"\b(?:{word_alternation(with_capitals(words + verbs))})\b")


_MONTH_ENDINGS = tuple(f"{m}. " for m in ("Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"))
_MONTH_ENDINGS += tuple(
    f"{m} "
    for m in [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ]
)


def _figure_positions(text: str) -> list[int]:
    """Offsets where a counted figure may start: a cheap first pass over the whole document.

    Digits that can only be a year, a clock time or a date ("2023", "10:19", "Oct. 7") are
    passed over here so that sentences holding nothing else are not read closely at all.
    """
    digits, words = _figure_words()
    found = []
    for m in digits.finditer(text):
        token = m.group().rstrip(",.")
        start = m.start()
        if ":" in token or "/" in token or token.count(".") > 1:
            continue
        if len(token) == 4 and token.isdigit() and 1800 <= int(token) <= 2100:
            continue
        if text.endswith(_MONTH_ENDINGS, max(0, start - 10), start):
            continue
        found.append(start)
    found += [m.start() for m in words.finditer(text)]
    found.sort()
    return found


class _Document:
    """One document being read: its sentences, and what earlier sentences tell later ones.

    Places, date words and "began" are found in one pass over the whole document each; a
    sentence looks up its own and its neighbours' by offset, so reading stays linear.
    """

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.spans = list(split_sentences(text))
        self.sentence_starts = [start for start, _ in self.spans]
        self.all_places = find_places(text)
        self.place_starts = [p.start for p in self.all_places]
        self.country_upto: list[str | None] = []
        country = None
        for p in self.all_places:
            if p.name and not p.weak:
                country = country_of(p.name) or country
            self.country_upto.append(country)
        self.date_words = date_word_positions(text)
        self.began_at = [m.start() for m in _STARTED.finditer(text)]
        self.last_metric: tuple[int, str] | None = None  # (sentence index, metric)

    def sentence(self, k: int) -> str:
        start, end = self.spans[k]
        return self.text[start:end]

    def places(self, k: int) -> list[PlaceMention]:
        """The sentence's place mentions, with offsets relative to the sentence."""
        start, end = self.spans[k]
        lo = bisect_left(self.place_starts, start)
        hi = bisect_left(self.place_starts, end)
        return [
            replace(p, start=p.start - start, end=p.end - start)
            for p in self.all_places[lo:hi]
            if p.end <= end
        ]

    def has_date_words(self, k: int) -> bool:
        start, end = self.spans[k]
        i = bisect_left(self.date_words, start)
        return i < len(self.date_words) and self.date_words[i] < end

    def country_before(self, k: int) -> str | None:
        """The country the article was last about before sentence k."""
        i = bisect_left(self.place_starts, self.spans[k][0]) - 1
        return self.country_upto[i] if i >= 0 else None

    def recent_place(self, k: int) -> str | None:
        """The last place named in the few sentences before sentence k."""
        floor = self.spans[max(0, k - PLACE_MEMORY)][0]
        i = bisect_left(self.place_starts, self.spans[k][0]) - 1
        while i >= 0 and self.all_places[i].start >= floor:
            p = self.all_places[i]
            if p.name and not p.weak:
                return p.name
            i -= 1
        return None

    def tally_start(self, k: int) -> date | None:
        """ "The attacks began Oct. 17": a start date stated in the sentences just before k."""
        floor = self.spans[max(0, k - START_MEMORY)][0]
        i = bisect_left(self.began_at, self.spans[k][0]) - 1
        seen = set()
        while i >= 0 and self.began_at[i] >= floor:
            j = bisect_right(self.sentence_starts, self.began_at[i]) - 1
            i -= 1
            if j in seen:
                continue
            seen.add(j)
            sentence = self.sentence(j)
            began = timing(find_dates(sentence, self.published), self.published, sentence).began
            if began:
                return began
        return None


def extract_claims(text: str, published: date | None = None) -> list[ExtractedClaim]:
    """Every quantitative claim in `text`, in reading order; derived totals follow their parts."""
    if not isinstance(text, str) or not text:
        return []
    positions = _figure_positions(text)
    if not positions:
        return []
    doc = _Document(text, published)
    claims: list[ExtractedClaim] = []
    p = 0
    for k, (start, end) in enumerate(doc.spans):
        while p < len(positions) and positions[p] < start:
            p += 1
        q = p
        while q < len(positions) and positions[q] < end:
            q += 1
        if 0 < q - p <= MAX_FIGURES:
            claims.extend(_read_sentence(doc, k))
        p = q
    return claims


def _read_sentence(doc: _Document, k: int) -> list[ExtractedClaim]:
    sentence = doc.sentence(k)
    places = doc.places(k)
    strong = [p for p in places if p.name and not p.weak]
    countries = [country_of(p.name) for p in strong if country_of(p.name)]
    country = countries[0] if countries else doc.country_before(k)
    dates = find_dates(sentence, doc.published) if doc.has_date_words(k) else []
    tm = timing(dates, doc.published, sentence)
    claims = _figures(doc, k, sentence, places, dates, tm, country)
    if claims:
        doc.last_metric = (k, claims[-1].metric)
    return claims


def _counts(toks: list[Token], taken_spans: list[tuple[int, int]]) -> list[NumberMention]:
    """Number mentions that may be counts, plus the implicit "a soldier" after outcome verbs."""
    found = []
    for m in read_mentions(toks):
        if why_not_a_count(m, toks) is not None:
            continue
        if any(s < m.end and m.start < e for s, e in taken_spans):
            continue  # inside a date or a place name ("Oct. 17", "Tower 22")
        found.append(m)
    firsts = {k for m in found for k in range(m.first, m.last)}
    for first, last, slug in implicit_ones(toks, firsts):
        one = NumberMention(
            first, last, toks[first].start, toks[first].end, 1.0, form="words", hint=slug
        )
        found.append(one)
    found.sort(key=lambda m: m.first)
    return found


def _figures(
    doc: _Document,
    k: int,
    sentence: str,
    places: list[PlaceMention],
    dates: list[DateMention],
    tm: Timing,
    country: str | None,
) -> list[ExtractedClaim]:
    s_start = doc.spans[k][0]
    toks = tokenize(sentence)
    taken = [(d.start, d.end) for d in dates] + [(p.start, p.end) for p in places if p.name]
    mentions = _counts(toks, taken)
    if not mentions:
        return []
    blocked = {m.first for m in mentions}
    attribution: str | None = None
    cue = _TALLY_CUE.search(sentence) is not None
    carried = doc.last_metric[1] if doc.last_metric and doc.last_metric[0] == k - 1 else None
    anaphoric = carried is not None and _ANAPHORA.match(sentence) is not None
    recent: str | None = None
    recent_known = False
    actors: list[tuple[int, int, str]] | None = None
    claims: list[ExtractedClaim] = []
    parts: list[Part] = []
    previous: str | None = None
    for m in mentions:
        implicit = m.hint not in ("", "about")
        q, q_first = qualifier_before(toks, m.first)
        q_after, after_last = qualifier_after(toks, m.last)
        q = q or q_after
        if m.form == "vague" and after_last < len(toks) and toks[after_last].lower == "of":
            after_last += 1  # "dozens of rockets"
        if m.form == "range":
            q = Qualifier.RANGE
        elif m.form == "vague":
            q = Qualifier.VAGUE
        elif q is None:
            q = Qualifier(m.hint) if m.hint == "about" else Qualifier.EXACT
        if implicit:
            slug, noun_end = m.hint, m.last
        else:
            reading = metric_for(toks, q_first, after_last, blocked - {m.first}, previous)
            if reading.metric is None and anaphoric:
                reading = Reading(carried, after_last, "anaphora")
            if reading.metric is None:
                continue
            slug, noun_end = reading.metric, max(reading.noun_end, after_last)
        previous = slug
        rel_start = toks[q_first].start
        rel_end = toks[max(noun_end, m.last) - 1].end
        interval = interval_for(m.value, q, low=m.low, high=m.high)
        kind = metric(slug).kind
        since = tm.since
        if since is None and kind is Kind.TALLY and cue:
            since = doc.tally_start(k)
        if attribution is None:
            attribution = attribution_of(sentence)
        if actors is None:
            actors = actors_in(toks)
        place = _part_place(sentence, rel_end, places)
        if not place:
            if not recent_known:
                recent, recent_known = doc.recent_place(k), True
            place = nearest_place(places, rel_start, rel_end, country, recent)
        claims.append(
            ExtractedClaim(
                quote=sentence[rel_start:rel_end],
                start=s_start + rel_start,
                end=s_start + rel_end,
                sentence=sentence,
                value=m.value,
                low=interval.low,
                high=interval.high,
                qualifier=str(q),
                metric=slug,
                metric_label=metric(slug).label,
                place=place,
                actor=actor_near(actors, rel_start, rel_end),
                as_of=tm.as_of,
                since=since,
                attribution=attribution,
            )
        )
        if kind is not Kind.STOCK and q in (
            Qualifier.EXACT,
            Qualifier.ABOUT,
            Qualifier.AT_LEAST,
            Qualifier.MORE_THAN,
        ):
            parts.append(
                Part(
                    len(claims) - 1,
                    slug,
                    m.value,
                    str(q),
                    _part_place(sentence, rel_end, places),
                    rel_start,
                    rel_end,
                )
            )
    stated = [(c.metric, c.value) for c in claims]
    for total in totals(parts, stated):
        if total.stated_at is None:
            claims.append(_derived(s_start, sentence, claims, total))
            continue
        whole = compound_of([p.part_place for p in total.parts])
        if whole:
            claims[total.stated_at] = replace(claims[total.stated_at], place=whole)
    return claims


def _part_place(sentence: str, rel_end: int, places: list[PlaceMention]) -> str:
    """The place named right after a figure ("… 27 attacks in Iraq"), the mark of a part."""
    for p in places:
        if p.start < rel_end or not p.name or p.weak:
            continue
        if p.start - rel_end > 40:
            return ""
        if _PART_LINK.fullmatch(sentence, rel_end, p.start):
            return p.name
        return ""
    return ""


def _derived(
    s_start: int, sentence: str, claims: list[ExtractedClaim], total: Total
) -> ExtractedClaim:
    first = claims[total.parts[0].index]
    rel_start, rel_end = total.parts[0].start, total.parts[-1].end
    interval = interval_for(total.value, total.qualifier)
    return replace(
        first,
        quote=sentence[rel_start:rel_end],
        start=s_start + rel_start,
        end=s_start + rel_end,
        value=total.value,
        low=interval.low,
        high=interval.high,
        qualifier=total.qualifier,
        place=compound_of([p.part_place for p in total.parts]),
        derived=True,
    )
