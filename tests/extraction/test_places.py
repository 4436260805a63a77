"""A figure's place: the most specific of the names that locate one another."""

from datetime import date

import pytest

from claims.extraction import extract_claims
from claims.extraction.where import find_places, group_places
from claims.places import gazetteer, within

PUB = date(2024, 1, 27)


def place(text):
    (claim,) = extract_claims(text, PUB)
    return claim.place


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "US airbase Ain al-Asad in Iraq's western Anbar Province has been targeted by a "
            "missile strike with five rockets falling near the base.",
            "Ain al-Asad air base, Iraq",
        ),
        ("At Tower 22, in Jordan, a drone injured 34 troops.", "Tower 22, Jordan"),
        ("A drone injured 34 troops at Tower 22, in Jordan.", "Tower 22, Jordan"),
        ("In Iraq's Anbar province, militants fired 12 rockets.", "Anbar, Iraq"),
        ("Militants fired 12 rockets at Erbil, Iraq.", "Erbil, Iraq"),
        ("Iraq's Ain al-Asad air base was targeted by five rockets.", "Ain al-Asad air base, Iraq"),
        (
            "The outpost at Tower 22 in the far reaches of northeastern Jordan hosts about 350 "
            "troops.",
            "Tower 22, Jordan",
        ),
    ],
)
def test_the_place_within_the_others_wins(sentence, expected):
    assert place(sentence) == expected


def test_unrelated_places_stay_apart():
    found = extract_claims("There are 900 troops in Syria and 2,500 in Iraq.", PUB)
    assert [c.place for c in found] == ["Syria", "Iraq"]
    text = "Militants fired 12 rockets at bases in Iraq, Syria in turn saw 3 attacks."
    assert [c.place for c in extract_claims(text, PUB)] == ["Iraq", "Syria"]


def test_a_part_named_after_in_does_not_narrow_the_whole():
    text = "The US has 2,500 troops in Iraq, in bases such as Ain al-Asad and Erbil."
    assert [c.place for c in extract_claims(text, PUB)] == ["Iraq"]


def test_a_list_of_three_countries_is_one_compound_place():
    text = "US forces in Iraq, Syria, and Jordan have been attacked 170 times since Oct. 17."
    assert place(text) == "Iraq, Syria and Jordan"
    assert within("Iraq and Syria", "Iraq, Syria and Jordan")
    assert set(gazetteer()["Iraq, Syria and Jordan"].parts) == {"Iraq", "Syria", "Jordan"}


def test_grouping_keeps_the_span_of_every_name():
    text = "the base Ain al-Asad in Iraq's western Anbar Province was hit"
    (grouped,) = group_places(text, find_places(text))
    assert text[grouped.start : grouped.end] == "Ain al-Asad in Iraq's western Anbar Province"
    assert grouped.name == "Ain al-Asad air base, Iraq"


FILLER = " Officials gave no details. The base was quiet. Nobody spoke. Work went on."


def test_a_sentence_naming_no_place_is_where_the_article_body_is_about():
    from claims.extraction import extract_claims

    text = "Attacks go on\n\nUS troops in Syria came under fire again." + FILLER
    text += " There have been 40 attacks on US forces so far."
    (claim,) = extract_claims(text)
    assert claim.place == "Syria"


def test_a_body_naming_both_parts_of_a_compound_place_is_about_the_compound():
    from claims.extraction import extract_claims

    text = "Attacks go on\n\nUS troops in Iraq and in Syria came under fire." + FILLER
    text += " There have been 40 attacks on US forces so far."
    (claim,) = extract_claims(text)
    assert claim.place == "Iraq and Syria"


def test_a_body_naming_several_places_sets_none_and_a_headline_never_does():
    from claims.extraction import extract_claims

    text = "Attacks in Jordan\n\nUS troops in Iraq and in Israel came under fire." + FILLER
    text += " There have been 40 attacks on US forces so far."
    (claim,) = extract_claims(text)
    assert claim.place == ""
    headline_only = "Attacks in Syria\n\nUS troops came under fire again." + FILLER
    headline_only += " There have been 40 attacks on US forces so far."
    assert extract_claims(headline_only)[0].place == ""


def test_every_country_and_first_level_subdivision_is_a_place_within_its_country():
    from claims.places import gazetteer, within

    places = gazetteer()
    assert within("Missouri, United States", "United States")
    assert within("Al Basrah, Iraq", "Iraq")  # a hand-kept country takes the ISO subdivisions
    assert within("Al Basrah, Iraq", "Middle East")
    assert not within("Missouri, United States", "Texas, United States")
    assert places["France"].country and places["Missouri, United States"].iso
    # Hand-kept places stay as they are; ISO names of the same places are not added twice.
    assert not places["Iraq"].iso and "Al Anbar, Iraq" not in places
    # Names that are words or features, or that two subdivisions share, say nothing of where.
    assert not any(name.startswith(("Central,", "Red Sea,", "Punjab,")) for name in places)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Missouri lost 7,000 jobs last month.", "Missouri, United States"),
        ("In Ontario, 12,000 doctors signed the letter.", "Ontario, Canada"),
        ("Kenya's judiciary has 10,000 employees.", "Kenya"),
        # a hand-kept place the sentence names wins over a country of the world
        ("The United States has 900 troops in Syria.", "Syria"),
        # named in English where the ISO data has it, its local name kept as an alias
        ("Some 300 troops are based in Bavaria.", "Bavaria, Germany"),
        ("About 1,200 workers in Bayern went on strike.", "Bavaria, Germany"),
        ("Drones hit 12 tankers off Dubai.", "Dubai, United Arab Emirates"),
    ],
)
def test_a_figure_in_any_country_or_region_has_its_place(sentence, place):
    (claim,) = extract_claims(sentence, None)
    assert claim.place == place
