"""Verdicts: evidence weighed, one vote per independent origin, into a status and an explanation.

An origin speaks through its figure nearest in time to the claim: an outlet's January report
supersedes its November one. Figures from the claim's own origin are copies of it, not evidence.
Confidence grows with the number of independent origins that agree (each weighed by how close in
time it is) and shrinks with dissent.

When the origins disagree, each voice is itself held against the rest of the record: a figure that
other independent origins contradict (an outlier, "fewer than 100" against a count of 140 a week
earlier) is named but not counted, so one stray report does not make a well-attested figure
"conflicting".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from claims.crosscheck import wording
from claims.crosscheck.findings import Basis, Relation
from claims.crosscheck.independence import Origin, origin_of, origins_with_copies
from claims.crosscheck.records import Comparison, Figure, FigureKey, Verdict
from claims.metrics import Kind, metric

# One side outvotes the other when it has at least twice the weight and two more origins.
MAJORITY_RATIO = 2.0
MAJORITY_LEAD = 2
# A figure at the far edge of the time window (or undated) counts this much of a near one.
FAR_WEIGHT = 0.5
# How many items a list in the explanation names before it says "and N more".
LISTED = 4
MAX_CONFIDENCE = 0.99
# Neutral findings that show a count moving as counts do, worth a word in the explanation.
_GROWTH = (Basis.EARLIER_COUNT, Basis.LATER_COUNT, Basis.REVISED)
# A voice is set aside as refuted only when at least this many other independent origins
# contradict it and the record, weighed as for a claim, contradicts it.
REFUTING_ORIGINS = 2
# Only a side of at most this many voices is examined as outliers: a stray report or two. More
# voices on each side is a real disagreement, and stays one.
MAX_OUTLIERS = 2


@dataclass(frozen=True)
class _Voice:
    """One independent origin and the figure it speaks through."""

    label: str
    stance: Comparison
    weight: float


def weigh(claim: Figure, comparisons: list[Comparison]) -> Verdict:
    """Weigh comparisons into a verdict."""
    comparisons = _unique(comparisons)
    whose = origins_with_copies(claim, [c.other for c in comparisons])
    own = whose(claim)
    decisive = [c for c in comparisons if c.relation != Relation.NEUTRAL]
    independent = [c for c in decisive if whose(c.other).key != own.key]
    copies = [c for c in decisive if whose(c.other).key == own.key]
    voices = _voices(claim, independent, whose)
    refuted: list[tuple[_Voice, int]] = []
    if _both_sides(voices):
        # Only a disagreement needs its witnesses examined; agreement is taken as it comes.
        voting = {whose(v.stance.other).key for v in voices}
        refuted = [
            (v, n)
            for v in _outliers(voices)
            if (n := _refuters(claim, v, comparisons, voting, whose))
        ]
        voices = [v for v in voices if all(v is not r for r, _ in refuted)]
    pro = [v for v in voices if v.stance.relation == Relation.SUPPORTS]
    con = [v for v in voices if v.stance.relation == Relation.CONTRADICTS]
    pro_weight, con_weight = sum(v.weight for v in pro), sum(v.weight for v in con)
    status = _status(pro, con, pro_weight, con_weight)
    confidence = _confidence(status, pro_weight, con_weight)

    heard = {id(v.stance) for v in voices} | {id(v.stance) for v, _ in refuted}
    superseded = [c for c in independent if id(c) not in heard and c.relation == "contradicts"]
    parts = [_headline(status, pro, con, comparisons)]
    if status == "supported" and (con or superseded):
        parts.append(_dissent([v.stance for v in con], superseded, whose))
    if status == "contradicted" and pro:
        parts.append(f"In its favour: {_voices_listing(pro)}.")
    if refuted:
        parts.append(_set_aside(refuted))
    parts.extend(_side_remarks(claim, comparisons))
    if copies:
        parts.append(_copies_remark(own.label, copies, status))
    explanation = " ".join(p for p in parts if p)
    return Verdict(status=status, confidence=confidence, explanation=explanation)


def _both_sides(voices: list[_Voice]) -> bool:
    relations = {v.stance.relation for v in voices}
    return Relation.SUPPORTS in relations and Relation.CONTRADICTS in relations


def _outliers(voices: list[_Voice]) -> list[_Voice]:
    """The voices of each side small enough to be a stray report."""
    pro = [v for v in voices if v.stance.relation == Relation.SUPPORTS]
    con = [v for v in voices if v.stance.relation == Relation.CONTRADICTS]
    return [v for side in (pro, con) if len(side) <= MAX_OUTLIERS for v in side]


def _refuters(
    claim: Figure,
    voice: _Voice,
    comparisons: list[Comparison],
    voting: set[str],
    whose: Callable[[Figure], Origin],
) -> int:
    """How many independent origins refute the voice's figure; 0 unless the record contradicts it.

    The record is the evidence that casts no vote on the claim: figures consistent with it but
    too loose to decide it, earlier counts of a tally. Origins already voting are not heard
    twice, and neither the claim's origin nor the voice's may vouch for itself.
    """
    from claims.crosscheck.comparison import judge  # comparison does not import verdicts

    witness = voice.stance.other
    silent = voting | {whose(claim).key, whose(witness).key}
    record = [c.other for c in comparisons if whose(c.other).key not in silent]
    # Only the relations count here: the findings are not worded (that is the costly part).
    decisive = [
        Comparison(other=other, relation=str(found.relation), reason="", basis=str(found.basis))
        for other in record
        if (found := judge(witness, other)) is not None and found.relation != Relation.NEUTRAL
    ]
    voices = _voices(witness, decisive, whose)
    pro = [v for v in voices if v.stance.relation == Relation.SUPPORTS]
    con = [v for v in voices if v.stance.relation == Relation.CONTRADICTS]
    if len(con) < REFUTING_ORIGINS:
        return 0
    status = _status(pro, con, sum(v.weight for v in pro), sum(v.weight for v in con))
    return len(con) if status == "contradicted" else 0


def _unique(comparisons: Iterable[Comparison]) -> list[Comparison]:
    seen: set[FigureKey] = set()
    kept = []
    for c in comparisons:
        if c.other.key not in seen:
            seen.add(c.other.key)
            kept.append(c)
    return kept


def _voices(
    claim: Figure, comparisons: list[Comparison], whose: Callable[[Figure], Origin] = origin_of
) -> list[_Voice]:
    by_origin: dict[str, list[Comparison]] = {}
    labels: dict[str, str] = {}
    for c in comparisons:
        origin = whose(c.other)
        by_origin.setdefault(origin.key, []).append(c)
        labels.setdefault(origin.key, origin.label)
    voices = []
    for key, said in by_origin.items():
        stance = min(said, key=lambda c: _nearness(claim, c))
        voices.append(_Voice(labels[key], stance, _weight(claim, stance.other)))
    return sorted(voices, key=lambda v: (-v.weight, v.label))


def _nearness(claim: Figure, comparison: Comparison) -> tuple[float, int, str]:
    """Sort key: nearest in time first, then the latest, then a stable order (the key as text)."""
    when = comparison.other.as_of
    key = str(comparison.other.key)
    if claim.as_of is None or when is None:
        return (float("inf"), 0, key)
    return (abs((when - claim.as_of).days), -when.toordinal(), key)


def _weight(claim: Figure, other: Figure) -> float:
    if claim.as_of is None or other.as_of is None:
        return FAR_WEIGHT
    reach = max(metric(claim.metric).window_days, 1)
    distance = min(1.0, abs((other.as_of - claim.as_of).days) / reach)
    return 1.0 - (1.0 - FAR_WEIGHT) * distance


def _status(pro: list[_Voice], con: list[_Voice], pro_weight: float, con_weight: float) -> str:
    if not pro and not con:
        return "unverified"
    if not con:
        return "supported"
    if not pro:
        return "contradicted"
    if pro_weight >= MAJORITY_RATIO * con_weight and len(pro) >= len(con) + MAJORITY_LEAD:
        return "supported"
    if con_weight >= MAJORITY_RATIO * pro_weight and len(con) >= len(pro) + MAJORITY_LEAD:
        return "contradicted"
    return "conflicting"


def _strength(weight: float) -> float:
    """1 origin → 0.5, 2 → 0.75, 3 → 0.875 …: each independent origin halves the doubt."""
    return 1.0 - 0.5**weight


def _confidence(status: str, pro: float, con: float) -> float:
    total = pro + con
    if status == "unverified" or total == 0:
        return 0.0
    if status == "supported":
        value = _strength(pro) * pro / total
    elif status == "contradicted":
        value = _strength(con) * con / total
    else:  # conflicting: surest when the two sides weigh the same
        value = _strength(total) * (1.0 - abs(pro - con) / total)
    return round(min(MAX_CONFIDENCE, max(0.0, value)), 3)


def _origins(n: int) -> str:
    return f"{n} independent origin{'s' if n != 1 else ''}"


def _capped(items: list[str]) -> str:
    if len(items) > LISTED:
        items = [*items[:LISTED], f"and {len(items) - LISTED} more"]
    return "; ".join(items)


def _voices_listing(voices: list[_Voice]) -> str:
    return _capped([wording.brief(v.stance.other, v.label) for v in voices])


def _figures_listing(figures: Iterable[Figure]) -> str:
    return _capped([wording.brief(f, origin_of(f).label) for f in figures])


def _headline(
    status: str, pro: list[_Voice], con: list[_Voice], comparisons: list[Comparison]
) -> str:
    if status == "supported":
        return f"Supported by {_origins(len(pro))} ({_voices_listing(pro)})."
    if status == "contradicted":
        return f"Contradicted by {_origins(len(con))} ({_voices_listing(con)})."
    if status == "conflicting":
        return (
            f"Conflicting: {_origins(len(pro))} support it ({_voices_listing(pro)}) "
            f"and {_origins(len(con))} contradict it ({_voices_listing(con)})."
        )
    if not comparisons:
        return "Unverified: no comparable figure was found."
    n = len(comparisons)
    return (
        f"Unverified: {n} comparable figure{'s' if n != 1 else ''}, but no independent origin "
        "confirms or refutes it."
    )


def _dissent(
    outvoted: list[Comparison], superseded: list[Comparison], whose: Callable[[Figure], Origin]
) -> str:
    lines = [_disagrees(c.other, whose) for c in outvoted]
    lines += [f"{_disagrees(c.other, whose)} (its nearer figure agrees)" for c in superseded]
    return f"Dissent: {_capped(lines)}."


def _set_aside(refuted: list[tuple[_Voice, int]]) -> str:
    lines = [
        f"{v.label}'s '{wording.figure(v.stance.other)}' of {wording.day(v.stance.other.as_of)}, "
        f"which {_origins(n)} contradict"
        for v, n in refuted
    ]
    return f"Set aside as refuted by the record: {_capped(lines)}."


def _disagrees(f: Figure, whose: Callable[[Figure], Origin]) -> str:
    return f"{whose(f).label}'s '{wording.figure(f)}' of {wording.day(f.as_of)} disagrees"


def _side_remarks(claim: Figure, comparisons: list[Comparison]) -> list[str]:
    """What a reviewer should know beyond the vote: set-apart series, revisions, date quarrels."""
    remarks = []
    growth = [c.other for c in comparisons if c.relation == "neutral" and c.basis in _GROWTH]
    if growth:
        remarks.append(f"Consistent as counts grow or are revised: {_figures_listing(growth)}.")
    series = [c.other for c in comparisons if c.basis == Basis.DIFFERENT_SERIES]
    if series:
        remarks.append(f"Set apart as a different series: {_figures_listing(series)}.")
    revised = [c.other for c in comparisons if c.basis == Basis.RECLASSIFIED]
    if revised:
        remarks.append(f"Reclassification, not contradiction: {_figures_listing(revised)}.")
    if metric(claim.metric).kind is Kind.EVENT:
        remarks.extend(_date_quarrel(claim, comparisons))
    missing = sorted({n for c in comparisons for n in c.notes if n.startswith("no start date")})
    if missing:
        remarks.append(f"Start dates: {'; '.join(missing[:2])}.")
    return remarks


def _date_quarrel(claim: Figure, comparisons: list[Comparison]) -> list[str]:
    """An event's evidence that agrees on the figure but dates it otherwise."""
    others = [
        c.other
        for c in comparisons
        if c.relation == "supports" and wording.dates_differ(claim, c.other)
    ]
    if not others:
        return []
    days = sorted({f.as_of for f in others if f.as_of})
    given = ", ".join(wording.day(d) for d in days)
    labels = sorted({origin_of(f).label for f in others})
    verb = "dates" if len(labels) == 1 else "date"
    here = wording.day(claim.as_of)
    return [f"Dates disagree: {_capped(labels)} {verb} it {given}; this claim, {here}."]


def _copies_remark(label: str, copies: list[Comparison], status: str) -> str:
    agreeing = [c.other for c in copies if c.relation == "supports"]
    if status == "unverified" and agreeing:
        return (
            f"Not corroborated: only its own origin ({label}) agrees "
            f"({_figures_listing(agreeing)}), and copies of a claim do not confirm it."
        )
    return f"Not counted: {len(copies)} figure(s) from its own origin ({label})."
