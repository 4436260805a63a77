"""Load: documents posted to gunicorn on loopback while Celery workers extract and cross-check them.

Starts everything itself against a PostgreSQL database of its own (created, migrated, dropped at
the end) and a Redis database it flushes: gunicorn, a Celery worker and the bounded asyncio
client. Each client slot posts a document, then reads a claim (`GET /api/claims/{id}/`) while
the pipeline runs. When every document is posted it waits for all of them to be cross-checked.
Reports documents/s end to end (first POST to last document checked), latency percentiles of
the POST and of the claim read under that load, and errors (every non-2xx answer or failed
request, and every document that ends `failed`), which must be 0.

    python bench/load.py                                   # 2,000 documents, concurrency 32
    python bench/load.py --documents 100 --concurrency 8   # the short run CI makes
    python bench/load.py --json                            # the figures as one JSON object

DATABASE_URL names the PostgreSQL server (its database part is replaced by --database);
--redis-url must be a Redis database nothing else uses: it is flushed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from harness import ROOT as REPO
from harness import (
    database_recreate,
    free_port,
    gunicorn_command,
    manage,
    wait_for,
    with_database,
    worker_command,
)

OUTLETS = ["Wire A", "Outlet B", "Outlet C", "Outlet D"]
# Four outlets report each story; stories are days apart, so each claim has a few comparisons,
# as in a news cycle, rather than all of them.
STORIES = [
    "At least {value} people were killed in Gaza on Monday, health officials said.",
    "Militants have fired more than {value} rockets at US forces in Iraq since Oct. 17, "
    "officials said.",
    "Some {value} US troops are deployed in Syria, the Pentagon said.",
    "Israeli forces detained {value} Palestinians in the West Bank overnight, the army said.",
]
BASE_VALUES = [12, 40, 900, 25]


def story(n: int) -> tuple[str, dt.date]:
    """Document n: its text and publication date (four outlets per story, with varied figures)."""
    kind = (n // 4) % len(STORIES)
    value = BASE_VALUES[kind] + (n // 16) % 7 + n % 2
    text = f"Report {n}. " + STORIES[kind].format(value=f"{value:,}")
    published = dt.date(2000, 1, 3) + dt.timedelta(days=21 * (n // 16))
    return text, published


def percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "n": 0}
    # statistics.quantiles needs two samples; one sample is every percentile
    cuts = statistics.quantiles(
        samples * (2 if len(samples) == 1 else 1), n=100, method="inclusive"
    )
    return {
        "p50": round(cuts[49] * 1000, 1),
        "p95": round(cuts[94] * 1000, 1),
        "p99": round(cuts[98] * 1000, 1),
        "n": len(samples),
    }


@dataclass
class Tally:
    post: list[float] = field(default_factory=list)
    read: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    claim_ids: list[int] = field(default_factory=list)


async def wait_for_http(client: httpx.AsyncClient, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if (await client.get("/api/sources/")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


async def poll_claim_ids(client: httpx.AsyncClient, tally: Tally, stop: asyncio.Event) -> None:
    """Learn the ids of stored claims (newest first) for the readers to fetch."""
    while not stop.is_set():
        try:
            response = await client.get("/api/claims/", params={"ordering": "-id"})
            if response.status_code == 200:
                known = set(tally.claim_ids)
                tally.claim_ids.extend(
                    c["id"] for c in response.json()["results"] if c["id"] not in known
                )
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)


async def client_slot(
    client: httpx.AsyncClient, queue: asyncio.Queue, tally: Tally, rng: random.Random
) -> None:
    while True:
        try:
            n = queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        text, published = story(n)
        body = {
            "url": f"https://load{n % 4}.example/report-{n}",
            "source": OUTLETS[n % 4],
            "published": published.isoformat(),
            "text": text,
        }
        started = time.perf_counter()
        try:
            response = await client.post("/api/documents/", json=body)
            tally.post.append(time.perf_counter() - started)
            if response.status_code != 202:
                tally.errors.append(f"POST {n}: {response.status_code} {response.text[:200]}")
        except httpx.HTTPError as exc:
            tally.errors.append(f"POST {n}: {type(exc).__name__}: {exc}")
        if tally.claim_ids:
            claim_id = rng.choice(tally.claim_ids)
            started = time.perf_counter()
            try:
                response = await client.get(f"/api/claims/{claim_id}/")
                tally.read.append(time.perf_counter() - started)
                if response.status_code != 200:
                    tally.errors.append(f"GET claim {claim_id}: {response.status_code}")
            except httpx.HTTPError as exc:
                tally.errors.append(f"GET claim {claim_id}: {type(exc).__name__}: {exc}")


async def pipeline_counts(client: httpx.AsyncClient) -> dict[str, int]:
    counts = {}
    for state in ("received", "extracting", "extracted", "checking", "checked", "failed"):
        response = await client.get("/api/documents/", params={"state": state, "page_size": 1})
        response.raise_for_status()
        counts[state] = response.json()["count"]
    return counts


async def drive(base_url: str, token: str, documents: int, concurrency: int, timeout: float):
    tally = Tally()
    limits = httpx.Limits(max_connections=concurrency + 2, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Token {token}"}
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=60
    ) as client:
        await wait_for_http(client)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(documents):
            queue.put_nowait(n)
        stop = asyncio.Event()
        poller = asyncio.create_task(poll_claim_ids(client, tally, stop))
        rng = random.Random(5)  # noqa: S311 - picks claims to read, not a secret
        started = time.perf_counter()
        await asyncio.gather(*(client_slot(client, queue, tally, rng) for _ in range(concurrency)))
        posted = time.perf_counter() - started
        # Then every document must reach the end of the pipeline.
        deadline = time.monotonic() + timeout
        while True:
            counts = await pipeline_counts(client)
            if counts["checked"] + counts["failed"] >= documents:
                break
            if time.monotonic() > deadline:
                tally.errors.append(f"not all documents finished in {timeout:.0f}s: {counts}")
                break
            await asyncio.sleep(0.25)
        elapsed = time.perf_counter() - started
        stop.set()
        await poller
    if counts["failed"]:
        tally.errors.append(f"{counts['failed']} document(s) failed")
    return tally, counts, posted, elapsed


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--database", default="factcheck_load", help="created and dropped")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("FACTCHECK_LOAD_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a Redis database of its own: it is flushed",
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for checks")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck")
    database_url = with_database(server, args.database)
    database_recreate(database_url, must_say="load")
    redis.Redis.from_url(args.redis_url).flushdb()  # its own database: see --redis-url
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": args.redis_url,
        "FACTCHECK_WRITE_THROTTLE": "",
        "FACTCHECK_ANONYMOUS_READ": "true",
        "PYTHONUNBUFFERED": "1",
    }
    logs = Path(tempfile.mkdtemp(prefix="factcheck-load-"))
    processes: list[subprocess.Popen] = []
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(
            env,
            "shell",
            "-c",
            "from claims.models import Source\n"
            + "".join(f"Source.objects.get_or_create(name={name!r})\n" for name in OUTLETS),
        )
        token = manage(env, "create_api_token", "load", "--staff").strip()
        with (logs / "gunicorn.log").open("wb") as log:
            processes.append(
                subprocess.Popen(
                    gunicorn_command(port=port, workers=args.web_workers, log_level="warning"),
                    cwd=REPO,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        worker_log = logs / "worker.log"
        with worker_log.open("wb") as log:
            processes.append(
                subprocess.Popen(
                    # INFO, for the line that says it is ready: the load starts on a worker
                    # that takes tasks (else a short run is posted before any claim exists)
                    worker_command(
                        pool="prefork", concurrency=args.celery_concurrency, log_level="INFO"
                    ),
                    cwd=REPO,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        ready = lambda: " ready." in worker_log.read_text()  # noqa: E731
        wait_for("the worker", ready, processes[-1], worker_log)
        tally, counts, posted, elapsed = asyncio.run(
            drive(f"http://127.0.0.1:{port}", token, args.documents, args.concurrency, args.timeout)
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep_database:
            database_recreate(database_url, must_say="load", drop_only=True)

    result = {
        "documents": args.documents,
        "concurrency": args.concurrency,
        "web_workers": args.web_workers,
        "celery_concurrency": args.celery_concurrency,
        "states": counts,
        "post_seconds": round(posted, 2),
        "end_to_end_seconds": round(elapsed, 2),
        "documents_per_second": round(args.documents / elapsed, 2),
        "post_ms": percentiles(tally.post),
        "get_claim_ms": percentiles(tally.read),
        "errors": len(tally.errors),
        "error_samples": tally.errors[:10],
        "logs": str(logs),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.documents} documents, concurrency {args.concurrency}: "
            f"{result['documents_per_second']} documents/s end to end "
            f"({result['end_to_end_seconds']} s; all posted in {result['post_seconds']} s)\n"
            f"POST /api/documents/       p50 {result['post_ms']['p50']} ms, "
            f"p95 {result['post_ms']['p95']} ms, p99 {result['post_ms']['p99']} ms\n"
            f"GET /api/claims/{{id}}/     p50 {result['get_claim_ms']['p50']} ms, "
            f"p95 {result['get_claim_ms']['p95']} ms, p99 {result['get_claim_ms']['p99']} ms "
            f"({result['get_claim_ms']['n']} reads)\n"
            f"states: {counts}\nerrors: {result['errors']}"
        )
        for sample in result["error_samples"]:
            print(f"  {sample}")
    return result


if __name__ == "__main__":
    sys.exit(1 if main()["errors"] else 0)
