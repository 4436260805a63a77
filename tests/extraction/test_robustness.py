"""No text makes the extractor raise, and adversarial text stays cheap (no regex backtracking).

Speed itself is measured by bench/extraction.py; the alarm below only catches a runaway (the
exponential blow-up a backtracking regex would cause), not a slow run.
"""

import signal
from contextlib import contextmanager
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import extract_claims

WORDS = (
    "more than at least about nearly one two dozen dozens of 1,1 2,500 40-50 between and "
    "to Oct. 17 since mid-October Sunday troops attacks injured killed in Iraq Syria the "
    "country there . , ; “ ” - – 2024 10:19 % $ a soldier wounding Of those, 3 4.5 million "
    "Tower 22 times were have been"
)
NEWSY = st.sampled_from(WORDS.split(" "))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_error(text):
    for claim in extract_claims(text, date(2024, 1, 27)):
        assert text[claim.start : claim.end] == claim.quote
        assert claim.low is None or claim.high is None or claim.low <= claim.high


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWSY, max_size=80), st.none() | st.dates())
def test_newsy_word_salad_is_read_without_error(words, published):
    text = " ".join(words)
    for claim in extract_claims(text, published):
        assert text[claim.start : claim.end] == claim.quote
        assert published is not None or claim.as_of is None


@contextmanager
def runaway_guard(seconds: int):
    def stop(signum, frame):
        raise TimeoutError(f"no result after {seconds}s: super-linear behaviour")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "unit",
    [
        "more than more than 1,1,1,",
        "more than more than 1, 1, 1, ",
        "one two three four ",
        "at least a dozen ",
        "1 ",
        "-1-1",
        "a a a a ",
        "Iraq and Iraq and ",
        "“" * 50 + " ",
    ],
)
def test_a_megabyte_of_adversarial_text(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    with runaway_guard(30):
        extract_claims(text, date(2024, 1, 27))


def test_non_text_input_gives_no_claims():
    assert extract_claims("", None) == []
    assert extract_claims(None, None) == []  # type: ignore[arg-type]


def test_huge_numbers_are_not_counts():
    assert extract_claims("1" + "0" * 400 + " troops were deployed.", None) == []
    assert extract_claims("1e309 troops", None) == []
    (claim,) = extract_claims("There are 2.5 million refugees.", None)
    assert claim.value == 2_500_000
