"""Verdicts: the evidence on a claim weighed by who stands behind it, into a status and a sentence.

The official record speaks first: a reference dataset's figure, a count of an event dataset, a
document an official body published itself. Where it bears on the claim it decides, whatever
reports attribute to that body; a report quoting a body is one report, not the record.

Otherwise each independent origin speaks once, through its figure nearest in time to the claim,
and the claim's own origin (its copies, its headline) is not evidence. Then a claim is

- `supported` when another origin confirms it: states the same figure for about the same date
  (the metric's `confirm_days`), or, for a floor, already reached it earlier. Being merely
  consistent (a floor below an exact count, earlier and later counts that bracket it) confirms
  nothing;
- `contradicted` only when at least two independent origins, agreeing with one another, say
  otherwise and none confirms it: a lone report never contradicts anything;
- `conflicting` when credible origins disagree: some confirm it and others refute it, or a lone
  report gives another figure for the same date;
- `unverified` otherwise. When unsure, this is the answer.

A voice that the rest of the record refutes (an outlier two other origins contradict) is set aside:
a figure the record rejects is evidence against nothing, and for nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from claims.crosscheck import wording
from claims.crosscheck.findings import Basis, Relation
from claims.crosscheck.independence import Origin, newsrooms, origin_of, origins_with_copies
from claims.crosscheck.intervals import stated
from claims.crosscheck.records import Comparison, Figure, FigureKey, Verdict
from claims.crosscheck.reliability import PRIOR
from claims.crosscheck.revisions import small_drop
from claims.crosscheck.scope import UNCHECKABLE_METRICS, counter_key, open_checkable
from claims.metrics import is_open, metric

# A figure at the far edge of the time window (or undated) counts this much of a near one.
FAR_WEIGHT = 0.5
# How many reports an explanation names before it says "and N more".
LISTED = 3
# An explanation a reviewer reads in five seconds.
MAX_EXPLANATION = 280
# The official record is as sure as the machine gets; reports earn less (see _confidence).
RECORD_CONFIDENCE = 0.95
MAX_CONFIDENCE = 0.9
CONFLICT_CONFIDENCE = 0.6
# The claim's own report, as one side of a conflict no other origin takes its side in.
OWN_REPORT_WEIGHT = 1.0
# A voice is set aside as refuted when at least this many other independent origins contradict
# it (the official record counts for this many) and at most half as many support it.
REFUTING_ORIGINS = 2
# Only a side of at most this many voices is examined for outliers: a stray report or two.
MAX_OUTLIERS = 2
# Supporters outvote a dissent when they are at least this many and this many times its size.
OUTVOTING_ORIGINS = 2
OUTVOTING_RATIO = 2


@dataclass(frozen=True)
class _Voice:
    """One independent origin and the figure it speaks through."""

    label: str
    stance: Comparison
    weight: float

    @property
    def figure(self) -> Figure:
        return self.stance.other

    @property
    def relation(self) -> str:
        return self.stance.relation


def weigh(
    claim: Figure, comparisons: list[Comparison], reliability: Mapping[str, float] | None = None
) -> Verdict:
    """Weigh what other figures say of a claim into a verdict.

    `reliability` gives origins' learnt reliabilities by key (crosscheck.reliability; 0.5 for one
    not yet learnt): a voice weighs in proportion, which moves the confidence, never the status.
    """
    unchecked = _not_checked(claim)
    if unchecked:
        return Verdict(status="unverified", confidence=0.0, explanation=unchecked)
    comparisons = _unique(comparisons)
    decisive = [c for c in comparisons if c.relation != Relation.NEUTRAL]
    # The record decides where it confirms the claim or refutes it; a later count that merely
    # fits a tally's floor is consistent with it, as from any report.
    record = [
        c
        for c in decisive
        if c.other.official and (c.relation == Relation.CONTRADICTS or _confirms(claim, c))
    ]
    if record:
        return _by_the_record(claim, record)
    whose = origins_with_copies(claim, [c.other for c in comparisons])
    room = newsrooms(claim, [c.other for c in comparisons])
    own = room(claim)
    # The claim's own newsroom (its copies, its headline, a rewrite) is not evidence; another
    # newsroom that heard the same body is, weighed with every report of that body as one voice.
    reports = [c for c in decisive if room(c.other) != own]
    voices = _voices(claim, reports, whose, reliability or {})
    aside: list[tuple[_Voice, int]] = []
    voting = {whose(v.figure).key for v in voices}
    # Only a disagreement needs its witnesses examined, first the dissent, then, if a dissent
    # stands, the support; agreement is taken as it comes. A side of more than MAX_OUTLIERS
    # voices is no stray report: it is a real disagreement, and stays one.
    for relation in (Relation.CONTRADICTS, Relation.SUPPORTS):
        if not any(v.relation == Relation.CONTRADICTS for v in voices):
            break
        side = [v for v in voices if v.relation == relation]
        if len(side) > MAX_OUTLIERS:
            continue
        refuted = [
            (v, n) for v in side if (n := _refuters(claim, v, comparisons, voting, whose, room))
        ]
        aside += refuted
        voices = [v for v in voices if all(v is not a for a, _ in refuted)]
    pro = [v for v in voices if v.relation == Relation.SUPPORTS]
    con = [v for v in voices if v.relation == Relation.CONTRADICTS]
    confirming = [v for v in pro if _confirms(claim, v.stance)]
    status = _status(claim, pro, confirming, con)
    heard = {v.figure.key for v in voices}
    consistent = [
        c.other
        for c in comparisons
        if c.other.key not in heard and room(c.other) != own and _is_consistent(c)
    ]
    consistent += [v.figure for v in pro if v not in confirming]
    copies = [c.other for c in comparisons if room(c.other) == own]
    explanation = _explain(
        status, claim, confirming, con, aside, consistent, copies, whose(claim).label
    )
    deciding = _deciding(status, confirming, con)
    return Verdict(
        status=status,
        confidence=_confidence(status, confirming, con),
        explanation=explanation,
        deciding=tuple(v.figure.key for v in deciding),
    )


def _not_checked(claim: Figure) -> str:
    """Why a claim is not checked at all, or "" when it is."""
    if claim.mode == "planned":
        return "Unverified: a plan, projection or possibility, not checked as a current figure."
    if claim.mode == "past":
        year = f"for {claim.as_of.year}" if claim.as_of else "of an earlier time"
        return f"Unverified: a figure {year}, not checked against current reports."
    if claim.metric in UNCHECKABLE_METRICS:
        return "Unverified: what this figure counts is not in the taxonomy, so it is not checked."
    if is_open(claim.metric) and not open_checkable(claim.metric):
        return "Unverified: the text does not say what this figure counts, so it is not checked."
    return ""


def _by_the_record(claim: Figure, record: list[Comparison]) -> Verdict:
    """The official record bears on the claim: it decides, and reports are not weighed."""
    nearest = sorted(record, key=lambda c: _nearness(claim, c.other))
    pro = [c for c in nearest if c.relation == Relation.SUPPORTS]
    con = [c for c in nearest if c.relation == Relation.CONTRADICTS]
    near = nearest[0]
    # The record's own figure nearest the claim's date is its word for that date.
    if pro and con and not _same_date(pro[0].other, con[0].other):
        pro, con = ([near], []) if near.relation == Relation.SUPPORTS else ([], [near])
    if pro and con:
        status, deciding = "conflicting", [pro[0], con[0]]
        text = (
            f"Conflicting: the official record gives both {_named(pro[0].other)} "
            f"and {_named(con[0].other)}."
        )
        confidence = CONFLICT_CONFIDENCE
    elif pro:
        status, deciding = "supported", pro[:1]
        text = f"Supported by the official record: {_named(pro[0].other)}."
        confidence = RECORD_CONFIDENCE
    else:
        status, deciding = "contradicted", con[:1]
        text = f"Contradicted by the official record: {_named(con[0].other)}."
        confidence = RECORD_CONFIDENCE
    return Verdict(
        status=status,
        confidence=confidence,
        explanation=_fit(text),
        deciding=tuple(c.other.key for c in deciding),
    )


def _status(claim: Figure, pro: list[_Voice], confirming: list[_Voice], con: list[_Voice]) -> str:
    if not con:
        return "supported" if confirming else "unverified"
    if not pro:
        if len(con) >= REFUTING_ORIGINS:
            return "contradicted" if _agree(con) else "conflicting"
        # One lone report against another: a disagreement only if both speak of the same date.
        return "conflicting" if _same_date(claim, con[0].figure) else "unverified"
    if len(confirming) >= max(OUTVOTING_ORIGINS, OUTVOTING_RATIO * len(con)):
        return "supported"
    if confirming or len(con) >= REFUTING_ORIGINS:
        return "conflicting"
    return "unverified"


def _confirms(claim: Figure, stance: Comparison) -> bool:
    """Whether a supporting figure confirms the claim, not merely fits it."""
    if stance.basis == Basis.EARLIER_COUNT:
        return True  # a floor an earlier count already reached
    if stance.basis == Basis.LATER_COUNT and stated(claim).high is None:
        return False  # a later count above a floor may have grown past it since
    if claim.as_of is None or stance.other.as_of is None:
        return True  # undated: it may be the same day; it weighs less (see _weight)
    return _same_date(claim, stance.other)


def _same_date(a: Figure, b: Figure) -> bool:
    """Whether two dated figures speak of about the same date (the metric's confirm_days)."""
    if a.as_of is None or b.as_of is None:
        return False
    return abs((a.as_of - b.as_of).days) <= metric(a.metric).confirm_days


def _agree(voices: list[_Voice]) -> bool:
    """Whether the voices' own figures agree with one another: none contradicts another, a small
    step down between two counts of a tally (a reclassification, whoever reports it) aside."""
    from claims.crosscheck.comparison import judge  # comparison does not import verdicts

    for i, a in enumerate(voices):
        for b in voices[i + 1 :]:
            found = judge(a.figure, b.figure)
            if found is None or found.relation != Relation.CONTRADICTS:
                continue
            earlier, later = sorted((a.figure, b.figure), key=_when)
            if found.basis == Basis.TALLY_SHRANK and small_drop(earlier, later):
                continue
            return False
    return True


def _when(f: Figure) -> int:
    return f.as_of.toordinal() if f.as_of else 0


def _is_consistent(c: Comparison) -> bool:
    return c.relation == Relation.NEUTRAL and c.basis in (
        Basis.CONSISTENT,
        Basis.EARLIER_COUNT,
        Basis.LATER_COUNT,
        Basis.REVISED,
        Basis.OTHER_GROUND,
        Basis.OTHER_THING,
    )


def _refuters(
    claim: Figure,
    voice: _Voice,
    comparisons: list[Comparison],
    voting: set[str],
    whose: Callable[[Figure], Origin],
    room: Callable[[Figure], str],
) -> int:
    """How many independent origins refute the voice's figure; 0 unless they clearly do.

    The voice's figure is held against the rest of the evidence, each origin heard once; neither
    the claim's newsroom nor the voice's own may vouch for itself. Origins already voting on the
    claim are heard only beside one that is not (or the official record, which refutes on its
    own): two sides that only contradict each other are a disagreement, not an outlier.
    """
    from claims.crosscheck.comparison import judge  # comparison does not import verdicts

    witness = voice.figure
    silent = {room(claim), room(witness)}
    against: set[str] = set()
    behind: set[str] = set()
    for c in comparisons:
        other = c.other
        if other.official:
            key = "record"
        elif room(other) in silent:
            continue
        else:
            key = whose(other).key
        found = judge(witness, other)
        if found is None or found.relation == Relation.NEUTRAL:
            continue
        (behind if found.relation == Relation.SUPPORTS else against).add(key)
    if "record" in against and "record" not in behind:
        return max(len(against), REFUTING_ORIGINS)
    if not against - voting or len(against) < REFUTING_ORIGINS:
        return 0
    return 0 if OUTVOTING_RATIO * len(behind) > len(against) else len(against)


def _unique(comparisons: Iterable[Comparison]) -> list[Comparison]:
    seen: set[FigureKey] = set()
    kept = []
    for c in comparisons:
        if c.other.key not in seen:
            seen.add(c.other.key)
            kept.append(c)
    return kept


def _voices(
    claim: Figure,
    comparisons: list[Comparison],
    whose: Callable[[Figure], Origin],
    reliability: Mapping[str, float],
) -> list[_Voice]:
    by_origin: dict[str, list[Comparison]] = {}
    labels: dict[str, str] = {}
    for c in comparisons:
        origin = whose(c.other)
        by_origin.setdefault(origin.key, []).append(c)
        labels.setdefault(origin.key, origin.label)
    voices = []
    for key, said in by_origin.items():
        stance = min(said, key=lambda c: _nearness(claim, c.other))
        trust = reliability.get(key, PRIOR) / PRIOR
        voices.append(_Voice(labels[key], stance, _weight(claim, stance.other) * trust))
    return sorted(voices, key=lambda v: (-v.weight, v.label))


def _nearness(claim: Figure, other: Figure) -> tuple:
    """Sort key: nearest in time first, then the latest, then by what the figure says (so a copy
    of a figure, whatever its key, sorts with it), then a stable order (the key as text)."""
    said = (other.value, other.qualifier, other.since or date.min, str(other.key))
    if claim.as_of is None or other.as_of is None:
        return (float("inf"), 0, *said)
    return (abs((other.as_of - claim.as_of).days), -other.as_of.toordinal(), *said)


def _weight(claim: Figure, other: Figure) -> float:
    if claim.as_of is None or other.as_of is None:
        return FAR_WEIGHT
    reach = max(metric(claim.metric).window_days, 1)
    distance = min(1.0, abs((other.as_of - claim.as_of).days) / reach)
    return 1.0 - (1.0 - FAR_WEIGHT) * distance


def _strength(weight: float) -> float:
    """1 origin → 0.5, 2 → 0.75, 3 → 0.875 …: each independent origin halves the doubt."""
    return 1.0 - 0.5**weight


def _confidence(status: str, confirming: list[_Voice], con: list[_Voice]) -> float:
    pro = sum(v.weight for v in confirming)
    against = sum(v.weight for v in con)
    if status == "supported":
        value = _strength(pro) * pro / (pro + against)
    elif status == "contradicted":
        value = _strength(against)
    elif status == "conflicting":
        # How evenly the record is split. Where no other origin confirms the claim, its own
        # report is the side the dissent disagrees with: one report against one is an even split.
        pro = pro or OWN_REPORT_WEIGHT
        total = pro + against
        value = CONFLICT_CONFIDENCE * (1.0 - abs(pro - against) / total)
    else:
        return 0.0
    return round(min(MAX_CONFIDENCE, max(0.0, value)), 3)


def _deciding(status: str, confirming: list[_Voice], con: list[_Voice]) -> list[_Voice]:
    if status == "supported":
        return confirming
    if status == "contradicted":
        return con
    if status == "conflicting":
        return [*confirming, *con]
    return []


# --- the explanation: one sentence, what decided first -------------------------------------------


def _named(f: Figure, label: str | None = None) -> str:
    """ "AP (about 2,500, 26 Jan 2024)"; the record is named by its source."""
    who = label or f.source or "an unnamed source"
    when = f", {wording.day(f.as_of)}" if f.as_of else ""
    return f"{who} ({wording.figure(f)}{wording.since(f)}{when})"


def _listing(named: list[str], listed: int) -> str:
    if len(named) > listed:
        shown = named[:listed]
        return f"{', '.join(shown)} and {len(named) - listed} more"
    if len(named) <= 2:
        return " and ".join(named)
    return f"{', '.join(named[:-1])} and {named[-1]}"


def _voice_names(voices: list[_Voice]) -> list[str]:
    return [_named(v.figure, v.label) for v in voices]


def _explain(
    status: str,
    claim: Figure,
    confirming: list[_Voice],
    con: list[_Voice],
    aside: list[tuple[_Voice, int]],
    consistent: list[Figure],
    copies: list[Figure],
    own: str,
) -> str:
    for listed in (LISTED, 2, 1):
        text = _sentence(status, claim, confirming, con, aside, consistent, copies, own, listed)
        if len(text) <= MAX_EXPLANATION:
            return text
    return _fit(text)


def _sentence(
    status: str,
    claim: Figure,
    confirming: list[_Voice],
    con: list[_Voice],
    aside: list[tuple[_Voice, int]],
    consistent: list[Figure],
    copies: list[Figure],
    own: str,
    listed: int,
) -> str:
    pro_names = _listing(_voice_names(confirming), listed)
    con_names = _listing(_voice_names(con), listed)
    if status == "supported":
        text = f"Supported: {pro_names} {_confirm(confirming)} it for about that date."
        if con:
            text += f" Outvoted: {con_names}."
    elif status == "contradicted":
        text = f"Contradicted: {con_names}, independent of one another, give another figure."
    elif status == "conflicting":
        if confirming:
            differ = "differs" if len(con) == 1 else "differ"
            text = f"Conflicting: {pro_names} {_confirm(confirming)} it; {con_names} {differ}."
        elif len(con) == 1:
            text = (
                f"Conflicting: {con_names} gives another figure for the same date, "
                "and nothing settles it."
            )
        else:
            text = f"Conflicting: {con_names} disagree with it and with one another."
    elif con:
        text = f"Unverified: only {con_names} disagrees, and one report alone cannot refute it."
    elif consistent:
        named = _listing([_named(f, _label(f)) for f in _nearest(claim, consistent)], listed)
        text = (
            f"Unverified: consistent with {named}, but no other report gives this figure "
            "for about that date."
        )
    elif copies:
        text = (
            f"Unverified: only {own}'s own reports give a comparable figure, and a report "
            "cannot confirm itself."
        )
    elif counter_key(claim):
        who = "its publisher's own tracker" if claim.counter == "own" else claim.counter
        text = f"Unverified: a count kept by {who}, and no other report gives that count."
    else:
        text = "Unverified: no other report gives a comparable figure."
    if aside:
        v, n = aside[0]
        more = f" (and {len(aside) - 1} more)" if len(aside) > 1 else ""
        text += (
            f" Set aside: {v.label}'s '{wording.figure(v.figure)}'{more}, "
            f"which {n} other reports contradict."
        )
    return text


def _confirm(voices: list[_Voice]) -> str:
    return "confirms" if len(voices) == 1 else "confirm"


def _label(f: Figure) -> str:
    return origin_of(f).label


def _nearest(claim: Figure, figures: list[Figure]) -> list[Figure]:
    seen: set[str] = set()
    kept = []
    for f in sorted(figures, key=lambda f: _nearness(claim, f)):
        label = _label(f)
        if label not in seen:
            seen.add(label)
            kept.append(f)
    return kept


def _fit(text: str) -> str:
    if len(text) <= MAX_EXPLANATION:
        return text
    return text[: MAX_EXPLANATION - 1].rstrip() + "…"
