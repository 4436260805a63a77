"""The gazetteer: place names, their aliases, and which place contains which.

Pure Python over `data/places.toml`; extraction finds places with it and cross-checking uses
containment to decide which figures speak of the same ground.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "places.toml"


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    within: str | None = None
    parts: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = field(default=())


@cache
def gazetteer() -> dict[str, Place]:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    places = {}
    for row in raw["place"]:
        place = Place(
            name=row["name"],
            aliases=tuple(row.get("aliases", ())),
            within=row.get("within"),
            parts=tuple(row.get("parts", ())),
            demonyms=tuple(row.get("demonyms", ())),
        )
        places[place.name] = place
    for place in places.values():
        for ref in (place.within, *place.parts):
            if ref is not None and ref not in places:
                raise ValueError(f"place {place.name!r} names unknown place {ref!r}")
    return places


def ancestors(name: str) -> list[str]:
    """The places that contain `name`, nearest first."""
    places = gazetteer()
    chain = []
    current = places.get(name)
    while current is not None and current.within is not None:
        chain.append(current.within)
        current = places.get(current.within)
    return chain


def parts(name: str) -> frozenset[str]:
    """The simple places a (possibly compound) place covers."""
    place = gazetteer().get(name)
    if place is None or not place.parts:
        return frozenset({name})
    return frozenset(place.parts)


def within(inner: str, outer: str) -> bool:
    """Whether `inner` lies inside `outer` (a place is within itself)."""
    if inner == outer:
        return True
    # Every part of `inner` lies in `outer` itself or in one of its parts: a base in Iraq lies
    # within "Iraq and Syria" through Iraq.
    grounds = {outer} | parts(outer)
    return all(p in grounds or grounds & set(ancestors(p)) for p in parts(inner))
