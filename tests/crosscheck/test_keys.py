"""A figure's key: which stored row it is, typed, and "kind:id" where text is needed."""

from __future__ import annotations

from dataclasses import replace

from claims.crosscheck.independence import origin_of
from claims.crosscheck.records import FigureKey, FigureKind
from tests.crosscheck.builders import figure


def test_a_key_reads_as_kind_and_id_and_as_text_like_before():
    key = FigureKey(FigureKind.REFERENCE, 3)
    assert (key.kind, key.id) == ("reference", 3)
    assert str(key) == f"{key}" == "reference:3"
    assert str(FigureKey(FigureKind.DATASET, 4)) == "dataset:4"


def test_keys_are_equal_and_hash_alike_by_kind_and_id():
    assert FigureKey(FigureKind.CLAIM, 12) == FigureKey(FigureKind.CLAIM, 12)
    assert FigureKey(FigureKind.CLAIM, 12) != FigureKey(FigureKind.REFERENCE, 12)
    assert len({FigureKey(FigureKind.CLAIM, 12), FigureKey(FigureKind.CLAIM, 12)}) == 1


def test_a_figure_with_no_name_to_go_by_is_its_own_origin_under_its_key_as_text():
    nameless = replace(figure(2500), key=FigureKey(FigureKind.CLAIM, 7), source="", origin="")
    assert origin_of(nameless).label == "claim:7"
