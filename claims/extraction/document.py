"""A document being read: its sentences, where figures may be, and what earlier sentences tell
later ones (the country it is about, the place just named, when a running count began).

Places, date words and "began" are each found in one pass over the whole document; a sentence
looks up its own and its neighbours' by offset, so reading stays linear in the text's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from functools import cache, cached_property

from claims.places import gazetteer

from .counted import OUTCOMES, lexicon
from .numbers import LARGE, MONTHS, TENS, UNITS, VAGUE
from .patterns import after_a_space, with_capitals, word_alternation, word_starts
from .sentences import split_sentences
from .when import date_word_positions, find_dates, timing
from .where import PlaceMention, compound_of, country_of, find_places, group_places, within

# A place named in one sentence still frames the next few ("… at Tower 22. About 350 personnel
# are deployed there.") but not the rest of the article.
PLACE_MEMORY = 3
# How many sentences back "the attacks began Oct. 17" still dates a running count.
START_MEMORY = 8
# "began", "begun", "beginning", "started", "starting": two patterns led by a literal, each
# searched far faster than one led by a choice of letters.
_STARTED = [re.compile(r"beg(?:an|un|inning)\b"), re.compile(r"start(?:ed|ing)\b")]
# "Oct. 7", "March 2": digits after a month are a day.
_MONTH_ENDINGS = tuple(f"{m.capitalize()}{end}" for m in sorted(MONTHS) for end in (" ", ". "))


@cache
def _figure_words() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Where a figure may be: digit runs; number words and outcome verbs ("wounding a soldier"),
    as written and (faster: half the alternatives) in lower-cased text."""
    words = [*UNITS, *TENS, *LARGE, *VAGUE, "dozen", "hundred", "couple", "tens", "several"]
    verbs = [k[0] for k, slug in lexicon().verbs.items() if len(k) == 1 and slug in OUTCOMES]
    digits = re.compile(r"\d[\d,.:/]*")
    written = re.compile(rf"\b(?:{word_alternation(with_capitals(words + verbs))})\b")
    return digits, written, after_a_space(word_alternation(words + verbs))


def figure_positions(text: str) -> list[int]:
    """Offsets where a counted figure may start: a cheap first pass over the whole document.

    Digits that can only be a year, a clock time or a date ("2023", "10:19", "Oct. 7") are
    passed over here, so that sentences holding nothing else are not read closely at all.
    """
    digits, written, lower_case = _figure_words()
    found = []
    for m in digits.finditer(text):
        token = m.group().rstrip(",./")
        start = m.start()
        if ":" in token or token.count(".") > 1:
            continue
        if "/" in token and not text.startswith(" of", m.end()):
            continue  # a date or a score; "2/3 of" is a share
        if len(token) == 4 and token.isdigit() and 1800 <= int(token) <= 2100:
            continue
        if text.endswith(_MONTH_ENDINGS, max(0, start - 10), start):
            continue
        found.append(start)
    lowered = text.lower()
    if len(lowered) == len(text):  # offsets agree (a few letters lower-case to two characters)
        found += word_starts(lower_case, lowered)
    else:
        found += [m.start() for m in written.finditer(text)]
    found.sort()
    return found


class Document:
    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.spans = list(split_sentences(text))
        self.sentence_starts = [start for start, _ in self.spans]
        self.all_places = group_places(text, find_places(text))
        self.place_starts = [p.start for p in self.all_places]
        # country_upto[i]: the country of the latest place named up to all_places[i].
        self.country_upto: list[str | None] = []
        country = None
        for p in self.all_places:
            if p.name and not p.weak:
                country = country_of(p.name) or country
            self.country_upto.append(country)
        self.date_words = date_word_positions(text)
        self.began_at = sorted(m.start() for pattern in _STARTED for m in pattern.finditer(text))
        self.last_metric: tuple[int, str] | None = None  # (sentence index, metric)
        self._tally_starts: dict[int, date | None] = {}

    def sentences_with_figures(self, positions: list[int], max_figures: int) -> list[int]:
        """Indices of sentences holding between one and `max_figures` of the `positions`."""
        chosen = []
        p = 0
        for k, (start, end) in enumerate(self.spans):
            while p < len(positions) and positions[p] < start:
                p += 1
            q = p
            while q < len(positions) and positions[q] < end:
                q += 1
            if 0 < q - p <= max_figures:
                chosen.append(k)
            p = q
        return chosen

    def sentence(self, k: int) -> str:
        start, end = self.spans[k]
        return self.text[start:end]

    def places(self, k: int) -> list[PlaceMention]:
        """The sentence's place mentions, with offsets relative to the sentence."""
        start, end = self.spans[k]
        lo = bisect_left(self.place_starts, start)
        hi = bisect_left(self.place_starts, end)
        make = tuple.__new__  # PlaceMention(...) goes through a Python-level __new__: slower
        return [
            make(PlaceMention, (p.start - start, p.end - start, p.name, p.weak, p.refers_to))
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
        """The last place named in the few sentences before sentence k.

        When that sentence named several places that together make a compound one ("57 in
        Iraq and 83 in Syria"), the compound is meant ("Iraq and Syria").
        """
        floor = self.spans[max(0, k - PLACE_MEMORY)][0]
        i = bisect_left(self.place_starts, self.spans[k][0]) - 1
        while i >= 0 and self.all_places[i].start >= floor:
            p = self.all_places[i]
            if p.name and not p.weak:
                j = bisect_right(self.sentence_starts, p.start) - 1
                named = {q.name for q in self.places(j) if q.name and not q.weak}
                return (compound_of(sorted(named)) if len(named) > 1 else "") or p.name
            i -= 1
        return None

    @cached_property
    def body_place(self) -> str:
        """The one place the article's body is about, or "" when it names several or none.

        The body is everything after the headline; demonyms ("Iraqi officials") do not count. A
        body naming places one within another (Tower 22, in Jordan) is about the innermost; one
        naming the parts of a compound place (Iraq, Syria) is about the compound.
        """
        start = self.spans[1][0] if len(self.spans) > 1 else len(self.text)
        named = {p.name for p in self.all_places if p.name and not p.weak and p.start >= start}
        if not named:
            return ""
        innermost = [a for a in named if all(within(a, b) for b in named)]
        if innermost:
            return innermost[0]
        outer = sorted(a for a in named if not any(a != b and within(a, b) for b in named))
        if len(outer) == 1:  # the parts and their compound, or places within one region
            return outer[0] if gazetteer()[outer[0]].parts else ""
        return compound_of(outer)

    def tally_start(self, k: int) -> date | None:
        """ "The attacks began Oct. 17": a start date stated in the sentences just before k."""
        if k not in self._tally_starts:  # asked once per running count in the sentence
            self._tally_starts[k] = self._tally_start(k)
        return self._tally_starts[k]

    def _tally_start(self, k: int) -> date | None:
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
