"""Extraction: news text in, claims out. Pure Python, deterministic, no network.

The public entry point is `extract_claims(text, published)`. Each sentence is read on its own
(numbers → what they count → where → when → who says so), with a little carried from the
sentences before it: the country the article is about, the place just named, and the start of a
running count ("The attacks began Oct. 17. There have been more than 150 such attacks …").
Every step is a single pass over the sentence, so the time taken grows linearly with the text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
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
from .totals import Part, totals
from .voices import actor_near, actors_in, attribution_of
from .when import DateMention, Timing, find_dates, timing
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
_STARTED = re.compile(r"\b(?:began|begun|started|starting|beginning)\b")
# A sentence that opens by pointing back at the last count: its figures count the same thing.
_ANAPHORA = re.compile(r"[\"“]?(?:of|among)\s+(?:those|them|these|which|whom)\b", re.IGNORECASE)
_PART_LINK = re.compile(r"\s*(?:[a-z]+\s+){0,2}?(?:in|at|inside|across)\s+(?:\w+\s+)?$")


@cache
def _figure_words() -> re.Pattern:
    """Where a figure may be: digits, number words, and outcome verbs ("wounding a soldier")."""
    words = [*UNITS, *TENS, *LARGE, *VAGUE, "dozen", "hundred", "couple", "tens"]
    verbs = [k[0] for k, slug in lexicon().verbs.items() if len(k) == 1 and slug in OUTCOMES]
    return re.compile(rf"\d[\d,.]*|\b(?:{word_alternation(with_capitals(words + verbs))})\b")


class _Document:
    """One document being read: its sentences, and what earlier sentences tell later ones.

    Context is looked up lazily and each sentence's places and dates are read at most once, so
    reading stays linear however far back a lookup reaches.
    """

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.spans = list(split_sentences(text))
        self._places: dict[int, list[PlaceMention]] = {}
        self.last_metric: tuple[int, str] | None = None  # (sentence index, metric)

    def sentence(self, k: int) -> str:
        start, end = self.spans[k]
        return self.text[start:end]

    def places(self, k: int) -> list[PlaceMention]:
        if k not in self._places:
            self._places[k] = find_places(self.sentence(k))
        return self._places[k]

    def strong_places(self, k: int) -> list[PlaceMention]:
        return [p for p in self.places(k) if p.name and not p.weak]

    def country_before(self, k: int) -> str | None:
        """The country the article was last about, before sentence k (else its first lines)."""
        candidates = list(range(k - 1, max(-1, k - 1 - COUNTRY_MEMORY), -1))
        candidates += [j for j in range(min(3, k)) if j not in candidates]
        for j in candidates:
            for p in reversed(self.strong_places(j)):
                country = country_of(p.name)
                if country:
                    return country
        return None

    def recent_place(self, k: int) -> str | None:
        for j in range(k - 1, max(-1, k - 1 - PLACE_MEMORY), -1):
            strong = self.strong_places(j)
            if strong:
                return strong[-1].name
        return None

    def tally_start(self, k: int) -> date | None:
        """ "The attacks began Oct. 17": a start date stated in the sentences just before k."""
        for j in range(k - 1, max(-1, k - 1 - START_MEMORY), -1):
            sentence = self.sentence(j)
            if _STARTED.search(sentence):
                began = timing(find_dates(sentence, self.published), self.published, sentence).began
                if began:
                    return began
        return None


def extract_claims(text: str, published: date | None = None) -> list[ExtractedClaim]:
    """Every quantitative claim in `text`, in reading order; derived totals follow their parts."""
    if not isinstance(text, str) or not text:
        return []
    doc = _Document(text, published)
    figures = _figure_words()
    claims: list[ExtractedClaim] = []
    positions = [m.start() for m in figures.finditer(text)]
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
    dates = find_dates(sentence, doc.published)
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
    text, s_start = doc.text, doc.spans[k][0]
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
            actors = actors_in(sentence)
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
    for group, total, qualifier in totals(parts, stated):
        claims.append(_derived(text, s_start, sentence, claims, group, total, qualifier))
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
    text: str,
    s_start: int,
    sentence: str,
    claims: list[ExtractedClaim],
    group: list[Part],
    total: float,
    qualifier: str,
) -> ExtractedClaim:
    first = claims[group[0].index]
    rel_start, rel_end = group[0].start, group[-1].end
    places = [p.part_place for p in group]
    interval = interval_for(total, qualifier)
    return ExtractedClaim(
        quote=sentence[rel_start:rel_end],
        start=s_start + rel_start,
        end=s_start + rel_end,
        sentence=sentence,
        value=total,
        low=interval.low,
        high=interval.high,
        qualifier=qualifier,
        metric=first.metric,
        metric_label=first.metric_label,
        place=compound_of(places),
        actor=first.actor,
        as_of=first.as_of,
        since=first.since,
        attribution=first.attribution,
        derived=True,
    )
