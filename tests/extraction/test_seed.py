"""The seed article (Al-Monitor, 27 Jan 2024) is fully labelled: exactly its seven claims."""

from datetime import date
from pathlib import Path

from claims.extraction import extract_claims

SEED = (Path(__file__).parent / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")
PUBLISHED = date(2024, 1, 27)

# (value, qualifier, metric, place, as_of, since) as labelled in the corpus (hc-014, seed-2..7).
EXPECTED = [
    (2500, "exact", "troops_deployed", "Iraq", date(2024, 1, 27), None),
    (150, "more_than", "attacks", "Iraq and Syria", date(2024, 1, 27), date(2023, 10, 17)),
    (70, "exact", "injuries", "Iraq and Syria", date(2024, 1, 27), date(2023, 10, 17)),
    (1, "exact", "injuries", "Iraq and Syria", date(2024, 1, 27), date(2023, 10, 17)),
    (12, "at_least", "projectiles", "Ain al-Asad air base, Iraq", date(2024, 1, 21), None),
    (900, "about", "troops_deployed", "Syria", date(2024, 1, 27), None),
    (50000, "more_than", "detainees", "Syria", date(2024, 1, 27), None),
]


def test_seed_yields_exactly_its_seven_claims():
    claims = extract_claims(SEED, PUBLISHED)
    got = [(c.value, c.qualifier, c.metric, c.place, c.as_of, c.since) for c in claims]
    assert got == EXPECTED


def test_seed_quotes_point_at_the_figures():
    for claim in extract_claims(SEED, PUBLISHED):
        assert SEED[claim.start : claim.end] == claim.quote
        assert claim.quote in claim.sentence
        assert not claim.derived
    quotes = [c.quote for c in extract_claims(SEED, PUBLISHED)]
    assert quotes[0] == "2,500 US troops"
    assert quotes[1] == "more than 150 such attacks"
    assert quotes[4] == "at least a dozen projectiles"


def test_seed_intervals_follow_the_qualifiers():
    by_value = {c.value: c for c in extract_claims(SEED, PUBLISHED)}
    assert (by_value[150].low, by_value[150].high) == (151, None)
    assert (by_value[12].low, by_value[12].high) == (12, None)
    assert by_value[900].low < 900 < by_value[900].high
    assert by_value[2500].low <= 2500 <= by_value[2500].high


def test_seed_actor_and_attribution():
    claims = extract_claims(SEED, PUBLISHED)
    assert claims[1].actor == "US forces"  # "attacks on US positions"
    assert claims[5].attribution == "according to official numbers"


def test_without_a_publication_date_there_is_no_as_of():
    claims = extract_claims(SEED, None)
    assert len(claims) == 7
    assert all(c.as_of is None for c in claims)
    assert [c.value for c in claims] == [e[0] for e in EXPECTED]
