"""Scoring machine verdicts against verdicts a fact-checker judged (the corpus's gold files).

Pure Python: `score(gold_lines, exported_claims)` matches each gold line to at most one exported
claim and returns a report the `evaluate_verdicts` command prints. The rules are the corpus
README's: a gold line matches a claim of the same document URL (lower-case, no trailing slash),
metric and value; a gold metric `other` stands for any figure outside the taxonomy, whatever open
metric names it; where several claims match, the one whose quote lies in the gold quote's sentence
wins; each claim matches one gold line at most.

A gold `not_a_claim` line that no claim matches was rightly left out; one that a claim matches is
judged like any other (wrong unless its `acceptable` names the verdict).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from claims.corpus import same_metric

STATUSES = ("supported", "contradicted", "conflicting", "unverified")
NOT_A_CLAIM = "not_a_claim"
# Confidence bands the report counts verdicts in, each [low, high).
BANDS = ((0.0, 0.2), (0.2, 0.5), (0.5, 0.8), (0.8, 1.01))


def url_key(url: str) -> str:
    return (url or "").strip().lower().rstrip("/")


def _metrics(gold: dict) -> tuple[str, ...]:
    wanted = gold.get("metric")
    return tuple(wanted) if isinstance(wanted, list) else (str(wanted),)


def _metric_matches(gold: dict, metric: str) -> bool:
    return any(same_metric(wanted, metric) for wanted in _metrics(gold))


def _same_value(a: object, b: object) -> bool:
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def _squashed(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _closeness(gold: dict, claim: dict) -> tuple[int, int]:
    """How well a claim fits a gold line beyond URL, metric and value (higher is better)."""
    sentence = _squashed(gold.get("sentence", ""))
    quote = _squashed(claim.get("quote", ""))
    in_sentence = bool(quote) and quote in sentence
    gold_quote = _squashed(gold.get("quote", ""))
    holds_quote = bool(gold_quote) and (gold_quote in quote or quote in gold_quote)
    return int(in_sentence), int(holds_quote)


@dataclass
class Judged:
    gold: dict
    claim: dict | None

    @property
    def status(self) -> str | None:
        return self.claim.get("status") if self.claim else None

    @property
    def acceptable(self) -> tuple[str, ...]:
        return tuple(self.gold.get("acceptable") or [self.gold.get("gold")])

    @property
    def right(self) -> bool:
        return self.claim is not None and self.status in self.acceptable

    @property
    def is_claim(self) -> bool:
        return self.gold.get("gold") != NOT_A_CLAIM


@dataclass
class Report:
    judged: list[Judged] = field(default_factory=list)

    @property
    def found(self) -> list[Judged]:
        return [j for j in self.judged if j.claim is not None]

    @property
    def claim_lines(self) -> list[Judged]:
        return [j for j in self.judged if j.is_claim]

    @property
    def coverage(self) -> float:
        lines = self.claim_lines
        return sum(j.claim is not None for j in lines) / len(lines) if lines else 0.0

    @property
    def accuracy(self) -> float:
        found = self.found
        return sum(j.right for j in found) / len(found) if found else 0.0

    def precision(self, status: str) -> tuple[int, int]:
        given = [j for j in self.found if j.status == status]
        return sum(j.right for j in given), len(given)

    def recall(self, status: str) -> tuple[int, int]:
        wanted = [j for j in self.found if j.gold.get("gold") == status]
        return sum(j.status in j.acceptable for j in wanted), len(wanted)

    def confusion(self) -> Counter:
        return Counter((j.gold.get("gold"), j.status) for j in self.found)

    def bands(self) -> list[tuple[tuple[float, float], int, int]]:
        rows = []
        for low, high in BANDS:
            inside = [j for j in self.found if low <= float(j.claim.get("confidence") or 0) < high]
            rows.append(((low, min(high, 1.0)), sum(j.right for j in inside), len(inside)))
        return rows

    def lines(self) -> Iterable[str]:
        found = self.found
        yield f"gold lines: {len(self.judged)} ({len(self.claim_lines)} claims)"
        misses = [j for j in self.claim_lines if j.claim is None]
        yield f"coverage: {self.coverage:.3f} ({len(self.claim_lines) - len(misses)} found)"
        left_out = [j for j in self.judged if not j.is_claim and j.claim is None]
        yield f"not_a_claim lines left out (right): {len(left_out)}"
        right = sum(j.right for j in found)
        yield f"accuracy: {self.accuracy:.3f} ({right} of {len(found)} found)"
        yield ""
        yield f"{'status':<14}{'precision':>16}{'recall':>16}"
        for status in STATUSES:
            p_right, p_all = self.precision(status)
            r_right, r_all = self.recall(status)
            yield f"{status:<14}{_ratio(p_right, p_all):>16}{_ratio(r_right, r_all):>16}"
        yield ""
        yield "confusion (rows gold, columns machine):"
        golds = [*STATUSES, NOT_A_CLAIM]
        machine = [*STATUSES, "pending"]
        yield " " * 14 + "".join(f"{m[:12]:>13}" for m in machine)
        confusion = self.confusion()
        for g in golds:
            yield f"{g:<14}" + "".join(f"{confusion.get((g, m), 0):>13}" for m in machine)
        yield ""
        yield "confidence bands (right of verdicts given):"
        for (low, high), band_right, total in self.bands():
            yield f"  {low:.1f}–{high:.1f}: {_ratio(band_right, total)}"
        wrong = [j for j in found if not j.right]
        yield ""
        yield f"wrong verdicts: {len(wrong)}"
        for j in wrong:
            yield (
                f"- {j.gold.get('id')}: {j.gold.get('quote')!r} ({'/'.join(_metrics(j.gold))} "
                f"{j.gold.get('value')}): {j.status} ({j.claim.get('confidence')}), gold "
                f"{'/'.join(j.acceptable)}"
            )
            yield f"    machine: {j.claim.get('explanation')}"
            yield f"    gold:    {j.gold.get('why')}"
        yield ""
        yield f"gold claims not found: {len(misses)}"
        for j in misses:
            yield (
                f"- {j.gold.get('id')}: {j.gold.get('quote')!r} "
                f"({'/'.join(_metrics(j.gold))} {j.gold.get('value')})"
            )


def _ratio(right: int, total: int) -> str:
    return f"{right / total:.3f} ({right}/{total})" if total else "– (0/0)"


def score(gold_lines: list[dict], claims: list[dict]) -> Report:
    """Match gold lines to exported claims and judge each match (a gold metric `other` is any
    metric outside the corpus's list: claims.corpus.same_metric)."""
    by_url: dict[str, list[int]] = {}
    for index, claim in enumerate(claims):
        by_url.setdefault(url_key(claim.get("document_url", "")), []).append(index)
    # Every admissible (gold, claim) pair with how well it fits; the best pairs are taken first,
    # so a claim goes to the gold line it fits best, and each side is matched once at most.
    pairs = []
    for g, gold in enumerate(gold_lines):
        for c in by_url.get(url_key(gold.get("url", "")), ()):
            claim = claims[c]
            if _same_value(claim.get("value"), gold.get("value")) and _metric_matches(
                gold, str(claim.get("metric", ""))
            ):
                pairs.append((_closeness(gold, claim), g, c))
    pairs.sort(key=lambda p: (-p[0][0], -p[0][1], p[1], p[2]))
    taken_gold: dict[int, int] = {}
    taken_claims: set[int] = set()
    for _, g, c in pairs:
        if g in taken_gold or c in taken_claims:
            continue
        taken_gold[g] = c
        taken_claims.add(c)
    return Report(
        [
            Judged(gold, claims[taken_gold[g]] if g in taken_gold else None)
            for g, gold in enumerate(gold_lines)
        ]
    )
