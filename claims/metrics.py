"""The metric taxonomy (what a figure counts), read from `data/metrics.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "metrics.toml"


class Kind(StrEnum):
    TALLY = "tally"
    STOCK = "stock"
    EVENT = "event"


@dataclass(frozen=True)
class Metric:
    slug: str
    label: str
    kind: Kind
    window_days: int
    # How far apart in days another report may date the same figure and still confirm it.
    confirm_days: int
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]


@cache
def taxonomy() -> dict[str, Metric]:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    return {
        row["slug"]: Metric(
            slug=row["slug"],
            label=row["label"],
            kind=Kind(row["kind"]),
            window_days=int(row["window_days"]),
            confirm_days=int(row.get("confirm_days", row["window_days"])),
            nouns=tuple(row.get("nouns", ())),
            verbs=tuple(row.get("verbs", ())),
        )
        for row in raw["metric"]
    }


def metric(slug: str) -> Metric:
    """The metric for `slug`; unknown slugs read as "other"."""
    table = taxonomy()
    return table.get(slug, table["other"])
