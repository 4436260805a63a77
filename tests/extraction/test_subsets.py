"""Subsets: a figure that counts a named part of its metric's total ("one seriously wounded")."""

from datetime import date

import pytest

from claims.extraction import extract_claims
from claims.extraction.subsets import subset_words
from claims.metrics import taxonomy

PUB = date(2024, 1, 27)


def read(text):
    return [(c.value, c.metric, c.subset) for c in extract_claims(text, PUB)]


def test_the_seed_sentence_names_a_minor_and_a_serious_part():
    text = (
        "There have been more than 150 such attacks on US positions in Iraq and Syria thus far, "
        "leaving 70 US personnel with minor injuries and one seriously wounded."
    )
    assert read(text) == [
        (150, "attacks", ""),
        (70, "injuries", "minor"),
        (1, "injuries", "serious"),
    ]


@pytest.mark.parametrize(
    ("sentence", "subset"),
    [
        ("The attack left one US service member in critical condition.", "critical"),
        ("The rocket attack critically wounded two soldiers.", "critical"),
        ("Three troops were seriously injured in the strike.", "serious"),
        ("Eight soldiers suffered severe injuries.", "serious"),
        ("Five troops sustained minor injuries.", "minor"),
        ("Four soldiers were lightly wounded.", "minor"),
        ("21 service members suffered traumatic brain injuries.", "tbi"),
        ("Nearly 30 troops have been diagnosed with TBI.", "tbi"),
        ("Air defenses intercepted 13 drones.", "intercepted"),
        ("At least 66 U.S. troops have been injured.", ""),
        ("Militants fired 15 ballistic missiles at the base.", ""),
    ],
)
def test_words_restricting_the_counted_noun_name_the_part(sentence, subset):
    (claim,) = extract_claims(sentence, PUB)
    assert claim.subset == subset


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 56 US personnel have suffered everything from minor wounds to traumatic brain "
        "injuries, though all have returned to duty.",
        "56 U.S. service members have suffered wounds ranging from minor to severe.",
        "Forty troops suffered minor and serious injuries.",
    ],
)
def test_a_spread_of_parts_is_the_total(sentence):
    (claim,) = extract_claims(sentence, PUB)
    assert (claim.metric, claim.subset) == ("injuries", "")


def test_a_part_after_its_total():
    text = "At least 66 U.S. troops have been injured in the attacks, including one critically."
    assert read(text) == [(66, "injuries", ""), (1, "injuries", "critical")]
    text = "Of the 66 troops wounded, 30 were diagnosed with traumatic brain injury."
    assert read(text)[-1] == (30, "injuries", "tbi")


def test_a_part_word_beyond_the_clause_does_not_restrict_the_figure():
    text = (
        "The number wounded now stands at more than 30 — and may rise as they seek treatment "
        "for symptoms of traumatic brain injury."
    )
    assert read(text) == [(30, "injuries", "")]


def test_parts_of_different_subsets_are_not_summed_by_place():
    found = read("There were 12 minor injuries in Iraq and 3 critical injuries in Syria.")
    assert [c for c in found if c[1] == "injuries"] == [
        (12, "injuries", "minor"),
        (3, "injuries", "critical"),
    ]
    found = extract_claims("Militants wounded 12 in Iraq and 8 in Syria.", PUB)
    assert [(c.value, c.derived, c.subset) for c in found][-1] == (20, True, "")


def test_subset_vocabulary_is_data_with_normalised_slugs():
    table = subset_words()
    assert set(table) <= set(taxonomy())
    assert {"critical", "serious", "minor", "tbi"} <= set(table["injuries"].values())
    for phrases in table.values():
        for slug in phrases.values():
            assert slug == slug.lower() and " " not in slug and slug.isascii()
