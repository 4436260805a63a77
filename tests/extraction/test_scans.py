"""The fast whole-document scans find exactly what the plain patterns they replace find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.patterns import _MARKS, after_a_space, word_alternation, word_starts
from claims.extraction.sentences import _breaks

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
