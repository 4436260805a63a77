"""From sentences to claims: qualifiers, metrics, several figures, totals, places, time, sources."""

from datetime import date

import pytest

from claims.extraction import extract_claims
from claims.metrics import is_open

PUB = date(2024, 1, 27)  # a Saturday


def claims(text, published=PUB):
    return extract_claims(text, published)


def one(text, published=PUB):
    found = claims(text, published)
    assert len(found) == 1, [(c.quote, c.metric) for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("words", "qualifier"),
    [
        ("", "exact"),
        ("about", "about"),
        ("approximately", "about"),
        ("roughly", "about"),
        ("some", "about"),
        ("around", "about"),
        ("an estimated", "about"),
        ("nearly", "nearly"),
        ("almost", "nearly"),
        ("just under", "nearly"),
        ("more than", "more_than"),
        ("over", "more_than"),
        ("upward of", "more_than"),
        ("in excess of", "more_than"),
        ("at least", "at_least"),
        ("no fewer than", "at_least"),
        ("up to", "at_most"),
        ("as many as", "at_most"),
        ("at most", "at_most"),
        ("no more than", "at_most"),
        ("fewer than", "fewer_than"),
        ("less than", "fewer_than"),
        ("under", "fewer_than"),
    ],
)
def test_qualifiers(words, qualifier):
    claim = one(f"Militants fired {words} 40 rockets at the base.".replace("  ", " "))
    assert (claim.value, claim.qualifier, claim.metric) == (40, qualifier, "projectiles")


def test_qualifier_intervals():
    assert (one("More than 150 attacks were recorded.").low, None) == (151, None)
    nearly = one("Nearly 100 attacks occurred.")
    assert nearly.high == 100 and nearly.low < 100
    vague = one("Dozens of rockets were fired.")
    assert (vague.qualifier, vague.low, vague.high) == ("vague", 24, 99)
    ranged = one("Between 40 and 50 rockets were fired.")
    assert (ranged.qualifier, ranged.low, ranged.high) == ("range", 40, 50)
    after = one("The militia fired 40 or more rockets.")
    assert (after.qualifier, after.low) == ("at_least", 40)


@pytest.mark.parametrize(
    ("sentence", "metric", "value"),
    [
        ("The United States has 900 troops in Syria.", "troops_deployed", 900),
        ("About 350 U.S. Army and Air Force personnel are deployed there.", "troops_deployed", 350),
        ("US forces have been attacked 62 times since October 17.", "attacks", 62),
        ("Militants launched more than 150 missile and drone assaults.", "attacks", 150),
        ("At least 66 U.S. troops have been injured in the attacks.", "injuries", 66),
        ("Roughly 80 injured personnel were reported.", "injuries", 80),
        ("Roughly 40 militants had been killed in the strikes.", "deaths", 40),
        ("The SDF guards more than 10,000 prisoners.", "detainees", 10000),
        ("The total number of injuries is now 46, officials said.", "injuries", 46),
        ("All 59 have returned to duty.", "injuries", 59),
        ("Pentagon Confirms 140 Attacks on U.S. Troops", "attacks", 140),
        ("The 82nd Airborne sent 3,000 paratroopers to the region.", "troops_deployed", 3000),
    ],
)
def test_metric_from_the_words_around_the_figure(sentence, metric, value):
    claim = one(sentence)
    assert (claim.metric, claim.value) == (metric, value)
    assert claim.metric_label


def test_two_outcomes_in_one_sentence():
    found = claims("A drone attack killed three American troops and injured at least 34 others.")
    assert [(c.value, c.qualifier, c.metric) for c in found] == [
        (3, "exact", "deaths"),
        (34, "at_least", "injuries"),
    ]


def test_a_count_of_one_without_a_numeral():
    claim = one("The strike hit the base, wounding a soldier, an official said.")
    assert (claim.value, claim.metric) == (1, "injuries")


def test_parts_and_their_derived_total():
    found = claims("As of Thursday, there had been 36 attacks in Iraq and 37 in Syria.")
    assert [(c.value, c.place, c.derived) for c in found] == [
        (36, "Iraq", False),
        (37, "Syria", False),
        (73, "Iraq and Syria", True),
    ]
    assert {c.metric for c in found} == {"attacks"}


def test_no_total_is_derived_when_the_sentence_states_it():
    found = claims("There have been 55 attacks, including 27 attacks in Iraq, and 28 in Syria.")
    assert [c.value for c in found] == [55, 27, 28]
    assert [c.place for c in found] == ["Iraq and Syria", "Iraq", "Syria"]


def test_troop_levels_in_two_countries_are_not_summed():
    found = claims("Currently, there are 900 American troops in Syria and 2,500 in Iraq.")
    assert [(c.value, c.place, c.metric) for c in found] == [
        (900, "Syria", "troops_deployed"),
        (2500, "Iraq", "troops_deployed"),
    ]


def test_the_country_is_the_country_of_the_article():
    text = "Talks in Iraq begin.\n\nThe 2,500 US troops who remain in the country will stay."
    assert one(text).place == "Iraq"


def test_a_place_inside_another():
    claim = one("On Sunday, Iraq's Ain al-Asad air base was targeted by five rockets.")
    assert claim.place == "Ain al-Asad air base, Iraq"


@pytest.mark.parametrize(
    ("words", "as_of"),
    [
        ("On Sunday", date(2024, 1, 21)),
        ("On Saturday", date(2024, 1, 27)),
        ("Yesterday", date(2024, 1, 26)),
        ("On Jan. 20", date(2024, 1, 20)),
        ("On December 30", date(2023, 12, 30)),
        ("As of Thursday", date(2024, 1, 25)),
        ("Last week", date(2024, 1, 20)),
    ],
)
def test_as_of_from_relative_dates(words, as_of):
    assert one(f"{words}, militants fired 12 rockets at the base.").as_of == as_of


@pytest.mark.parametrize(
    ("words", "since"),
    [
        ("since Oct. 17", date(2023, 10, 17)),
        ("since mid-October", date(2023, 10, 15)),
        ("since October", date(2023, 10, 1)),
        ("since October 17, 2023", date(2023, 10, 17)),
    ],
)
def test_since_for_running_counts(words, since):
    claim = one(f"US forces have been attacked 62 times {words}.")
    assert (claim.since, claim.as_of) == (since, PUB)


def test_since_carried_from_the_sentence_before():
    text = "The attacks began Oct. 17. There have been more than 150 such attacks thus far."
    assert one(text).since == date(2023, 10, 17)


@pytest.mark.parametrize(
    "words",
    [
        "since the war began on Oct. 7",
        "since the start of the Israel-Hamas war",
        "since the outbreak of the war in Gaza",
        "since Hamas's attack on Israel",
    ],
)
def test_a_start_named_by_an_event_is_the_event_s_date_not_the_figure_s(words):
    claim = one(f"US forces have been attacked 160 times {words}.")
    assert (claim.since, claim.as_of) == (date(2023, 10, 7), PUB)


def test_a_start_the_sentence_dates_itself_wins_over_the_calendar():
    claim = one("Since the Israel-Hamas war began in October, US forces were attacked 58 times.")
    assert claim.since == date(2023, 10, 1)  # "in October": a month, as the sentence says
    undated = extract_claims(
        "Since the Israel-Hamas war began in October, US forces were attacked 58 times.", None
    )
    assert undated[0].since is None  # October of which year? Not the calendar's guess.


def test_an_event_after_publication_starts_nothing():
    claim = one("US forces have been attacked 16 times since the war began.", date(2023, 9, 1))
    assert claim.since is None


def test_from_to_gives_since_and_as_of():
    claim = one("From October 17 to October 30, US forces were attacked 23 times.")
    assert (claim.since, claim.as_of) == (date(2023, 10, 17), date(2023, 10, 30))


def test_attribution_and_actor():
    claim = one("US bases in Iraq and Syria have been attacked 140 times, the Pentagon said.")
    assert claim.attribution == "the Pentagon said"
    assert claim.actor == "US forces"
    claim = one("The Pentagon says 46 troops were injured, according to a defense official.")
    assert claim.attribution == "according to a defense official"


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks were agreed to in August 2023.",
        "10:19 27.01.2024 •",
        "The dialogue was delayed due to the Oct. 7 attacks in Israel.",
        "But one senior US military official said so.",
        "One of the working groups will discuss troop formations.",
        "Eight of those attacks came over the weekend.",
        "It was the 3rd attack on the base.",
        "The base at Tower 22 was hit at 3 pm.",
        "Camp Victory 5 was hit, and Brigade 29 moved.",
        "The drone attack killed Sgt. William Rivers, 46, and Spc. Kennedy Sanders, 24.",
        "One-way attack drones struck the base.",
        "F-16 jets and MQ-9 drones flew overhead.",
        "Read more in our Telegram-channel",
    ],
)
def test_not_claims(sentence):
    assert claims(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("The 25-year-old soldier was hurt.", [("25-year-old", 25, "age", "years of age")]),
        ("A soldier, aged 25, was hurt.", [("aged 25", 25, "age", "years of age")]),
        (
            "The strikes cost $1.2bn, or 40% of the budget.",
            [("$1.2bn", 1.2e9, "currency", "USD"), ("40%", 40, "percent", "percent")],
        ),
        (
            "The attack took place 15 km from the border.",
            [("15 km", 15, "measurement", "kilometres")],
        ),
    ],
)
def test_ages_money_shares_and_distances_are_open_figures_not_counts(sentence, figures):
    found = claims(sentence)
    assert [(c.quote, c.value, c.unit_kind, c.unit) for c in found] == figures
    assert all(is_open(c.metric) for c in found)


def test_no_publication_date_no_as_of():
    claim = one("On Sunday, militants fired 12 rockets.", None)
    assert claim.as_of is None


def test_offsets_match_the_text():
    text = "Intro line.\n\nAbout 2,500 US troops are in Iraq. Dozens of rockets were fired."
    for claim in claims(text):
        assert text[claim.start : claim.end] == claim.quote
        assert text[claim.start : claim.end] in claim.sentence


def test_a_date_beyond_another_figure_does_not_date_this_one():
    text = (
        "The total number of injuries is now 46, Ryder said, more than double the 21 the "
        "Pentagon initially reported on Jan. 5."
    )
    assert one(text).as_of == PUB
    said = one("Troops have come under attack 23 times, a senior defense official said Monday.")
    assert said.as_of == date(2024, 1, 22)


def test_start_of_a_running_count_stated_in_words():
    text = (
        "Officials said the attacks began in mid-October. As of now, there have been a total "
        "of 57 attacks in Iraq and 83 attacks in Syria."
    )
    found = claims(text)
    assert [(c.value, c.derived) for c in found] == [(57, False), (83, False), (140, True)]
    assert {c.since for c in found} == {date(2023, 10, 15)}


def test_place_carried_from_the_sentence_before():
    text = "There were 57 attacks in Iraq and 83 in Syria. Nearly 100 more attacks occurred."
    assert claims(text)[-1].place == "Iraq and Syria"
    text = "A drone hit Tower 22 on Sunday. About 350 U.S. personnel are deployed there."
    assert one(text).place == "Tower 22, Jordan"


def test_of_those_counts_what_the_sentence_before_counted():
    text = "There were roughly 80 injured personnel overall. Of those, 40 stemmed from the attack."
    assert [(c.value, c.metric) for c in claims(text)] == [(80, "injuries"), (40, "injuries")]


def test_a_table_of_numbers_is_not_prose():
    row = " ".join(f"{n} rockets," for n in range(40))  # one sentence, forty figures
    assert claims(row) == []
    assert len(claims(" ".join(f"{n} rockets," for n in range(5)))) == 5


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("The number of US troops in Iraq may be cut to 1,500 by next summer.", "planned"),
        ("The US plans to withdraw 1,000 troops from Syria.", "planned"),
        ("About 2,500 US troops are expected to remain in Iraq until 2026.", "planned"),
        ("In 2019, the United States had 5,200 troops in Iraq.", "past"),
        ("There are 2,500 US troops in Iraq.", "current"),
        # A modal far before the figure governs something else.
        (
            "Talks are expected to begin in the coming days about the future of the 2,500 US "
            "troops who remain in Iraq.",
            "current",
        ),
    ],
)
def test_plans_possibilities_and_past_years_are_not_current_facts(text, mode):
    assert one(text).mode == mode


def test_a_past_figure_keeps_its_own_date():
    claim = one("In 2019, the United States had 5,200 troops in Iraq.")
    assert (claim.mode, claim.as_of) == ("past", date(2019, 7, 1))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("At least 40 troops were injured in the drone attack on Tower 22.", "event"),
        ("A drone attack killed three American troops and wounded at least 34 others.", "event"),
        ("At least 66 US troops have been injured in the attacks in Iraq and Syria.", "tally"),
        ("Some 56 troops have been injured so far, including 3 in Sunday's attack.", "tally"),
    ],
)
def test_one_attack_s_injured_are_that_event_s_toll_not_the_running_total(text, kind):
    found = [c for c in claims(text) if c.metric == "injuries"]
    assert found[0].kind == kind


@pytest.mark.parametrize(
    ("text", "counter"),
    [
        (
            "More than 160 attacks occurred on US forces in Iraq and Syria, according to the "
            "group's tracker.",
            "own",
        ),
        (
            "The Washington Institute's Militia Monitor has so far tracked 73 attacks on US bases.",
            "Washington Institute's Militia Monitor",
        ),
        ("US forces have been attacked 62 times since Oct. 17, the Pentagon said.", ""),
    ],
)
def test_a_tracker_named_as_the_counter_is_kept(text, counter):
    assert one(text).counter == counter


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("The US military conducted three strikes on militia facilities in Iraq.", "strikes"),
        ("“We conducted three different strikes,” she added.", "strikes"),
        ("Militias have launched 14 attacks on the al-Tanf garrison.", "attacks"),
        ("US forces have been attacked 62 times in Iraq and Syria.", "attacks"),
    ],
)
def test_strikes_by_us_forces_are_not_attacks_on_them(text, metric):
    assert one(text).metric == metric
