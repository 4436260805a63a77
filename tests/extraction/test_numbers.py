"""Reading numbers: digits, separators, scale words, number words, vague counts and ranges."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.extraction.numbers import parse_digits, read_numbers

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
ONES += "fifteen sixteen seventeen eighteen nineteen"
ONES_WORDS = ONES.split()
TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def below_thousand(n: int, hyphen: bool, use_and: bool) -> str:
    words = []
    if n >= 100:
        words += [ONES_WORDS[n // 100], "hundred"]
        n %= 100
        if n and use_and:
            words.append("and")
    if n >= 20:
        tens, unit = TENS_WORDS[n // 10], n % 10
        if unit:
            words += [f"{tens}-{ONES_WORDS[unit]}"] if hyphen else [tens, ONES_WORDS[unit]]
        else:
            words.append(tens)
    elif n or not words:
        words.append(ONES_WORDS[n])
    return " ".join(words)


def in_words(n: int, hyphen: bool = True, use_and: bool = False) -> str:
    if n < 1000:
        return below_thousand(n, hyphen, use_and)
    head = below_thousand(n // 1000, hyphen, use_and) + " thousand"
    rest = n % 1000
    if not rest:
        return head
    joiner = " and " if use_and and rest < 100 else " "
    return head + joiner + below_thousand(rest, hyphen, use_and)


def the_one_number(text: str) -> float:
    found = read_numbers(text)
    assert len(found) == 1, (text, found)
    return found[0].value


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_read_back(n):
    assert the_one_number(str(n)) == n
    assert the_one_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=999_999), st.booleans(), st.booleans())
def test_words_read_back(n, hyphen, use_and):
    text = in_words(n, hyphen, use_and)
    assert the_one_number(text) == n
    assert the_one_number(text.capitalize()) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_decimals_read_back(whole, tenths):
    assert the_one_number(f"{whole}.{tenths:02d}") == pytest.approx(whole + tenths / 100)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.5 million", 2_500_000),
        ("1.2bn", 1_200_000_000),
        ("5 thousand", 5000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("half a million", 500_000),
        ("half a billion", 500_000_000),
        ("25 crore", 250_000_000),
        ("one crore", 10_000_000),
        ("3 lakh", 300_000),
        ("a couple of", 2),
        ("a hundred", 100),
        ("three hundred", 300),
        ("twelve hundred", 1200),
        ("twenty-five", 25),
        ("one hundred and one", 101),
    ],
)
def test_words_and_scales(text, value):
    assert the_one_number(text) == value


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("dozens", 24, 99),
        ("scores", 40, 199),
        ("hundreds", 200, 999),
        ("thousands", 2_000, 9_999),
        ("tens of thousands", 20_000, 99_999),
        ("hundreds of thousands", 200_000, 999_999),
        ("several hundred", 300, 900),
        ("a few dozen", 24, 60),
    ],
)
def test_vague_counts_are_spans(text, low, high):
    (m,) = read_numbers(text)
    assert (m.form, m.low, m.high) == ("vague", low, high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("between 40 and 50", 40, 50),
        ("40 to 50", 40, 50),
        ("40-50", 40, 50),
        ("40–50", 40, 50),
        ("two or three", 2, 3),
        ("2 to 3 million", 2_000_000, 3_000_000),
        ("between 800 and 1 200", 800, 1200),
        ("from 1 to 2 500", 1, 2500),
    ],
)
def test_ranges(text, low, high):
    (m,) = read_numbers(text)
    assert (m.form, m.low, m.high) == ("range", low, high)


def test_a_change_is_not_a_range():
    assert [m.value for m in read_numbers("the count rose from 21 to 46")] == [21, 46]


@pytest.mark.parametrize("text", ["27.01.2024", "10:19", "1,1,1", "1.2.3"])
def test_malformed_or_compound_tokens_are_not_numbers(text):
    assert read_numbers(text) == []


def test_separated_digits_are_valid_only_in_threes_or_in_the_indian_way():
    assert parse_digits("2,500") == 2500
    assert parse_digits("25,00") is None
    assert parse_digits("1,000,000.5") == 1_000_000.5
    assert parse_digits("15,62,52,872") == 156_252_872  # Indian grouping: twos above the last three
    assert parse_digits("1,00,000") == 100_000
    assert parse_digits("1,00,00") is None


SPACES = ["\u0020", "\u00a0", "\u2009", "\u202f"]  # space, no-break, thin, narrow no-break


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(SPACES))
def test_thousands_set_apart_by_a_space_read_back(n, space):
    assert the_one_number(f"{n:,}".replace(",", space)) == n


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("on Oct. 17 500 troops arrived", [17, 500]),  # a day after a month heads no number
        ("in 2023 500 troops arrived", [2023, 500]),  # four digits cannot lead a group
        ("2  500", [2, 500]),  # two spaces are two numbers
        ("2 50", [2, 50]),  # a group after the first has three digits
        ("call 800 273 8255", [800, 273, 8255]),  # a longer run of digits is no number
        ("on Tuesday 17 500 troops", [17, 500]),
    ],
)
def test_numbers_next_to_each_other_stay_apart(text, values):
    assert [m.value for m in read_numbers(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "one in six troops",
        "one in every five soldiers",
        "nine out of 11 bases",
        "58 out of 62 counties",
        "three of every ten",
    ],
)
def test_a_ratio_is_two_counts_marked_as_a_ratio(text):
    found = read_numbers(text)
    assert len(found) == 2 and all(m.form == "ratio" for m in found), found
    assert found[0].value < found[1].value


@pytest.mark.parametrize(
    "text",
    [
        "5 killed in 2023",
        "3 in 10 days",
        "six in one go",
        "killed 40 in 20 attacks",
        "3 in 5 raids",
    ],
)
def test_a_count_beside_a_year_a_span_or_a_smaller_number_is_no_ratio(text):
    assert all(m.form != "ratio" for m in read_numbers(text))


# The same read-back through the whole extractor: a figure in a sentence keeps its value.
def _claimed_value(text: str) -> float:
    from claims.extraction import extract_claims

    (claim,) = extract_claims(text, None)
    return claim.value


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_in_a_sentence_read_back(n):
    assert _claimed_value(f"Militants fired {n:,} rockets at the base.") == n
    if not 1800 <= n <= 2100:  # a bare four-digit number in that span is read as a year
        assert _claimed_value(f"Militants fired {n} rockets at the base.") == n


@given(st.integers(min_value=0, max_value=999_999), st.booleans())
def test_words_in_a_sentence_read_back(n, hyphen):
    assert _claimed_value(f"Militants fired {in_words(n, hyphen)} rockets at the base.") == n


@pytest.mark.parametrize(
    ("text", "value", "form", "fused"),
    [
        ("one-way", 1, "words", "way"),
        ("a seven-year-old boy", 7, "words", "year-old"),
        ("a six-foot-tall painting", 6, "words", "foot-tall"),
        ("half-a-dozen schools", 6, "words", ""),
        ("One-half of workers", 0.5, "fraction", ""),
        ("two-thirds of the vote", 2 / 3, "fraction", ""),
        ("a third of them", 1 / 3, "fraction", ""),
        ("Nearly 2/3 of voters", 2 / 3, "fraction", ""),
        ("about half the people", 0.5, "fraction", ""),
        ("twice as many", 2, "times", ""),
        ("a tenfold rise", 10, "times", ""),
    ],
)
def test_numbers_inside_words_and_shares(text, value, form, fused):
    (m,) = read_numbers(text)
    assert (m.form, m.fused) == (form, fused)
    assert m.value == pytest.approx(value)


def test_a_date_or_score_with_a_slash_is_no_share():
    assert read_numbers("on 9/11 the score was 3/4") == []


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("thousands", 1_000, 2_000, 9_999),
        ("tens of thousands", 10_000, 20_000, 99_999),
        ("several hundred", 100, 300, 900),
        ("decades", 10, 20, 99),
    ],
)
def test_vague_amounts_are_worth_their_order_of_magnitude(text, value, low, high):
    (m,) = read_numbers(text)
    assert (m.form, m.value, m.low, m.high) == ("vague", value, low, high)
