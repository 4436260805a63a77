"""Scoring the extractor against hand-labelled claims (the corpus layout of ../shared/corpus).

Pure Python: `evaluate(corpus_dir)` returns a report that the `evaluate_extraction` command
prints. A label is found when a claim from its sentence has the same value, metric and qualifier
class; the place is scored as a second figure. Labels whose notes say "value is SUM of stated
parts" are found only by a derived total. Articles under `articles/` are fully labelled, so the
extractor's precision is scored on them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from claims.corpus import same_metric

from . import ExtractedClaim, extract_claims

# Qualifiers that say the same kind of thing about a figure.
QUALIFIER_CLASS = {
    "exact": "exact",
    "about": "approximate",
    "nearly": "approximate",
    "more_than": "lower bound",
    "at_least": "lower bound",
    "at_most": "upper bound",
    "fewer_than": "upper bound",
    "range": "range",
    "vague": "vague",
}
SUM_NOTE = "value is SUM of stated parts"


@dataclass
class LabelResult:
    label: dict
    found: ExtractedClaim | None
    place_right: bool
    candidates: list[ExtractedClaim]

    @property
    def is_sum(self) -> bool:
        return SUM_NOTE in (self.label.get("notes") or "")


@dataclass
class SeedScore:
    name: str
    labels: int
    found: int
    claims: int
    matched_claims: int
    extra: list[ExtractedClaim] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_claims / self.claims if self.claims else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0


@dataclass
class Report:
    results: list[LabelResult]
    seeds: list[SeedScore]

    def recall(self, results: list[LabelResult] | None = None) -> float:
        rows = self.results if results is None else results
        return sum(r.found is not None for r in rows) / len(rows) if rows else 1.0

    def by(self, key: str) -> dict[str, list[LabelResult]]:
        groups: dict[str, list[LabelResult]] = defaultdict(list)
        for r in self.results:
            groups[str(r.label.get(key))].append(r)
        return dict(sorted(groups.items()))

    def _dates_right(self, key: str) -> str:
        rows = [r for r in self.results if r.found is not None and r.label.get(key)]
        right = sum(
            getattr(r.found, key) is not None and getattr(r.found, key).isoformat() == r.label[key]
            for r in rows
        )
        return f"{right}/{len(rows)}"

    def lines(self) -> list[str]:
        found = [r for r in self.results if r.found is not None]
        plain = [r for r in self.results if not r.is_sum]
        sums = [r for r in self.results if r.is_sum]
        out = [
            f"labels: {len(self.results)}   recall (value, qualifier class, metric): "
            f"{self.recall():.3f}   place right where found: "
            f"{sum(r.place_right for r in found)}/{len(found)}   same qualifier slug: "
            f"{sum(r.found.qualifier == r.label.get('qualifier') for r in found)}/{len(found)}",
            f"  dates right where labelled and found: as_of {self._dates_right('as_of')}, "
            f"since {self._dates_right('since')}",
            f"  plain labels: {self.recall(plain):.3f} of {len(plain)}   "
            f"SUM-of-parts labels (derived totals): {self.recall(sums):.3f} of {len(sums)}",
            "",
            "recall by metric:",
        ]
        for name, rows in self.by("metric").items():
            out.append(f"  {name:<18} {self.recall(rows):.3f}  ({len(rows)})")
        out.append("recall by qualifier:")
        for name, rows in self.by("qualifier").items():
            out.append(f"  {name:<18} {self.recall(rows):.3f}  ({len(rows)})")
        out.append("")
        for seed in self.seeds:
            out.append(
                f"fully labelled {seed.name}: precision {seed.precision:.3f} "
                f"({seed.matched_claims}/{seed.claims})  recall {seed.recall:.3f} "
                f"({seed.found}/{seed.labels})"
            )
            for claim in seed.extra:
                out.append(f"  unlabelled claim: {claim.quote!r} → {_describe(claim)}")
        misses = [r for r in self.results if r.found is None]
        out.append("")
        out.append(f"misses: {len(misses)}")
        for r in misses:
            lab = r.label
            out.append(
                f"- {lab.get('id')}: {lab.get('metric')} {lab.get('value')} "
                f"{lab.get('qualifier')} @ {lab.get('location')}"
            )
            out.append(f"    {lab.get('sentence')}")
            for claim in r.candidates:
                out.append(f"    got {claim.quote!r} → {_describe(claim)}")
        return out


def _describe(claim: ExtractedClaim) -> str:
    derived = " (derived)" if claim.derived else ""
    return f"{claim.metric} {claim.value:g} {claim.qualifier} @ {claim.place or '?'}{derived}"


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def matches(label: dict, claim: ExtractedClaim) -> bool:
    """Same value, metric and qualifier class (a SUM label needs a derived total)."""
    if SUM_NOTE in (label.get("notes") or "") and not claim.derived:
        return False
    try:
        value = float(label["value"])
    except (KeyError, TypeError, ValueError):
        return False
    same_class = QUALIFIER_CLASS.get(claim.qualifier) == QUALIFIER_CLASS.get(label.get("qualifier"))
    return (
        abs(claim.value - value) < 1e-9
        and same_metric(str(label.get("metric")), claim.metric)
        and same_class
    )


def place_right(label: dict, claim: ExtractedClaim) -> bool:
    return bool(claim.place) and claim.place == label.get("location")


class _Texts:
    """Claims of the corpus documents, each document read once, looked up by sentence."""

    def __init__(self, documents: list[dict]) -> None:
        self.documents = documents
        self._claims: dict[int, list[ExtractedClaim]] = {}

    def claims_for(self, sentence: str, published: date | None) -> list[ExtractedClaim]:
        for k, doc in enumerate(self.documents):
            text = doc.get("text") or ""
            at = text.find(sentence)
            if at < 0:
                continue
            if k not in self._claims:
                self._claims[k] = extract_claims(text, _date(doc.get("published")))
            end = at + len(sentence)
            return [c for c in self._claims[k] if c.start < end and c.end > at]
        return extract_claims(sentence, published)


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def evaluate(corpus: Path) -> Report:
    labels = _read_jsonl(corpus / "claims.jsonl")
    documents_path = corpus / "documents.jsonl"
    documents = _read_jsonl(documents_path) if documents_path.exists() else []
    texts = _Texts(documents)
    results = []
    for label in labels:
        sentence = label.get("sentence") or ""
        candidates = texts.claims_for(sentence, _date(label.get("published")))
        found = [c for c in candidates if matches(label, c)]
        best = next((c for c in found if place_right(label, c)), found[0] if found else None)
        results.append(
            LabelResult(label, best, best is not None and place_right(label, best), candidates)
        )
    return Report(results, _score_articles(corpus, documents, labels))


def _score_articles(corpus: Path, documents: list[dict], labels: list[dict]) -> list[SeedScore]:
    published = {doc.get("id"): _date(doc.get("published")) for doc in documents}
    scores = []
    for path in sorted((corpus / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        mine = [lab for lab in labels if lab.get("sentence") and lab["sentence"] in text]
        claims = extract_claims(text, published.get(path.stem))
        used: set[int] = set()
        found = 0
        for label in mine:
            for k, claim in enumerate(claims):
                same_sentence = (
                    claim.sentence in label["sentence"] or label["sentence"] in claim.sentence
                )
                if k not in used and same_sentence and matches(label, claim):
                    used.add(k)
                    found += 1
                    break
        extra = [c for k, c in enumerate(claims) if k not in used]
        scores.append(SeedScore(path.name, len(mine), found, len(claims), len(used), extra))
    return scores
