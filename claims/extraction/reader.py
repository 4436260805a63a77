"""Reading a document sentence by sentence: each figure → what it counts, where, when, who says.

`extract_claims` is the entry point; `SentenceReader` turns one sentence's number mentions into
claims, then adds totals of stated parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from claims.figures import Qualifier, interval_for
from claims.metrics import Kind, metric

from .captions import is_archival_caption
from .claim import ExtractedClaim
from .counted import Reading, implicit_ones, metric_for
from .counters import counter_of
from .document import Document, figure_positions
from .modes import counts_one_event, mode_of
from .notcounts import why_not_a_count
from .numbers import NumberMention, read_mentions
from .qualifiers import qualifier_after, qualifier_before
from .subsets import subset_of
from .tokens import Token, tokenize
from .totals import Part, Total, totals
from .voices import actor_near, actors_in, attribution_of, strikes_by_us
from .when import find_dates, timing
from .where import compound_of, country_of, nearest_place

# A "sentence" with more figures than this is a table or a list of numbers, not prose; skipping
# it keeps adversarial input ("1 1 1 1 …") as cheap as any other text.
MAX_FIGURES = 30
# Words that tie a running count to a start date given earlier in the article.
_TALLY_CUE = re.compile(
    r"\b(?:such|thus\s+far|so\s+far|to\s+date|these|those|total|overall|since\s+then|"
    r"as\s+of\s+now)\b",
    re.IGNORECASE,
)
# A sentence that opens by pointing back at the last count: its figures count the same thing.
_ANAPHORA = re.compile(r"[\"“]?(?:of|among)\s+(?:those|them|these|which|whom)\b", re.IGNORECASE)
# What joins a part to its place: "27 attacks in Iraq", "nine separate times in Syria".
_PART_LINK = re.compile(r"\s*(?:[a-z]+\s+){0,2}?(?:in|at|inside|across)\s+(?:\w+\s+)?$")
# Where a figure's clause ends: "…, while more than 40 others were injured".
_CLAUSE_END = re.compile(r"[;:—–]|,\s+(?:but|while|whereas|although|though|and)\b")
# Figures of these qualifiers add up to a total; "up to 5 and fewer than 3" do not.
_ADDABLE = frozenset({Qualifier.EXACT, Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.MORE_THAN})


def extract_claims(text: str, published: date | None = None) -> list[ExtractedClaim]:
    """Every quantitative claim in `text`, in reading order; derived totals follow their parts."""
    if not isinstance(text, str) or not text:
        return []
    positions = figure_positions(text)
    if not positions:
        return []
    doc = Document(text, published)
    claims: list[ExtractedClaim] = []
    for k in doc.sentences_with_figures(positions, MAX_FIGURES):
        if is_archival_caption(doc.sentence(k), published):
            continue  # "In this 2003 photo, 150 soldiers …": an old scene, not today's news
        found = SentenceReader(doc, k).read()
        if found:
            doc.last_metric = (k, found[-1].metric)
        claims.extend(found)
    return claims


def figure_mentions(
    numbers: list[NumberMention], toks: list[Token], taken: list[tuple[int, int]]
) -> list[NumberMention]:
    """The numbers that may be counts, plus the implicit "a soldier" after outcome verbs.

    `taken` holds sentence spans already read as dates or place names ("Oct. 17", "Tower 22").
    """
    found = [m for m in numbers if why_not_a_count(m, toks) is None and not _inside(m, taken)]
    inside = {k for m in found for k in range(m.first, m.last)}
    for first, last, slug in implicit_ones(toks, inside):
        start, end = toks[first].start, toks[first].end
        found.append(NumberMention(first, last, start, end, 1.0, form="words", counts=slug))
    found.sort(key=lambda m: m.first)
    return found


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
        self.mentions = figure_mentions(numbers, self.toks, taken)
        # Any other number (dates aside) separates a figure from a date word beyond it.
        self.separators = [m.start for m in numbers if not _inside(m, taken)]
        self._attribution: str | None = None
        self._actors: list[tuple[int, int, str]] | None = None
        self._recent: tuple[str | None] | None = None

    def read(self) -> list[ExtractedClaim]:
        if not self.mentions:
            return []
        blocked = {m.first for m in self.mentions}
        last = self.doc.last_metric
        carried = last[1] if last and last[0] == self.k - 1 else None
        if not (carried and _ANAPHORA.match(self.sentence)):
            carried = None
        previous: str | None = None
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
            if reading.metric is None:
                continue
            if reading.metric == "attacks" and strikes_by_us(
                self.toks, first, reading.noun_end, self.sentence
            ):
                reading = Reading("strikes", reading.noun_end, reading.how)  # by them, not on them
            previous = reading.metric
            end_tok = max(reading.noun_end, after, m.last)
            subset = subset_of(self.toks, first, end_tok, reading.metric, others)
            self._add(m, q, reading.metric, subset, first, end_tok)
        self._add_totals()
        return self.claims

    def _add(
        self, m: NumberMention, q: Qualifier, slug: str, subset: str, first: int, end_tok: int
    ) -> None:
        rel_start, rel_end = self.toks[first].start, self.toks[end_tok - 1].end
        interval = interval_for(m.value, q, low=m.low, high=m.high)
        counted = metric(slug)
        kind = counted.kind
        since = self.timing.since
        if since is None and kind is Kind.TALLY and _TALLY_CUE.search(self.sentence):
            since = self.doc.tally_start(self.k)
        part_place = self._part_place(rel_end)
        mode, past_day = mode_of(
            self.toks, first, end_tok, self._clause_from(rel_start), self.doc.published
        )
        if kind is Kind.TALLY and counts_one_event(self.sentence):
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
                actor=actor_near(self._actor_mentions(), rel_start, rel_end),
                as_of=past_day or self._as_of(rel_start, rel_end),
                since=since if kind is Kind.TALLY else None,
                attribution=self._attribution_text(),
                subset=subset,
                kind=str(kind),
                mode=str(mode),
                counter=counter_of(self.sentence) if kind is Kind.TALLY else "",
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
        if self._recent is None:
            self._recent = (self.doc.recent_place(self.k),)
        found = nearest_place(self.places, rel_start, rel_end, self.country, self._recent[0])
        return found or self.doc.body_place

    def _actor_mentions(self) -> list[tuple[int, int, str]]:
        if self._actors is None:
            self._actors = actors_in(self.toks)
        return self._actors

    def _attribution_text(self) -> str:
        if self._attribution is None:
            self._attribution = attribution_of(self.sentence)
        return self._attribution
