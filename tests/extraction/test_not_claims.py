"""Numbers that are not claims: dates, years, clock times, ages, ordinals, "one of", "one senior
official", bylines and page furniture, and figures in archival captions from other years."""

from datetime import date

import pytest

from claims.extraction import extract_claims
from claims.extraction.captions import is_archival_caption
from claims.metrics import is_open

PUB = date(2024, 1, 27)


def values(text, published=PUB):
    """The values of the taxonomy's claims (counts of what the desk tracks)."""
    return [c.value for c in extract_claims(text, published) if not is_open(c.metric)]


def every(text, published=PUB):
    """Every figure read, open ones included, with its kind of unit."""
    return [(c.value, c.unit_kind) for c in extract_claims(text, published)]


@pytest.mark.parametrize(
    "sentence",
    [
        # dates and years
        "The attacks began on Oct. 17, 2023.",
        "The base has hosted US forces since 2014.",
        "On 20 January militants struck again.",
        # clock times and bylines
        "The drone struck at 3:40 a.m. local time.",
        "10:19 27.01.2024",
        "Published 27/01/2024 10:19 GMT",
        # an age written bare after a name
        "The soldier, 24, was hurt.",
        # ordinals
        "It was the 3rd attack on the base this week.",
        "The 82nd Airborne Division is on alert.",
        # one of, one senior official
        "One of the rockets hit the runway.",
        "One senior official said the attack was under review.",
        # page furniture
        "Read more: US strikes militia targets",
        "Updated 2 hours ago",
        "12 comments",
        "Page 2 of 5",
        "Share this article",
    ],
)
def test_not_claims(sentence):
    assert every(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("A 24-year-old soldier was hurt.", [(24, "age")]),
        ("Soldiers aged 19 to 25 were hurt.", [(19, "age")]),
        ("A soldier, aged 25, was hurt.", [(25, "age")]),
    ],
)
def test_ages_are_figures_of_age_never_counts_of_people(sentence, figures):
    assert values(sentence) == []
    assert every(sentence) == figures


def test_ages_and_ordinals_leave_the_real_figure():
    assert values("A 24-year-old soldier was among the 3 wounded in the 2nd attack.") == [3]
    assert values("One of the 34 injured troops, a 24-year-old, was flown out.") == [34]


@pytest.mark.parametrize(
    "caption",
    [
        "In this 2003 photo, 150 soldiers from the 4th Infantry Division patrol near Tikrit.",
        "FILE - In this Jan. 8, 2020, file photo, 12 rockets hit Ain al-Asad air base.",
        "FILE PHOTO: About 5,000 US troops gather at Ain al-Asad air base, 2019.",
        "U.S. soldiers, part of a 5,000-strong force, guard Ain al-Asad air base in Anbar, "
        "Iraq, Jan. 13, 2020.",
        "In this image from 2017, 300 Marines board a plane. (AP Photo/Jane Doe, File)",
    ],
)
def test_archival_captions_from_other_years_give_no_claims(caption):
    assert is_archival_caption(caption, PUB)
    assert values(caption) == []


def test_the_news_around_an_archival_caption_is_still_read():
    text = (
        "In this 2003 photo, 150 soldiers patrol near Tikrit.\n\n"
        "About 2,500 US troops remain in Iraq today."
    )
    assert values(text) == [2500]


@pytest.mark.parametrize(
    "sentence",
    [
        "In this photo taken Sunday, 150 soldiers patrol near the base.",  # the day's photo
        "In this 2024 photo, 150 soldiers patrol near the base.",  # the article's own year
        "The base was hit by 12 rockets on Jan. 8, 2020.",  # a dated figure, not a caption
        "About 2,500 troops are in Iraq, officials said.",
    ],
)
def test_captions_of_the_day_and_dated_sentences_are_read(sentence):
    assert not is_archival_caption(sentence, PUB)
    assert len(values(sentence)) == 1


def test_a_caption_with_a_year_is_archival_when_the_publication_date_is_unknown():
    assert is_archival_caption("In this 2024 photo, 150 soldiers patrol.", None)
    assert not is_archival_caption("In this photo, 150 soldiers patrol.", None)


def why(sentence: str, number: str) -> str | None:
    """Why the number mention holding the word `number` is not a count (None: it may be one)."""
    from claims.extraction.notcounts import why_not_a_count
    from claims.extraction.numbers import read_mentions
    from claims.extraction.tokens import tokenize

    toks = tokenize(sentence)
    at = sentence.index(number)
    (mention,) = [m for m in read_mentions(toks) if m.start <= at < m.end]
    return why_not_a_count(mention, toks)


@pytest.mark.parametrize(
    ("sentence", "number", "reason"),
    [
        ("Threats against judges have doubled over four years.", "four", "time window"),
        (
            "There are as many children out of school as there were 15 years ago.",
            "15",
            "time window",
        ),
        ("Debt accumulated during the first 200 years of the republic.", "200", "time window"),
        ("In the last three months, we've lost jobs.", "three", "time window"),
        ("It got its independence five years after Nigeria.", "five", "time window"),
        ("Support went from 70 percent to 52 percent in 18 months.", "18", "time window"),
        ("They made more progress in that four or five months.", "four", "time window"),
        ("Just two weeks ago, he quit.", "two", "time window"),
        ("The rate rose 40 percent between 2001 and 2009.", "2001", "years"),
        ("Women can call 9969777888 at night.", "9969777888", "phone number or code"),
        ("Child care is the No. 1 reason people give.", "1", "name"),
    ],
)
def test_windows_years_phone_numbers_and_ranks_are_not_counts(sentence, number, reason):
    assert why(sentence, number) == reason


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("He paid his electricity bill for over 15 months.", "15"),  # how long: an amount
        ("She was jailed for 16 days.", "16"),
        ("Militants fired 40 rockets in 2 attacks.", "40"),
        ("More than 150 attacks since Oct. 17.", "150"),
    ],
)
def test_a_span_claimed_as_the_amount_and_a_count_beside_a_window_stay(sentence, number):
    assert why(sentence, number) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Nearly 40% of the 1,200 troops were hurt.",
        "Some 70 percent of the 2,500 troops were injured.",
        "Half of the 30 rockets were intercepted.",
        "About 40 per cent of the 3,000 troops were hurt.",
    ],
)
def test_the_whole_a_share_is_of_is_not_the_count_of_what_happened_to_the_share(sentence):
    assert values(sentence) == []
    share, whole = every(sentence)  # both are read, as a share and a count of the whole
    assert share[1] in ("percent", "fraction") and whole[1] == "count"


def test_a_count_beside_a_share_of_itself_stays():
    assert values("More than 150 attacks hit US forces, 70% of them in Syria.") == [150]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants killed 3 in 5 attacks.", [3, 5]),  # a bare "in" after 3 is no ratio
        ("Police detained 30 in 120 raids.", [30]),
        ("At least 30 of the 40 soldiers were wounded.", [30]),  # the part, not its whole
        ("Two-thirds of the 300 rockets were intercepted.", []),
        ("In the third of four attacks this week, 12 rockets hit the base.", [4, 12]),
        ("On Oct. 17 and 18 500 troops were deployed.", [500]),  # a day is no head of thousands
        ("On Tuesday 17 500 troops were deployed.", [500]),
        ("Between 800 and 1 200 troops were deployed.", [800]),  # a range, 800 to 1,200
    ],
)
def test_counts_beside_ratios_parts_days_and_spaced_thousands(sentence, expected):
    assert values(sentence) == expected
