"""From POST to verdict: one document through gunicorn, Redis and a real Celery worker.

    python bench/latency.py                  # 100 documents, one at a time
    python bench/latency.py -n 300 --pool prefork --worker-option=-O --worker-option=fair

It drops and recreates its own PostgreSQL database (fc_latency), flushes its own Redis database
(redis://127.0.0.1:6379/6, nothing else), migrates, creates an API token, loads the demo (so a
cross-check finds candidates), then starts gunicorn on the loopback and one Celery worker with
production settings (DEBUG off, a secret, no HTTPS redirect). It POSTs short realistic reports one
at a time and polls GET /api/documents/{id}/ every 10 ms until the document is cross-checked,
and reports p50/p95/p99/max of the time from POST to verdict (target: p95 under 1 s), with the
part of it the server itself spent (document created → checked). Every process it started is
stopped on exit, on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from harness import (
    ROOT,
    database_recreate,
    free_port,
    gunicorn_command,
    manage,
    redis_flush,
    wait_for,
    worker_command,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/fc_latency"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
POLL_SECONDS = 0.010
TIMEOUT_SECONDS = 30.0

# Short reports in the words the news uses; each names a metric, a place and a date.
TEMPLATES = [
    "US forces in Iraq and Syria have been attacked {n} times since Oct. 17, the Pentagon said"
    " on {weekday}.",
    "There are about {troops:,} US troops in Iraq, officials said on {weekday}.",
    "At least {small} rockets were fired at Ain al-Asad air base in Iraq on {weekday}, a US"
    " official told Reuters.",
    "{small} US service members were injured in the drone attack on Tower 22 in Jordan, US"
    " Central Command said on {weekday}.",
    "The United States has {syria} troops in Syria and {troops:,} in Iraq, AP reported on"
    " {weekday}.",
    "More than {n} attacks have targeted US troops in Iraq and Syria since mid-October, a"
    " defense official said on {weekday}.",
]


class Processes:
    """The processes this run started, each in its own process group, stopped in reverse."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict, log: Path) -> subprocess.Popen:
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        for _, process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in reversed(self.started):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.started.clear()


def http(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = Request(url, data=data, method=method)  # noqa: S310 - loopback http only
    request.add_header("Accept", "application/json")
    request.add_header("Authorization", f"Token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def answering(url: str) -> bool:
    try:
        with urlopen(url, timeout=1) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def report_text(rng: random.Random, serial: int) -> tuple[str, date]:
    published = date(2024, 1, 10) + timedelta(days=rng.randrange(40))
    days_in = (published - date(2023, 10, 17)).days
    fields = {
        "n": max(10, int(days_in * 1.6 * rng.uniform(0.9, 1.1))),
        "troops": rng.choice((2000, 2400, 2500, 2500, 2500, 2600, 3000)),
        "syria": rng.choice((800, 900, 900, 1000)),
        "small": rng.randint(2, 40),
        "weekday": published.strftime("%A"),
    }
    text = rng.choice(TEMPLATES).format(**fields)
    # A line of its own makes each report's text (and content hash) unique.
    return f"{text}\n\nReport {serial} filed {published:%d %B %Y}.", published


def post_and_wait(base: str, token: str, source: str, text: str, published: date, serial: int):
    body = {
        "url": f"https://latency.example/report/{serial}-{time.time_ns()}",
        "title": f"Report {serial}",
        "source": source,
        "published": published.isoformat(),
        "text": text,
    }
    started = time.perf_counter()
    code, created = http("POST", f"{base}/api/documents/", token, body)
    if code != 202:
        raise SystemExit(f"POST answered {code}: {created}")
    detail = f"{base}/api/documents/{created['id']}/"
    while True:
        code, document = http("GET", detail, token)
        if document.get("state") in ("checked", "failed"):
            elapsed = time.perf_counter() - started
            break
        if time.perf_counter() - started > TIMEOUT_SECONDS:
            raise SystemExit(f"document {created['id']} still {document.get('state')} after 30 s")
        time.sleep(POLL_SECONDS)
    server = parse_time(document["state_changed_at"]) - parse_time(document["created_at"])
    return elapsed, server.total_seconds(), document


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def spread(label: str, ms: list[float]) -> str:
    quantiles = "   ".join(
        f"p{round(q * 100)} {percentile(ms, q):.0f} ms" for q in (0.5, 0.95, 0.99)
    )
    return f"{label:<40} {quantiles}   max {max(ms):.0f} ms   (n={len(ms)})"


TASK_DONE = re.compile(r"Task claims\.tasks\.(\w+)\[[^\]]+\] succeeded in ([0-9.]+)s")


def task_runtimes(log: str) -> dict[str, list[float]]:
    """How long each task ran inside the worker, in ms, from the worker's own log."""
    runs: dict[str, list[float]] = {}
    for match in TASK_DONE.finditer(log):
        runs.setdefault(match[1], []).append(float(match[2]) * 1000)
    return runs


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--documents", type=int, default=100)
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--pool", default="prefork", help="The worker's pool (prefork, solo).")
    parser.add_argument(
        "--worker-option",
        action="append",
        default=[],
        help="An extra `celery worker` option, e.g. --worker-option=-O --worker-option=fair.",
    )
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep-logs", action="store_true", help="Leave the process logs.")
    args = parser.parse_args()

    logs = Path(tempfile.mkdtemp(prefix="fc-latency-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": args.database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": args.redis_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "latency-bench-" + os.urandom(24).hex(),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("FACTCHECK_WRITE_THROTTLE", None)
    processes = Processes()

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        database_recreate(args.database_url, must_say="latency")
        redis_flush(args.redis_url)
        manage(env, "migrate", "--verbosity", "0")
        token = manage(env, "create_api_token", "latency-bench").strip()
        demo = manage(env, "load_demo")
        print(demo.strip().splitlines()[-1])
        # load_demo ran every step here; the nudges it queued are stale, drop them.
        redis_flush(args.redis_url)

        gunicorn_log = logs / "gunicorn.log"
        gunicorn = processes.start(
            "gunicorn",
            gunicorn_command(port=port, workers=args.gunicorn_workers),
            env,
            gunicorn_log,
        )
        worker_log = logs / "worker.log"
        worker_args = worker_command(
            pool=args.pool,
            concurrency=1,
            log_level="INFO",
            options=("-n", f"latency-{port}@%h", *args.worker_option),
        )
        worker = processes.start("worker", worker_args, env, worker_log)
        wait_for("gunicorn", lambda: answering(f"{base}/api/"), gunicorn, gunicorn_log)
        wait_for("the worker", lambda: " ready." in worker_log.read_text(), worker, worker_log)

        _, sources = http("GET", f"{base}/api/sources/", token)
        names = [s["name"] for s in sources["results"]]
        rng = random.Random(args.seed)
        print(
            f"gunicorn ({args.gunicorn_workers} workers) on {base}; one Celery worker "
            f"({' '.join(worker_args[5:])}); {len(names)} sources; {args.documents} documents"
        )
        print(f"load average before: {load_average()} (the target assumes an idle machine)")
        totals, servers, claims, states = [], [], [], {}
        for serial in range(args.documents):
            text, published = report_text(rng, serial)
            elapsed, server, document = post_and_wait(
                base, token, rng.choice(names), text, published, serial
            )
            totals.append(elapsed)
            servers.append(server)
            claims.append(document.get("claim_count") or len(document.get("claims", [])))
            states[document["state"]] = states.get(document["state"], 0) + 1

        ms = [t * 1000 for t in totals]
        print(f"states: {states}; claims per document: {statistics.mean(claims):.1f}")
        print(spread("POST → verdict", ms))
        print(spread("server: document created → checked", [s * 1000 for s in servers]))
        for task, runs in task_runtimes(worker_log.read_text()).items():
            print(spread(f"worker: {task} ran", runs))
        print(f"load average after: {load_average()}")
        p95 = percentile(ms, 0.95)
        ok = p95 < 1000 and states.get("checked") == args.documents
        print(f"{'PASS' if ok else 'FAIL'}  p95 {p95:.0f} ms < 1000 ms, every document checked")
        return 0 if ok else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        processes.stop_all()
        if args.keep_logs:
            print(f"logs in {logs}")
        else:
            shutil.rmtree(logs, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
