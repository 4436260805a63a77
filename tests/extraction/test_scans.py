"""The fast whole-document scans find exactly what the plain patterns they replace find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.document import _STARTED
from claims.extraction.patterns import (
    _MARKS,
    after_a_space,
    with_capitals,
    word_alternation,
    word_starts,
)
from claims.extraction.sentences import _breaks
from claims.extraction.where import _REFERENCES, _matchers, _name_matches
from claims.places import gazetteer

WORDS = ["one", "two", "twenty", "killed", "dozen", "ones", "stone", "done", "x"]
# Words, spaces and every mark a word may follow, with digits and letters glued on.
pieces = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(list(_MARKS + " 7")), st.just("a")),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(pieces)
def test_word_starts_is_a_search_for_whole_words(parts):
    text = "".join(parts)
    alternation = word_alternation(["one", "two", "twenty", "killed", "dozen"])
    plain = [m.start() for m in re.finditer(rf"\b(?:{alternation})\b", text)]
    assert word_starts(after_a_space(alternation), text) == plain


BREAK = re.compile(r"[.!?][\"'”’)\]]*[ \t]+|\n\s*")  # the one pattern `_breaks` splits in four


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", ".", "!", "?", " ", "\t", "\n", '"', "”", ")", "]"])))
def test_sentence_breaks_are_those_of_one_pattern(parts):
    text = "".join(parts)
    assert [m.span() for m in _breaks(text)] == [m.span() for m in BREAK.finditer(text)]


# The single patterns the literal-led ones replace.
REFERENCES = re.compile(
    r"[Tt](?:(h(?:e|is|at)\s+(?:country|nation)\b)|(here\b(?!\s+(?:is|are|was|were|has|have|"
    r"had|will|would|may|might|could|remains?|seems?|appears?)\b|['’]s)))"
)
STARTED = re.compile(r"(?:began|begun|started|starting|beginning)\b")
scraps = ["the", "The", "this", "that", "here", "There", "there", " ", "country", "nation", "is"]
scraps += ["’s", "t", "T", "h", "began", "begun", "start", "ed", "ing", "beginning", "s", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(scraps), max_size=30))
def test_literal_led_scans_find_what_one_pattern_found(parts):
    text = "".join(parts)
    plain = sorted(
        (m.start(), m.end(), "country" if m.lastindex == 1 else "place")
        for m in REFERENCES.finditer(text)
    )
    split = sorted((m.start(), m.end(), kind) for p, kind in _REFERENCES for m in p.finditer(text))
    assert split == plain
    began = sorted(m.start() for p in _STARTED for m in p.finditer(text))
    assert began == [m.start() for m in STARTED.finditer(text)]


def _hand_kept_names() -> list[str]:
    return [a for p in gazetteer().values() if not p.iso for a in (p.name, *p.aliases)]


NAMES = re.compile(rf"(?:{word_alternation(with_capitals(_hand_kept_names()))})(?![\w-])")
lower_case = [n for n in _hand_kept_names() if n[:1].islower()]  # "the Middle East", "al-Tanf"
name_scraps = [*lower_case, *_hand_kept_names()[:40], "the", "The", "al", "-", " ", "eastern"]
name_scraps += ["Gaza Strip", "Middle East", "Syria", "Asad", ","]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(name_scraps), max_size=20))
def test_place_names_are_found_as_by_one_pattern_of_every_name(parts):
    text = "".join(parts)
    split = [x.span() for x in _name_matches(_matchers(), text)]
    assert split == [x.span() for x in NAMES.finditer(text)]
