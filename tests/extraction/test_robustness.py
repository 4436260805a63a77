"""No text makes the extractor raise, and adversarial text stays linear.

Speed itself is measured by bench/extraction.py, never here: these tests only require that a
megabyte of hostile text finishes, and count the work done (characters tokenised) to show it
grows with the text, not faster.
"""

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


# Characters and words that matter to the reader, mixed with any unicode at all.
MIXED = st.lists(
    st.sampled_from(WORDS.split(" ") + ["hundred", "thousand", "twenty-five", "dozens", "or more"])
    | st.sampled_from(list("0123456789,.;:-–—%$()[]“”'\"\n\t "))
    | st.sampled_from(["٣", "İ", "K", "ß", "\u0301", "\u202e", "\u00a0", "²", "½", "𝟒", "🚀"])
    | st.text(max_size=3),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(MIXED, st.none() | st.dates())
def test_mixed_alphabet_is_read_without_error(pieces, published):
    for joiner in ("", " "):
        text = joiner.join(pieces)
        for claim in extract_claims(text, published):
            assert text[claim.start : claim.end] == claim.quote
            assert claim.low is None or claim.high is None or claim.low <= claim.high


def test_a_noun_looked_for_past_the_end_of_the_text():
    (claim,) = extract_claims("one attacks and", None)
    assert (claim.value, claim.metric) == (1, "attacks")


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWSY, max_size=80), st.none() | st.dates())
def test_newsy_word_salad_is_read_without_error(words, published):
    text = " ".join(words)
    for claim in extract_claims(text, published):
        assert text[claim.start : claim.end] == claim.quote
        assert published is not None or claim.as_of is None


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
def test_a_megabyte_of_adversarial_text(unit, monkeypatch):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    tokenised = count_tokenised(monkeypatch)
    for claim in extract_claims(text, date(2024, 1, 27)):
        assert text[claim.start : claim.end] == claim.quote
    # Each sentence is tokenised at most once: the work is linear in the text.
    assert tokenised[0] <= len(text)


def count_tokenised(monkeypatch) -> list[int]:
    """Count the characters the sentence reader tokenises (an operation count, not a time)."""
    from claims.extraction import reader

    seen = [0]
    original = reader.tokenize

    def counting(text, offset=0):
        seen[0] += len(text)
        return original(text, offset)

    monkeypatch.setattr(reader, "tokenize", counting)
    return seen


@pytest.mark.parametrize(
    "text",
    [
        "1234567890," * 90_910,  # a megabyte of digits and commas, no space at all
        ",".join(["1"] * 500_000),
        "x" * 100_000 + " 40 rockets were fired.",  # a 100k-character line
        ("Over 40 troops were hurt " * 4_000).strip(),  # one run-on sentence of 100k characters
        "٣٠ صاروخا أطلقت 40 rockets 四十 ракет 40 missiles fired. " * 17_000,  # mixed scripts
        "\u202e40 rockets\u202c \u0301\u0301 40\u00a0troops ½ ² ⁴⁰ 𝟒𝟎 " * 30_000,
    ],
)
def test_hostile_megabyte_inputs_finish(text, monkeypatch):
    tokenised = count_tokenised(monkeypatch)
    for claim in extract_claims(text, date(2024, 1, 27)):
        assert text[claim.start : claim.end] == claim.quote
    assert tokenised[0] <= len(text)


def test_work_grows_linearly_with_the_text(monkeypatch):
    unit = "More than 150 attacks hit US forces in Iraq and Syria since Oct. 17, officials said. "
    tokenised = count_tokenised(monkeypatch)
    small = len(extract_claims(unit * 1_000, date(2024, 1, 27)))
    at_small = tokenised[0]
    large = len(extract_claims(unit * 4_000, date(2024, 1, 27)))
    assert large == 4 * small
    assert tokenised[0] - at_small == 4 * at_small


def test_non_text_input_gives_no_claims():
    assert extract_claims("", None) == []
    assert extract_claims(None, None) == []  # type: ignore[arg-type]


def test_huge_numbers_are_not_counts():
    assert extract_claims("1" + "0" * 400 + " troops were deployed.", None) == []
    assert extract_claims("1e309 troops", None) == []
    (claim,) = extract_claims("There are 2.5 million refugees.", None)
    assert claim.value == 2_500_000
