"""Independent origins: syndicated copies found by SimHash, and a copy speaks for its original."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims import duplicates
from claims.crosscheck.independence import origin_of
from claims.models import Claim, Document
from claims.selectors.documents import near_duplicates_of
from claims.selectors.figures import FIGURE_RELATED, claim_figure
from claims.services.documents import document_extract, document_ingest
from claims.services.sources import source_get_or_create
from tests.factories import ClaimFactory, DocumentFactory, SourceFactory

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def corpus_text(key: str) -> str:
    for line in (CORPUS / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == key:
            return record["text"]
    raise KeyError(key)


WIRE = corpus_text("04_afp_alsiasi_2024-02")  # an AFP story as a mirror ran it


def rerun(text: str) -> str:
    """The same wire story as another outlet runs it: new headline and dateline, a few words
    changed, a paragraph dropped, a credit line added."""
    edited = text.replace(
        "Iraq, US resume talks on US-led coalition withdrawal",
        "Iraq and US resume talks on coalition exit",
    )
    edited = edited.replace("expressing hope", "voicing hope").replace("swiftly", "quickly")
    edited = edited.replace(
        "The United States has retaliated with several deadly strikes targeting these groups.\n",
        "",
    )
    return "BAGHDAD (AFP) — " + edited + "\n\nAgence France-Presse contributed to this report."


# --- the fingerprint ----------------------------------------------------------------------------


def test_a_wire_story_and_its_lightly_edited_rerun_are_near_duplicates():
    a, b = duplicates.simhash(WIRE), duplicates.simhash(rerun(WIRE))
    assert duplicates.distance(a, b) <= duplicates.MAX_DISTANCE


@pytest.mark.parametrize(
    "other",
    [
        "02_militarytimes_2024-02-13",
        "10_capitoltimesmedia_2024-01-19",
        "12_kurdistan24_2023-11-14",
        "000_fb8aa2ff440e4a91",
    ],
)
def test_different_stories_on_the_same_topic_are_not(other):
    # Every one of these is about attacks on US forces in Iraq and Syria, with the same names.
    a, b = duplicates.simhash(WIRE), duplicates.simhash(corpus_text(other))
    assert duplicates.distance(a, b) > 3 * duplicates.MAX_DISTANCE


def test_one_sentence_copies_match_and_different_sentences_do_not():
    reuters = (
        "The United States has 900 troops in Syria and 2,500 more in neighboring Iraq, on a "
        "mission to advise and assist local forces trying to prevent a resurgence of Islamic State."
    )
    ap = "There are an estimated 2,500 U.S. troops deployed to Iraq now, the AP reported on Friday."
    for copy in ("WASHINGTON (Reuters) - " + reuters, reuters + " Reuters reported."):
        assert duplicates.near_duplicates(duplicates.simhash(reuters), duplicates.simhash(copy))
    assert not duplicates.near_duplicates(duplicates.simhash(reuters), duplicates.simhash(ap))


def test_the_fingerprint_is_stable_and_ignores_case_punctuation_and_quote_style():
    text = "U.S. forces 'were attacked' 23 times since mid-October, a senior defense official said"
    same = (
        "u.s. FORCES \u2018were attacked\u2019 23 times since mid-october — "
        "a senior defense official said!"
    )
    assert duplicates.simhash(text) == duplicates.simhash(same)
    # blake2b, not Python's salted hash(): the value is the same in every process.
    assert duplicates.simhash(text) == duplicates.simhash(text)
    assert duplicates.simhash("only five words here") is None


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_signed_storage_round_trips(fingerprint):
    stored = duplicates.to_signed(fingerprint)
    assert -(2**63) <= stored < 2**63
    assert duplicates.to_unsigned(stored) == fingerprint


@given(st.integers(min_value=0, max_value=2**64 - 1), st.integers(min_value=0, max_value=15))
def test_prefix_ranges_hold_every_value_with_the_top_bits_a_flip_away(fingerprint, flip):
    ranges = duplicates.prefix_ranges(duplicates.to_signed(fingerprint))
    assert len(ranges) == 17 and all(low <= high for low, high in ranges)
    flipped = fingerprint ^ (1 << (63 - flip)) ^ 0xFFFF  # a top bit and low bits changed
    for value in (fingerprint, flipped):
        stored = duplicates.to_signed(value)
        assert any(low <= stored <= high for low, high in ranges)
    two_top_flips = fingerprint ^ (0b11 << 62)
    stored = duplicates.to_signed(two_top_flips)
    assert not any(low <= stored <= high for low, high in ranges)


# --- copies in the database ---------------------------------------------------------------------


def stored(text: str, *, outlet: str, url: str, published: dt.date | None) -> Document:
    result = document_ingest(
        source=source_get_or_create(name=outlet), url=url, text=text, published=published
    )
    # The test's transaction never commits, so the queued extraction is run here.
    document_extract(document_id=result.document.pk)
    return Document.objects.get(pk=result.document.pk)


@pytest.mark.django_db
def test_extraction_marks_a_rerun_as_a_copy_of_the_earliest_original():
    original = stored(
        WIRE, outlet="AFP", url="https://afp.example/a", published=dt.date(2024, 2, 4)
    )
    copy = stored(
        rerun(WIRE), outlet="Daily Mirror Site", url="https://mirror.example/a", published=None
    )
    other = stored(
        corpus_text("02_militarytimes_2024-02-13"),
        outlet="Military Times",
        url="https://mt.example/a",
        published=dt.date(2024, 2, 4),
    )
    assert original.simhash is not None and original.copy_of is None
    assert copy.copy_of_id == original.pk  # found by its fingerprint's prefix, undated
    assert other.copy_of is None
    # The copy's figures speak for AFP, not for the mirror that carried them: its stored origin.
    assert (original.origin, copy.origin, other.origin) == ("AFP", "AFP", "Military Times")
    claim = Claim.objects.filter(document=copy).select_related(*FIGURE_RELATED).first()
    assert claim is not None
    assert claim_figure(claim).origin == "AFP"


@pytest.mark.django_db
def test_a_copy_of_a_copy_points_at_the_original_and_an_earlier_original_takes_over():
    middle = stored(
        rerun(WIRE), outlet="B", url="https://b.example/a", published=dt.date(2024, 2, 5)
    )
    late = stored(
        rerun(WIRE) + " Updated.",
        outlet="C",
        url="https://c.example/a",
        published=dt.date(2024, 2, 6),
    )
    assert late.copy_of_id == middle.pk
    assert (middle.origin, late.origin) == ("B", "B")
    first = stored(WIRE, outlet="AFP", url="https://afp.example/a", published=dt.date(2024, 2, 4))
    # The earliest published is the original: the others now point at it, one level deep, and
    # speak for its source.
    assert first.copy_of is None
    assert set(Document.objects.filter(copy_of=first).values_list("pk", flat=True)) == {
        middle.pk,
        late.pk,
    }
    assert set(Document.objects.values_list("origin", flat=True)) == {"AFP"}


@pytest.mark.django_db
def test_near_duplicate_lookup_reads_only_the_date_window_and_the_prefix_ranges(
    django_assert_num_queries,
):
    unsigned = duplicates.simhash(WIRE)
    fingerprint = duplicates.to_signed(unsigned)
    far = duplicates.to_signed(unsigned ^ 0b111)  # 3 low bits apart: a copy
    for n in range(30):  # other stories, other dates: never read back
        other = duplicates.to_signed(unsigned ^ (0xFFFF << 48) ^ n)
        DocumentFactory(published=dt.date(2023, 1, 1), simhash=other)
    copy = DocumentFactory(published=dt.date(2020, 1, 1), simhash=far)
    new = DocumentFactory(published=dt.date(2024, 2, 4), simhash=None)
    with django_assert_num_queries(1):
        found = near_duplicates_of(document=new, simhash=fingerprint)
    assert [d.pk for d in found] == [copy.pk]


@pytest.mark.django_db
def test_short_texts_get_no_fingerprint_and_are_nobody_s_copy():
    a = stored("Five rockets hit the base.", outlet="A", url="https://a.example/1", published=None)
    b = stored("Five rockets hit the base!", outlet="B", url="https://b.example/1", published=None)
    assert a.simhash is None and b.simhash is None and b.copy_of is None


@pytest.mark.django_db
def test_a_source_with_an_independence_group_speaks_for_it():
    group = SourceFactory(name="Marine Corps Times", independence_group="Military Times")
    ClaimFactory(document=DocumentFactory(source=group), attribution="")
    claim = Claim.objects.select_related(*FIGURE_RELATED).get()
    assert origin_of(claim_figure(claim)).label == "Military Times"
