"""Cross-checking at scale: the cost of checking one claim as the store grows 10k → 100k → 1M.

    python bench/crosscheck.py                          # 10k, 100k, 1M claims (~10-15 min)
    python bench/crosscheck.py --sizes 10000,100000     # a quick run
    python bench/crosscheck.py --database-url postgres://postgres@127.0.0.1:5432/fc_bench

It drops and recreates its own PostgreSQL database (the name must contain "bench"), migrates it and
loads synthetic claims with COPY: metrics from the taxonomy, places from the gazetteer (a few
places hold most claims), dates over two years, values that behave as their metric does (running
tallies that grow from a start date, slowly drifting stock levels, small event counts revised
upward), qualifiers and attributions in realistic shares, from a couple of thousand outlets.
At each size it measures, side by side in one run:

- a NEW claim: a document and its claim are stored, then the claim is read back as the pipeline
  reads it and `checking.claim_crosscheck` runs on it; median and p95 over --samples claims;
- one process checking stored claims as the recheck command does, in batches (each batch read
  while the one before is weighed and the one before that stored): claims per second over
  --recheck claims, first never checked (all evidence new), then the same claims again;
- the candidate query (the LATERAL query `selectors.candidates.candidates_for` runs for one
  claim, as it runs for a batch), under EXPLAIN (ANALYZE, BUFFERS) for the busiest metric and
  place, which must use claim_candidates_idx and never scan claims_claim.

It ends with the ratio of the largest size's median to the smallest's (target: at most 2x from 10k
to 1M) and the check and re-check rates at the largest size (target: at least 300 claims/s at
1M).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from harness import ROOT, database_recreate

sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/fc_bench"
FIRST_DAY = date(2023, 1, 1)
DAYS = 730
# Shares of all claims by metric: attacks and deaths dominate conflict reporting.
METRIC_SHARES = {
    "attacks": 0.24,
    "deaths": 0.18,
    "injuries": 0.14,
    "troops_deployed": 0.12,
    "projectiles": 0.12,
    "detainees": 0.05,
    "displaced": 0.06,
    "civilians_killed": 0.06,
    "other": 0.03,
}
# Places in the order the news names them most; shares fall off as a Zipf law over this order.
BUSY_PLACES = [
    "Iraq",
    "Syria",
    "Iraq and Syria",
    "Gaza Strip",
    "Israel",
    "Yemen",
    "Jordan",
    "Middle East",
    "Iran",
    "Baghdad, Iraq",
    "Erbil, Iraq",
    "Ain al-Asad air base, Iraq",
    "Tower 22, Jordan",
    "al-Tanf, Syria",
    "Anbar, Iraq",
    "Kurdistan region, Iraq",
    "al-Hol camp, Syria",
]
ZIPF = 1.15
# Typical levels of a stock metric, by place (scaled down for the smaller places).
STOCK_LEVELS = {"troops_deployed": 2500, "detainees": 9000, "displaced": 40000}
# Running tallies grow by about this many a day; events count a handful.
TALLY_RATES = {"attacks": 1.1, "injuries": 0.6, "civilians_killed": 3.0}
EVENT_SIZES = {"deaths": 4.0, "projectiles": 9.0, "other": 6.0}
ATTRIBUTIONS = [
    ("", 0.45),
    ("the Pentagon said", 0.12),
    ("US officials said", 0.10),
    ("a US defense official told Reuters", 0.06),
    ("according to AP", 0.05),
    ("an Iraqi security official told AFP", 0.05),
    ("US Central Command said", 0.07),
    ("the group said in a statement", 0.05),
    ("local officials said", 0.05),
]
LEADS = [
    "As of {day}, {outlet} counted",
    "{outlet} reported on {day} that there were",
    "Figures seen by {outlet} on {day} put the number at",
    "In its {day} report, {outlet} gave",
]
WIRES = ["Reuters", "AP", "AFP", "Anadolu", "TASS", "Xinhua", "UPI", "dpa"]


def weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


@dataclass
class Row:
    """One synthetic claim, in the columns of claims_claim."""

    metric: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    quote: str
    sentence: str
    place: str
    attribution: str
    as_of: date | None
    since: date | None
    subset: str
    derived: bool


class World:
    """The synthetic news: who reports, where, and what the figures are, for a fixed seed."""

    def __init__(self, seed: int) -> None:
        from claims.metrics import taxonomy
        from claims.places import gazetteer

        self.rng = random.Random(seed)
        metrics = taxonomy()
        places = [p for p in BUSY_PLACES if p in gazetteer()]
        places += sorted(set(gazetteer()) - set(places))
        self.metrics = [(m, s) for m, s in METRIC_SHARES.items() if m in metrics]
        self.places = [(p, 1.0 / (rank + 1) ** ZIPF) for rank, p in enumerate(places)]
        self.kinds = {slug: str(m.kind) for slug, m in metrics.items()}
        # Every tally has two series per place, started ten days apart (Oct 7 vs Oct 17).
        self.series = {
            (m, p): (FIRST_DAY + timedelta(days=d), FIRST_DAY + timedelta(days=d + 10))
            for m in TALLY_RATES
            for i, (p, _) in enumerate(self.places)
            for d in [(i * 17) % 90]
        }

    def sources(self, count: int) -> list[tuple[str, str, str]]:
        """(name, kind, independence group): wires, a few owner groups, a long tail of outlets."""
        rows = [(w, "wire", "") for w in WIRES]
        for n in range(count - len(rows)):
            group = f"Media Group {n % 40:02d}" if n % 9 == 0 else ""
            rows.append((f"Outlet {n:04d}", "outlet", group))
        return rows

    def source_weights(self, count: int) -> list[float]:
        # A few outlets publish most of the copy: Zipf over the source list.
        return [1.0 / (rank + 1) ** 0.9 for rank in range(count)]

    def day(self) -> date:
        # Coverage grows over the two years (more outlets, more fighting): a gentle upward slope.
        days = int(DAYS * math.sqrt(self.rng.random()))
        return FIRST_DAY + timedelta(days=min(days, DAYS - 1))

    def claim(self, published: date, outlet: str = "") -> Row:
        from claims.figures import interval_for

        rng = self.rng
        metric = weighted(rng, self.metrics)
        place = weighted(rng, self.places)
        kind = self.kinds.get(metric, "event")
        as_of = None if rng.random() < 0.01 else published - timedelta(days=rng.choice((0, 0, 1)))
        when = as_of or published
        since = None
        subset = "serious" if metric == "injuries" and rng.random() < 0.03 else ""
        if kind == "tally":
            early, late = self.series[(metric, place)]
            since = late if rng.random() < 0.8 else early
            if since > when:
                since = FIRST_DAY
            days = max(1, (when - since).days)
            value = TALLY_RATES[metric] * days * rng.lognormvariate(0, 0.08)
            qualifier = weighted(
                rng, [("exact", 0.5), ("more_than", 0.25), ("about", 0.15), ("at_least", 0.1)]
            )
        elif kind == "stock":
            share = dict(self.places)[place]
            level = STOCK_LEVELS.get(metric, 1000) * share * (1 + 0.15 * math.sin(days_in(when)))
            value = level * rng.lognormvariate(0, 0.06)
            qualifier = weighted(
                rng, [("about", 0.4), ("exact", 0.4), ("more_than", 0.1), ("nearly", 0.1)]
            )
        else:
            value = rng.expovariate(1 / EVENT_SIZES.get(metric, 5.0)) + 1
            qualifier = weighted(rng, [("exact", 0.6), ("at_least", 0.25), ("more_than", 0.15)])
        value = round_like_the_news(value)
        interval = interval_for(value, qualifier)
        words = {"more_than": "more than ", "about": "about ", "at_least": "at least "}
        quote = f"{words.get(qualifier, '')}{value:,.0f}"
        attribution = weighted(rng, ATTRIBUTIONS)
        # Each outlet words its own sentence: sentences shared across outlets read as one origin.
        said = f", {attribution}" if attribution else ""
        lead = rng.choice(LEADS).format(outlet=outlet or "this outlet", day=f"{published:%d %B}")
        sentence = f"{lead} {quote} {metric.replace('_', ' ')} in {place}{said}."
        return Row(
            metric=metric,
            value=value,
            low=interval.low,
            high=interval.high,
            qualifier=qualifier,
            quote=quote,
            sentence=sentence,
            place=place,
            attribution=attribution,
            as_of=as_of,
            since=since,
            subset=subset,
            derived=rng.random() < 0.02,
        )


def days_in(when: date) -> float:
    return (when - FIRST_DAY).days / 120


def round_like_the_news(value: float) -> float:
    """Big figures are rounded as reporters round them: 2,480 → 2,500, 137 → 137."""
    value = max(1.0, value)
    if value >= 1000:
        return float(round(value, -2))
    return float(round(value))


# --- the database ----------------------------------------------------------------------------


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    # No DEBUG: Django would otherwise keep every query in memory and slow down.
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-" + "x" * 40)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


class Loader:
    """Adds synthetic documents and claims with COPY, a few claims per document."""

    def __init__(self, world: World, sources: int) -> None:
        self.world = world
        self.claims = 0
        self.documents = 0
        self.source_ids: list[int] = []
        self.source_weights: list[float] = []
        self.source_origins: dict[int, str] = {}  # a document's origin, by its source
        self.source_count = sources

    def load_sources(self) -> None:
        from claims.models import Source

        rows = self.world.sources(self.source_count)
        Source.objects.bulk_create(
            [Source(name=n, kind=k, independence_group=g) for n, k, g in rows], batch_size=1000
        )
        self.source_ids = list(Source.objects.order_by("id").values_list("id", flat=True))
        self.source_origins = {
            s.pk: s.origin for s in Source.objects.only("name", "independence_group")
        }
        self.source_weights = self.world.source_weights(len(self.source_ids))

    def grow_to(self, size: int) -> float:
        from django.db import connection

        from claims.metrics import metric
        from claims.provenance import passage_of

        started = time.perf_counter()
        now = datetime.now(UTC)
        rng = self.world.rng
        documents: list[tuple] = []
        claims: list[tuple] = []
        with connection.cursor() as cursor:
            # New claims timed between sizes took document ids from the sequence too.
            cursor.execute("SELECT coalesce(max(id), 0) FROM claims_document")
            doc_id = cursor.fetchone()[0]
        count = self.claims
        while count < size:
            doc_id += 1
            published = self.world.day()
            source = rng.choices(self.source_ids, weights=self.source_weights)[0]
            n = min(size - count, rng.choice((1, 1, 2, 2, 3, 4, 5, 6, 8)))
            rows = [self.world.claim(published, f"Outlet {source}") for _ in range(n)]
            text = " ".join(r.sentence for r in rows)
            url = f"https://news.example/{source}/{doc_id}"
            digest = hashlib.sha256(url.encode()).hexdigest()
            documents.append(
                (doc_id, source, url, f"Report {doc_id}", published, text, digest, "checked")
                + (now, 0, "", now, self.source_origins[source])
            )
            offset = 0
            for r in rows:
                start = offset + r.sentence.index(r.quote)
                claims.append(
                    (doc_id, r.metric, r.value, r.low, r.high, r.qualifier, r.quote, start)
                    + (start + len(r.quote), r.sentence, r.place, "", r.as_of, r.since)
                    + (r.attribution, r.subset, r.derived, "unverified", 0.0, "", now)
                    + (passage_of(r.sentence), metric(r.metric).kind.value, "current", "")
                    + ("", "count", "")  # unit, unit_kind, counted: a taxonomy metric's count
                )
                offset += len(r.sentence) + 1
            count += n
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor, for COPY
            with raw.copy(
                "COPY claims_document (id, source_id, url, title, published, text, content_hash,"
                " state, state_changed_at, attempts, error, created_at, origin) FROM STDIN"
            ) as copy:
                for row in documents:
                    copy.write_row(row)
            with raw.copy(
                "COPY claims_claim (document_id, metric, value, low, high, qualifier, quote,"
                ' start, "end", sentence, place, actor, as_of, since, attribution, subset,'
                " derived, status, confidence, explanation, created_at, passage, kind, mode,"
                " counter, unit, unit_kind, counted) FROM STDIN"
            ) as copy:
                for row in claims:
                    copy.write_row(row)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('claims_document', 'id'), %s)", [doc_id]
            )
            cursor.execute("ANALYZE claims_document; ANALYZE claims_claim; ANALYZE claims_source")
        self.documents = doc_id
        self.claims = count
        return time.perf_counter() - started


# --- the measurements --------------------------------------------------------------------------


def store_new_claim(world: World, loader: Loader, serial: int):
    """A new document with one claim, stored as extraction would store it."""
    from claims.models import Claim, Document
    from claims.provenance import passage_of

    rng = world.rng
    published = world.day()
    source = rng.choices(loader.source_ids, weights=loader.source_weights)[0]
    row = world.claim(published, f"Outlet {source}")
    url = f"https://news.example/new/{serial}-{rng.random()}"
    document = Document.objects.create(
        source_id=source,
        url=url,
        title="New report",
        published=published,
        text=row.sentence,
        content_hash=hashlib.sha256(url.encode()).hexdigest(),
        state=Document.State.EXTRACTED,
        origin=loader.source_origins[source],
    )
    start = row.sentence.index(row.quote)
    Claim.objects.create(
        document=document,
        metric=row.metric,
        value=row.value,
        low=row.low,
        high=row.high,
        qualifier=row.qualifier,
        quote=row.quote,
        start=start,
        end=start + len(row.quote),
        sentence=row.sentence,
        place=row.place,
        as_of=row.as_of,
        since=row.since,
        attribution=row.attribution,
        subset=row.subset,
        derived=row.derived,
        passage=passage_of(row.sentence),
    )
    return document.pk


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def time_new_claims(world: World, loader: Loader, samples: int) -> tuple[list[float], list[int]]:
    from claims.crosscheck import scope_of
    from claims.selectors.candidates import candidates_for
    from claims.selectors.claims import claims_of_document
    from claims.selectors.figures import claim_figure
    from claims.services import checking

    times, candidates = [], []
    for n in range(samples):
        document_id = store_new_claim(world, loader, loader.claims + n)
        started = time.perf_counter()
        (claim,) = claims_of_document(document_id=document_id)
        checking.claim_crosscheck(claim=claim)
        times.append(time.perf_counter() - started)
        scope = scope_of(claim_figure(claim))
        candidates.append(len(candidates_for(scope, exclude=claim)))
    return times, candidates


def recheck_rates(loader: Loader, count: int, budget: float) -> tuple[float, float, int]:
    """Claims per second of one process checking stored claims as the recheck command does
    (checking.claims_recheck: each batch read while the one before is weighed and the one before
    that stored). Twice over one sample: first checks of claims never checked (every evidence
    row is new), then re-checks of the same claims (evidence that still holds is kept)."""
    from claims.selectors.claims import claims_by_ids
    from claims.services import checking

    rng = random.Random(loader.claims)
    ids = sorted(rng.sample(range(1, loader.claims + 1), min(count, loader.claims)))

    def rate(ids: list[int]) -> tuple[float, int]:
        started = time.perf_counter()

        def stored_claims():
            for at in range(0, len(ids), checking.RECHECK_BATCH):
                if time.perf_counter() - started > budget:
                    return
                yield from claims_by_ids(ids=ids[at : at + checking.RECHECK_BATCH])

        done = checking.claims_recheck(claims=stored_claims())
        return done / (time.perf_counter() - started), done

    first, done = rate(ids)
    again, _ = rate(ids[:done])
    return first, again, done


def busiest_claim():
    """A stored claim in the busiest (metric, place) with a dated tally window: the worst case."""
    from django.db.models import Count

    from claims.models import Claim

    top = (
        Claim.objects.exclude(as_of=None)
        .filter(metric__in=list(TALLY_RATES))
        .values("metric", "place")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return (
        Claim.objects.select_related("document__source")
        .filter(metric=top["metric"], place=top["place"], since__isnull=False)
        .exclude(as_of=None)
        .order_by("-as_of", "id")[top["n"] // 3 :]
        .first()
    )


def explain_candidates() -> tuple[str, bool]:
    """EXPLAIN (ANALYZE, BUFFERS) of the candidate query for the busiest claim, and whether the
    plan reads claims_claim through claim_candidates_idx, never a sequential scan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.crosscheck import scope_of
    from claims.selectors.candidates import candidates_for
    from claims.selectors.figures import claim_figure

    claim = busiest_claim()
    scope = scope_of(claim_figure(claim))
    with CaptureQueriesContext(connection) as captured:
        found = candidates_for(scope, exclude=claim)
    sql = next(q["sql"] for q in captured.captured_queries if "FROM claims_claim c" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    uses_index = "claim_candidates_idx" in plan and "Seq Scan on claims_claim" not in plan
    header = (
        f"claim {claim.pk}: {claim.metric} in {claim.place} as of {claim.as_of}; "
        f"window {scope.start}..{scope.end}; {len(found)} candidates\n{sql}\n"
    )
    return header + plan, uses_index


@dataclass
class Measure:
    size: int
    load_seconds: float
    median_ms: float
    p95_ms: float
    candidates: float
    first_rate: float
    rate: float
    rechecked: int
    uses_index: bool


def measure(world: World, loader: Loader, size: int, args: argparse.Namespace) -> Measure:
    load = loader.grow_to(size)
    print(f"\n== {size:,} claims ({loader.documents:,} documents), loaded in {load:.1f} s")
    times, candidates = time_new_claims(world, loader, args.samples)
    first_rate, rate, done = recheck_rates(loader, args.recheck, args.recheck_seconds)
    plan, uses_index = explain_candidates()
    print(f"-- candidate query plan at {size:,} claims\n{plan}")
    print(f"-- uses claim_candidates_idx, no Seq Scan on claims_claim: {uses_index}")
    result = Measure(
        size=size,
        load_seconds=load,
        median_ms=statistics.median(times) * 1000,
        p95_ms=percentile(times, 0.95) * 1000,
        candidates=statistics.mean(candidates),
        first_rate=first_rate,
        rate=rate,
        rechecked=done,
        uses_index=uses_index,
    )
    print(
        f"-- new claim: median {result.median_ms:.1f} ms, p95 {result.p95_ms:.1f} ms, "
        f"{result.candidates:.0f} candidates on average; over {done} stored claims: first check "
        f"{first_rate:.0f} claims/s, re-check {rate:.0f} claims/s",
        flush=True,
    )
    return result


def report(results: list[Measure], args: argparse.Namespace) -> bool:
    print(
        "\n   claims   new claim median ms   p95 ms   candidates   first check /s   re-check /s"
        "   index"
    )
    for r in results:
        print(
            f"{r.size:>9,}   {r.median_ms:>19.1f}   {r.p95_ms:>6.1f}   {r.candidates:>10.0f}"
            f"   {r.first_rate:>14.0f}   {r.rate:>11.0f}   {'yes' if r.uses_index else 'NO'}"
        )
    first, last = results[0], results[-1]
    ratio = last.median_ms / first.median_ms
    p95_ratio = last.p95_ms / first.p95_ms
    verdicts = [
        (
            f"t({last.size:,})/t({first.size:,}) median = {ratio:.2f}x (p95 {p95_ratio:.2f}x)",
            ratio <= args.max_ratio,
            f"<= {args.max_ratio:g}x",
        ),
        (
            f"first check of stored claims at {last.size:,}: {last.first_rate:.0f} claims/s",
            last.first_rate >= args.min_rate,
            f">= {args.min_rate:g}",
        ),
        (
            f"re-check at {last.size:,}: {last.rate:.0f} claims/s",
            last.rate >= args.min_rate,
            f">= {args.min_rate:g}",
        ),
        ("candidate query uses claim_candidates_idx", all(r.uses_index for r in results), ""),
    ]
    for text, ok, target in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text} {target}".rstrip())
    if last.size < 1_000_000:
        print("(the targets are stated for 1,000,000 claims; this run stopped short of it)")
    return all(ok for _, ok, _ in verdicts)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Claim counts, growing.")
    parser.add_argument("--samples", type=int, default=200, help="New claims timed per size.")
    parser.add_argument("--recheck", type=int, default=2000, help="Stored claims re-checked.")
    parser.add_argument(
        "--recheck-seconds", type=float, default=90.0, help="Stop re-checking after this long."
    )
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-ratio", type=float, default=2.0)
    parser.add_argument("--min-rate", type=float, default=300.0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes != sorted(sizes) or not sizes:
        parser.error("--sizes must grow, e.g. 10000,100000,1000000")

    started = time.perf_counter()
    print(f"load average at start: {load_average()} (the targets assume an idle machine)")
    database_recreate(args.database_url, must_say="bench")
    setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    world = World(args.seed)
    loader = Loader(world, args.sources)
    loader.load_sources()
    results = [measure(world, loader, size, args) for size in sizes]
    ok = report(results, args)
    print(f"total {time.perf_counter() - started:.0f} s; load average at end: {load_average()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
