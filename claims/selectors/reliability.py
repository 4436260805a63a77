"""Reads of origin reliabilities, as the verdicts weigh them."""

from __future__ import annotations

from claims.models import OriginReliability


def reliabilities_current() -> dict[str, float]:
    """Every stored origin's reliability, by origin key (one query)."""
    return dict(OriginReliability.objects.values_list("origin", "reliability"))
