"""The candidate lookup reads the figures nearest a claim's date, a bounded number on each side."""

from __future__ import annotations

import datetime as dt

import pytest

from claims import crosscheck
from claims.selectors.candidates import NEAREST, candidates_for
from claims.selectors.figures import claim_figure
from tests.factories import ClaimFactory

DAY = dt.date(2024, 1, 27)


@pytest.mark.django_db
def test_a_dense_store_gives_the_nearest_figures_on_each_side_of_the_claims_date():
    claim = ClaimFactory(as_of=DAY, document__published=DAY)
    for offset in range(1, NEAREST + 11):
        ClaimFactory(as_of=DAY - dt.timedelta(days=offset), value=100.0 + offset)
        ClaimFactory(as_of=DAY + dt.timedelta(days=offset), value=200.0 + offset)
    scope = crosscheck.scope_of(claim_figure(claim))

    found = candidates_for(scope, exclude=claim)

    before = sorted(f.as_of for f in found if f.as_of <= DAY)
    after = sorted(f.as_of for f in found if f.as_of > DAY)
    in_window = [d for d in (scope.start, scope.end) if d is not None]
    assert len(before) == NEAREST and len(after) == NEAREST
    # Nearest first: the farthest kept on each side is NEAREST days away, none beyond it.
    assert before[0] == DAY - dt.timedelta(days=NEAREST)
    assert after[-1] == DAY + dt.timedelta(days=NEAREST)
    assert all(in_window[0] <= d <= in_window[-1] for d in before + after)
