"""Independence: which figures are one voice, however many outlets carry them.

A figure's origin is, first, the official body it quotes ("the Pentagon said"); then the wire it
quotes ("an official told AFP"); then the independence group its source was given; then the wire
an outlet's name says it ran ("Mint (Reuters)", "AP (via kvia.com)"); and last the outlet itself,
without the mirror it was found on. One name is one origin, however it was reached.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from claims.crosscheck.records import Figure

DATA = Path(__file__).parent / "origins.toml"

# A parenthetical that only says where a copy was found: the outlet before it is the origin.
_COPY_PLACE = re.compile(
    r"^(via|quoted|republished|reprinted|mirror|archived|syndicated|from)\b", re.I
)
# A parenthetical naming whose copy this is: "Military Times copy", "AP rewrite", "Reuters-based".
_COPY_OF = re.compile(r"^(?P<owner>.+?)[\s-]+(copy|rewrite|group|based|wire copy|story)$", re.I)
_NAME_AND_NOTE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<note>[^()]*)\)\s*$")
# A date written after an outlet's name ("Kurdistan 24 2023-11-14") says when, not who.
_TRAILING_DATE = re.compile(r"[\s,;:-]+\d{4}-\d{2}(-\d{2})?$")


@dataclass(frozen=True)
class Origin:
    label: str

    @cached_property
    def key(self) -> str:
        return self.label.casefold()


@dataclass(frozen=True)
class _Name:
    name: str
    aliases: frozenset[str]  # casefolded
    pattern: re.Pattern[str]


def _is_acronym(alias: str) -> bool:
    # "AP", "DoD", "CENTCOM": match these case-sensitively, so "ap" in ordinary text is nobody.
    return " " not in alias and sum(c.isupper() for c in alias) >= 2


@cache
def _table() -> dict[str, tuple[_Name, ...]]:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    table = {}
    for kind in ("wire", "authority"):
        rows = []
        for row in raw.get(kind, ()):
            names = sorted({row["name"], *row.get("aliases", ())}, key=len, reverse=True)
            words = [re.escape(n) if _is_acronym(n) else f"(?i:{re.escape(n)})" for n in names]
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")
            rows.append(_Name(row["name"], frozenset(n.casefold() for n in names), pattern))
        table[kind] = tuple(rows)
    return table


def _named(kind: str, text: str) -> list[str]:
    return [row.name for row in _table()[kind] if row.pattern.search(text)]


def _wire_called(name: str) -> str | None:
    folded = name.strip().casefold().removeprefix("the ")
    return next((row.name for row in _table()["wire"] if folded in row.aliases), None)


@lru_cache(maxsize=4096)
def authority_of(text: str) -> str | None:
    """The one official body `text` names, if it names exactly one."""
    found = _named("authority", text or "")
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=4096)
def wire_of(text: str) -> str | None:
    """The one wire `text` names, if it names exactly one."""
    found = _named("wire", text or "")
    return found[0] if len(found) == 1 else None


def _bare_name(source: str) -> str:
    """The outlet's name without the notes a catalogue adds after it: dates, remarks after a comma.

    "Military Times 2024-02-13" and "AFP (via x.com), date unknown (likely Feb 2024)" name the
    outlet as plainly as "Military Times" and "AFP (via x.com)" do.
    """
    depth, cut = 0, len(source)
    for i, char in enumerate(source):
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            cut = i
            break
    name = source[:cut].strip()
    while (shorter := _TRAILING_DATE.sub("", name)) != name and shorter:
        name = shorter.strip()
    return name


@lru_cache(maxsize=4096)
def outlet_origin(source: str) -> str:
    """The outlet or wire a source name stands for: "Mint (Reuters)" is Reuters."""
    source = _bare_name(" ".join((source or "").split()))
    match = _NAME_AND_NOTE.match(source)
    name, note = (match["name"], match["note"].strip()) if match else (source, "")
    own = _wire_called(name)
    if own is not None:
        return own
    if note:
        wires = _named("wire", note)
        if len(wires) == 1:
            return wires[0]
        if not wires and not _COPY_PLACE.match(note):
            copy_of = _COPY_OF.match(note)
            if copy_of:
                return copy_of["owner"].strip()
    return name.strip()


def origin_of(figure: Figure) -> Origin:
    """The independent origin a figure speaks for."""
    return _origin(figure.attribution, figure.source, figure.origin) or Origin(str(figure.key))


@lru_cache(maxsize=8192)
def _origin(attribution: str, source: str, origin: str) -> Origin | None:
    # Read from the figure's words and names only, so one cache entry serves every figure of a
    # source (a Figure is hashed field by field; these strings hash once).
    body = authority_of(attribution) or authority_of(source)
    if body is not None:
        return Origin(body)
    wire = wire_of(attribution)
    if wire is not None:  # "an Iraqi official told AFP": AFP's copy, whoever ran it
        return Origin(wire)
    if origin and origin != source:
        # The source was given an independence group by hand, or the figure's document is a copy
        # of another outlet's: that origin speaks, under the name it is known by.
        return Origin(outlet_origin(origin) or origin.strip())
    named = outlet_origin(source) or origin
    return Origin(named) if named else None


def same_origin(a: Figure, b: Figure) -> bool:
    return origin_of(a).key == origin_of(b).key


def origins_with_copies(
    claim: Figure, figures: list[Figure], origin_of: Callable[[Figure], Origin] = origin_of
) -> Callable[[Figure], Origin]:
    """Each figure's origin, where figures stated in the very same words share one.

    A sentence found word for word under two outlets' names was copied by one from the other (or
    from a wire both ran): whatever the outlets are called, it is one voice. The claim's own
    origin names a group it falls in; otherwise the first figure's origin does. `origin_of` says
    what a figure's own origin is (newsroom_of, for newsrooms).
    """
    everyone = [claim, *figures]
    parent: dict[str, str] = {}
    labels: dict[str, Origin] = {}

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for figure in everyone:
        origin = origin_of(figure)
        labels.setdefault(origin.key, origin)
        parent.setdefault(origin.key, origin.key)
    own = origin_of(claim).key
    first_by_passage: dict[str, str] = {}
    for figure in everyone:
        if not figure.passage:
            continue
        key = origin_of(figure).key
        if figure.passage not in first_by_passage:
            first_by_passage[figure.passage] = key
            continue
        a, b = root(first_by_passage[figure.passage]), root(key)
        if b == root(own):
            a, b = b, a  # the claim's origin names any group it is in
        if a != b:
            parent[b] = a

    known: dict[str, Origin] = {}

    def whose(figure: Figure) -> Origin:
        found = known.get(figure.key)
        if found is None:
            origin = origin_of(figure)
            found = labels[root(origin.key)] if origin.key in parent else origin
            known[figure.key] = found
        return found

    return whose


def newsrooms(claim: Figure, figures: list[Figure]) -> Callable[[Figure], str]:
    """Each figure's newsroom: the outlet or wire that wrote it, whoever it quotes, where the
    very same words under two names are one newsroom's copy. Reports of one newsroom (an
    article's headline and body, a wire under every outlet that runs it, a rewrite) are one
    report; two newsrooms that each heard the same body corroborate one another."""
    whose = origins_with_copies(claim, figures, newsroom_of)

    def room(figure: Figure) -> str:
        return whose(figure).key

    return room


def newsroom_of(figure: Figure) -> Origin:
    """The outlet or wire that wrote a figure, whoever it quotes (origin_of without the body)."""
    return _origin("", figure.source, figure.origin) or Origin(str(figure.key))
