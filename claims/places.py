"""The gazetteer: place names, their aliases, and which place contains which.

Pure Python. The hand-kept places of `data/places.toml` (regions, countries, bases and sites the
desk follows) come first; every other country and first-level subdivision of ISO 3166 (pycountry's
data) is added beside them, each subdivision within its country, so a figure "in Missouri" has a
place a check can use. Extraction finds places with it and cross-checking uses containment to
decide which figures speak of the same ground.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import Counter
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
    # From ISO 3166, not hand-kept: named in a text, it says where only when no hand-kept
    # place does (extraction reads it as a weak mention, like a demonym).
    iso: bool = False
    country: bool = False  # an ISO 3166 country (hand-kept countries sit within a region)


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
    for place in iso_places(places, frozenset(raw.get("iso", {}).get("skip", ()))):
        places[place.name] = place
    return places


# Words of a subdivision named after a sea, a river or a mountain: news name the feature.
FEATURES = frozenset(
    {
        "sea", "gulf", "lake", "lakes", "river", "rivers", "nile", "coast", "island", "islands",
        "bay", "ocean", "delta", "valley", "desert", "mountain", "mountains", "plateau", "strait",
    }
)  # fmt: skip
# Arabic articles transliterated before a name: "Al Anbar" is the hand-kept "Anbar".
ARTICLES = frozenset({"al", "as", "an", "ad", "ar", "at", "ash", "az", "el", "ad-", "al-"})


def folded(name: str) -> str:
    """The name without its accents ("Baghdād" → "Baghdad"), as English text writes it."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def iso_places(hand_kept: dict[str, Place], skip: frozenset[str]) -> list[Place]:
    """Every ISO 3166 country and first-level subdivision the hand-kept places do not name.

    A country the desk keeps by hand stays as it is, and its subdivisions go within it. A
    subdivision is left out when its name is also another place's, another subdivision's (two
    "Punjab"s) or a word of `skip` ("Central", "Rivers"): it could not say where on its own. A
    subdivision the ISO data also names in English is named so ("Bavaria, Germany", with
    "Bayern" an alias).
    """
    import gettext

    import pycountry

    english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, ["en"], fallback=True)

    known = {alias.casefold(): p.name for p in hand_kept.values() for alias in (p.name, *p.aliases)}
    countries: dict[str, str] = {}  # ISO code -> gazetteer name
    added: list[Place] = []
    for c in pycountry.countries:
        common = getattr(c, "common_name", None) or c.name
        names = [n for n in (common, c.name, getattr(c, "official_name", None)) if n]
        names = [n for n in dict.fromkeys(names) if "," not in n]
        hand = next((known[n.casefold()] for n in names if n.casefold() in known), None)
        if hand is not None:
            countries[c.alpha_2] = hand
            continue
        aliases = _as_names([*names, *(folded(n) for n in names)])
        added.append(Place(name=common, aliases=aliases, iso=True, country=True))
        countries[c.alpha_2] = common
    first_level = [s for s in pycountry.subdivisions if s.parent_code is None]
    taken = {name.casefold() for name in known} | {a.casefold() for p in added for a in p.aliases}
    seen = Counter(folded(s.name).casefold() for s in first_level)
    skipped = {word.casefold() for word in skip}
    refused = taken | skipped  # names that could not say where
    for s in first_level:
        plain = folded(s.name)
        key = plain.casefold()
        bare = key.split(" ", 1)[1] if key.split(" ", 1)[0] in ARTICLES and " " in key else key
        if seen[key] > 1 or {key, bare, s.name.casefold()} & refused:
            continue  # ambiguous, or a hand-kept place already ("Al Anbar" is "Anbar")
        if FEATURES & set(key.replace("-", " ").split()):
            continue  # "Red Sea" (Sudan), "Upper Nile": news mean the sea or the river
        country = countries.get(s.country_code)
        if country is None:
            continue
        in_english = english.gettext(s.name)
        if "/" in in_english or "," in in_english or in_english.casefold() in refused:
            in_english = s.name  # "Fribourg / Freiburg / …", "Wallonia, Region"
        aliases = _as_names([in_english, s.name, plain])
        if not aliases:
            continue
        name = f"{folded(in_english)}, {country}"
        added.append(Place(name=name, aliases=aliases, within=country, iso=True))
    return added


def _as_names(names: list[str]) -> tuple[str, ...]:
    """Names as a sentence writes them: "the State of Eritrea" and "wallonne, Région" are forms
    of a list, not of prose (and a name that starts in lower case would make the place scan try
    every "the" and "was" in a text)."""
    return tuple(dict.fromkeys(n for n in names if not n[:1].islower()))


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
