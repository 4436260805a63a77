"""Independence: wires, mirrors and quoted official bodies are one origin each."""

from __future__ import annotations

import pytest

from claims.crosscheck.independence import authority_of, origin_of, outlet_origin
from tests.crosscheck.builders import figure


@pytest.mark.parametrize(
    ("source", "origin"),
    [
        ("Reuters (via independentalabama.org)", "Reuters"),
        ("Mint (Reuters)", "Reuters"),
        ("The New Indian Express (AP)", "AP"),
        ("Associated Press", "AP"),
        ("mix247edm (AP rewrite)", "AP"),
        ("seolink.site (Reuters-based)", "Reuters"),
        ("Middle East Monitor (Anadolu)", "Anadolu"),
        ("Al Jazeera (via dubainews.tv)", "Al Jazeera"),
        ("CNN (quoted on forums.sherdog.com)", "CNN"),
        ("noahware.blogspot.com (Military Times copy)", "Military Times"),
        ("Marine Corps Times (Military Times group)", "Military Times"),
        ("Daily Sabah (Reuters/AFP-based)", "Daily Sabah"),  # two wires: its own voice
        ("Capitol Times Media", "Capitol Times Media"),
        ("Apple Daily", "Apple Daily"),
    ],
)
def test_outlet_names_reveal_the_wire_they_ran(source, origin):
    assert outlet_origin(source) == origin


def test_quoted_official_bodies_are_one_origin_whoever_reports_them():
    a = figure(55, source="Kurdistan 24", attribution="Deputy Pentagon Press Secretary")
    b = figure(55, source="US Department of Defense (Sabrina Singh)")
    c = figure(55, source="The Hill", attribution="a senior defense official")
    assert origin_of(a) == origin_of(b) == origin_of(c)
    assert origin_of(a).label == "US Department of Defense"


def test_vague_or_double_attribution_does_not_merge_origins():
    assert authority_of("US officials say") is None
    assert authority_of("the Pentagon and CENTCOM") is None
    assert authority_of("a snap poll") is None  # no acronym hidden in ordinary words


def test_an_explicit_independence_group_is_trusted():
    a = figure(1, source="Marine Corps Times", origin="Sightline Media")
    b = figure(1, source="Military Times", origin="Sightline Media")
    assert origin_of(a) == origin_of(b)
    assert origin_of(a).label == "Sightline Media"


def test_a_wire_named_in_the_attribution_is_the_origin():
    a = figure(15, source="Task & Purpose", attribution="an Iraqi police official told AFP")
    b = figure(15, source="AFP (via english.alsiasi.com)")
    assert origin_of(a) == origin_of(b)


def test_a_group_named_after_a_wire_is_that_wire():
    grouped = figure(1, source="Daily Mirror Site", origin="Reuters")
    assert origin_of(grouped) == origin_of(figure(1, source="Mint (Reuters)"))


@pytest.mark.parametrize(
    ("source", "origin"),
    [
        ("Military Times 2024-02-13", "Military Times"),
        ("Kurdistan 24 2023-11-14", "Kurdistan 24"),
        ("Capitol Times Media, 2024-01", "Capitol Times Media"),
        (
            "AFP (via english.alsiasi.com), date unknown (after 28 Jan 2024; likely Feb 2024)",
            "AFP",
        ),
        ("Reuters (via perthnow.com.au), Sydney", "Reuters"),
        ("Channel 4 News", "Channel 4 News"),
    ],
)
def test_dates_and_remarks_after_an_outlet_s_name_do_not_make_another_origin(source, origin):
    assert outlet_origin(source) == origin


def test_a_copy_speaks_for_the_origin_of_the_document_it_copies():
    # selectors.figures.claim_figure gives a syndicated copy its original's origin.
    copy = figure(2500, source="Daily Mirror Site", origin="Reuters (via independentalabama.org)")
    assert origin_of(copy) == origin_of(figure(2500, source="Reuters"))


def test_the_same_sentence_under_two_names_is_one_origin():
    from dataclasses import replace

    from claims.crosscheck import compare, weigh

    claim = figure(2500, source="Al-Monitor", as_of="2024-01-27")
    site = replace(figure(2500, source="Kurdistan24", as_of="2024-01-26"), passage="p1")
    mirror = replace(figure(2500, source="K24 English", as_of="2024-01-26"), passage="p1")
    other = figure(2500, source="Reuters", as_of="2024-01-26")
    comparisons = [compare(claim, f) for f in (site, mirror, other)]
    verdict = weigh(claim, comparisons)
    assert verdict.status == "supported"
    assert "Kurdistan24" in verdict.explanation and "Reuters" in verdict.explanation
    assert "K24 English" not in verdict.explanation
    # Worded as the claim is, a figure is a copy of the claim: it corroborates nothing.
    echo = replace(figure(2500, source="Blog", as_of="2024-01-26"), passage="mine")
    alone = weigh(replace(claim, passage="mine"), [compare(replace(claim, passage="mine"), echo)])
    assert alone.status == "unverified"
    assert alone.explanation.startswith("Unverified: only Al-Monitor's own reports")


def test_a_clause_read_as_an_attribution_is_not_cited_as_a_speaker():
    from claims.crosscheck.wording import who

    assert who(figure(2500, source="The New Indian Express (AP)", attribution="There are an")) == (
        "The New Indian Express (AP)"
    )
    cited = who(figure(2500, source="Kurdistan 24", attribution="Sabrina Singh told reporters"))
    assert cited == "Kurdistan 24 (citing Sabrina Singh)"
