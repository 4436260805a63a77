"""Reading a document sentence by sentence: each figure → what it counts, where, when, who says.

`extract_claims` is the entry point; `SentenceReader` turns one sentence's number mentions into
claims, then adds totals of stated parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from claims.figures import Qualifier, interval_for
from claims.metrics import Kind, is_open, metric, open_label, open_metric

from .captions import is_archival_caption
from .claim import ExtractedClaim
from .counted import Reading, implicit_ones, metric_for, outcome_verb_before
from .counters import counter_of
from .document import Document, figure_positions
from .modes import counts_one_event, mode_of
from .notcounts import OTHER_QUANTITIES, is_window, why_not_a_count
from .numbers import NumberMention, read_mentions
from .phrases import (
    a_verb_not_a_noun,
    counted_phrase,
    furniture,
    holders,
    names_what_follows,
    phrase_at,
    speaks,
)
from .qualifiers import compared_as_equal, qualifier_after, qualifier_before
from .subsets import subset_of
from .tokens import Token, tokenize
from .totals import Part, Total, totals
from .units import COUNT, CURRENCY, DURATION, MEASUREMENT, Measure, measure_of, with_rate
from .voices import actor_near, actors_in, attribution_of, strikes_by_us
from .when import find_dates, timing
from .where import compound_of, country_of, nearest_place

# A "sentence" with more figures than this is a table or a list of numbers, not prose; skipping
# it keeps adversarial input ("1 1 1 1 …") as cheap as any other text.
MAX_FIGURES = 30
# Words that tie a running count to a start date given earlier in the article.
_TALLY_CUE = re.compile(
    r"\b(?:such|thus\s+far|so\s+far|to\s+date|these|those|total|overall|since\s+then|"
    r"as\s+of\s+now)\b"
)  # read in lower-cased text: twice as fast as a case-blind search
# A sentence that opens by pointing back at the last count: its figures count the same thing.
_ANAPHORA = re.compile(r"[\"“]?(?:of|among)\s+(?:those|them|these|which|whom)\b", re.IGNORECASE)
# What joins a part to its place: "27 attacks in Iraq", "nine separate times in Syria".
_PART_LINK = re.compile(r"\s*(?:[a-z]+\s+){0,2}?(?:in|at|inside|across)\s+(?:\w+\s+)?$")
# Where a figure's clause ends: "…, while more than 40 others were injured".
_CLAUSE_END = re.compile(r"[;:—–]|,\s+(?:but|while|whereas|although|though|and)\b")
# Figures of these qualifiers add up to a total; "up to 5 and fewer than 3" do not.
_ADDABLE = frozenset({Qualifier.EXACT, Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.MORE_THAN})


class _once:  # noqa: N801 (used as a decorator)
    """A property read once per object: functools.cached_property without the lock it takes on
    Python 3.11, which costs more than most of what these properties read."""

    def __init__(self, read: Callable) -> None:
        self.read, self.name = read, read.__name__

    def __get__(self, reader: object, owner: type | None = None) -> object:
        value = reader.__dict__[self.name] = self.read(reader)  # later reads find it there
        return value


def extract_claims(text: str, published: date | None = None) -> list[ExtractedClaim]:
    """Every quantitative claim in `text`, in reading order; derived totals follow their parts."""
    return _read(text, published, None)


def numbers_left_out(text: str, published: date | None = None) -> list[tuple[str, str]]:
    """Every number the readers saw in `text` and left out, with why: (its words, reason)."""
    left_out: list[tuple[str, str]] = []
    _read(text, published, left_out)
    return left_out


def _read(
    text: str, published: date | None, left_out: list[tuple[str, str]] | None
) -> list[ExtractedClaim]:
    if not isinstance(text, str) or not text:
        return []
    positions = figure_positions(text)
    if not positions:
        return []
    doc = Document(text, published)
    claims: list[ExtractedClaim] = []
    for k in doc.sentences_with_figures(positions, MAX_FIGURES):
        if is_archival_caption(doc.sentence(k), published):
            if left_out is not None:
                left_out.append((doc.sentence(k)[:60], "an archival caption of another year"))
            continue  # "In this 2003 photo, 150 soldiers …": an old scene, not today's news
        reader = SentenceReader(doc, k)
        found = reader.read()
        counted = [c.metric for c in found if not is_open(c.metric)]
        if counted:
            doc.last_metric = (k, counted[-1])
        claims.extend(found)
        if left_out is not None:
            left_out.extend(reader.left_out(found))
    return claims


def figure_mentions(numbers: list[NumberMention], toks: list[Token]) -> list[NumberMention]:
    """The numbers that may be counts of the taxonomy, plus the implicit "a soldier" after
    outcome verbs."""
    found = numbers
    inside = {k for m in found for k in range(m.first, m.last)}
    for first, last, slug in implicit_ones(toks, inside):
        start, end = toks[first].start, toks[first].end
        found.append(NumberMention(first, last, start, end, 1.0, form="words", counts=slug))
    found.sort(key=lambda m: m.first)
    return found


def _only_a_count(measure: Measure | None) -> bool:
    """Whether nothing but a count is written with the number ("25 mph" is a measure)."""
    return measure is None or measure.kind == COUNT


def _inside(m: NumberMention, spans: list[tuple[int, int]]) -> bool:
    return any(s < m.end and m.start < e for s, e in spans)


def qualifier_of(m: NumberMention, toks: list[Token]) -> tuple[Qualifier, int, int]:
    """The figure's qualifier, the token where its words begin, and the token past its end."""
    q, first = qualifier_before(toks, m.first)
    q_after, last = qualifier_after(toks, m.last)
    if m.form == "vague" and last < len(toks) and toks[last].lower == "of":
        last += 1  # "dozens of rockets"
    if m.form == "range":
        return Qualifier.RANGE, first, last
    if m.form == "vague":
        return Qualifier.VAGUE, first, last
    return q or q_after or Qualifier(m.hint or Qualifier.EXACT), first, last


@dataclass
class SentenceReader:
    doc: Document
    k: int
    claims: list[ExtractedClaim] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def __post_init__(self) -> None:
        doc, k = self.doc, self.k
        self.sentence = doc.sentence(k)
        self.offset = doc.spans[k][0]
        self.places = doc.places(k)
        countries = [country_of(p.name) for p in self.places if p.name and not p.weak]
        self.country = next((c for c in countries if c), None) or doc.country_before(k)
        dates = find_dates(self.sentence, doc.published) if doc.has_date_words(k) else []
        self.timing = timing(dates, doc.published, self.sentence)
        self.toks = tokenize(self.sentence)
        taken = [(d.start, d.end) for d in dates] + [(p.start, p.end) for p in self.places]
        taken = [(s, e) for s, e in taken if e > s]
        numbers = read_mentions(self.toks)
        # `taken` holds spans already read as dates or place names ("Oct. 17", "Tower 22").
        free = [m for m in numbers if not _inside(m, taken)] if taken else numbers
        reasons = [why_not_a_count(m, self.toks) for m in free]
        # "the 26th attack since Nov. 19": an ordinal of a running count states the count.
        self.ordinals = set()
        if "ordinal" in reasons and any(t.lower == "since" for t in self.toks):
            self.ordinals = {
                m.first for m, why in zip(free, reasons, strict=True) if why == "ordinal"
            }
        # Numbers that may be figures of any other kind: shares, money, ages, measures, counts
        # of nouns outside the taxonomy (read by _read_open when no taxonomy metric took them).
        self.others = [
            m
            for m, why in zip(free, reasons, strict=True)
            if why is None or why in OTHER_QUANTITIES
        ]
        # The unit written with each of them, read once (the taxonomy's counts have none).
        self.measures = {m.first: measure_of(self.toks, m) for m in self.others}
        self.mentions = figure_mentions(
            [
                m
                for m, why in zip(free, reasons, strict=True)
                if (why is None and _only_a_count(self.measures[m.first]))
                or m.first in self.ordinals
                # "killed three of its crew members": a count, though "three of" is a part
                or (why == "part of" and outcome_verb_before(self.toks, m.first))
            ],
            self.toks,
        )
        # Any other number (dates aside) separates a figure from a date word beyond it.
        self.separators = [m.start for m in free]
        # Why each number that will not be a claim is left out, by its first token.
        self.why: dict[int, str] = {
            m.first: why
            for m, why in zip(free, reasons, strict=True)
            if why is not None and why not in OTHER_QUANTITIES
        }
        if len(free) < len(numbers):
            kept = {m.first for m in free}
            self.why.update(
                {m.first: "a date or a place's name" for m in numbers if m.first not in kept}
            )
        self.numbers = numbers

    def read(self) -> list[ExtractedClaim]:
        if not self.mentions and not self.others:
            return []
        used = self._read_taxonomy()
        self._add_totals()
        found = [c for c in self.claims if not c.derived]
        derived = [c for c in self.claims if c.derived]
        opened = self._read_open(used)
        if opened:
            found = sorted(found + opened, key=lambda c: c.start)
        return found + derived

    def left_out(self, found: list[ExtractedClaim]) -> list[tuple[str, str]]:
        """The sentence's numbers no claim holds, each with why it was left out."""
        claimed = [(c.start - self.offset, c.end - self.offset) for c in found]
        out = []
        for m in self.numbers:
            lo, hi = m.start, m.end  # offsets in the sentence
            if any(s < hi and lo < e for s, e in claimed):
                continue
            words = self.sentence[lo:hi]
            out.append((words, self.why.get(m.first, "nothing says it is an amount")))
        return out

    def _read_taxonomy(self) -> set[int]:
        """Claims of the taxonomy's metrics; returns the first tokens of the mentions used."""
        used: set[int] = set()
        blocked = {m.first for m in self.mentions}
        last = self.doc.last_metric
        carried = last[1] if last and last[0] == self.k - 1 else None
        if not (carried and _ANAPHORA.match(self.sentence)):
            carried = None
        previous: str | None = None
        listed_from = -1  # the token where a list of the last figure's parts may go on
        for m in self.mentions:
            q, first, after = qualifier_of(m, self.toks)
            if m.counts:
                reading = Reading(m.counts, m.last, "implicit")
            else:
                reading = metric_for(self.toks, first, after, blocked - {m.first}, previous)
                if reading.metric is None and carried:
                    reading = Reading(carried, after, "anaphora")  # "Of those, 40 …"
            others = blocked - {m.first}
            # "66 troops were injured, including one critically": a part of the count before.
            if (
                reading.metric is None
                and previous
                and subset_of(self.toks, first, after, previous, others, after_only=True)
            ):
                reading = Reading(previous, after, "part")
            listed = previous and first == listed_from and reading.metric in (None, previous)
            if listed:
                # "the toll rose to three – one Vietnamese and two Filipino crew members"
                reading = Reading(previous, after, "part")
            if m.first in self.ordinals and (
                reading.metric is None or metric(reading.metric).kind is not Kind.TALLY
            ):
                continue  # "the 26th attack since Nov. 19" counts attacks; "the 3rd day" does not
            if reading.metric is None:
                continue
            if reading.metric == "attacks" and strikes_by_us(
                self.toks, first, reading.noun_end, self.sentence
            ):
                reading = Reading("strikes", reading.noun_end, reading.how)  # by them, not on them
            previous = reading.metric
            end_tok = max(reading.noun_end, after, m.last)
            subset = subset_of(self.toks, first, end_tok, reading.metric, others)
            if listed and not subset:
                # a part named only by the words after it: compared only with the same part
                subset = ("part:" + counted_phrase(phrase_at(self.toks, after)[0]))[:64]
            self._add(m, q, reading.metric, subset, first, end_tok, after)
            used.add(m.first)
            # a listed part's own words ("one Vietnamese") come before the list goes on
            list_end = phrase_at(self.toks, end_tok)[1] if listed else end_tok
            listed_from = self._list_goes_on(list_end, bool(listed))
        return used

    def _list_goes_on(self, end_tok: int, in_list: bool) -> int:
        """Where the next of a figure's parts would start: after a dash or colon that follows
        the figure ("to three – one …"), or after "and" or a comma inside such a list."""
        toks = self.toks
        if end_tok < len(toks) and toks[end_tok].lower in ("–", "—", ":"):
            return end_tok + 1
        if in_list and end_tok < len(toks) and toks[end_tok].lower in ("and", ","):
            return end_tok + 1
        return -1

    def _read_open(self, used: set[int]) -> list[ExtractedClaim]:
        """Figures no taxonomy metric took, each with its unit and what it counts (open
        figures): "40%", "$1.6 billion", "for 16 days", "12,000 doctors"."""
        readings = []
        for m in self.others:
            if m.first in used or m.counts:
                continue
            reading = self._open_reading(m)
            if reading is not None:
                readings.append(reading)
        readings = _elliptical(self.toks, _linked(self.toks, readings))
        return [
            self._open_claim(r)
            for r in readings
            # a bare number ("Page 2 of 5"): nothing says it is an amount
            if r.unit or r.counted or _stands_alone(self.toks, r.mention, r.qualifier)
        ]

    def _open_reading(self, m: NumberMention) -> OpenReading | None:
        toks = self.toks
        q, first, after = qualifier_of(m, toks)
        measure = self.measures[m.first]
        if measure is None:
            unit, kind, last = "", COUNT, m.last
        else:
            unit, kind, last = measure.unit, measure.kind, measure.last
            if measure.first < m.first:
                q_before, q_first = qualifier_before(toks, measure.first)
                if q_before is not None and m.form not in ("range", "vague"):
                    q, first = q_before, q_first
                first = min(first, measure.first)
            if last > m.last and m.form not in ("range", "vague"):
                q_after, past = qualifier_after(toks, last)
                if q_after is not None:
                    q = q_after if q is Qualifier.EXACT else q
                    last = past
        last = max(last, after)
        if q is Qualifier.AT_MOST and compared_as_equal(toks, first, last):
            q = Qualifier.EXACT  # "as much as $7.50/hr did a year ago"
        if kind == DURATION and is_window(toks, m):
            self.why[m.first] = "a window of time"
            return None  # "over the past five years", "the 25-year period"
        compound = bool(m.fused) or (m.last < len(toks) and toks[m.last].lower in ("-", "‑"))
        if kind == DURATION and compound and _names_a_window(toks, last):
            self.why[m.first] = "a window of time or a unit's name"
            return None  # "a seven-day average", "20-foot equivalent units"
        taken, end = _counted_words(toks, last, kind, compound)
        if kind == COUNT and a_verb_not_a_noun(taken, m.value):
            taken, end = [], last  # "40 stemmed from the attack": says nothing of what it counts
        counted = counted_phrase(taken)
        if kind == COUNT:
            if speaks(toks, m.first, taken, end):
                self.why[m.first] = "a count of sources who speak"
                return None  # "two US officials said": who speaks, not a claim
            if taken and taken[-1].lower in furniture():
                self.why[m.first] = "the page counting itself"
                return None  # "12 comments": the page counting itself
            if not unit:
                unit = counted.split(",", 1)[0]
                at = end if taken else last
                unit, past_rate = with_rate(toks, at, unit)
                if past_rate == at and taken and at < len(toks) and toks[at].text.isalpha():
                    unit, _ = with_rate(toks, at + 1, unit)  # "veterans die every day"
                unit = unit.strip()  # "30 per month"
                if not taken:
                    last = past_rate
        value = m.value
        return OpenReading(m, q, first, last, value, unit, kind, counted)

    def _open_claim(self, r: OpenReading) -> ExtractedClaim:
        toks = self.toks
        m = r.mention
        rel_start, rel_end = toks[r.first].start, toks[r.last - 1].end
        interval = interval_for(r.value, r.qualifier, low=m.low, high=m.high)
        mode, past_day = mode_of(
            toks, r.first, r.last, self._clause_from(rel_start), self.doc.published
        )
        return ExtractedClaim(
            quote=self.sentence[rel_start:rel_end],
            start=self.offset + rel_start,
            end=self.offset + rel_end,
            sentence=self.sentence,
            value=r.value,
            low=interval.low,
            high=interval.high,
            qualifier=str(r.qualifier),
            metric=open_metric(r.unit, r.counted),
            metric_label=open_label(r.unit, r.counted),
            place=self._nearest_place(rel_start, rel_end),
            actor=actor_near(self._actors, rel_start, rel_end),
            as_of=past_day or self._as_of(rel_start, rel_end),
            since=None,
            attribution=self._attribution,
            kind=str(Kind.EVENT),
            mode=str(mode),
            unit=r.unit,
            unit_kind=r.kind,
            counted=r.counted,
        )

    def _add(
        self,
        m: NumberMention,
        q: Qualifier,
        slug: str,
        subset: str,
        first: int,
        end_tok: int,
        after: int,
    ) -> None:
        rel_start, rel_end = self.toks[first].start, self.toks[end_tok - 1].end
        taken, _ = phrase_at(self.toks, after)
        if a_verb_not_a_noun(taken, m.value):
            taken = []  # "Of those, 40 stemmed from …": the metric says what is counted
        counted_words = counted_phrase(taken) or metric(slug).label.lower()
        interval = interval_for(m.value, q, low=m.low, high=m.high)
        counted = metric(slug)
        kind = counted.kind
        since = self.timing.since
        if since is None and kind is Kind.TALLY and self._tally_cue:
            since = self.doc.tally_start(self.k)
        part_place = self._part_place(rel_end)
        mode, past_day = mode_of(
            self.toks, first, end_tok, self._clause_from(rel_start), self.doc.published
        )
        if kind is Kind.TALLY and self._one_event:
            kind = Kind.EVENT
        self.claims.append(
            ExtractedClaim(
                quote=self.sentence[rel_start:rel_end],
                start=self.offset + rel_start,
                end=self.offset + rel_end,
                sentence=self.sentence,
                value=m.value,
                low=interval.low,
                high=interval.high,
                qualifier=str(q),
                metric=slug,
                metric_label=counted.label,
                place=part_place or self._nearest_place(rel_start, rel_end),
                actor=actor_near(self._actors, rel_start, rel_end),
                as_of=past_day or self._as_of(rel_start, rel_end),
                since=since if kind is Kind.TALLY else None,
                attribution=self._attribution,
                subset=subset,
                kind=str(kind),
                mode=str(mode),
                counter=self._counter if kind is Kind.TALLY else "",
                unit=counted_words.split(",", 1)[0],
                unit_kind=COUNT,
                counted=counted_words,
            )
        )
        if kind is not Kind.STOCK and q in _ADDABLE:
            index = len(self.claims) - 1
            self.parts.append(
                Part(index, slug, subset, m.value, str(q), part_place, rel_start, rel_end)
            )

    def _clause_from(self, rel_start: int) -> str:
        """The sentence from the figure to the end of its clause."""
        rest = self.sentence[rel_start:]
        end = _CLAUSE_END.search(rest)
        return rest[: end.start()] if end else rest

    def _as_of(self, rel_start: int, rel_end: int) -> date | None:
        at = self.timing.as_of_at
        if at is None:
            return self.timing.as_of
        lo, hi = (rel_end, at) if at >= rel_end else (at, rel_start)
        if any(lo <= s < hi for s in self.separators):
            return self.doc.published
        return self.timing.as_of

    def _add_totals(self) -> None:
        stated = [(c.metric, c.value) for c in self.claims]
        for total in totals(self.parts, stated):
            whole = compound_of([p.part_place for p in total.parts])
            if total.stated_at is None:
                self.claims.append(self._derived(total, whole))
            elif whole:
                # "55 attacks …, including 27 in Iraq and 28 in Syria": the total covers both.
                self.claims[total.stated_at] = replace(self.claims[total.stated_at], place=whole)

    def _derived(self, total: Total, place: str) -> ExtractedClaim:
        rel_start, rel_end = total.parts[0].start, total.parts[-1].end
        interval = interval_for(total.value, total.qualifier)
        return replace(
            self.claims[total.parts[0].index],
            quote=self.sentence[rel_start:rel_end],
            start=self.offset + rel_start,
            end=self.offset + rel_end,
            value=total.value,
            low=interval.low,
            high=interval.high,
            qualifier=total.qualifier,
            place=place,
            derived=True,
        )

    def _part_place(self, rel_end: int) -> str:
        """The place named right after a figure ("… 27 attacks in Iraq"), the mark of a part."""
        for p in self.places:
            if p.start < rel_end or not p.name or p.weak:
                continue
            if p.start - rel_end <= 40 and _PART_LINK.fullmatch(self.sentence, rel_end, p.start):
                return p.name
            return ""
        return ""

    def _nearest_place(self, rel_start: int, rel_end: int) -> str:
        found = nearest_place(self.places, rel_start, rel_end, self.country, self._recent_place)
        return found or self.doc.body_place

    # What the whole sentence says, read once for all its figures (and only if one asks).
    @_once
    def _actors(self) -> list[tuple[int, int, str]]:
        return actors_in(self.toks)

    @_once
    def _recent_place(self) -> str | None:
        return self.doc.recent_place(self.k)

    @_once
    def _attribution(self) -> str:
        return attribution_of(self.sentence)

    @_once
    def _tally_cue(self) -> bool:
        return _TALLY_CUE.search(self.sentence.lower()) is not None

    @_once
    def _one_event(self) -> bool:
        return counts_one_event(self.sentence)

    @_once
    def _counter(self) -> str:
        return counter_of(self.sentence)


@dataclass(frozen=True)
class OpenReading:
    mention: NumberMention
    qualifier: Qualifier
    first: int  # the figure's tokens: qualifier, number and unit
    last: int
    value: float
    unit: str
    kind: str
    counted: str


def _stands_alone(toks: list[Token], m: NumberMention, q: Qualifier) -> bool:
    """Whether a number naming nothing still states an amount: a qualified one ("less than
    10"), one in brackets ("(1,755)") or one of a ratio or of a part and its whole."""
    if q is not Qualifier.EXACT or m.form in ("ratio", "part", "whole", "range", "vague"):
        return True
    before = toks[m.first - 1].lower if m.first else ""
    after = toks[m.last].lower if m.last < len(toks) else ""
    return before == "(" and after == ")"


CLAUSE_ENDS = frozenset({".", ";", ":", "!", "?"})


# After a compound span of time, words that make it a window or a name, not an amount.
_WINDOW_NOUNS = frozenset(
    {
        "average",
        "averages",
        "rolling",
        "moving",
        "period",
        "periods",
        "window",
        "span",
        "high",
        "low",
    }
)


def _names_a_window(toks: list[Token], k: int) -> bool:
    return k < len(toks) and toks[k].lower in _WINDOW_NOUNS


# After a share, a multiplier or a sum, what it is of: "40% of the population", "$200 million in
# city funds", "30 thousand tons of beef".
_OF_WORDS = frozenset({"of", "in", "for", "on", "worth"})
_OF_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "all", "a", "an", "this"})


def _counted_words(toks: list[Token], k: int, kind: str, compound: bool) -> tuple[list[Token], int]:
    """The words naming what the figure at toks[…:k] counts or measures, and the index past.

    A share, a multiplier, a sum or a measure names it after "of" ("40% of the population",
    "41,000 tons of fertiliser", "$200 million in city funds"); a count, or a compound
    ("a 143-mile fence"), by the noun after it ("50 nautical miles southwest" measures nothing
    named). A container is passed over: "a 21,000-tonne cargo of fertiliser" measures fertiliser.
    """
    n = len(toks)
    if kind == CURRENCY and k < n and toks[k].text[:1].isalpha() and toks[k].lower not in _OF_WORDS:
        kind = COUNT  # "a $250 million aid package": the noun after a sum is what it pays for
    if kind == COUNT or compound:
        if compound and k < n and toks[k].lower in ("-", "‑"):
            k += 1  # "a 220-seat Boeing": the compound's word is what it counts
        taken, end = phrase_at(toks, k)
        if (
            kind == MEASUREMENT
            and len(taken) == 1
            and taken[0].lower in holders()
            and end < n
            and toks[end].lower == "of"
        ):
            return _after_of(toks, end)
        return taken, end
    if k < n and toks[k].lower in _OF_WORDS:
        return _after_of(toks, k)
    return [], k  # "40% higher", "140 miles away": no noun of its own


def _after_of(toks: list[Token], k: int, depth: int = 0) -> tuple[list[Token], int]:
    j = k + 1
    if j < len(toks) and toks[j].lower in _OF_DETERMINERS:
        j += 1
    taken, end = phrase_at(toks, j)
    if depth < 2 and names_what_follows(taken) and end < len(toks) and toks[end].lower == "of":
        return _after_of(toks, end, depth + 1)  # "70% of the total number of casualties"
    return taken, end


# Words that carry a count's noun on to a bare number after it: "1,362 ships transited compared
# to 2,155 in the same month", "40 counties then and 58 now".
_CARRY_ON = frozenset({"compared", "to", "with", "than", "and", "or", "versus", "vs", "from"})


def _elliptical(toks: list[Token], readings: list[OpenReading]) -> list[OpenReading]:
    """A bare count after a count of something, in the same sentence and tied to it by a
    comparison or a conjunction, counts the same thing."""
    out = list(readings)
    for k in range(1, len(out)):
        b = out[k]
        if b.kind != COUNT or b.counted or b.unit:
            continue
        # the nearest count before it ("Of the 13 speeches that fetched $500,000 or more, only
        # two …": a sum between them counts something else)
        a = next((r for r in reversed(out[:k]) if r.kind == COUNT), None)
        if a is None or not a.counted:
            continue
        between = {t.lower for t in toks[a.last : b.first]}
        if between & _CARRY_ON and not between & CLAUSE_ENDS:
            out[k] = replace(b, counted=a.counted, unit=a.unit)
    return out


def _linked(toks: list[Token], readings: list[OpenReading]) -> list[OpenReading]:
    """Figures that take their unit or counted thing from a neighbour: the two counts of a ratio
    or of a part and its whole ("One in six local election officials", "Nine out of the 11
    judges"); "from age 53 to 60"; and one range written with its unit twice ("1.5 percent to 2
    percent")."""
    out = list(readings)
    k = 0
    while k + 1 < len(out):
        a, b = out[k], out[k + 1]
        between = [t.lower for t in toks[a.last : b.first]]
        linked = a.mention.form in ("ratio", "part") and b.mention.form in ("ratio", "whole")
        if linked and a.kind == b.kind == COUNT and not a.counted:
            out[k] = replace(a, counted=b.counted, unit=b.unit)
        elif between == ["to"] and b.kind == COUNT and not b.counted and a.kind != COUNT:
            out[k + 1] = replace(b, unit=a.unit, kind=a.kind)  # "from age 53 to 60"
        elif (
            between in (["to"], ["-"])
            and (a.unit, a.kind) == (b.unit, b.kind)
            and a.kind != COUNT
            and a.qualifier is Qualifier.EXACT
            and a.value < b.value
            and not (a.first > 0 and toks[a.first - 1].lower == "from")
        ):
            m = a.mention._replace(low=a.value, high=b.value, form="range")
            out[k] = replace(a, mention=m, qualifier=Qualifier.RANGE, last=b.last)
            del out[k + 1]
            continue
        k += 1
    return out
