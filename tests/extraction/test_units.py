"""Open figures: shares, money with scale words, ratios, measures, durations and ages, each read
back with its unit and kind (property tests over generated text), and no such text makes the
readers raise or do more than linear work (an operation count, not a time)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import extract_claims
from claims.metrics import is_open
from tests.extraction.test_robustness import count_tokenised

NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
SCALES = {"million": 10**6, "billion": 10**9, "trillion": 10**12, "m": 10**6, "bn": 10**9}
SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "US$": "USD", "KSh": "KES"}


def figures(text: str) -> list[tuple]:
    return [
        (c.value, c.qualifier, c.unit_kind, c.unit) for c in extract_claims(text, date(2024, 1, 27))
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=9),
    st.sampled_from(["%", " percent", " per cent"]),
    st.sampled_from([("", "exact"), ("nearly ", "nearly"), ("more than ", "more_than")]),
)
def test_percentages_read_back(whole, tenth, mark, qualified):
    words, qualifier = qualified
    value = whole + tenth / 10
    written = f"{whole}.{tenth}" if tenth else str(whole)
    text = f"Polls show {words}{written}{mark} of voters agree."
    assert figures(text) == [(pytest.approx(value), qualifier, "percent", "percent")]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from(sorted(SCALES)),
    st.sampled_from(sorted(SIGNS)),
    st.sampled_from([("", "exact"), ("about ", "about"), ("up to ", "at_most")]),
)
def test_money_with_scale_words_reads_back(amount, scale, sign, qualified):
    words, qualifier = qualified
    gap = "" if scale in ("m", "bn") else " "
    text = f"The package is worth {words}{sign}{amount}{gap}{scale} in aid."
    (found,) = figures(text)
    assert found == (amount * SCALES[scale], qualifier, "currency", SIGNS[sign])


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_ratios_are_two_counts_never_one_number(a, gap):
    b = min(a + gap, 9)
    if a >= b:
        return
    # "one in six"; but "killed 3 in 5 attacks" is a count in some events, so a bare "in"
    # makes a ratio only after one
    for link in ("in", "out of") if a == 0 else ("out of", "out of every"):
        text = f"{NUMBER_WORDS[a].capitalize()} {link} {NUMBER_WORDS[b]} voters stayed home."
        values = [value for value, _, kind, _ in figures(text) if kind == "count"]
        assert values == [a + 1, b + 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is 140 miles away.", [(140, "exact", "measurement", "miles")]),
        ("They drove up to 1000kms.", [(1000, "at_most", "measurement", "kilometres")]),
        ("The shutdown lasted for 16 days.", [(16, "exact", "duration", "days")]),
        ("Cures it within 24 hours, they say.", [(24, "at_most", "duration", "hours")]),
        ("Americans 65 and older voted.", [(65, "at_least", "age", "years of age")]),
        ("Prices rose six times more than wages.", [(6, "exact", "multiplier", "times")]),
        ("It grew 10-fold.", [(10, "exact", "multiplier", "times")]),
        ("Nearly 2/3 of voters agree.", [(pytest.approx(2 / 3), "nearly", "fraction", "fraction")]),
        ("She earns $15/hr.", [(15, "exact", "currency", "USD per hour")]),
        ("Care costs $30 a month.", [(30, "exact", "currency", "USD per month")]),
        ("It was signed by 12,000 doctors.", [(12000, "exact", "count", "doctors")]),
        ("Over the past five years, prices fell.", []),  # a window, not an amount
        ("Two US officials said so.", []),  # who speaks is no claim
        ("12 comments", []),  # the page counting itself
        ("Pay buys as much as $7.50/hr did.", [(7.5, "exact", "currency", "USD per hour")]),
        ("It costs as much as $5 million.", [(5e6, "at_most", "currency", "USD")]),
    ],
)
def test_units_and_kinds(text, expected):
    assert figures(text) == expected


def test_open_figures_carry_what_they_count():
    claims = extract_claims("Says 1,000 World War II veterans die every day.", None)
    (claim,) = claims
    assert is_open(claim.metric)
    assert (claim.counted, claim.unit) == ("veterans, World War II", "veterans per day")


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        # a share of the number of something is a share of that thing
        ("They make up 70% of the total number of casualties.", ["casualties"]),
        ("It is 40% of the bulk of the cargo of wheat.", ["wheat"]),
        # a pronoun names nothing the figure could be compared on
        ("Of 56,000 residents, more than 90 percent of them are women.", ["residents", ""]),
        # what a number did is not what it counts
        ("Of 60 injuries, 40 stemmed from the attack.", ["injuries"]),
        ("The plant employs 300 working mothers.", ["working mothers"]),
        # a bare count after a count of something, a sum between them, counts the same thing
        (
            "Of the 13 speeches that fetched $500,000 or more, only two were long.",
            ["speeches", "", "speeches"],
        ),
    ],
)
def test_what_open_figures_count(text, counted):
    assert [c.counted for c in extract_claims(text, None)] == counted


def test_a_taxonomy_figure_followed_by_a_verb_counts_its_metric():
    claims = extract_claims("Of those, 40 stemmed from the Jordan attack.", None)
    assert [c.counted for c in claims] in ([], ["injuries"])  # no metric to carry on its own
    text = "Some 70 troops were injured. Of those, 40 stemmed from the Jordan attack."
    assert [(c.value, c.metric, c.counted) for c in extract_claims(text, None)] == [
        (70, "injuries", "troops"),
        (40, "injuries", "injuries"),
    ]


@pytest.mark.parametrize(
    "unit",
    [
        "$1 ",
        "1% ",
        "half ",
        "one-half-one-half ",
        "2/3 of ",
        "twice as many ",
        "10-fold ",
        "R1,000 ",
        "1 in 2 in 3 ",
        "5 km 5 km ",
        "“ " * 30 + "5 ",
        "65 and older ",
    ],
)
def test_a_megabyte_of_units_is_read_in_linear_work(unit, monkeypatch):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    tokenised = count_tokenised(monkeypatch)
    for claim in extract_claims(text, date(2024, 1, 27)):
        assert text[claim.start : claim.end] == claim.quote
    assert tokenised[0] <= len(text)
